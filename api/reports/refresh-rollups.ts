import type { BatchItem } from 'drizzle-orm/batch';
import type { Deps } from '../deps';
import {
	nextPeriod,
	periodsBetween,
	reportGranularities,
	type ReportGranularity
} from '../domain/report-periods';
import {
	changedSince,
	findEarliestActivity,
	findRollupState,
	rewritePeriod,
	saveRollupState
} from './satisfaction-store';

const stateName = 'satisfaction';
const dayMs = 86_400_000;
/** An answer can be edited for 7 days: periods that recent are rewritten on every refresh. */
const editableDays = 8;
/** A backfill goes this far per tick (each month's and week's rows), then the next tick carries on. */
const backfillDaysPerTick = 92;

export type RollupReport = { periods: number; backfilledUntil: string | null };

function periodsToRewrite(from: Date, to: Date) {
	return reportGranularities.flatMap((granularity: ReportGranularity) =>
		periodsBetween(granularity, from, to).map((start) => ({
			granularity,
			start,
			end: nextPeriod(granularity, start)
		}))
	);
}

/**
 * Keeps the report rollups current, in the tick: periods with answers that
 * may still change (the last 8 days) are rewritten each time, and a new
 * installation's history is backfilled a quarter per tick. Each period is
 * rewritten in one batch, so a report never reads half a period.
 */
export async function refreshRollups(deps: Deps): Promise<RollupReport> {
	const { db } = deps;
	const now = deps.clock.now();
	const state = await findRollupState(db, stateName);
	const recentFrom = new Date(now.getTime() - editableDays * dayMs);
	let backfilledUntil = state?.backfilledUntil ?? null;
	const work: ReturnType<typeof periodsToRewrite> = [];
	// Once the history is in, the recent window slides on by itself: the periods it leaves were
	// rewritten while in it, and their answers can no longer change.
	const caughtUp =
		!!backfilledUntil &&
		!!state?.refreshedAt &&
		backfilledUntil.getTime() >= state.refreshedAt.getTime() - editableDays * dayMs;
	if (caughtUp) {
		backfilledUntil = recentFrom;
	} else if (!backfilledUntil || backfilledUntil < recentFrom) {
		const earliest = backfilledUntil ?? (await findEarliestActivity(db));
		if (earliest) {
			const until = new Date(
				Math.min(earliest.getTime() + backfillDaysPerTick * dayMs, recentFrom.getTime())
			);
			work.push(...periodsToRewrite(earliest, until));
			backfilledUntil = until;
		} else {
			backfilledUntil = recentFrom;
		}
	}
	// Recent periods are rewritten only when an answer or invitation arrived (or changed) since the last time.
	const since = state?.refreshedAt;
	if (!since || (await changedSince(db, since, recentFrom)))
		work.push(...periodsToRewrite(recentFrom, new Date(now.getTime() + 1)));
	// A period reached by both the backfill and the recent window is written once.
	const unique = new Map(
		work.map((period) => [`${period.granularity}:${period.start.getTime()}`, period])
	);
	for (const period of unique.values()) {
		const statements: BatchItem<'sqlite'>[] = [
			...rewritePeriod(db, period.granularity, period.start, period.end)
		];
		const [first, ...rest] = statements;
		await db.batch([first!, ...rest]);
	}
	await saveRollupState(db, { name: stateName, backfilledUntil, refreshedAt: now });
	return { periods: unique.size, backfilledUntil: backfilledUntil?.toISOString() ?? null };
}

/** For tests and the CLI: rewrite every period from the first activity until now. */
export async function rebuildRollups(deps: Deps) {
	const earliest = await findEarliestActivity(deps.db);
	if (!earliest) return 0;
	const periods = periodsToRewrite(earliest, new Date(deps.clock.now().getTime() + 1));
	for (const period of periods) {
		const [first, ...rest] = rewritePeriod(deps.db, period.granularity, period.start, period.end);
		await deps.db.batch([first, ...rest]);
	}
	await saveRollupState(deps.db, {
		name: stateName,
		backfilledUntil: new Date(deps.clock.now().getTime() - editableDays * dayMs),
		refreshedAt: deps.clock.now()
	});
	return periods.length;
}
