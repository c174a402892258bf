import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { periodStart } from '../../../api/domain/report-periods';
import {
	conversionFigures,
	dayEnd,
	dayStart,
	daysToDone,
	lastMonths,
	median,
	periodCount,
	periodSeries,
	shareOf
} from '../../../api/domain/suggestion-conversion';

describe('median', () => {
	it('is the middle value, or the mean of the two middle ones', () => {
		expect(median([])).toBeNull();
		expect(median([4])).toBe(4);
		expect(median([1, 3])).toBe(2);
		expect(median([1, 2, 10])).toBe(2);
		expect(median([1, 2, 3, 100])).toBe(2.5);
		expect(() => median([2, 1])).toThrow(RangeError);
	});

	it('of a sorted list equals the median of its middle one or two values (what the store returns)', () => {
		fc.assert(
			fc.property(
				fc.array(fc.double({ min: 0, max: 400, noNaN: true }), { minLength: 1 }),
				(values) => {
					const sorted = [...values].sort((a, b) => a - b);
					const n = sorted.length;
					// The ranks the store's window query keeps: (n + 1) / 2 and (n + 2) / 2, 1-based, integer division.
					const ranks = new Set([Math.floor((n + 1) / 2), Math.floor((n + 2) / 2)]);
					const middle = sorted.filter((_, index) => ranks.has(index + 1));
					expect(median(middle)).toBe(median(sorted));
					// Half the values are at most the median, half at least.
					const m = median(sorted)!;
					expect(sorted.filter((v) => v <= m).length).toBeGreaterThanOrEqual(n / 2);
					expect(sorted.filter((v) => v >= m).length).toBeGreaterThanOrEqual(n / 2);
				}
			)
		);
	});
});

describe('shares and figures', () => {
	it('gives percentages of n, null when n = 0, and refuses impossible counts', () => {
		expect(shareOf(7, 8)).toBe(87.5);
		expect(shareOf(0, 0)).toBeNull();
		expect(shareOf(0, 3)).toBe(0);
		expect(() => shareOf(4, 3)).toThrow(RangeError);
		expect(() => shareOf(-1, 3)).toThrow(RangeError);
	});

	it('puts each count beside its share and n; the median’s n is the done ones', () => {
		expect(
			conversionFigures({ received: 8, duplicates: 1, linked: 7, done: 4, declined: 1 }, 29.6)
		).toEqual({
			received: 8,
			duplicates: 1,
			linked: { count: 7, share: 87.5, n: 8 },
			done: { count: 4, share: 50, n: 8 },
			declined: { count: 1, share: 12.5, n: 8 },
			daysToDone: { median: 29.6, n: 4 }
		});
		expect(
			conversionFigures({ received: 0, duplicates: 0, linked: 0, done: 0, declined: 0 }, null)
				.linked
		).toEqual({ count: 0, share: null, n: 0 });
		expect(() =>
			conversionFigures({ received: 2, duplicates: 0, linked: 1, done: 1, declined: 1 }, 3)
		).toThrow(RangeError);
		expect(() =>
			conversionFigures({ received: 2, duplicates: 0, linked: 1, done: 1, declined: 0 }, null)
		).toThrow(RangeError);
	});

	it('counts days to done in fractions of a day, never below zero', () => {
		expect(daysToDone(new Date('2026-01-05T09:00Z'), new Date('2026-02-04T12:00Z'))).toBe(30.125);
		expect(daysToDone(new Date('2026-02-05T00:00Z'), new Date('2026-02-04T12:00Z'))).toBe(0);
	});
});

describe('periods', () => {
	it('lists every week or month overlapping the days, zeros included, and marks the partial ones', () => {
		const counts = new Map([['2026-01-05', { received: 3, linked: 2, done: 1 }]]);
		expect(periodSeries('week', '2026-01-01', '2026-01-18', counts)).toEqual([
			{ start: '2025-12-29', label: '2026-W01', partial: true, received: 0, linked: 0, done: 0 },
			{ start: '2026-01-05', label: '2026-W02', partial: false, received: 3, linked: 2, done: 1 },
			{ start: '2026-01-12', label: '2026-W03', partial: false, received: 0, linked: 0, done: 0 }
		]);
		expect(
			periodSeries('month', '2026-01-01', '2026-02-27', new Map()).map((p) => [p.label, p.partial])
		).toEqual([
			['2026-01', false],
			['2026-02', true]
		]);
		expect(() =>
			periodSeries(
				'month',
				'2026-01-01',
				'2026-01-31',
				new Map([['2026-02-01', counts.get('2026-01-05')!]])
			)
		).toThrow(RangeError);
		expect(periodCount('week', '2026-01-05', '2026-01-11')).toBe(1);
		expect(periodCount('month', '2025-04-01', '2026-03-02')).toBe(12);
	});

	it('puts every day of the span in exactly one period', () => {
		fc.assert(
			fc.property(
				fc.date({ min: new Date('2000-01-01'), max: new Date('2040-12-31'), noInvalidDate: true }),
				fc.integer({ min: 0, max: 400 }),
				fc.constantFrom('week' as const, 'month' as const),
				(start, length, granularity) => {
					const from = start.toISOString().slice(0, 10);
					const to = new Date(dayStart(from).getTime() + length * 86_400_000)
						.toISOString()
						.slice(0, 10);
					const starts = periodSeries(granularity, from, to, new Map()).map((p) => p.start);
					for (let at = dayStart(from); at < dayEnd(to); at = new Date(at.getTime() + 86_400_000)) {
						const key = periodStart(granularity, at).toISOString().slice(0, 10);
						expect(starts).toContain(key);
					}
					expect(new Set(starts).size).toBe(starts.length);
				}
			),
			{ numRuns: 200 }
		);
	});

	it('reads "the last N months" as N calendar months counting the current one', () => {
		const today = new Date('2026-03-02T09:00:00Z');
		expect(lastMonths(3, today)).toEqual({ from: '2026-01-01', to: '2026-03-02' });
		expect(lastMonths(12, today)).toEqual({ from: '2025-04-01', to: '2026-03-02' });
		expect(lastMonths(1, new Date('2026-01-31T23:59:59Z'))).toEqual({
			from: '2026-01-01',
			to: '2026-01-31'
		});
		expect(() => lastMonths(0, today)).toThrow(RangeError);
	});

	it('refuses days that are not on the calendar', () => {
		expect(dayStart('2024-02-29').toISOString()).toBe('2024-02-29T00:00:00.000Z');
		expect(() => dayStart('2026-02-29')).toThrow(RangeError);
		expect(() => dayStart('2026-1-05')).toThrow(RangeError);
		expect(dayEnd('2026-02-28').toISOString()).toBe('2026-03-01T00:00:00.000Z');
	});
});
