import { describe, expect, it } from 'vitest';
import { createAdjustableClock, createFixedClock, type Clock } from '../../api/clock';

describe('the injected clock', () => {
	it('a fixed clock stands still until moved, then moves by exactly what it is told', () => {
		const clock = createFixedClock(new Date('2026-01-01T00:00:00Z'));
		expect(clock.now().toISOString()).toBe('2026-01-01T00:00:00.000Z');
		clock.advance(90 * 60_000);
		expect(clock.now().toISOString()).toBe('2026-01-01T01:30:00.000Z');
		clock.set(new Date('2026-06-01T12:00:00Z'));
		expect(clock.now().toISOString()).toBe('2026-06-01T12:00:00.000Z');
	});

	it('an adjustable clock keeps running with its base after being moved', () => {
		let base = 1_000_000;
		const baseClock: Clock = { now: () => new Date(base) };
		const clock = createAdjustableClock(undefined, baseClock);
		clock.advance(60_000);
		expect(clock.now().getTime()).toBe(1_060_000);
		base += 5_000;
		expect(clock.now().getTime()).toBe(1_065_000);
		expect(clock.offsetMs()).toBe(60_000);
	});
});
