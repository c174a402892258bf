/** The spans a survey's figures can be read over; `all` has no previous span to compare with. */
export const summaryPeriods = ['30d', '90d', '365d', 'all'] as const;
export type SummaryPeriod = (typeof summaryPeriods)[number];

const dayMs = 24 * 60 * 60 * 1000;
const periodDays: Record<Exclude<SummaryPeriod, 'all'>, number> = {
	'30d': 30,
	'90d': 90,
	'365d': 365
};

/** A half-open span [from, to); a null end is open (since the beginning, or up to now and on). */
export type Span = { from: Date | null; to: Date | null };

/**
 * The span that ends now and the equal span just before it, so "this quarter
 * against the last" compares like with like. The current span has no upper
 * bound: nothing is recorded after now, and an answer stamped exactly now counts.
 */
export function periodSpans(
	period: SummaryPeriod,
	now: Date
): { current: Span; previous: Span | null } {
	if (period === 'all') return { current: { from: null, to: null }, previous: null };
	const length = periodDays[period] * dayMs;
	const from = new Date(now.getTime() - length);
	return {
		current: { from, to: null },
		previous: { from: new Date(from.getTime() - length), to: from }
	};
}
