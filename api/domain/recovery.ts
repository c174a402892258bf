/**
 * The recovery report's figures (DESIGN.md flows 4 and 7), in one place so
 * the API, its CSV and the console agree. Pure: rows come in from the store,
 * figures go out at full precision (round only when displaying). Shares are
 * percentages (0–100), null when n = 0.
 *
 * The unit is a case resolved in the period, counted once per period at its
 * latest resolution there. What became of that resolution, as of now:
 * - `confirmed`: the customer answered "Yes, it's solved" (and has not since said no);
 * - `not_solved`: the customer answered "No, still a problem", which reopened it
 *   (also after it was closed, within the reopen window);
 * - no answer: `auto_closed` (the tick closed it after N days without an answer),
 *   `staff_closed`, `staff_reopened` (staff reopened it first), or `waiting`
 *   (still resolved, the customer's answer outstanding).
 * Only the customer's answers until the case's next resolution count.
 */
import { median, shareOf, type ShareFigure } from './suggestion-conversion';
import { nextPeriod, periodLabel, periodsBetween, type ReportGranularity } from './report-periods';

export { median, shareOf, type ShareFigure };

export const recoveryOutcomes = [
	'confirmed',
	'not_solved',
	'auto_closed',
	'staff_closed',
	'staff_reopened',
	'waiting'
] as const;
export type RecoveryOutcome = (typeof recoveryOutcomes)[number];

/** The events after a resolution that decide its outcome (the store reads them from the timeline). */
export type ResolutionAftermath = {
	/** The customer's latest recovery answer before the case's next resolution, if any. */
	latestVerdict: 'customer_confirms' | 'customer_rejects' | null;
	/** The first state change after the resolution, if any: its workflow event and who caused it. */
	firstChange: { event: string; actor: 'staff' | 'customer' | 'system' } | null;
};

/** What became of a resolution (see the module's comment). */
export function recoveryOutcome(aftermath: ResolutionAftermath): RecoveryOutcome {
	if (aftermath.latestVerdict === 'customer_confirms') return 'confirmed';
	if (aftermath.latestVerdict === 'customer_rejects') return 'not_solved';
	const change = aftermath.firstChange;
	if (!change) return 'waiting';
	if (change.event === 'close') return change.actor === 'system' ? 'auto_closed' : 'staff_closed';
	if (change.event === 'reopen') return 'staff_reopened';
	// A confirmation or rejection is always the latest verdict, so nothing else changes a resolved case.
	throw new RangeError(`A resolved case cannot change by ${change.event}.`);
}

/** How a complainant's next score compares with their previous one, on the same survey. */
export type ScoreChange = 'rose' | 'same' | 'fell';

/** `before`: their latest answer before the case opened; `after`: their first after it was resolved. Null without both. */
export function scoreChange(before: number | null, after: number | null): ScoreChange | null {
	if (before === null || after === null) return null;
	return after > before ? 'rose' : after < before ? 'fell' : 'same';
}

/** One resolved case as the report counts it. */
export type ResolvedCase = {
	/** `YYYY-MM-DD`: the start of the week or month of the resolution counted. */
	periodStart: string;
	categoryId: string | null;
	outcome: RecoveryOutcome;
	/** Milliseconds from the case's opening to the resolution counted. */
	msToResolve: number;
	/** Null for a case without a contact, or a contact without answers to the same survey on both sides. */
	scoreChange: ScoreChange | null;
};

export type RecoveryTally = {
	resolved: number;
	outcomes: Record<RecoveryOutcome, number>;
	/** Hours to resolve, in no order. */
	hours: number[];
	scores: Record<ScoreChange, number>;
};

export function newTally(): RecoveryTally {
	return {
		resolved: 0,
		outcomes: {
			confirmed: 0,
			not_solved: 0,
			auto_closed: 0,
			staff_closed: 0,
			staff_reopened: 0,
			waiting: 0
		},
		hours: [],
		scores: { rose: 0, same: 0, fell: 0 }
	};
}

export function addCase(tally: RecoveryTally, row: ResolvedCase): void {
	tally.resolved += 1;
	tally.outcomes[row.outcome] += 1;
	tally.hours.push(Math.max(0, row.msToResolve) / 3_600_000);
	if (row.scoreChange) tally.scores[row.scoreChange] += 1;
}

export type RecoveryFigures = {
	/** Cases resolved in the period (each once, at its latest resolution there). */
	resolved: number;
	/** Of `resolved`: the customer said it is solved. */
	confirmed: ShareFigure;
	/** Of `resolved`: the customer said it is not, and it reopened. */
	notSolved: ShareFigure;
	/** Of `resolved`: no answer from the customer, and why the case moved on without one. */
	noAnswer: ShareFigure & {
		closedAutomatically: number;
		closedByStaff: number;
		reopenedByStaff: number;
		waiting: number;
	};
	/** The median hours from the case's opening to the resolution counted, over all `resolved`. */
	hoursToResolve: { median: number | null; n: number };
	/**
	 * Cases whose contact answered the same survey before the case opened and after it was
	 * resolved: how their next score compares; n = those cases.
	 */
	score: { rose: ShareFigure; same: ShareFigure; fell: ShareFigure; n: number };
};

export function recoveryFigures(tally: RecoveryTally): RecoveryFigures {
	const { resolved, outcomes, scores } = tally;
	const of = (count: number, n: number): ShareFigure => ({ count, share: shareOf(count, n), n });
	const noAnswer =
		outcomes.auto_closed + outcomes.staff_closed + outcomes.staff_reopened + outcomes.waiting;
	const compared = scores.rose + scores.same + scores.fell;
	return {
		resolved,
		confirmed: of(outcomes.confirmed, resolved),
		notSolved: of(outcomes.not_solved, resolved),
		noAnswer: {
			...of(noAnswer, resolved),
			closedAutomatically: outcomes.auto_closed,
			closedByStaff: outcomes.staff_closed,
			reopenedByStaff: outcomes.staff_reopened,
			waiting: outcomes.waiting
		},
		hoursToResolve: {
			median: median([...tally.hours].sort((a, b) => a - b)),
			n: tally.hours.length
		},
		score: {
			rose: of(scores.rose, compared),
			same: of(scores.same, compared),
			fell: of(scores.fell, compared),
			n: compared
		}
	};
}

/** A customer relationship: won at `wonAt`, lost at `lostAt` (null: still a customer). */
export type Spell = { wonAt: number; lostAt: number | null };

/** "A customer at instant t": a spell won before t and not lost before t. */
export function customerAt(spells: readonly Spell[], t: number): boolean {
	return spells.some((spell) => spell.wonAt < t && (spell.lostAt === null || spell.lostAt >= t));
}

/** What the retention comparison needs of an account. */
export type AccountHistory = {
	spells: Spell[];
	/** When its first case (any, ever) was opened; null when it never complained. */
	firstCaseAt: number | null;
	/** When its cases matching the report's case filters were opened, within the report's span. */
	complaintsAt: number[];
};

/** A group's start count (n) and how many of them are still customers at the end. */
export type RetentionFigure = { n: number; retained: number; share: number | null };

export type RetentionComparison = {
	/** Customers at the start with a case (matching the filters) opened in [start, end). */
	complainants: RetentionFigure;
	/** Customers at the start with no case at all opened before the end. */
	neverComplained: RetentionFigure;
};

/**
 * Retention of complainants next to customers who never complained, over
 * [start, end): of the accounts that were customers at `start`, those with a
 * case opened in the span and those with no case ever before `end`; each
 * group's share still a customer at `end`. An account that complained only
 * before the span is in neither group.
 */
export function retentionComparison(
	accounts: readonly AccountHistory[],
	start: number,
	end: number
): RetentionComparison {
	const tally = { complainants: { n: 0, retained: 0 }, neverComplained: { n: 0, retained: 0 } };
	for (const account of accounts) {
		if (!customerAt(account.spells, start)) continue;
		const group = account.complaintsAt.some((at) => at >= start && at < end)
			? tally.complainants
			: account.firstCaseAt === null || account.firstCaseAt >= end
				? tally.neverComplained
				: null;
		if (!group) continue;
		group.n += 1;
		if (customerAt(account.spells, end)) group.retained += 1;
	}
	const figure = ({ n, retained }: { n: number; retained: number }): RetentionFigure => ({
		n,
		retained,
		share: shareOf(retained, n)
	});
	return {
		complainants: figure(tally.complainants),
		neverComplained: figure(tally.neverComplained)
	};
}

export type ReportPeriod = {
	/** `YYYY-MM-DD`: the Monday of a week or the 1st of a month (UTC). */
	start: string;
	label: string;
	/** Whether the report's days cover only part of the period. */
	partial: boolean;
	/** The period's part inside the report's span, [from, to) in ms. */
	from: number;
	to: number;
};

/** Every period overlapping [from, to), oldest first, each clipped to the span. */
export function reportPeriods(
	granularity: ReportGranularity,
	from: Date,
	to: Date
): ReportPeriod[] {
	return periodsBetween(granularity, from, to).map((start) => {
		const end = nextPeriod(granularity, start);
		return {
			start: start.toISOString().slice(0, 10),
			label: periodLabel(granularity, start),
			partial: start < from || end > to,
			from: Math.max(start.getTime(), from.getTime()),
			to: Math.min(end.getTime(), to.getTime())
		};
	});
}
