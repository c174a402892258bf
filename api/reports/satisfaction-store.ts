import { and, asc, eq, gte, inArray, lt, min, sql, type SQL } from 'drizzle-orm';
import type { Database } from '../../db/database';
import { accounts, contacts } from '../../db/schema/accounts';
import { rollupState, satisfactionRollups } from '../../db/schema/reports';
import {
	surveyInvitations,
	surveyResponses,
	surveys,
	type SurveyKind
} from '../../db/schema/surveys';
import type { ReportGranularity } from '../domain/report-periods';

const scoreColumns = ['c0', 'c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'c7', 'c8', 'c9', 'c10'] as const;

/**
 * Rewrites one period's rows from the answers and invitations in it: the
 * period's rows are deleted, then one row per survey and segment is inserted
 * from grouped selects (each contact's latest answer per survey counts once).
 * Three statements for the caller's batch; their cost grows with the answers
 * in the period, not with all answers stored.
 */
export function rewritePeriod(
	db: Database,
	granularity: ReportGranularity,
	start: Date,
	end: Date
) {
	const from = start.getTime();
	const until = end.getTime();
	// The partition keys are expressions (`|| ''`) so SQLite reads the period through the
	// created-at index and sorts its rows, rather than walking every answer in contact order.
	const latest = db
		.select({
			surveyId: surveyResponses.surveyId,
			accountId: surveyResponses.accountId,
			score: surveyResponses.score,
			rank: sql<number>`row_number() over (partition by ${surveyResponses.contactId} || '', ${surveyResponses.surveyId} order by ${surveyResponses.createdAt} desc, ${surveyResponses.id} desc)`.as(
				'rank'
			),
			answers:
				sql<number>`count(*) over (partition by ${surveyResponses.contactId} || '', ${surveyResponses.surveyId})`.as(
					'answers'
				)
		})
		.from(surveyResponses)
		.where(and(gte(surveyResponses.createdAt, start), lt(surveyResponses.createdAt, end)))
		.as('latest');
	const scores = db
		.select({
			granularity: sql<string>`${granularity}`.as('granularity'),
			periodStart: sql<number>`${from}`.as('period_start'),
			surveyId: latest.surveyId,
			kind: surveys.kind,
			tier: sql<string>`coalesce(${accounts.tier}, '')`.as('tier'),
			ownerId: sql<string>`coalesce(${accounts.ownerId}, '')`.as('owner_id'),
			...Object.fromEntries(
				scoreColumns.map((column, score) => [
					column,
					sql<number>`sum(case when ${latest.score} = ${score} then 1 else 0 end)`.as(column)
				])
			),
			responses: sql<number>`sum(${latest.answers})`.as('responses'),
			invitations: sql<number>`0`.as('invitations')
		})
		.from(latest)
		.innerJoin(surveys, eq(surveys.id, latest.surveyId))
		.leftJoin(accounts, eq(accounts.id, latest.accountId))
		.where(eq(latest.rank, 1))
		.groupBy(latest.surveyId, accounts.tier, accounts.ownerId);
	const invited = db
		.select({
			granularity: sql<string>`${granularity}`.as('granularity'),
			periodStart: sql<number>`${from}`.as('period_start'),
			surveyId: surveyInvitations.surveyId,
			kind: surveys.kind,
			tier: sql<string>`coalesce(${accounts.tier}, '')`.as('tier'),
			ownerId: sql<string>`coalesce(${accounts.ownerId}, '')`.as('owner_id'),
			...Object.fromEntries(scoreColumns.map((column) => [column, sql<number>`0`.as(column)])),
			responses: sql<number>`0`.as('responses'),
			invitations: sql<number>`count(*)`.as('invitations')
		})
		.from(surveyInvitations)
		.innerJoin(surveys, eq(surveys.id, surveyInvitations.surveyId))
		.innerJoin(contacts, eq(contacts.id, surveyInvitations.contactId))
		.leftJoin(accounts, eq(accounts.id, contacts.accountId))
		.where(
			and(
				sql`${surveyInvitations.createdAt} >= ${from}`,
				sql`${surveyInvitations.createdAt} < ${until}`
			)
		)
		.groupBy(surveyInvitations.surveyId, accounts.tier, accounts.ownerId);
	return [
		db
			.delete(satisfactionRollups)
			.where(
				and(
					eq(satisfactionRollups.granularity, granularity),
					eq(satisfactionRollups.periodStart, start)
				)
			),
		db.insert(satisfactionRollups).select(scores as never),
		db
			.insert(satisfactionRollups)
			.select(invited as never)
			.onConflictDoUpdate({
				target: [
					satisfactionRollups.granularity,
					satisfactionRollups.periodStart,
					satisfactionRollups.surveyId,
					satisfactionRollups.tier,
					satisfactionRollups.ownerId
				],
				set: { invitations: sql`excluded.invitations` }
			})
	] as const;
}

/** The first answer or invitation ever, where a backfill starts. */
export async function findEarliestActivity(db: Database): Promise<Date | null> {
	const [answers] = await db.select({ at: min(surveyResponses.createdAt) }).from(surveyResponses);
	const [invited] = await db
		.select({ at: min(surveyInvitations.createdAt) })
		.from(surveyInvitations);
	const times = [answers?.at, invited?.at].filter((at): at is Date => at instanceof Date);
	return times.length ? new Date(Math.min(...times.map((at) => at.getTime()))) : null;
}

export async function findRollupState(db: Database, name: string) {
	const [row] = await db.select().from(rollupState).where(eq(rollupState.name, name));
	return row ?? null;
}

export function saveRollupState(
	db: Database,
	row: { name: string; backfilledUntil: Date | null; refreshedAt: Date | null }
) {
	return db
		.insert(rollupState)
		.values(row)
		.onConflictDoUpdate({
			target: rollupState.name,
			set: { backfilledUntil: row.backfilledUntil, refreshedAt: row.refreshedAt }
		});
}

export type RollupFilter = {
	granularity: ReportGranularity;
	kind: SurveyKind;
	from: Date;
	to: Date;
	surveyId?: string | undefined;
	tier?: string | undefined;
	ownerIds?: string[] | undefined;
};

/** A report's rows: per period, the score counts, answers and invitations summed over the segments asked for. */
export function readRollups(db: Database, filter: RollupFilter) {
	const where: (SQL | undefined)[] = [
		eq(satisfactionRollups.granularity, filter.granularity),
		eq(satisfactionRollups.kind, filter.kind),
		gte(satisfactionRollups.periodStart, filter.from),
		lt(satisfactionRollups.periodStart, filter.to)
	];
	if (filter.surveyId) where.push(eq(satisfactionRollups.surveyId, filter.surveyId));
	if (filter.tier) where.push(eq(satisfactionRollups.tier, filter.tier));
	if (filter.ownerIds) where.push(inArray(satisfactionRollups.ownerId, filter.ownerIds));
	return db
		.select({
			periodStart: satisfactionRollups.periodStart,
			...Object.fromEntries(
				scoreColumns.map((column) => [column, sql<number>`sum(${satisfactionRollups[column]})`])
			),
			responses: sql<number>`sum(${satisfactionRollups.responses})`,
			invitations: sql<number>`sum(${satisfactionRollups.invitations})`
		} as Record<string, unknown> as {
			periodStart: typeof satisfactionRollups.periodStart;
		} & Record<(typeof scoreColumns)[number] | 'responses' | 'invitations', SQL<number>>)
		.from(satisfactionRollups)
		.where(and(...where))
		.groupBy(satisfactionRollups.periodStart)
		.orderBy(asc(satisfactionRollups.periodStart));
}

export { scoreColumns };

/** The surveys a report can be narrowed to, by name. */
export function listReportSurveys(db: Database) {
	return db
		.select({ id: surveys.id, name: surveys.name, kind: surveys.kind })
		.from(surveys)
		.orderBy(sql`lower(${surveys.name})`);
}

/**
 * Whether anything a rollup counts changed since `since`: an answer given or
 * edited (edits happen within a week of answering, so the created-at index
 * bounds the look), or an invitation sent.
 */
export async function changedSince(db: Database, since: Date, editableFrom: Date) {
	const [answer] = await db
		.select({ id: surveyResponses.id })
		.from(surveyResponses)
		.where(and(gte(surveyResponses.createdAt, editableFrom), gte(surveyResponses.updatedAt, since)))
		.limit(1);
	if (answer) return true;
	const [invitation] = await db
		.select({ id: surveyInvitations.id })
		.from(surveyInvitations)
		.where(gte(surveyInvitations.createdAt, since))
		.limit(1);
	return invitation !== undefined;
}
