/**
 * The retention report's figures (DESIGN.md "Domain rules worth stating
 * exactly"), pure: the store hands over counts of account spells (each time an
 * account was a customer, `account_spells`), this turns them into figures.
 * Rates are percentages at full precision, null when no account was a
 * customer at the start; round only when displaying.
 *
 * For a period [s, e):
 * - at start: spells won before s and not lost before s (lost_at ≥ s or never);
 * - won: spells won in [s, e); lost: spells lost in [s, e);
 * - at end: spells won before e and not lost before e. Since a spell is never
 *   lost before it was won, at end = at start + won − lost exactly, which is
 *   how the report derives it (one count at the first start, then won and lost
 *   per period).
 * - retention = (at end − won) ÷ at start; net growth = (won − lost) ÷ at start;
 *   each with n = at start.
 *
 * An account won and lost within one period counts in both, so it lowers
 * retention (that is what the formula does: it is lost, and not among those at
 * the start); an account lost and won back within one period does too (its
 * win back is a new win). Segments (owner, tier) are the account's current ones.
 */
import { nextPeriod, periodLabel, periodsBetween, type ReportGranularity } from './report-periods';

/** Spell counts of one segment over one span. */
export type RetentionCounts = { start: number; won: number; lost: number };

export const noRetentionCounts: RetentionCounts = { start: 0, won: 0, lost: 0 };

/** A rate in percent and its n (accounts at start); null, with a reason, when n = 0. */
export type RetentionRate = { value: number | null; n: number; note: string | null };

export type RetentionFigures = {
	start: number;
	won: number;
	lost: number;
	end: number;
	retention: RetentionRate;
	netGrowth: RetentionRate;
};

export const noAccountsAtStart = 'No accounts at the start, so no rate.';

export function addRetentionCounts(a: RetentionCounts, b: RetentionCounts): RetentionCounts {
	return { start: a.start + b.start, won: a.won + b.won, lost: a.lost + b.lost };
}

function rate(numerator: number, start: number): RetentionRate {
	return start > 0
		? { value: (numerator / start) * 100, n: start, note: null }
		: { value: null, n: 0, note: noAccountsAtStart };
}

/** The figures of DESIGN.md from counts. */
export function retentionFigures(counts: RetentionCounts): RetentionFigures {
	const { start, won, lost } = counts;
	for (const [name, value] of Object.entries(counts))
		if (!Number.isInteger(value) || value < 0)
			throw new RangeError(`Retention counts are whole and ≥ 0; got ${name} = ${value}.`);
	const end = start + won - lost;
	if (end < 0)
		throw new RangeError(`More lost (${lost}) than at the start and won (${start + won}).`);
	return {
		start,
		won,
		lost,
		end,
		retention: rate(end - won, start),
		netGrowth: rate(won - lost, start)
	};
}

export type RetentionPeriod = RetentionFigures & {
	/** The period's first day, `YYYY-MM-DD` (UTC): its key. */
	period: string;
	label: string;
	/** The span counted: the period cut to the report's days. */
	from: Date;
	to: Date;
	/** The period reaches outside the report's days, so it is counted over part of it. */
	partial: boolean;
};

/**
 * Every period overlapping [from, to), oldest first, each cut to [from, to):
 * the first period's start count is `atFrom`, each next one starts with the
 * one before's end. `changes` are won and lost per period (keyed by period
 * start, `YYYY-MM-DD`); periods without any are there with zeros.
 */
export function retentionSeries(
	granularity: ReportGranularity,
	from: Date,
	to: Date,
	atFrom: number,
	changes: ReadonlyMap<string, { won: number; lost: number }>
): RetentionPeriod[] {
	let start = atFrom;
	const series = periodsBetween(granularity, from, to).map((periodStart) => {
		const key = periodStart.toISOString().slice(0, 10);
		const periodEnd = nextPeriod(granularity, periodStart);
		const change = changes.get(key) ?? { won: 0, lost: 0 };
		const figures = retentionFigures({ start, won: change.won, lost: change.lost });
		start = figures.end;
		return {
			...figures,
			period: key,
			label: periodLabel(granularity, periodStart),
			from: periodStart < from ? from : periodStart,
			to: periodEnd > to ? to : periodEnd,
			partial: periodStart < from || periodEnd > to
		};
	});
	const known = new Set(series.map((period) => period.period));
	for (const key of changes.keys())
		if (!known.has(key)) throw new RangeError(`Wins or losses in ${key}, outside the period.`);
	return series;
}
