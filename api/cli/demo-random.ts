/**
 * The demo's seeded random numbers (mulberry32), so `npm run demo` builds the
 * same organisation every time from the same seed.
 */
export function createRandom(seed: number) {
	let state = seed >>> 0;
	const next = () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
	const hex = (length: number) =>
		Array.from({ length }, () => Math.floor(next() * 16).toString(16)).join('');
	return {
		next,
		int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
		/** A real number in [min, max). */
		between: (min: number, max: number) => min + next() * (max - min),
		pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!,
		chance: (p: number) => next() < p,
		/** Roughly normal (Irwin–Hall of 4), mean 0, standard deviation 1. */
		normal: () => (next() + next() + next() + next() - 2) * Math.sqrt(3),
		/** A deterministic UUID-shaped id. */
		id: () => {
			const digits = hex(32);
			return `${digits.slice(0, 8)}-${digits.slice(8, 12)}-4${digits.slice(13, 16)}-a${digits.slice(17, 20)}-${digits.slice(20, 32)}`;
		},
		hex
	};
}

export type Random = ReturnType<typeof createRandom>;
