/**
 * Report periods: weeks (Monday 00:00 UTC) and calendar months (the 1st,
 * 00:00 UTC). Reports bucket by UTC so every host and reader agrees on which
 * period an answer belongs to.
 */
export const reportGranularities = ['week', 'month'] as const;
export type ReportGranularity = (typeof reportGranularities)[number];

const dayMs = 86_400_000;

/** The start of the period `at` falls in. */
export function periodStart(granularity: ReportGranularity, at: Date): Date {
	if (granularity === 'month') return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), 1));
	const day = Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate());
	const weekday = (new Date(day).getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
	return new Date(day - weekday * dayMs);
}

/** The start of the period after the one starting at `start`. */
export function nextPeriod(granularity: ReportGranularity, start: Date): Date {
	if (granularity === 'month')
		return new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1));
	return new Date(start.getTime() + 7 * dayMs);
}

/** The starts of every period overlapping [from, to), oldest first. */
export function periodsBetween(granularity: ReportGranularity, from: Date, to: Date): Date[] {
	const starts: Date[] = [];
	for (let at = periodStart(granularity, from); at < to; at = nextPeriod(granularity, at))
		starts.push(at);
	return starts;
}

/** A period's label: "2026-W09" or "2026-03". */
export function periodLabel(granularity: ReportGranularity, start: Date): string {
	if (granularity === 'month')
		return `${start.getUTCFullYear()}-${String(start.getUTCMonth() + 1).padStart(2, '0')}`;
	// ISO week number: the week's Thursday decides the year.
	const thursday = new Date(start.getTime() + 3 * dayMs);
	const yearStart = Date.UTC(thursday.getUTCFullYear(), 0, 1);
	const week = Math.floor((thursday.getTime() - yearStart) / dayMs / 7) + 1;
	return `${thursday.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}
