import { and, asc, eq, gte, inArray, lt, min, sql, type SQL } from 'drizzle-orm';
import { forBatch } from '../../db/batch-sql';
import type { Database } from '../../db/database';
import { accounts, contacts } from '../../db/schema/accounts';
import { rollupState, satisfactionLatest, satisfactionRollups } from '../../db/schema/reports';
import {
	surveyInvitations,
	surveyResponses,
	surveys,
	type SurveyKind
} from '../../db/schema/surveys';
import { periodStart, type ReportGranularity } from '../domain/report-periods';

const scoreColumns = ['c0', 'c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'c7', 'c8', 'c9', 'c10'] as const;

/**
 * Rewrites one period's rows from the answers and invitations in it: the
 * period's rows are deleted, then one row per survey and segment is inserted
 * from grouped selects (each contact's latest answer per survey counts once).
 * With `counted`, the period's answers can still change, so the answers
 * counted (`satisfaction_latest`) are rewritten too, for `countAnswer` to
 * carry on from. Statements for the caller's batch; their cost grows with the
 * answers in the period, not with all answers stored.
 */
export function rewritePeriod(
	db: Database,
	granularity: ReportGranularity,
	start: Date,
	end: Date,
	counted?: { now: Date }
) {
	const from = start.getTime();
	const until = end.getTime();
	// The partition keys are expressions (`|| ''`) so SQLite reads the period through the
	// created-at index and sorts its rows, rather than walking every answer in contact order.
	const latest = db
		.select({
			id: surveyResponses.id,
			surveyId: surveyResponses.surveyId,
			contactId: surveyResponses.contactId,
			accountId: surveyResponses.accountId,
			score: surveyResponses.score,
			createdAt: surveyResponses.createdAt,
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
	const latestRows = db
		.select({
			granularity: sql<string>`${granularity}`.as('granularity'),
			periodStart: sql<number>`${from}`.as('period_start'),
			surveyId: latest.surveyId,
			contactId: latest.contactId,
			responseId: latest.id,
			kind: surveys.kind,
			score: latest.score,
			answeredAt: latest.createdAt,
			tier: sql<string>`coalesce(${accounts.tier}, '')`.as('tier'),
			ownerId: sql<string>`coalesce(${accounts.ownerId}, '')`.as('owner_id'),
			countedAt: sql<number>`${counted?.now.getTime() ?? 0}`.as('counted_at')
		})
		.from(latest)
		.innerJoin(surveys, eq(surveys.id, latest.surveyId))
		.leftJoin(accounts, eq(accounts.id, latest.accountId))
		.where(eq(latest.rank, 1));
	const inPeriod = (table: typeof satisfactionRollups | typeof satisfactionLatest) =>
		and(eq(table.granularity, granularity), eq(table.periodStart, start));
	const countedStatements = counted
		? ([
				db.delete(satisfactionLatest).where(inPeriod(satisfactionLatest)),
				db.insert(satisfactionLatest).select(latestRows as never)
			] as const)
		: [];
	return [
		...countedStatements,
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

const scoreFlags = (alias: string, guard = '') =>
	sql.raw(scoreColumns.map((column, score) => `${guard}(${alias}.score = ${score})`).join(', '));

/**
 * The keys an answer is counted under: its row (only if this very batch wrote
 * it, `updated_at = now`) once per granularity, with the period its first
 * answer fell in (UTC Monday weeks and calendar months, as `periodStart`).
 */
function answerKeys(invitationId: string, now: Date) {
	return sql`with r as (
		select id, survey_id, contact_id, account_id, score, created_at, updated_at
		from survey_responses where invitation_id = ${invitationId} and updated_at = ${now.getTime()}
	), k as (
		select 'week' as granularity, (created_at / 86400000 - (created_at / 86400000 + 3) % 7) * 86400000 as period_start, * from r
		union all
		select 'month', cast(strftime('%s', created_at / 1000, 'unixepoch', 'start of month') as integer) * 1000, * from r
	)`;
}

const sameKey = sql.raw(
	'l.granularity = k.granularity and l.period_start = k.period_start and l.survey_id = k.survey_id and l.contact_id = k.contact_id'
);

/**
 * Keeps the satisfaction rollups current as an answer is given or its score
 * changed, in the answer's own batch, after the write: when the answer is (or
 * becomes) the contact's latest in a period, the rollup row it was counted in
 * loses the old score, the counted answer becomes this one, and its segment's
 * row gains the new score (and the answer, when it is new). Each statement
 * reads the rows as the batch left them, so concurrent answers and edits
 * settle in any order; a write that changed nothing (a closed survey) counts
 * nothing. Constant cost per answer: a few primary-key lookups.
 */
export function countAnswer(db: Database, invitationId: string, now: Date) {
	const keys = answerKeys(invitationId, now);
	const at = now.getTime();
	const decrement = sql.raw(
		scoreColumns.map((column, score) => `${column} = ${column} - (l.score = ${score})`).join(', ')
	);
	return [
		db.run(
			forBatch(sql`${keys}
			update satisfaction_rollups set ${decrement}
			from satisfaction_latest l join k on ${sameKey}
			where (k.created_at, k.id) >= (l.answered_at, l.response_id)
				and satisfaction_rollups.granularity = l.granularity and satisfaction_rollups.period_start = l.period_start
				and satisfaction_rollups.survey_id = l.survey_id and satisfaction_rollups.tier = l.tier
				and satisfaction_rollups.owner_id = l.owner_id`)
		),
		db.run(
			forBatch(sql`${keys}
			insert into satisfaction_latest (granularity, period_start, survey_id, contact_id, response_id, kind, score, answered_at, tier, owner_id, counted_at)
			select k.granularity, k.period_start, k.survey_id, k.contact_id, k.id, s.kind, k.score, k.created_at,
				coalesce(a.tier, ''), coalesce(a.owner_id, ''), ${at}
			from k join surveys s on s.id = k.survey_id left join accounts a on a.id = k.account_id
			where true
			on conflict (granularity, period_start, survey_id, contact_id) do update set
				response_id = excluded.response_id, score = excluded.score, answered_at = excluded.answered_at,
				tier = excluded.tier, owner_id = excluded.owner_id, counted_at = excluded.counted_at
			where (excluded.answered_at, excluded.response_id) >= (satisfaction_latest.answered_at, satisfaction_latest.response_id)`)
		),
		db.run(
			forBatch(sql`${keys}
			insert into satisfaction_rollups (granularity, period_start, survey_id, kind, tier, owner_id, ${sql.raw(scoreColumns.join(', '))}, responses, invitations)
			select l.granularity, l.period_start, l.survey_id, l.kind, l.tier, l.owner_id,
				${scoreFlags('l', `(l.response_id = k.id and l.counted_at = ${at}) * `)},
				(k.created_at = k.updated_at), 0
			from k join satisfaction_latest l on ${sameKey}
			where true
			on conflict (granularity, period_start, survey_id, tier, owner_id) do update set
				${sql.raw(scoreColumns.map((column) => `${column} = ${column} + excluded.${column}`).join(', '))},
				responses = responses + excluded.responses`)
		)
	] as const;
}

/**
 * Counts the invitations with these ids (created at `now` by the statement
 * before it in the batch; ids another run created first are not there) in
 * the week's and the month's rollup rows of their survey and segment.
 */
export function countInvitations(db: Database, ids: SQL, now: Date) {
	const week = periodStart('week', now).getTime();
	const month = periodStart('month', now).getTime();
	return db.run(
		forBatch(sql`
		insert into satisfaction_rollups (granularity, period_start, survey_id, kind, tier, owner_id, invitations)
		select g.column1, g.column2, i.survey_id, s.kind, coalesce(a.tier, ''), coalesce(a.owner_id, ''), count(*)
		from survey_invitations i
			join surveys s on s.id = i.survey_id
			join contacts c on c.id = i.contact_id
			left join accounts a on a.id = c.account_id
			cross join (values ('week', ${week}), ('month', ${month})) g
		where i.id in (${ids})
		group by g.column1, g.column2, i.survey_id, a.tier, a.owner_id
		on conflict (granularity, period_start, survey_id, tier, owner_id) do update set
			invitations = invitations + excluded.invitations`)
	);
}

/**
 * Drops the counted answers of periods that ended before `editableFrom`: their
 * answers can no longer change. At most `limit` rows per granularity.
 */
export function pruneCountedAnswers(db: Database, editableFrom: Date, limit = 2000) {
	return (['week', 'month'] as const).map((granularity) =>
		db.run(
			forBatch(sql`delete from satisfaction_latest where rowid in (
			select rowid from satisfaction_latest
			where granularity = ${granularity} and period_start < ${periodStart(granularity, editableFrom).getTime()}
			limit ${limit})`)
		)
	);
}
