/**
 * The SLA compliance report's figures (DESIGN.md flows 5 and 7), pure: the
 * store hands over the clock rounds settled in a period, this judges each
 * one with the same clock rules the workflow and the sweep use
 * (`sla-clock.ts`), and sums them up. Shares are percentages (0–100) at full
 * precision, null when n = 0; round only when displaying.
 *
 * The unit is a clock round: one promise (first response, next response or
 * resolution) made to one case. A case has one first-response round, a
 * next-response round for every customer message waiting for a reply, and a
 * resolution round per opening (a reopened case makes a new promise).
 *
 * - Settled: fulfilled (the reply sent, the case resolved), or breached (the
 *   sweep recorded the breach, fulfilled later or not at all). A round settles
 *   at the first of its fulfilment and its recorded breach, and belongs to the
 *   period of that instant, so a past period never changes once its rounds
 *   are settled. Rounds still running within their target, and paused ones,
 *   are not settled.
 * - Met: fulfilled before its due time (a paused round is judged at its
 *   pause, as `clockStatus` does) and never recorded as breached. Compliance
 *   is met ÷ settled.
 * - Business minutes used: from the start to the fulfilment (or the pause it
 *   was fulfilled in), minus the business minutes spent paused, on the case's
 *   snapshotted calendar. Resuming moves `dueAt` later by exactly the paused
 *   business minutes, so this is `minutes − remaining at fulfilment`
 *   (`remainingBusinessMinutes`, negative when late). Medians are over the
 *   rounds fulfilled in the period.
 */
import type { BusinessCalendar } from './business-calendar';
import { nextPeriod, periodLabel, periodsBetween, type ReportGranularity } from './report-periods';
import {
	clockStatus,
	fulfilClock,
	pauseClock,
	remainingBusinessMinutes,
	resumeClock,
	startClock,
	type SlaClock,
	type SlaTarget
} from './sla-clock';
import { median, shareOf } from './suggestion-conversion';

/** A clock change of one round, as `sla_events` records it, in the order it happened. */
export type ClockChange = { kind: 'activate' | 'pause' | 'resume' | 'fulfill'; at: Date };

/**
 * A round's clock rebuilt from its recorded changes, exactly as the workflow
 * built it: started at `activate` (with `minutes`, the case's snapshotted
 * target), paused, resumed (due time moved by the paused business minutes),
 * fulfilled. For rounds the `sla_clocks` row no longer holds (a later round
 * replaced it). `changes` must be in the order they happened (time, then
 * the order they were written in). Null when they do not tell one round (no
 * `activate` first, or a second one), which the app never writes.
 */
export function replayClock(
	calendar: BusinessCalendar,
	target: SlaTarget,
	minutes: number,
	changes: readonly ClockChange[]
): SlaClock | null {
	let clock: SlaClock | null = null;
	for (const change of changes) {
		if (change.kind === 'activate') {
			if (clock) return null;
			clock = startClock({ calendar, target, minutes, warning: null, now: change.at });
		} else if (!clock) {
			return null;
		} else if (change.kind === 'pause') clock = pauseClock(clock, change.at);
		else if (change.kind === 'resume') clock = resumeClock(calendar, clock, change.at);
		else clock = fulfilClock(clock, change.at);
	}
	return clock;
}

/**
 * Whether a settled round was met: fulfilled before its due time (judged at
 * its pause when fulfilled while paused) and never recorded as breached.
 */
export function roundMet(clock: SlaClock, breachRecorded: boolean): boolean {
	return !!clock.fulfilledAt && !breachRecorded && clockStatus(clock, clock.fulfilledAt) === 'met';
}

/**
 * The business minutes a fulfilled round took: from its start to its
 * fulfilment (or the pause it was fulfilled in), minus the time paused.
 * More than `minutes` when late. Null while the round is not fulfilled.
 */
export function businessMinutesUsed(calendar: BusinessCalendar, clock: SlaClock): number | null {
	if (!clock.fulfilledAt) return null;
	return clock.minutes - remainingBusinessMinutes(calendar, clock, clock.fulfilledAt);
}

export type ComplianceCounts = { met: number; n: number };
export const noCompliance: ComplianceCounts = { met: 0, n: 0 };

export function addRound(counts: ComplianceCounts, met: boolean): ComplianceCounts {
	return { met: counts.met + (met ? 1 : 0), n: counts.n + 1 };
}

/** Met, breached (= n − met) and the share met, over `n` settled rounds. */
export type ComplianceFigure = {
	met: number;
	breached: number;
	n: number;
	/** Percentage of n met; null when n = 0. */
	share: number | null;
};

export function complianceFigure({ met, n }: ComplianceCounts): ComplianceFigure {
	return { met, breached: n - met, n, share: shareOf(met, n) };
}

/** The median of any values (sorted here), and how many there were. */
export function medianOf(values: readonly number[]): { median: number | null; n: number } {
	return { median: median([...values].sort((a, b) => a - b)), n: values.length };
}

export type CompliancePeriod = ComplianceFigure & {
	/** `YYYY-MM-DD`: the Monday of a week or the 1st of a month (UTC). */
	start: string;
	/** "2026-W09" or "2026-03". */
	label: string;
	/** Whether the report's days cover only part of the period. */
	partial: boolean;
};

/**
 * Every period overlapping [from, to) (UTC), oldest first, with the rounds
 * settled in it; periods without any are there with n = 0, so a chart shows
 * the gap. `counts` are keyed by period start (`YYYY-MM-DD`).
 */
export function complianceSeries(
	granularity: ReportGranularity,
	from: Date,
	to: Date,
	counts: ReadonlyMap<string, ComplianceCounts>
): CompliancePeriod[] {
	const series = periodsBetween(granularity, from, to).map((start) => {
		const key = start.toISOString().slice(0, 10);
		return {
			start: key,
			label: periodLabel(granularity, start),
			partial: start < from || nextPeriod(granularity, start) > to,
			...complianceFigure(counts.get(key) ?? noCompliance)
		};
	});
	const known = new Set(series.map((period) => period.start));
	for (const key of counts.keys())
		if (!known.has(key)) throw new RangeError(`Rounds settled in ${key}, outside the period.`);
	return series;
}
