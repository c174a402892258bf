import { and, asc, eq, inArray, isNull, or, sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import type { Database } from '../../db/database';
import { accounts, contacts } from '../../db/schema/accounts';
import { auditLog } from '../../db/schema/audit';
import { staffUsers } from '../../db/schema/staff';
import { surveyInvitations, surveyResponses, surveys, type SurveyStatus } from '../../db/schema/surveys';
import type { AuditEntry } from '../audit/store';
import type { SurveyAudience } from '../domain/survey-definition';

export type SurveyRow = typeof surveys.$inferSelect;

/** `surveys.id` spelt out: drizzle leaves the table off columns in single-table queries, which a subquery would misread. */
const outerSurveyId = sql`${sql.identifier('surveys')}.${sql.identifier('id')}`;
/** Invitations and answers per survey, each counted on its `(survey_id, created_at)` index. */
const invitedCount = sql<number>`(SELECT count(*) FROM ${surveyInvitations} WHERE ${surveyInvitations.surveyId} = ${outerSurveyId})`;
const answeredCount = sql<number>`(SELECT count(*) FROM ${surveyResponses} WHERE ${surveyResponses.surveyId} = ${outerSurveyId})`;
const statusRank = sql`CASE ${surveys.status} WHEN 'active' THEN 1 WHEN 'paused' THEN 2 ELSE 3 END`;

export type SurveyWithCounts = { survey: SurveyRow; invited: number; answered: number };

/** Every survey, active first, then paused, then drafts, each group by name. */
export async function listSurveys(db: Database, status?: SurveyStatus): Promise<SurveyWithCounts[]> {
	const rows = await db
		.select({ survey: surveys, invited: invitedCount, answered: answeredCount })
		.from(surveys)
		.where(status ? eq(surveys.status, status) : undefined)
		.orderBy(statusRank, sql`lower(${surveys.name})`, asc(surveys.id));
	return rows.map((row) => ({ ...row, invited: Number(row.invited), answered: Number(row.answered) }));
}

/** One survey with its counts and the name of who created it. */
export async function findSurvey(db: Database, id: string) {
	const [row] = await db
		.select({
			survey: surveys,
			invited: invitedCount,
			answered: answeredCount,
			createdByName: staffUsers.name
		})
		.from(surveys)
		.leftJoin(staffUsers, eq(staffUsers.id, surveys.createdById))
		.where(eq(surveys.id, id));
	return row ? { ...row, invited: Number(row.invited), answered: Number(row.answered) } : null;
}

export async function findSurveyRow(db: Database, id: string): Promise<SurveyRow | null> {
	const [row] = await db.select().from(surveys).where(eq(surveys.id, id));
	return row ?? null;
}

export function insertSurvey(db: Database, row: typeof surveys.$inferInsert) {
	return db.insert(surveys).values(row);
}

const noInvitations = sql`NOT EXISTS (SELECT 1 FROM ${surveyInvitations} WHERE ${surveyInvitations.surveyId} = ${outerSurveyId})`;

/**
 * Changes a survey's settings. A new `kind` is written only while the survey
 * has no invitation, decided in the same statement, so an invitation the tick
 * creates meanwhile cannot end up answered on the wrong scale. Returns the id
 * when the row changed, nothing when the kind was refused.
 */
export function updateSurvey(db: Database, id: string, values: Partial<typeof surveys.$inferInsert>) {
	const kindAllowed = values.kind ? or(eq(surveys.kind, values.kind), noInvitations) : undefined;
	return db
		.update(surveys)
		.set(values)
		.where(and(eq(surveys.id, id), kindAllowed))
		.returning({ id: surveys.id });
}

/**
 * Draft or paused → active, compare-and-set on the status. `activatedAt` is set
 * on the first activation only: it anchors the cadence windows.
 */
export function setSurveyActive(db: Database, id: string, now: Date) {
	return db
		.update(surveys)
		.set({
			status: 'active',
			activatedAt: sql`coalesce(${surveys.activatedAt}, ${now.getTime()})`,
			pausedAt: null,
			updatedAt: now
		})
		.where(and(eq(surveys.id, id), inArray(surveys.status, ['draft', 'paused'])))
		.returning({ id: surveys.id });
}

/** Active → paused, compare-and-set on the status. */
export function setSurveyPaused(db: Database, id: string, now: Date) {
	return db
		.update(surveys)
		.set({ status: 'paused', pausedAt: now, updatedAt: now })
		.where(and(eq(surveys.id, id), eq(surveys.status, 'active')))
		.returning({ id: surveys.id });
}

/**
 * An audit entry written only if the statement just before it in the same
 * batch changed a row: a compare-and-set that lost its race records nothing.
 */
export function insertAuditEntryIfChanged(db: Database, entry: AuditEntry) {
	const detail = entry.detail ? JSON.stringify(entry.detail) : null;
	return db
		.insert(auditLog)
		.select(
			sql`SELECT NULL, ${entry.actorId}, ${entry.action}, ${entry.entityType}, ${entry.entityId}, ${detail}, ${entry.at.getTime()} WHERE changes() > 0`
		);
}

/** The ids among `ids` that name no staff user (disabled users still count as known). */
export async function findUnknownStaffIds(db: Database, ids: string[]): Promise<string[]> {
	if (ids.length === 0) return [];
	const rows = await db
		.select({ id: staffUsers.id })
		.from(staffUsers)
		.where(sql`${staffUsers.id} IN (SELECT value FROM json_each(${JSON.stringify(ids)}))`);
	const known = new Set(rows.map((row) => row.id));
	return ids.filter((id) => !known.has(id));
}

/** Names of staff users by id, for audience summaries. */
export async function listStaffNamesById(db: Database, ids: string[]): Promise<Map<string, string>> {
	if (ids.length === 0) return new Map();
	const rows = await db
		.select({ id: staffUsers.id, name: staffUsers.name })
		.from(staffUsers)
		.where(sql`${staffUsers.id} IN (SELECT value FROM json_each(${JSON.stringify([...new Set(ids)])}))`);
	return new Map(rows.map((row) => [row.id, row.name]));
}

/** `column IN (the list)` with the list bound as one JSON parameter, however long it is (D1 allows 100 per statement). */
function inJsonList(column: SQLWrapper, values: readonly string[]): SQL {
	return sql`${column} IN (SELECT value FROM json_each(${JSON.stringify(values)}))`;
}

/**
 * The SQL condition on `contacts` joined to `accounts` for "this contact is in
 * the audience now": neither archived, and the account matches one value of
 * every list that is not empty. Each list is one bound parameter.
 */
export function audienceCondition(audience: SurveyAudience): SQL {
	const where: SQL[] = [isNull(contacts.archivedAt), isNull(accounts.archivedAt)];
	if (audience.tiers.length) where.push(inJsonList(accounts.tier, audience.tiers));
	if (audience.ownerIds.length) where.push(inJsonList(accounts.ownerId, audience.ownerIds));
	if (audience.accountStatuses.length) where.push(inJsonList(accounts.status, audience.accountStatuses));
	if (audience.tags.length) {
		where.push(sql`EXISTS (SELECT 1 FROM json_each(${accounts.tags}) AS tag WHERE ${inJsonList(sql`tag.value`, audience.tags)})`);
	}
	return and(...where)!;
}

/** How many contacts the audience matches now, and how many of those can be asked at all. */
export async function countAudience(db: Database, audience: SurveyAudience) {
	const reachable = sql<number>`coalesce(sum(CASE WHEN ${contacts.consent} = 1 AND ${contacts.unsubscribedAt} IS NULL AND ${contacts.bouncedAt} IS NULL AND ${contacts.complainedAt} IS NULL THEN 1 ELSE 0 END), 0)`;
	const [row] = await db
		.select({ matched: sql<number>`count(*)`, reachable })
		.from(contacts)
		.innerJoin(accounts, eq(accounts.id, contacts.accountId))
		.where(audienceCondition(audience));
	return { matched: Number(row?.matched ?? 0), reachable: Number(row?.reachable ?? 0) };
}
