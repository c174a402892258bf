import { scryptAsync } from '@noble/hashes/scrypt.js';
import { bytesToHex, hexToBytes, randomBytes } from '@noble/hashes/utils.js';

/**
 * scrypt is memory-hard and, in this pure-JS form, runs the same in Node and
 * in Workers. Parameters travel with each hash so they can be raised later.
 * N = 2^15, r = 8 costs 32 MiB and about 150 ms per hash.
 */
const defaults = { N: 2 ** 15, r: 8, p: 1, dkLen: 32 };

/** `cost` lowers N for fixtures that hash many throwaway passwords; users always get the default. */
export async function hashPassword(password: string, cost: { N?: number } = {}): Promise<string> {
	const params = { ...defaults, ...cost };
	const salt = randomBytes(16);
	const key = await scryptAsync(password.normalize('NFKC'), salt, { ...params, asyncTick: 10 });
	return `scrypt$${params.N}$${params.r}$${params.p}$${bytesToHex(salt)}$${bytesToHex(key)}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
	const [scheme, n, r, p, salt, expected] = stored.split('$');
	if (scheme !== 'scrypt' || !n || !r || !p || !salt || !expected) return false;
	const key = await scryptAsync(password.normalize('NFKC'), hexToBytes(salt), {
		N: Number(n),
		r: Number(r),
		p: Number(p),
		dkLen: expected.length / 2,
		asyncTick: 10
	});
	return timingSafeEqual(key, hexToBytes(expected));
}

function timingSafeEqual(a: Uint8Array, b: Uint8Array): boolean {
	if (a.length !== b.length) return false;
	let diff = 0;
	for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
	return diff === 0;
}

/** A hash of a random password: compared against when the email is unknown, so timing reveals nothing. */
let decoy: Promise<string> | undefined;
export function decoyHash(): Promise<string> {
	decoy ??= hashPassword(bytesToHex(randomBytes(16)));
	return decoy;
}
