/**
 * The suggestion-to-action report's figures (DESIGN.md flows 6–7), in one
 * place so the API, its CSV and the console agree. Pure: counts come in from
 * the store's grouped queries, figures go out at full precision (round only
 * when displaying). Shares are percentages (0–100), null when n = 0.
 *
 * What is counted, per suggestion row received in the period (a merged
 * duplicate is a row too: each is one customer's voice):
 * - linked: an action answers it, linked to it or to the suggestion it is merged into;
 * - done: one of those actions is done;
 * - declined: linked, and every action linked is declined (a "no", not "not yet");
 * - days to done: from the suggestion's arrival to its first done action, never below 0
 *   (a duplicate merged in after its action was done waited no time).
 * Each figure is "as of now" for the suggestions that arrived in the period.
 */
import { nextPeriod, periodLabel, periodsBetween, type ReportGranularity } from './report-periods';

const dayMs = 86_400_000;

/** How many suggestion rows of a group arrived, and where they stand now. */
export type ConversionCounts = {
	received: number;
	/** Of `received`, rows merged into another suggestion. */
	duplicates: number;
	linked: number;
	done: number;
	declined: number;
};

export const noCounts: ConversionCounts = {
	received: 0,
	duplicates: 0,
	linked: 0,
	done: 0,
	declined: 0
};

/** A count, its share of `n`, and `n`. */
export type ShareFigure = { count: number; share: number | null; n: number };

export type ConversionFigures = {
	received: number;
	duplicates: number;
	linked: ShareFigure;
	done: ShareFigure;
	declined: ShareFigure;
	/** The median days from received to done, over the `n` done ones; null when none is done. */
	daysToDone: { median: number | null; n: number };
};

/** `count` as a percentage of `n`; null when n = 0. */
export function shareOf(count: number, n: number): number | null {
	if (!Number.isFinite(count) || !Number.isFinite(n) || count < 0 || n < 0 || count > n)
		throw new RangeError(`A share needs 0 ≤ count ≤ n; got ${count} of ${n}.`);
	return n > 0 ? (count / n) * 100 : null;
}

/**
 * The median of values sorted ascending: the middle one, or the mean of the
 * two middle ones; null for none. Also right when given only the middle one
 * or two values of a longer sorted list (what the store's query returns).
 */
export function median(sorted: readonly number[]): number | null {
	const n = sorted.length;
	if (n === 0) return null;
	for (let i = 1; i < n; i++)
		if (sorted[i]! < sorted[i - 1]!)
			throw new RangeError('median() needs values sorted ascending.');
	const middle = Math.floor(n / 2);
	return n % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Days from `received` to `done`, fractional; 0 when done came first. */
export function daysToDone(received: Date, done: Date): number {
	return Math.max(0, done.getTime() - received.getTime()) / dayMs;
}

export function addCounts(a: ConversionCounts, b: ConversionCounts): ConversionCounts {
	return {
		received: a.received + b.received,
		duplicates: a.duplicates + b.duplicates,
		linked: a.linked + b.linked,
		done: a.done + b.done,
		declined: a.declined + b.declined
	};
}

/** The figures of a group from its counts and the median its store query found. */
export function conversionFigures(
	counts: ConversionCounts,
	medianDaysToDone: number | null
): ConversionFigures {
	const { received, duplicates, linked, done, declined } = counts;
	if (linked > received || done + declined > linked || duplicates > received)
		throw new RangeError('Counts out of order: done and declined are linked, linked are received.');
	if ((done === 0) !== (medianDaysToDone === null))
		throw new RangeError('A median of days to done needs done suggestions, and they need one.');
	const figure = (count: number): ShareFigure => ({
		count,
		share: shareOf(count, received),
		n: received
	});
	return {
		received,
		duplicates,
		linked: figure(linked),
		done: figure(done),
		declined: figure(declined),
		daysToDone: { median: medianDaysToDone, n: done }
	};
}

export type PeriodCounts = {
	/** `YYYY-MM-DD`: the Monday of a week or the 1st of a month (UTC). */
	start: string;
	/** "2026-W09" or "2026-03". */
	label: string;
	/** Whether the report's days cover only part of the period. */
	partial: boolean;
	received: number;
	linked: number;
	done: number;
};

/**
 * Every period overlapping the days `from`…`to` (inclusive, UTC), oldest
 * first, with the counts of the suggestions received in it; periods with
 * none are there with zeros, so a chart shows the gaps. `counts` are keyed
 * by period start (`YYYY-MM-DD`).
 */
export function periodSeries(
	granularity: ReportGranularity,
	from: string,
	to: string,
	counts: ReadonlyMap<string, Pick<ConversionCounts, 'received' | 'linked' | 'done'>>
): PeriodCounts[] {
	const start = dayStart(from);
	const end = new Date(dayStart(to).getTime() + dayMs);
	const series = periodsBetween(granularity, start, end).map((periodStart) => {
		const key = periodStart.toISOString().slice(0, 10);
		const row = counts.get(key);
		return {
			start: key,
			label: periodLabel(granularity, periodStart),
			partial: periodStart < start || nextPeriod(granularity, periodStart) > end,
			received: row?.received ?? 0,
			linked: row?.linked ?? 0,
			done: row?.done ?? 0
		};
	});
	const known = new Set(series.map((period) => period.start));
	for (const key of counts.keys())
		if (!known.has(key)) throw new RangeError(`Counts for ${key}, outside ${from}…${to}.`);
	return series;
}

/** The periods a span of days would show, to refuse spans too long to read. */
export function periodCount(granularity: ReportGranularity, from: string, to: string): number {
	return periodsBetween(granularity, dayStart(from), new Date(dayStart(to).getTime() + dayMs))
		.length;
}

/**
 * "The last N months": N calendar months counting the current one, from the
 * 1st of the earliest to `today` (the Satisfaction report's default, 12, reads
 * the same way). Days are `YYYY-MM-DD`, UTC.
 */
export function lastMonths(months: number, today: Date): { from: string; to: string } {
	if (!Number.isInteger(months) || months < 1)
		throw new RangeError(`Months must be a whole number ≥ 1; got ${months}.`);
	const first = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() - (months - 1), 1));
	return { from: toDay(first), to: toDay(today) };
}

/** `YYYY-MM-DD` → its first instant, UTC. */
export function dayStart(day: string): Date {
	const at = new Date(`${day}T00:00:00.000Z`);
	if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || Number.isNaN(at.getTime()) || toDay(at) !== day)
		throw new RangeError(`Not a calendar day: ${day}.`);
	return at;
}

/** The instant just after the day `day` ends: the report's exclusive upper bound. */
export function dayEnd(day: string): Date {
	return new Date(dayStart(day).getTime() + dayMs);
}

export function toDay(at: Date): string {
	return at.toISOString().slice(0, 10);
}
