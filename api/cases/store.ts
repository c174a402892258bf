import {
	and,
	asc,
	count,
	desc,
	eq,
	inArray,
	isNotNull,
	isNull,
	lte,
	ne,
	or,
	sql,
	type SQL
} from 'drizzle-orm';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { Database } from '../../db/database';
import { accounts, contacts } from '../../db/schema/accounts';
import {
	businessCalendars,
	caseCategories,
	caseLinks,
	caseEvents,
	cases,
	rateLimits,
	rootCauses,
	slaClocks,
	slaEvents,
	slaPolicies
} from '../../db/schema/cases';
import { staffUsers, teamMembers, teams } from '../../db/schema/staff';
import { domainEvents, surveyResponses, surveys } from '../../db/schema/surveys';
import { alwaysOpenCalendar, type BusinessCalendar } from '../domain/business-calendar';
import type { SlaClock, SlaTarget } from '../domain/sla-clock';
import type { SlaPolicy } from '../domain/sla-policy';
import { hashToken, newId } from '../tokens';

export type CaseRow = typeof cases.$inferSelect;
export type ClockRow = typeof slaClocks.$inferSelect;

/** A contact with what a case needs of its account: tier, owner, reference. */
async function findContact(db: Database, where: SQL) {
	const [row] = await db
		.select({
			id: contacts.id,
			name: contacts.name,
			email: contacts.email,
			locale: contacts.locale,
			timeZone: contacts.timeZone,
			accountId: contacts.accountId,
			tier: accounts.tier,
			ownerId: accounts.ownerId,
			externalRef: accounts.externalRef
		})
		.from(contacts)
		.innerJoin(accounts, eq(accounts.id, contacts.accountId))
		.where(where)
		.limit(1);
	return row ?? null;
}

export const findContactByEmail = (db: Database, email: string) =>
	findContact(db, eq(contacts.email, email));
export const findContactById = (db: Database, id: string) => findContact(db, eq(contacts.id, id));

export async function findCategory(db: Database, id: string) {
	const [row] = await db
		.select()
		.from(caseCategories)
		.where(and(eq(caseCategories.id, id), isNull(caseCategories.archivedAt)))
		.limit(1);
	return row ?? null;
}

export function listCategories(db: Database) {
	return db
		.select({
			id: caseCategories.id,
			name: caseCategories.name,
			priority: caseCategories.priority,
			teamId: caseCategories.teamId,
			teamName: teams.name,
			assignToOwner: caseCategories.assignToOwner
		})
		.from(caseCategories)
		.leftJoin(teams, eq(teams.id, caseCategories.teamId))
		.where(isNull(caseCategories.archivedAt))
		.orderBy(asc(caseCategories.position), asc(caseCategories.name));
}

export function listRootCauses(db: Database) {
	return db
		.select({ id: rootCauses.id, name: rootCauses.name })
		.from(rootCauses)
		.where(isNull(rootCauses.archivedAt))
		.orderBy(asc(rootCauses.name));
}

export async function findRootCause(db: Database, id: string) {
	const [row] = await db
		.select()
		.from(rootCauses)
		.where(and(eq(rootCauses.id, id), isNull(rootCauses.archivedAt)))
		.limit(1);
	return row ?? null;
}

/** Active policies in matching order, each with its calendar (24×7 when it names none). */
export async function listActivePolicies(db: Database): Promise<SlaPolicy[]> {
	const rows = await db
		.select({ policy: slaPolicies, calendar: businessCalendars })
		.from(slaPolicies)
		.leftJoin(businessCalendars, eq(businessCalendars.id, slaPolicies.calendarId))
		.where(eq(slaPolicies.isActive, true))
		.orderBy(asc(slaPolicies.position), asc(slaPolicies.createdAt));
	return rows.map(({ policy, calendar }) => ({
		id: policy.id,
		name: policy.name,
		version: policy.version,
		conditions: policy.conditions,
		targets: policy.targets,
		warning: policy.warning,
		escalation: policy.escalation,
		calendar: calendar ? toCalendar(calendar) : alwaysOpenCalendar
	}));
}

export function toCalendar(row: typeof businessCalendars.$inferSelect): BusinessCalendar {
	return { timeZone: row.timeZone, week: row.week, holidays: row.holidays };
}

/**
 * Round robin within a team: the active member who was given a case longest
 * ago (or never). Two cases opening at once may go to the same person; the
 * next one evens it out.
 */
export async function pickTeamAssignee(db: Database, teamId: string): Promise<string | null> {
	const lastAssigned = sql<number>`coalesce((select max(${cases.createdAt}) from ${cases} where ${cases.assigneeId} = ${staffUsers.id}), 0)`;
	const [row] = await db
		.select({ id: staffUsers.id })
		.from(teamMembers)
		.innerJoin(staffUsers, eq(staffUsers.id, teamMembers.userId))
		.where(and(eq(teamMembers.teamId, teamId), isNull(staffUsers.disabledAt)))
		.orderBy(asc(lastAssigned), asc(staffUsers.name))
		.limit(1);
	return row?.id ?? null;
}

export async function isActiveStaff(db: Database, id: string): Promise<boolean> {
	const [row] = await db
		.select({ id: staffUsers.id })
		.from(staffUsers)
		.where(and(eq(staffUsers.id, id), isNull(staffUsers.disabledAt)))
		.limit(1);
	return !!row;
}

export async function findStaff(db: Database, ids: string[]) {
	if (ids.length === 0) return [];
	return db
		.select({ id: staffUsers.id, name: staffUsers.name, email: staffUsers.email })
		.from(staffUsers)
		.where(and(inArray(staffUsers.id, ids), isNull(staffUsers.disabledAt)));
}

/** Everyone an escalation level names: its users, and the members of its teams. */
export async function findEscalationRecipients(
	db: Database,
	level: { userIds: string[]; teamIds: string[] }
) {
	const teamUsers = level.teamIds.length
		? await db
				.select({ id: teamMembers.userId })
				.from(teamMembers)
				.where(inArray(teamMembers.teamId, level.teamIds))
		: [];
	const leads = level.teamIds.length
		? await db
				.select({ id: teams.leadId })
				.from(teams)
				.where(and(inArray(teams.id, level.teamIds), isNotNull(teams.leadId)))
		: [];
	const ids = [
		...new Set([
			...level.userIds,
			...teamUsers.map((row) => row.id),
			...leads.map((row) => row.id!)
		])
	];
	return findStaff(db, ids);
}

/** The number the next case would get; the unique index refuses it if another case took it first. */
export async function nextCaseNumber(db: Database): Promise<number> {
	const [row] = await db
		.select({ number: sql<number>`coalesce(max(${cases.number}), 1000) + 1` })
		.from(cases);
	return row?.number ?? 1001;
}

export function insertCase(db: Database, row: typeof cases.$inferInsert) {
	return db.insert(cases).values(row);
}

type NewCaseEvent = Omit<typeof caseEvents.$inferInsert, 'id' | 'isPublic'> & {
	isPublic?: boolean;
};

/** One timeline entry, or several in one statement. */
export function insertCaseEvent(db: Database, event: NewCaseEvent | NewCaseEvent[]) {
	return db
		.insert(caseEvents)
		.values([event].flat().map((one) => ({ id: newId(), isPublic: false, ...one })));
}

type NewSlaEvent = {
	caseId: string;
	target: SlaTarget;
	round: number;
	kind: (typeof slaEvents.$inferInsert)['kind'];
	level?: number;
	at: Date;
	id?: string;
};

/** One SLA event, or several in one statement. */
export function insertSlaEvent(db: Database, event: NewSlaEvent | NewSlaEvent[]) {
	return db
		.insert(slaEvents)
		.values([event].flat().map((one) => ({ id: one.id ?? newId(), level: 0, ...one })));
}

/** A new case's clocks, in one statement (a case that has clocks already goes through `upsertClock`). */
export function insertClocks(db: Database, rows: (typeof slaClocks.$inferInsert)[]) {
	return db.insert(slaClocks).values(rows);
}

/** The sweep's next look at a clock: its warning, then its due time, then each escalation. */
export function clockCheckAt(
	clock: Pick<ClockRow, 'fulfilledAt' | 'pausedAt' | 'warnAt' | 'dueAt'> &
		Partial<Pick<ClockRow, 'warnedAt' | 'breachedAt' | 'escalated'>>,
	escalationAfterMinutes: number[]
): Date | null {
	if (clock.fulfilledAt || clock.pausedAt) return null;
	if (clock.warnAt && !clock.warnedAt) return clock.warnAt;
	if (!clock.breachedAt) return clock.dueAt;
	const next = escalationAfterMinutes[clock.escalated ?? 0];
	return next === undefined ? null : new Date(clock.breachedAt.getTime() + next * 60_000);
}

export function toClockRow(
	caseId: string,
	clock: SlaClock,
	round: number
): Omit<ClockRow, 'nextCheckAt'> {
	return {
		caseId,
		target: clock.target,
		round,
		minutes: clock.minutes,
		startedAt: clock.startedAt,
		warnAt: clock.warnAt,
		dueAt: clock.dueAt,
		pausedAt: clock.pausedAt,
		fulfilledAt: clock.fulfilledAt,
		warnedAt: null,
		breachedAt: null,
		escalated: 0
	};
}

export function fromClockRow(row: ClockRow): SlaClock {
	return {
		target: row.target,
		minutes: row.minutes,
		startedAt: row.startedAt,
		warnAt: row.warnAt,
		dueAt: row.dueAt,
		pausedAt: row.pausedAt,
		fulfilledAt: row.fulfilledAt
	};
}

/** Writes a clock whole (insert, or replace the case's clock for that target). */
export function upsertClock(db: Database, row: typeof slaClocks.$inferInsert) {
	return db
		.insert(slaClocks)
		.values(row)
		.onConflictDoUpdate({
			target: [slaClocks.caseId, slaClocks.target],
			set: {
				round: row.round,
				minutes: row.minutes,
				startedAt: row.startedAt,
				warnAt: row.warnAt ?? null,
				dueAt: row.dueAt,
				pausedAt: row.pausedAt ?? null,
				fulfilledAt: row.fulfilledAt ?? null,
				warnedAt: row.warnedAt ?? null,
				breachedAt: row.breachedAt ?? null,
				escalated: row.escalated ?? 0,
				nextCheckAt: row.nextCheckAt ?? null
			}
		});
}

export function listClocks(db: Database, caseId: string) {
	return db.select().from(slaClocks).where(eq(slaClocks.caseId, caseId));
}

export function listSlaEvents(db: Database, caseId: string) {
	return (
		db
			.select()
			.from(slaEvents)
			.where(eq(slaEvents.caseId, caseId))
			// Events of one sweep share their time; the row order is the order they happened in.
			.orderBy(asc(slaEvents.at), asc(sql`${slaEvents}.rowid`))
	);
}

export async function findCase(db: Database, where: SQL) {
	const [row] = await db.select().from(cases).where(where).limit(1);
	return row ?? null;
}

export const caseById = (id: string) => eq(cases.id, id);

/** Resolved cases still waiting for the customer's answer since before `cutoff`, oldest first. */
export function findResolvedBefore(db: Database, cutoff: Date, limit: number) {
	return db
		.select()
		.from(cases)
		.where(and(eq(cases.state, 'resolved'), lte(cases.resolvedAt, cutoff)))
		.orderBy(asc(cases.resolvedAt))
		.limit(limit);
}

export async function findCaseByToken(db: Database, tokenHash: string) {
	const [row] = await db
		.select({ case: cases })
		.from(caseLinks)
		.innerJoin(cases, eq(cases.id, caseLinks.caseId))
		.where(eq(caseLinks.tokenHash, tokenHash))
		.limit(1);
	return row?.case ?? null;
}

export function insertCaseLink(db: Database, input: { caseId: string; token: string; now: Date }) {
	return db
		.insert(caseLinks)
		.values({ tokenHash: hashToken(input.token), caseId: input.caseId, createdAt: input.now });
}

/**
 * Runs first in a case's batch: fails the whole batch (a stale-state error the
 * caller turns into a 409) unless the case is still in `state`, so a change
 * that lost a race writes nothing at all, on a file, a libSQL server and D1.
 */
export function requireCaseState(db: Database, id: string, state: CaseRow['state']) {
	// A query builder select (not raw SQL), so D1 can batch it: a row only exists when the state moved on.
	return (
		db
			// Built from a column, so SQLite evaluates it per row rather than once up front.
			.select({ stale: sql`json(${cases.state} || ${staleStateMarker})` })
			.from(cases)
			.where(and(eq(cases.id, id), ne(cases.state, state)))
	);
}

/** An invalid JSON text whose error message identifies a lost race. */
export const staleStateMarker = '{"closeloop": stale case state';

export function isStaleStateError(error: unknown): boolean {
	const messages = [
		String((error as Error)?.message),
		String((error as { cause?: Error })?.cause?.message)
	];
	return messages.some((message) => /malformed JSON/i.test(message));
}

/**
 * Moves a case from `from` to `to` only if it is still in `from`
 * (compare-and-set): of two agents acting at once, one wins, the other gets
 * no row back and a 409.
 */
export function updateCaseState(
	db: Database,
	id: string,
	from: CaseRow['state'],
	set: Partial<typeof cases.$inferInsert>
) {
	return db
		.update(cases)
		.set(set)
		.where(and(eq(cases.id, id), eq(cases.state, from)))
		.returning({ id: cases.id });
}

/** Keeps a case's queue order in step with its clocks: the soonest check still to come. */
export function refreshNextDeadline(db: Database, caseId: string) {
	return db
		.update(cases)
		.set({
			nextDeadlineAt: sql`(select min(${slaClocks.dueAt}) from ${slaClocks} where ${slaClocks.caseId} = ${caseId} and ${slaClocks.fulfilledAt} is null and ${slaClocks.pausedAt} is null)`
		})
		.where(eq(cases.id, caseId));
}

export function listCaseEvents(db: Database, caseId: string) {
	return (
		db
			.select({
				id: caseEvents.id,
				type: caseEvents.type,
				actorType: caseEvents.actorType,
				actorId: caseEvents.actorId,
				actorName: staffUsers.name,
				body: caseEvents.body,
				isPublic: caseEvents.isPublic,
				data: caseEvents.data,
				createdAt: caseEvents.createdAt
			})
			.from(caseEvents)
			.leftJoin(staffUsers, eq(staffUsers.id, caseEvents.actorId))
			.where(eq(caseEvents.caseId, caseId))
			// Events written in one batch share their time; the row order is the order they were written in.
			.orderBy(asc(caseEvents.createdAt), asc(sql`${caseEvents}.rowid`))
	);
}

export type QueueFilter = {
	view: 'all' | 'mine' | 'team' | 'unassigned' | 'breached';
	userId: string;
	teamIds: string[];
	categoryId?: string | undefined;
	priority?: CaseRow['priority'] | undefined;
	state: CaseRow['state'] | 'open';
	q?: string | undefined;
	now: Date;
};

function queueConditions(filter: QueueFilter) {
	const conditions: SQL[] = [
		filter.state === 'open' ? ne(cases.state, 'closed') : eq(cases.state, filter.state)
	];
	if (filter.state === 'open') conditions.push(ne(cases.state, 'resolved'));
	if (filter.view === 'mine') conditions.push(eq(cases.assigneeId, filter.userId));
	if (filter.view === 'unassigned') conditions.push(isNull(cases.assigneeId));
	if (filter.view === 'team')
		conditions.push(filter.teamIds.length ? inArray(cases.teamId, filter.teamIds) : sql`0`);
	if (filter.view === 'breached') conditions.push(lte(cases.nextDeadlineAt, filter.now));
	if (filter.categoryId) conditions.push(eq(cases.categoryId, filter.categoryId));
	if (filter.priority) conditions.push(eq(cases.priority, filter.priority));
	if (filter.q) {
		const like = `%${filter.q.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
		const number = Number.parseInt(filter.q.replace(/^#/, ''), 10);
		conditions.push(
			or(
				sql`${cases.subject} like ${like} escape '\\'`,
				sql`(${cases.isAnonymous} = 0 and ${cases.reporterName} like ${like} escape '\\')`,
				Number.isFinite(number) ? eq(cases.number, number) : sql`0`
			)!
		);
	}
	return and(...conditions);
}

/** A page of the queue: cases ordered by time to breach (soonest first; cases with no running clock last). */
export function listQueue(
	db: Database,
	filter: QueueFilter,
	page: { limit: number; offset: number }
) {
	return db
		.select({
			case: cases,
			categoryName: caseCategories.name,
			assigneeName: staffUsers.name,
			accountName: accounts.name
		})
		.from(cases)
		.leftJoin(caseCategories, eq(caseCategories.id, cases.categoryId))
		.leftJoin(staffUsers, eq(staffUsers.id, cases.assigneeId))
		.leftJoin(accounts, eq(accounts.id, cases.accountId))
		.where(queueConditions(filter))
		.orderBy(
			sql`${cases.nextDeadlineAt} is null`,
			asc(cases.nextDeadlineAt),
			desc(cases.createdAt),
			asc(cases.id)
		)
		.limit(page.limit)
		.offset(page.offset);
}

/** How many cases the queue's filter finds, over all pages. */
export async function countQueue(db: Database, filter: QueueFilter): Promise<number> {
	const [row] = await db.select({ n: count() }).from(cases).where(queueConditions(filter));
	return row?.n ?? 0;
}

/** Clocks in the queue's cases, for their countdowns. */
export function listClocksOf(db: Database, caseIds: string[]) {
	if (caseIds.length === 0) return Promise.resolve([]);
	return db.select().from(slaClocks).where(inArray(slaClocks.caseId, caseIds));
}

export async function teamIdsOf(db: Database, userId: string): Promise<string[]> {
	const rows = await db
		.select({ id: teamMembers.teamId })
		.from(teamMembers)
		.where(eq(teamMembers.userId, userId));
	return rows.map((row) => row.id);
}

/**
 * Counts one request against each of `limits` (key → most allowed) in a fixed
 * window, in one upsert so concurrent requests all count, and says whether
 * every one is still within its limit.
 */
export async function hitRateLimits(
	db: Database,
	input: { limits: Record<string, number>; windowMs: number; now: Date }
) {
	const windowStart = new Date(Math.floor(input.now.getTime() / input.windowMs) * input.windowMs);
	const rows = await db
		.insert(rateLimits)
		.values(Object.keys(input.limits).map((key) => ({ key, windowStart, count: 1 })))
		.onConflictDoUpdate({
			target: [rateLimits.key, rateLimits.windowStart],
			set: { count: sql`${rateLimits.count} + 1` }
		})
		.returning({ key: rateLimits.key, count: rateLimits.count });
	return {
		allowed: rows.every((row) => row.count <= (input.limits[row.key] ?? Infinity)),
		retryAfterMs: windowStart.getTime() + input.windowMs - input.now.getTime()
	};
}

/** Drops counters of windows long gone; the tick calls it. */
export function pruneRateLimits(db: Database, before: Date) {
	return db.delete(rateLimits).where(lte(rateLimits.windowStart, before));
}

/** Clocks whose next check has come, soonest first: the sweep's whole read. */
export function findDueClocks(db: Database, now: Date, limit: number) {
	return db
		.select({
			clock: slaClocks,
			// What the sweep needs of a case, and no more: it reads a thousand at a time.
			case: {
				id: cases.id,
				number: cases.number,
				subject: cases.subject,
				assigneeId: cases.assigneeId,
				policy: cases.policy
			}
		})
		.from(slaClocks)
		.innerJoin(cases, eq(cases.id, slaClocks.caseId))
		.where(and(isNotNull(slaClocks.nextCheckAt), lte(slaClocks.nextCheckAt, now)))
		.orderBy(asc(slaClocks.nextCheckAt))
		.limit(limit);
}

/** A contact's open-case count and last closing, kept by the workflow for the survey fatigue rules. */
export function countCaseOpened(db: Database, contactId: string) {
	return db
		.update(contacts)
		.set({ openCaseCount: sql`${contacts.openCaseCount} + 1` })
		.where(eq(contacts.id, contactId));
}

export function countCaseClosed(db: Database, contactId: string, now: Date) {
	return db
		.update(contacts)
		.set({ openCaseCount: sql`max(0, ${contacts.openCaseCount} - 1)`, lastCaseClosedAt: now })
		.where(eq(contacts.id, contactId));
}

export function insertDomainEvent(
	db: Database,
	event: { type: string; subjectId: string; payload: Record<string, unknown>; now: Date }
) {
	return db
		.insert(domainEvents)
		.values({
			id: newId(),
			type: event.type,
			subjectId: event.subjectId,
			payload: event.payload,
			createdAt: event.now
		})
		.onConflictDoNothing();
}

/**
 * A domain event written only if the row `when.value` exists in `when.table`
 * when the batch runs, e.g. "the SLA warning this event reports was recorded
 * by this very batch" (see `insertOutboxEmailWhen`). An insert from a select,
 * so D1 can batch it.
 */
export function insertDomainEventWhen(
	db: Database,
	event: { type: string; subjectId: string; payload: Record<string, unknown>; now: Date },
	when: { table: SQLiteTable; id: SQLiteColumn; value: string }
) {
	const value = <T>(name: string, raw: unknown) => sql<T>`${raw}`.as(name);
	return db
		.insert(domainEvents)
		.select(
			db
				.select({
					id: value<string>('id', newId()),
					type: value<string>('type', event.type),
					subjectId: value<string>('subject_id', event.subjectId),
					payload: value<Record<string, unknown>>('payload', JSON.stringify(event.payload)),
					createdAt: value<Date>('created_at', event.now.getTime()),
					processedAt: value<Date | null>('processed_at', null)
				})
				.from(when.table)
				.where(eq(when.id, when.value))
		)
		.onConflictDoNothing();
}

type OnceEvent = {
	caseId: string;
	target: SlaTarget;
	round: number;
	kind: 'warn' | 'breach' | 'escalate';
	level: number;
	at: Date;
};

/**
 * A warning, breach or escalation to record once per case, target, round and
 * level: its row (for `insertSlaEventsOnce`) and the condition "this very
 * insert won", for the emails that must go out only with it.
 */
export function slaEventOnce(event: OnceEvent) {
	const id = newId();
	return { row: { id, ...event }, won: { table: slaEvents, id: slaEvents.id, value: id } };
}

/** D1 binds at most 100 parameters a statement; an SLA event has seven columns. */
const slaEventsPerStatement = 14;

/** The inserts of `rows`, a few to a statement; a row the unique index already has is skipped. */
export function insertSlaEventsOnce(db: Database, rows: ReturnType<typeof slaEventOnce>['row'][]) {
	const statements = [];
	for (let i = 0; i < rows.length; i += slaEventsPerStatement)
		statements.push(
			db
				.insert(slaEvents)
				.values(rows.slice(i, i + slaEventsPerStatement))
				.onConflictDoNothing()
		);
	return statements;
}

export type SweptClock = Pick<ClockRow, 'caseId' | 'target' | 'round'>;
export type SweptFacts = {
	warnedAt: Date | null;
	breachedAt: Date | null;
	escalated: number;
	nextCheckAt: Date | null;
};

/** D1 binds at most 100 parameters a statement: three a clock, five for what is set. */
const sweptClocksPerStatement = 30;

/**
 * What a sweep learnt, for every clock that learnt the same (a sweep's facts
 * depend on its time and the policy, so most due clocks share them), a few
 * clocks to a statement. A clock restarted meanwhile (a new round) is left alone.
 */
export function updateSweptClocks(db: Database, clocks: SweptClock[], seen: SweptFacts) {
	const statements = [];
	for (let i = 0; i < clocks.length; i += sweptClocksPerStatement) {
		const keys = clocks
			.slice(i, i + sweptClocksPerStatement)
			.map((clock) => sql`(${clock.caseId}, ${clock.target}, ${clock.round})`);
		statements.push(
			db
				.update(slaClocks)
				.set({
					warnedAt: sql`coalesce(${slaClocks.warnedAt}, ${seen.warnedAt?.getTime() ?? null})`,
					breachedAt: sql`coalesce(${slaClocks.breachedAt}, ${seen.breachedAt?.getTime() ?? null})`,
					escalated: sql`max(${slaClocks.escalated}, ${seen.escalated})`,
					nextCheckAt: seen.nextCheckAt
				})
				.where(
					sql`(${slaClocks.caseId}, ${slaClocks.target}, ${slaClocks.round}) in (values ${sql.join(keys, sql`, `)})`
				)
		);
	}
	return statements;
}

export function listAssignableStaff(db: Database) {
	return db
		.select({ id: staffUsers.id, name: staffUsers.name, role: staffUsers.role })
		.from(staffUsers)
		.where(isNull(staffUsers.disabledAt))
		.orderBy(asc(staffUsers.name));
}

export function findOpenCaseIds(db: Database, ids: string[]) {
	return db
		.select({ id: cases.id })
		.from(cases)
		.where(and(inArray(cases.id, ids), ne(cases.state, 'closed')));
}

export function assignCases(db: Database, ids: string[], assigneeId: string | null, now: Date) {
	return db.update(cases).set({ assigneeId, updatedAt: now }).where(inArray(cases.id, ids));
}

export function setCasePriority(
	db: Database,
	id: string,
	priority: CaseRow['priority'],
	now: Date
) {
	return db.update(cases).set({ priority, updatedAt: now }).where(eq(cases.id, id));
}

/** The names a case page shows beside the case: category, assignee, root cause, account. */
export async function findCaseNames(db: Database, row: CaseRow) {
	const [names] = await db
		.select({
			categoryName: caseCategories.name,
			assigneeName: staffUsers.name,
			rootCauseName: rootCauses.name,
			accountName: accounts.name
		})
		.from(cases)
		.leftJoin(caseCategories, eq(caseCategories.id, cases.categoryId))
		.leftJoin(staffUsers, eq(staffUsers.id, cases.assigneeId))
		.leftJoin(rootCauses, eq(rootCauses.id, cases.rootCauseId))
		.leftJoin(accounts, eq(accounts.id, cases.accountId))
		.where(eq(cases.id, row.id));
	return (
		names ?? { categoryName: null, assigneeName: null, rootCauseName: null, accountName: null }
	);
}

export async function listOtherCases(db: Database, contactId: string, exceptId: string) {
	return db
		.select({
			id: cases.id,
			number: cases.number,
			subject: cases.subject,
			state: cases.state,
			createdAt: cases.createdAt
		})
		.from(cases)
		.where(and(eq(cases.contactId, contactId), ne(cases.id, exceptId)))
		.orderBy(desc(cases.createdAt))
		.limit(10);
}

/** Detractor answers the complaint workflow has not taken up yet, oldest first, with what a case needs. */
export function findPendingDetractorEvents(db: Database, limit: number) {
	return db
		.select({
			eventId: domainEvents.id,
			responseId: surveyResponses.id,
			score: surveyResponses.score,
			comment: surveyResponses.comment,
			contactId: surveyResponses.contactId,
			locale: surveyResponses.locale,
			surveyName: surveys.name,
			kind: surveys.kind
		})
		.from(domainEvents)
		.innerJoin(surveyResponses, eq(surveyResponses.id, domainEvents.subjectId))
		.innerJoin(surveys, eq(surveys.id, surveyResponses.surveyId))
		.where(and(eq(domainEvents.type, 'response.detractor'), isNull(domainEvents.processedAt)))
		.orderBy(asc(domainEvents.createdAt))
		.limit(limit);
}

export function markDomainEventProcessed(db: Database, id: string, now: Date) {
	return db
		.update(domainEvents)
		.set({ processedAt: now })
		.where(and(eq(domainEvents.id, id), isNull(domainEvents.processedAt)));
}

export async function findCaseIdByResponse(db: Database, responseId: string) {
	const [row] = await db
		.select({ id: cases.id })
		.from(cases)
		.where(eq(cases.responseId, responseId))
		.limit(1);
	return row?.id ?? null;
}
