import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { randomBytes } from '@noble/hashes/utils.js';

/**
 * Standard Webhooks signing (https://www.standardwebhooks.com): the secret is
 * `whsec_` and 32 random bytes in base64; the signature is `v1,` and the
 * base64 HMAC-SHA256 of `{webhook-id}.{webhook-timestamp}.{body}` under the
 * decoded secret. Pure JavaScript, so it runs the same on Node and Workers.
 */
export function createWebhookSecret(): string {
	return `whsec_${encodeBase64(randomBytes(32))}`;
}

export function signWebhook(secret: string, id: string, timestamp: number, body: string): string {
	const key = decodeBase64(secret.startsWith('whsec_') ? secret.slice('whsec_'.length) : secret);
	const content = new TextEncoder().encode(`${id}.${timestamp}.${body}`);
	return `v1,${encodeBase64(hmac(sha256, key, content))}`;
}

/**
 * The three headers of a delivery. Several secrets (the current one and,
 * during a rotation, the previous one) give space-separated signatures, any
 * of which a receiver may check.
 */
export function webhookHeaders(input: {
	id: string;
	timestamp: number;
	body: string;
	secrets: string[];
}): Record<string, string> {
	return {
		'webhook-id': input.id,
		'webhook-timestamp': String(input.timestamp),
		'webhook-signature': input.secrets
			.map((secret) => signWebhook(secret, input.id, input.timestamp, input.body))
			.join(' ')
	};
}

/** What the console shows of a secret after it was first shown: its kind and last four characters. */
export function maskSecret(secret: string): string {
	return `whsec_…${secret.slice(-4)}`;
}

function encodeBase64(bytes: Uint8Array): string {
	let binary = '';
	for (const byte of bytes) binary += String.fromCharCode(byte);
	return btoa(binary);
}

function decodeBase64(value: string): Uint8Array {
	const binary = atob(value);
	const bytes = new Uint8Array(binary.length);
	for (let index = 0; index < binary.length; index++) bytes[index] = binary.charCodeAt(index);
	return bytes;
}
