import { and, asc, eq, inArray, isNull, ne, sql } from 'drizzle-orm';
import type { Database } from '../../db/database';
import { businessCalendars, caseCategories, slaPolicies } from '../../db/schema/cases';
import { teams } from '../../db/schema/staff';
import { chunk, idChunkSize } from '../users/store';
import type { BusinessCalendarView, CaseCategory, SlaPolicyView } from './schemas';

export type CalendarRow = typeof businessCalendars.$inferSelect;
export type PolicyRow = typeof slaPolicies.$inferSelect;
export type CategoryRow = typeof caseCategories.$inferSelect;

// Business calendars

/** Calendars by name, each with the policies that use it (which keep it from being deleted). */
export async function listCalendars(db: Database, id?: string): Promise<BusinessCalendarView[]> {
	const [rows, users] = await Promise.all([
		db
			.select()
			.from(businessCalendars)
			.where(id ? eq(businessCalendars.id, id) : undefined)
			.orderBy(asc(sql`lower(${businessCalendars.name})`), asc(businessCalendars.id)),
		db
			.select({ calendarId: slaPolicies.calendarId, id: slaPolicies.id, name: slaPolicies.name })
			.from(slaPolicies)
			.where(id ? eq(slaPolicies.calendarId, id) : sql`${slaPolicies.calendarId} is not null`)
			.orderBy(asc(slaPolicies.position), asc(slaPolicies.createdAt))
	]);
	return rows.map((row) => ({
		id: row.id,
		name: row.name,
		timeZone: row.timeZone,
		week: row.week,
		holidays: row.holidays,
		policies: users
			.filter((policy) => policy.calendarId === row.id)
			.map((policy) => ({ id: policy.id, name: policy.name })),
		createdAt: row.createdAt.toISOString(),
		updatedAt: row.updatedAt.toISOString()
	}));
}

export async function findCalendar(db: Database, id: string): Promise<BusinessCalendarView | null> {
	const [calendar] = await listCalendars(db, id);
	return calendar ?? null;
}

export async function findCalendarRow(db: Database, id: string): Promise<CalendarRow | null> {
	const [row] = await db.select().from(businessCalendars).where(eq(businessCalendars.id, id));
	return row ?? null;
}

export async function isCalendarNameTaken(db: Database, name: string, exceptId?: string) {
	const [row] = await db
		.select({ id: businessCalendars.id })
		.from(businessCalendars)
		.where(
			and(
				sql`lower(${businessCalendars.name}) = lower(${name})`,
				exceptId ? ne(businessCalendars.id, exceptId) : undefined
			)
		)
		.limit(1);
	return row !== undefined;
}

export function insertCalendar(db: Database, row: typeof businessCalendars.$inferInsert) {
	return db.insert(businessCalendars).values(row);
}

export function updateCalendar(
	db: Database,
	id: string,
	values: Pick<CalendarRow, 'name' | 'timeZone' | 'week' | 'holidays' | 'updatedAt'>
) {
	return db.update(businessCalendars).set(values).where(eq(businessCalendars.id, id));
}

/** Deletes the calendar unless a policy names it, decided in the statement; returns the id when it went. */
export function deleteUnusedCalendar(db: Database, id: string) {
	return db
		.delete(businessCalendars)
		.where(
			and(
				eq(businessCalendars.id, id),
				sql`not exists (select 1 from ${slaPolicies} where ${slaPolicies.calendarId} = ${id})`
			)
		)
		.returning({ id: businessCalendars.id });
}

/**
 * A new version for every policy on the calendar: the calendar is part of the
 * promise a case snapshots, so changing it changes the policy in force.
 */
export function bumpPoliciesOnCalendar(db: Database, calendarId: string, now: Date) {
	return db
		.update(slaPolicies)
		.set({ version: sql`${slaPolicies.version} + 1`, updatedAt: now })
		.where(eq(slaPolicies.calendarId, calendarId));
}

// SLA policies

/** Every policy, active or not, in matching order, with the name and zone of its calendar. */
export async function listPolicies(db: Database, id?: string): Promise<SlaPolicyView[]> {
	const rows = await db
		.select({
			policy: slaPolicies,
			calendarName: businessCalendars.name,
			calendarTimeZone: businessCalendars.timeZone
		})
		.from(slaPolicies)
		.leftJoin(businessCalendars, eq(businessCalendars.id, slaPolicies.calendarId))
		.where(id ? eq(slaPolicies.id, id) : undefined)
		.orderBy(asc(slaPolicies.position), asc(slaPolicies.createdAt), asc(slaPolicies.id));
	return rows.map(({ policy, calendarName, calendarTimeZone }) => ({
		id: policy.id,
		name: policy.name,
		position: policy.position,
		version: policy.version,
		isActive: policy.isActive,
		conditions: policy.conditions,
		targets: policy.targets,
		warning: policy.warning,
		escalation: policy.escalation,
		calendarId: policy.calendarId,
		calendar:
			policy.calendarId && calendarName !== null && calendarTimeZone !== null
				? { id: policy.calendarId, name: calendarName, timeZone: calendarTimeZone }
				: null,
		createdAt: policy.createdAt.toISOString(),
		updatedAt: policy.updatedAt.toISOString()
	}));
}

export async function findPolicy(db: Database, id: string): Promise<SlaPolicyView | null> {
	const [policy] = await listPolicies(db, id);
	return policy ?? null;
}

export async function findPolicyRow(db: Database, id: string): Promise<PolicyRow | null> {
	const [row] = await db.select().from(slaPolicies).where(eq(slaPolicies.id, id));
	return row ?? null;
}

/** Each policy's id, name and position, in matching order. */
export function listPolicyPositions(db: Database) {
	return db
		.select({ id: slaPolicies.id, name: slaPolicies.name, position: slaPolicies.position })
		.from(slaPolicies)
		.orderBy(asc(slaPolicies.position), asc(slaPolicies.createdAt), asc(slaPolicies.id));
}

export async function isPolicyNameTaken(db: Database, name: string, exceptId?: string) {
	const [row] = await db
		.select({ id: slaPolicies.id })
		.from(slaPolicies)
		.where(
			and(
				sql`lower(${slaPolicies.name}) = lower(${name})`,
				exceptId ? ne(slaPolicies.id, exceptId) : undefined
			)
		)
		.limit(1);
	return row !== undefined;
}

/** Inserts a policy last in the matching order (its position computed in the statement). */
export function insertPolicy(
	db: Database,
	row: Omit<typeof slaPolicies.$inferInsert, 'position' | 'version'>
) {
	return db.insert(slaPolicies).values({
		...row,
		position: sql`(select coalesce(max(${slaPolicies.position}), -1) + 1 from ${slaPolicies})`,
		version: 1
	});
}

/** Replaces a policy's rules and raises its version by one. */
export function replacePolicy(
	db: Database,
	id: string,
	values: Pick<
		PolicyRow,
		'name' | 'conditions' | 'targets' | 'warning' | 'escalation' | 'calendarId' | 'updatedAt'
	>
) {
	return db
		.update(slaPolicies)
		.set({ ...values, version: sql`${slaPolicies.version} + 1` })
		.where(eq(slaPolicies.id, id));
}

export function setPolicyPosition(db: Database, id: string, position: number) {
	return db.update(slaPolicies).set({ position }).where(eq(slaPolicies.id, id));
}

/** Turns a policy on or off, compare-and-set: returns the id only when it was in the other state. */
export function setPolicyActive(db: Database, id: string, isActive: boolean, now: Date) {
	return db
		.update(slaPolicies)
		.set({ isActive, updatedAt: now })
		.where(and(eq(slaPolicies.id, id), eq(slaPolicies.isActive, !isActive)))
		.returning({ id: slaPolicies.id });
}

// Categories

/** Categories in use first (in their order, then by name), archived ones after. */
export async function listCategories(db: Database, id?: string): Promise<CaseCategory[]> {
	const rows = await db
		.select({ category: caseCategories, teamName: teams.name })
		.from(caseCategories)
		.leftJoin(teams, eq(teams.id, caseCategories.teamId))
		.where(id ? eq(caseCategories.id, id) : undefined)
		.orderBy(
			sql`${caseCategories.archivedAt} is not null`,
			asc(caseCategories.position),
			asc(sql`lower(${caseCategories.name})`),
			asc(caseCategories.id)
		);
	return rows.map(({ category, teamName }) => ({
		id: category.id,
		name: category.name,
		priority: category.priority,
		teamId: category.teamId,
		team: category.teamId && teamName !== null ? { id: category.teamId, name: teamName } : null,
		assignToOwner: category.assignToOwner,
		position: category.position,
		archivedAt: category.archivedAt?.toISOString() ?? null,
		createdAt: category.createdAt.toISOString()
	}));
}

export async function findCategory(db: Database, id: string): Promise<CaseCategory | null> {
	const [category] = await listCategories(db, id);
	return category ?? null;
}

export async function findCategoryRow(db: Database, id: string): Promise<CategoryRow | null> {
	const [row] = await db.select().from(caseCategories).where(eq(caseCategories.id, id));
	return row ?? null;
}

/** Whether a category in use (not archived) other than `exceptId` has this name. */
export async function isCategoryNameTaken(db: Database, name: string, exceptId?: string) {
	const [row] = await db
		.select({ id: caseCategories.id })
		.from(caseCategories)
		.where(
			and(
				sql`lower(${caseCategories.name}) = lower(${name})`,
				isNull(caseCategories.archivedAt),
				exceptId ? ne(caseCategories.id, exceptId) : undefined
			)
		)
		.limit(1);
	return row !== undefined;
}

/** The categories among `ids` that exist, archived or not. */
export async function findCategoriesByIds(db: Database, ids: readonly string[]) {
	const found: { id: string; name: string; archivedAt: Date | null }[] = [];
	for (const part of chunk([...new Set(ids)], idChunkSize)) {
		found.push(
			...(await db
				.select({
					id: caseCategories.id,
					name: caseCategories.name,
					archivedAt: caseCategories.archivedAt
				})
				.from(caseCategories)
				.where(inArray(caseCategories.id, part)))
		);
	}
	return found;
}

/** Inserts a category last in the list (its position computed in the statement). */
export function insertCategory(
	db: Database,
	row: Omit<typeof caseCategories.$inferInsert, 'position' | 'archivedAt'>
) {
	return db.insert(caseCategories).values({
		...row,
		position: sql`(select coalesce(max(${caseCategories.position}), -1) + 1 from ${caseCategories})`
	});
}

/** Changes a category still in use; returns the id only when it was not archived. */
export function updateCategory(
	db: Database,
	id: string,
	values: Pick<CategoryRow, 'name' | 'priority' | 'teamId' | 'assignToOwner'>
) {
	return db
		.update(caseCategories)
		.set(values)
		.where(and(eq(caseCategories.id, id), isNull(caseCategories.archivedAt)))
		.returning({ id: caseCategories.id });
}

/** Archives a category, compare-and-set: returns the id only when it was still in use. */
export function archiveCategory(db: Database, id: string, now: Date) {
	return db
		.update(caseCategories)
		.set({ archivedAt: now })
		.where(and(eq(caseCategories.id, id), isNull(caseCategories.archivedAt)))
		.returning({ id: caseCategories.id });
}

// Teams, for routing and escalation

/** The teams among `ids` that exist. */
export async function findTeamsByIds(db: Database, ids: readonly string[]) {
	const found: { id: string; name: string }[] = [];
	for (const part of chunk([...new Set(ids)], idChunkSize)) {
		found.push(
			...(await db
				.select({ id: teams.id, name: teams.name })
				.from(teams)
				.where(inArray(teams.id, part)))
		);
	}
	return found;
}
