import type { Deps } from '../deps';
import { businessMinutesUsed, replayClock, roundMet } from '../domain/sla-compliance';
import type { SlaClock } from '../domain/sla-clock';
import { yieldToEventLoop } from '../survey-scheduler/yield';
import { newId } from '../tokens';
import {
	readEventSlice,
	readRollupFacts,
	readSlaPosition,
	slaBatchWon,
	writeSlaSlice,
	type BreachedRound,
	type MinutesIncrement,
	type RollupCase,
	type RollupIncrement,
	type RollupKeys,
	type RoundEvent,
	type SliceEvent,
	type StoredClock
} from './sla-rollup-store';

/**
 * The SLA compliance report's rollups, brought up to date by the tick.
 *
 * A clock round settles at its first fulfil or breach event, and whether it
 * was met is fixed then (`domain/sla-compliance.ts`): so each round is
 * counted once, when the roll-up meets that event, at the UTC day of the
 * event's `at`, to the case's segment at that moment (the tick runs every
 * minute: the team and agent the case had when the round settled). Its
 * business minutes are counted at its first fulfilment, bucketed. The rounds
 * that settled unmet are listed, and follow their clock after (a later
 * fulfilment, a resumption moving the due time).
 *
 * The roll-up reads `sla_events` in rowid order from where it stopped, a
 * slice at a time, and writes each slice's counts with the new position in
 * one batch (see `writeSlaSlice`): a crash or a concurrent roll-up never
 * counts a round twice. A new or upgraded installation rolls up its history
 * the same way, from position 0, a bounded number of slices per tick.
 */

/**
 * Events read per slice (one batch of writes each). Each step of a slice
 * (its reads, its judging, its writes) runs without a break, so the slice is
 * small enough that none keeps other requests waiting long: about 30 ms each
 * for 250 events on a libSQL file.
 */
export const sliceEvents = 250;
/**
 * Slices per tick at most; the next tick carries on. An installation settles
 * a few rounds a minute, so this matters for a backfill: 10,000 events a
 * tick, about 2.5 s of work in steps of 30 ms, rolls up a year of a million
 * cases (4.5 million fulfil, breach and resume events) in about eight hours.
 */
export const slicesPerTick = 40;

export type SlaRollupReport = {
	/** Events rolled up this tick. */
	events: number;
	/** Rounds counted as settled, and as fulfilled (their business minutes). */
	settled: number;
	fulfilled: number;
	/** The last `sla_events` rowid rolled up. */
	position: number;
};

/**
 * Business minutes as the rollups keep them: exact under 120, then the start
 * of their 5-minute bucket under 600, 15-minute under 2,880 (two days),
 * 60-minute beyond. Medians read from them are at that resolution.
 */
export function minutesBucket(minutes: number): number {
	const whole = Math.floor(minutes);
	if (whole < 120) return whole;
	if (whole < 600) return whole - (whole % 5);
	if (whole < 2880) return whole - (whole % 15);
	return whole - (whole % 60);
}

/**
 * The median of values given as (value, how many) in ascending order of
 * value, as `medianOf` would give over them expanded: the middle one, or the
 * mean of the two middle ones when there is an even number.
 */
export function medianOfCounts(counts: readonly { value: number; count: number }[]): {
	median: number | null;
	n: number;
} {
	const n = counts.reduce((sum, { count }) => sum + count, 0);
	if (n === 0) return { median: null, n };
	const nth = (index: number) => {
		let seen = 0;
		for (const { value, count } of counts) {
			seen += count;
			if (index < seen) return value;
		}
		throw new RangeError('index beyond the counts');
	};
	const middle = Math.floor(n / 2);
	return { median: n % 2 ? nth(middle) : (nth(middle - 1) + nth(middle)) / 2, n };
}

const dayMs = 86_400_000;
const dayOf = (at: Date) => Math.floor(at.getTime() / dayMs) * dayMs;

/** The round's clock: the stored one while `sla_clocks` still holds this round, else rebuilt from its events. */
function clockOf(
	fact: RollupCase,
	stored: StoredClock | undefined,
	event: SliceEvent,
	events: readonly RoundEvent[]
): SlaClock | null {
	if (stored && stored.round === event.round) return stored;
	return replayClock(
		fact.calendar,
		event.target,
		fact.minutes[event.target],
		events.flatMap((change) =>
			change.kind === 'breach' ? [] : [{ kind: change.kind, at: change.at }]
		)
	);
}

/**
 * What one slice (events with rowid in (from, to]) adds: for each round it
 * touches, whether its first settle event and its first fulfil event are in
 * the slice (so counted now, once), judged with the report's rules; and the
 * breached rounds' rows, rewritten from their clock.
 */
export function sliceIncrements(
	from: number,
	to: number,
	slice: readonly SliceEvent[],
	facts: Awaited<ReturnType<typeof readRollupFacts>>
) {
	const rollups = new Map<string, RollupIncrement>();
	const minutes = new Map<string, MinutesIncrement>();
	const breached: BreachedRound[] = [];
	let settled = 0;
	let fulfilled = 0;
	const seen = new Set<string>();
	for (const event of slice) {
		const key = `${event.caseId},${event.target},${event.round}`;
		if (seen.has(key)) continue;
		seen.add(key);
		const fact = facts.facts.get(event.caseId);
		const events = facts.events.get(key) ?? [];
		if (!fact) continue;
		const known = events.filter((change) => change.id <= to);
		const firstOf = (kinds: readonly RoundEvent['kind'][]) =>
			known
				.filter((change) => kinds.includes(change.kind))
				.reduce<RoundEvent | null>(
					(first, change) => (!first || change.id < first.id ? change : first),
					null
				);
		const settle = firstOf(['fulfill', 'breach']);
		if (!settle) continue; // a resumption of a round not settled yet
		const fulfil = firstOf(['fulfill']);
		const clock = clockOf(fact, facts.clocks.get(`${event.caseId},${event.target}`), event, events);
		// A round without its start recorded cannot be judged (the app never writes one).
		if (!clock) continue;
		const keys = (at: Date): RollupKeys => ({
			day: dayOf(at),
			target: event.target,
			priority: fact.priority,
			teamId: fact.teamId,
			assigneeId: fact.assigneeId,
			categoryId: fact.categoryId
		});
		const met = settle.kind === 'fulfill' && roundMet(clock, false);
		if (settle.id > from) {
			const row = keys(settle.at);
			const id = Object.values(row).join(',');
			const counts = rollups.get(id) ?? { ...row, settled: 0, met: 0 };
			counts.settled++;
			if (met) counts.met++;
			rollups.set(id, counts);
			settled++;
		}
		if (fulfil && fulfil.id > from) {
			const used = businessMinutesUsed(fact.calendar, clock);
			if (used !== null) {
				const row = { ...keys(fulfil.at), minutes: minutesBucket(used) };
				const id = Object.values(row).join(',');
				const counts = minutes.get(id) ?? { ...row, rounds: 0 };
				counts.rounds++;
				minutes.set(id, counts);
				fulfilled++;
			}
		}
		if (!met) {
			const breach = events.find((change) => change.kind === 'breach');
			breached.push({
				caseId: event.caseId,
				target: event.target,
				round: event.round,
				number: fact.number,
				settledAt: settle.at.getTime(),
				dueAt: clock.dueAt.getTime(),
				breachedAt: breach?.at.getTime() ?? null,
				fulfilledAt: clock.fulfilledAt?.getTime() ?? null,
				priority: fact.priority,
				teamId: fact.teamId,
				assigneeId: fact.assigneeId,
				categoryId: fact.categoryId
			});
		}
	}
	return {
		rollups: [...rollups.values()],
		minutes: [...minutes.values()],
		breached,
		settled,
		fulfilled
	};
}

/**
 * The tick's step: rolls up the SLA events written since the last time, at
 * most `slices` slices of `slice` events, yielding to the event loop between
 * them. Stops early when it has caught up, or when a concurrent roll-up
 * moved the position first (that one carries on).
 */
export async function rollUpSla(
	deps: Deps,
	options: { slice?: number; slices?: number } = {}
): Promise<SlaRollupReport> {
	const { db } = deps;
	const size = options.slice ?? sliceEvents;
	const slices = options.slices ?? slicesPerTick;
	const report: SlaRollupReport = { events: 0, settled: 0, fulfilled: 0, position: 0 };
	for (let i = 0; i < slices; i++) {
		if (i > 0) await yieldToEventLoop();
		const from = await readSlaPosition(db);
		report.position = from;
		const slice = await readEventSlice(db, from, size);
		if (slice.length === 0) break;
		const to = slice[slice.length - 1]!.id;
		// The embedded driver runs each statement synchronously: step out between the slice's steps.
		await yieldToEventLoop();
		const rounds = new Map(
			slice.map((event) => [`${event.caseId},${event.target},${event.round}`, event])
		);
		const facts = await readRollupFacts(db, [...rounds.values()]);
		await yieldToEventLoop();
		const increments = sliceIncrements(from, to, slice, facts);
		await yieldToEventLoop();
		const token = newId();
		const [first, ...rest] = writeSlaSlice(db, { from, to, token, ...increments });
		await db.batch([first!, ...rest]);
		if (!(await slaBatchWon(db, token))) break;
		report.events += slice.length;
		report.settled += increments.settled;
		report.fulfilled += increments.fulfilled;
		report.position = to;
		if (slice.length < size) break;
	}
	return report;
}
