import type { Deps } from '../deps';
import {
	nextPeriod,
	periodsBetween,
	reportGranularities,
	type ReportGranularity
} from '../domain/report-periods';
import {
	findEarliestActivity,
	findRollupState,
	pruneCountedAnswers,
	rewritePeriod,
	saveRollupState
} from './satisfaction-store';

const stateName = 'satisfaction';
const dayMs = 86_400_000;
/** An answer can be edited for 7 days: periods that recent keep their counted answers. */
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

/** Rewrites each period in its own batch, so a report never reads half a period. */
async function rewritePeriods(deps: Deps, periods: ReturnType<typeof periodsToRewrite>) {
	const now = deps.clock.now();
	const editableFrom = now.getTime() - editableDays * dayMs;
	for (const period of periods) {
		const counted = period.end.getTime() > editableFrom ? { now } : undefined;
		const [first, ...rest] = rewritePeriod(
			deps.db,
			period.granularity,
			period.start,
			period.end,
			counted
		);
		await deps.db.batch([first, ...rest]);
	}
}

/**
 * The tick's part in the report rollups. Answers and invitations count
 * themselves as they are written (`countAnswer`, `countInvitations`); this
 * backfills what came before: a new installation's (or upgraded one's)
 * history from its raw rows, a quarter per tick, up to and including the
 * current periods, whose counted answers it writes too. Once complete it
 * only prunes the counted answers of periods that can no longer change.
 */
export async function refreshRollups(deps: Deps): Promise<RollupReport> {
	const { db } = deps;
	const now = deps.clock.now();
	const state = await findRollupState(db, stateName);
	const editableFrom = new Date(now.getTime() - editableDays * dayMs);
	if (state?.refreshedAt) {
		const [first, ...rest] = pruneCountedAnswers(db, editableFrom);
		await db.batch([first!, ...rest]);
		return { periods: 0, backfilledUntil: state.backfilledUntil?.toISOString() ?? null };
	}
	const from = state?.backfilledUntil ?? (await findEarliestActivity(db));
	const end = new Date(now.getTime() + 1);
	const until = from
		? new Date(Math.min(from.getTime() + backfillDaysPerTick * dayMs, end.getTime()))
		: end;
	const periods = from ? periodsToRewrite(from, until) : [];
	await rewritePeriods(deps, periods);
	const complete = until.getTime() >= end.getTime();
	await saveRollupState(db, {
		name: stateName,
		backfilledUntil: complete ? now : until,
		refreshedAt: complete ? now : null
	});
	return { periods: periods.length, backfilledUntil: (complete ? now : until).toISOString() };
}

/** For tests and the CLI: rewrite every period from the first activity until now. */
export async function rebuildRollups(deps: Deps) {
	const earliest = await findEarliestActivity(deps.db);
	const now = deps.clock.now();
	const periods = earliest ? periodsToRewrite(earliest, new Date(now.getTime() + 1)) : [];
	await rewritePeriods(deps, periods);
	await saveRollupState(deps.db, { name: stateName, backfilledUntil: now, refreshedAt: now });
	return periods.length;
}
