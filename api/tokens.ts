import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, randomBytes } from '@noble/hashes/utils.js';

/** A random token of `bytes` bytes (default 32, i.e. 256 bits), base64url without padding. */
export function createToken(bytes = 32): string {
	return base64Url(randomBytes(bytes));
}

/** Tokens are stored only as this hash. */
export function hashToken(token: string): string {
	return bytesToHex(sha256(new TextEncoder().encode(token)));
}

function base64Url(bytes: Uint8Array): string {
	let binary = '';
	for (const byte of bytes) binary += String.fromCharCode(byte);
	return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function newId(): string {
	return crypto.randomUUID();
}
