import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';

/** How far a delivery's timestamp may be from our clock before it counts as stale (or forged ahead). */
export const signatureToleranceMs = 5 * 60_000;

export type SvixHeaders = {
	id: string | undefined;
	timestamp: string | undefined;
	signature: string | undefined;
};

export type SignatureCheck = { ok: true } | { ok: false; reason: string };

/**
 * Checks a Svix-signed delivery (Resend's webhooks): the signed content is
 * `${id}.${timestamp}.${rawBody}`, HMAC-SHA256 with the base64 key after
 * `whsec_`, compared in constant time with every `v1,<base64>` entry (several
 * during a key rotation). The timestamp (Unix seconds) must lie within five
 * minutes of `now`, so a captured delivery cannot be replayed later.
 */
export function verifySvixSignature(input: {
	secret: string;
	headers: SvixHeaders;
	body: string;
	now: Date;
}): SignatureCheck {
	const { id, timestamp, signature } = input.headers;
	if (!id || !timestamp || !signature)
		return {
			ok: false,
			reason: 'The svix-id, svix-timestamp and svix-signature headers are required.'
		};
	if (id.length > 200) return { ok: false, reason: 'The svix-id header is too long.' };
	if (!/^\d{1,12}$/.test(timestamp))
		return { ok: false, reason: 'The svix-timestamp header is not a Unix time.' };
	if (Math.abs(input.now.getTime() - Number(timestamp) * 1000) > signatureToleranceMs) {
		return {
			ok: false,
			reason: 'The delivery’s timestamp is more than five minutes from our clock.'
		};
	}
	const key = decodeBase64(
		input.secret.startsWith('whsec_') ? input.secret.slice('whsec_'.length) : input.secret
	);
	if (!key) return { ok: false, reason: 'The webhook secret is not valid base64.' };
	const expected = hmac(sha256, key, new TextEncoder().encode(`${id}.${timestamp}.${input.body}`));
	for (const entry of signature.split(' ')) {
		const [version, value] = entry.split(',', 2);
		if (version !== 'v1' || !value) continue;
		const given = decodeBase64(value);
		if (given && equalInConstantTime(given, expected)) return { ok: true };
	}
	return { ok: false, reason: 'The signature does not match.' };
}

/** The `v1,<base64>` signature for `content`, as Svix computes it (used by tests and local tools). */
export function signSvix(secret: string, id: string, timestamp: number, body: string): string {
	const key = decodeBase64(secret.startsWith('whsec_') ? secret.slice('whsec_'.length) : secret);
	if (!key) throw new Error('The webhook secret is not valid base64.');
	return `v1,${encodeBase64(hmac(sha256, key, new TextEncoder().encode(`${id}.${timestamp}.${body}`)))}`;
}

function equalInConstantTime(a: Uint8Array, b: Uint8Array): boolean {
	if (a.length !== b.length) return false;
	let difference = 0;
	for (let index = 0; index < a.length; index++) difference |= a[index]! ^ b[index]!;
	return difference === 0;
}

function decodeBase64(value: string): Uint8Array | null {
	try {
		const binary = atob(value);
		const bytes = new Uint8Array(binary.length);
		for (let index = 0; index < binary.length; index++) bytes[index] = binary.charCodeAt(index);
		return bytes;
	} catch {
		return null;
	}
}

function encodeBase64(bytes: Uint8Array): string {
	let binary = '';
	for (const byte of bytes) binary += String.fromCharCode(byte);
	return btoa(binary);
}
