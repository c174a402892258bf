import {
	and,
	asc,
	between,
	count,
	desc,
	eq,
	gte,
	isNull,
	lt,
	or,
	sql,
	type SQL
} from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import type { Database } from '../../db/database';
import { accounts, contacts } from '../../db/schema/accounts';
import { organization } from '../../db/schema/organization';
import { outbox } from '../../db/schema/outbox';
import { surveyInvitations, surveyResponses, surveys, surveySkips } from '../../db/schema/surveys';
import { containsPattern } from '../accounts/store';
import type { SurveyKind } from '../domain/survey-definition';
import type { Span } from './periods';
import type { ResponseGroup, ResponseSort } from './schemas';
import { bandRanges } from './score-bands';
import type { FatigueSettings } from './skip-labels';

export type SurveyRow = typeof surveys.$inferSelect;

export async function findSurveyRow(db: Database, id: string): Promise<SurveyRow | null> {
	const [row] = await db.select().from(surveys).where(eq(surveys.id, id));
	return row ?? null;
}

/** The organisation's fatigue rules, or the schema's defaults before an admin saved any. */
export async function readFatigueSettings(db: Database): Promise<FatigueSettings> {
	const [row] = await db
		.select({
			fatigueDays: organization.fatigueDays,
			complaintCooldownDays: organization.complaintCooldownDays
		})
		.from(organization)
		.where(eq(organization.id, 1));
	return row ?? { fatigueDays: 30, complaintCooldownDays: 14 };
}

function within(column: SQLiteColumn, span: Span): SQL[] {
	const where: SQL[] = [];
	if (span.from) where.push(gte(column, span.from));
	if (span.to) where.push(lt(column, span.to));
	return where;
}

const countWhere = (condition: SQL) =>
	sql<number>`coalesce(sum(case when ${condition} then 1 else 0 end), 0)`;

/** Invitations created in the span, and how many of them were reminded and answered. */
export async function countInvitations(db: Database, surveyId: string, span: Span) {
	const [row] = await db
		.select({
			sent: count(),
			answered: countWhere(sql`${surveyInvitations.respondedAt} is not null`),
			reminded: countWhere(sql`${surveyInvitations.remindedAt} is not null`)
		})
		.from(surveyInvitations)
		.where(
			and(eq(surveyInvitations.surveyId, surveyId), ...within(surveyInvitations.createdAt, span))
		);
	return {
		sent: row?.sent ?? 0,
		answered: Number(row?.answered ?? 0),
		reminded: Number(row?.reminded ?? 0)
	};
}

/** The delivery state of the invitations' emails (an invitation's email shares its id), by outbox status. */
export async function countInvitationEmails(db: Database, surveyId: string, span: Span) {
	return db
		.select({ status: outbox.status, n: count() })
		.from(surveyInvitations)
		.innerJoin(outbox, eq(outbox.id, surveyInvitations.id))
		.where(
			and(eq(surveyInvitations.surveyId, surveyId), ...within(surveyInvitations.createdAt, span))
		)
		.groupBy(outbox.status);
}

/**
 * A skip record is current while no invitation of the same survey reached the
 * contact in that cadence window or a later one; archived contacts are no
 * longer due, so they are left out.
 */
const skipIsCurrent = and(
	isNull(contacts.archivedAt),
	sql`not exists (select 1 from ${surveyInvitations} where ${surveyInvitations.surveyId} = ${surveySkips.surveyId} and ${surveyInvitations.contactId} = ${surveySkips.contactId} and ${surveyInvitations.cycle} >= ${surveySkips.cycle})`
);

/** Which skips to count: one survey, or every survey of a kind, narrowed to accounts of a tier or owners. */
export type SkipFilter = {
	surveyId?: string | undefined;
	kind?: SurveyKind | undefined;
	tier?: string | undefined;
	ownerIds?: string[] | undefined;
};

/** Contacts the survey (or surveys) currently skip, counted by reason, most first. */
export async function countCurrentSkips(db: Database, filter: SkipFilter) {
	const where: (SQL | undefined)[] = [skipIsCurrent];
	if (filter.surveyId) where.push(eq(surveySkips.surveyId, filter.surveyId));
	if (filter.kind)
		where.push(
			sql`${surveySkips.surveyId} in (select ${surveys.id} from ${surveys} where ${surveys.kind} = ${filter.kind})`
		);
	if (filter.tier) where.push(eq(accounts.tier, filter.tier as never));
	if (filter.ownerIds)
		where.push(
			filter.ownerIds.length
				? sql`${accounts.ownerId} in (select value from json_each(${JSON.stringify(filter.ownerIds)}))`
				: sql`false`
		);
	const segmented = filter.tier || filter.ownerIds;
	const query = db
		.select({ reason: surveySkips.reason, n: count() })
		.from(surveySkips)
		.innerJoin(contacts, eq(contacts.id, surveySkips.contactId));
	return (segmented ? query.innerJoin(accounts, eq(accounts.id, contacts.accountId)) : query)
		.where(and(...where))
		.groupBy(surveySkips.reason)
		.orderBy(desc(count()), asc(surveySkips.reason));
}

/** The lead scores answered in the span, with who answered and when: the input of the latest-per-contact rule. */
export async function listResponseScores(db: Database, surveyId: string, span: Span) {
	return db
		.select({
			contactId: surveyResponses.contactId,
			score: surveyResponses.score,
			at: surveyResponses.createdAt
		})
		.from(surveyResponses)
		.where(and(eq(surveyResponses.surveyId, surveyId), ...within(surveyResponses.createdAt, span)))
		.orderBy(asc(surveyResponses.createdAt), asc(surveyResponses.id));
}

const hasComment = sql`trim(coalesce(${surveyResponses.comment}, '')) <> ''`;

/** The newest answers with a comment in the span, with the contact's and account's names. */
export async function listLatestComments(
	db: Database,
	surveyId: string,
	span: Span,
	limit: number
) {
	return db
		.select({
			responseId: surveyResponses.id,
			contactId: contacts.id,
			contactName: contacts.name,
			accountId: accounts.id,
			accountName: accounts.name,
			score: surveyResponses.score,
			comment: surveyResponses.comment,
			answeredAt: surveyResponses.createdAt
		})
		.from(surveyResponses)
		.innerJoin(contacts, eq(contacts.id, surveyResponses.contactId))
		.innerJoin(accounts, eq(accounts.id, surveyResponses.accountId))
		.where(
			and(
				eq(surveyResponses.surveyId, surveyId),
				hasComment,
				...within(surveyResponses.createdAt, span)
			)
		)
		.orderBy(desc(surveyResponses.createdAt), desc(surveyResponses.id))
		.limit(limit);
}

export type ResponseQuery = {
	kind: SurveyKind;
	group: ResponseGroup;
	hasComment: boolean | undefined;
	q: string | undefined;
	span: Span;
	sort: ResponseSort;
};

const groupBands = { promoters: 'promoter', passives: 'passive', detractors: 'detractor' } as const;

function responseConditions(surveyId: string, query: ResponseQuery): SQL | undefined {
	const where: (SQL | undefined)[] = [
		eq(surveyResponses.surveyId, surveyId),
		...within(surveyResponses.createdAt, query.span)
	];
	if (query.group !== 'all') {
		const range = bandRanges[query.kind][groupBands[query.group]];
		where.push(between(surveyResponses.score, range.min, range.max));
	}
	if (query.hasComment === true) where.push(hasComment);
	if (query.hasComment === false) where.push(sql`not (${hasComment})`);
	if (query.q) {
		const pattern = containsPattern(query.q);
		where.push(
			or(
				sql`lower(${contacts.name}) LIKE ${pattern} ESCAPE '\\'`,
				sql`${contacts.email} LIKE ${pattern} ESCAPE '\\'`,
				sql`lower(${accounts.name}) LIKE ${pattern} ESCAPE '\\'`,
				sql`lower(${surveyResponses.comment}) LIKE ${pattern} ESCAPE '\\'`
			)
		);
	}
	return and(...where);
}

const sortColumns: Record<string, SQL> = {
	answeredAt: sql`${surveyResponses.createdAt}`,
	score: sql`${surveyResponses.score}`,
	contact: sql`lower(${contacts.name})`
};

function responseOrder(sort: ResponseSort) {
	const descending = sort.startsWith('-');
	const column = sortColumns[descending ? sort.slice(1) : sort]!;
	return [
		descending ? desc(column) : asc(column),
		desc(surveyResponses.createdAt),
		asc(surveyResponses.id)
	];
}

const responseSelection = {
	id: surveyResponses.id,
	contactId: contacts.id,
	contactName: contacts.name,
	contactEmail: contacts.email,
	accountId: accounts.id,
	accountName: accounts.name,
	score: surveyResponses.score,
	comment: surveyResponses.comment,
	answers: surveyResponses.answers,
	locale: surveyResponses.locale,
	createdAt: surveyResponses.createdAt,
	updatedAt: surveyResponses.updatedAt
};
export type ResponseRow = {
	id: string;
	contactId: string;
	contactName: string;
	contactEmail: string;
	accountId: string;
	accountName: string;
	score: number;
	comment: string | null;
	answers: Record<string, string | number>;
	locale: string;
	createdAt: Date;
	updatedAt: Date;
};

/** One page of a survey's answers matching the filters, with the total. */
export async function listResponses(
	db: Database,
	surveyId: string,
	query: ResponseQuery,
	page: { offset: number; limit: number }
): Promise<{ rows: ResponseRow[]; total: number }> {
	const where = responseConditions(surveyId, query);
	const [rows, [totalRow]] = await Promise.all([
		db
			.select(responseSelection)
			.from(surveyResponses)
			.innerJoin(contacts, eq(contacts.id, surveyResponses.contactId))
			.innerJoin(accounts, eq(accounts.id, surveyResponses.accountId))
			.where(where)
			.orderBy(...responseOrder(query.sort))
			.limit(page.limit)
			.offset(page.offset),
		db
			.select({ n: count() })
			.from(surveyResponses)
			.innerJoin(contacts, eq(contacts.id, surveyResponses.contactId))
			.innerJoin(accounts, eq(accounts.id, surveyResponses.accountId))
			.where(where)
	]);
	return { rows, total: totalRow?.n ?? 0 };
}

/** Every answer matching the filters, for the CSV export. */
export async function listAllResponses(
	db: Database,
	surveyId: string,
	query: ResponseQuery
): Promise<ResponseRow[]> {
	return db
		.select(responseSelection)
		.from(surveyResponses)
		.innerJoin(contacts, eq(contacts.id, surveyResponses.contactId))
		.innerJoin(accounts, eq(accounts.id, surveyResponses.accountId))
		.where(responseConditions(surveyId, query))
		.orderBy(...responseOrder(query.sort));
}

const surveyHeader = {
	id: surveys.id,
	name: surveys.name,
	kind: surveys.kind,
	status: surveys.status
};

/** A contact's invitations, newest first, with their survey. */
export async function listContactInvitations(db: Database, contactId: string, limit: number) {
	return db
		.select({
			survey: surveyHeader,
			id: surveyInvitations.id,
			cycle: surveyInvitations.cycle,
			createdAt: surveyInvitations.createdAt,
			remindedAt: surveyInvitations.remindedAt,
			respondedAt: surveyInvitations.respondedAt
		})
		.from(surveyInvitations)
		.innerJoin(surveys, eq(surveys.id, surveyInvitations.surveyId))
		.where(eq(surveyInvitations.contactId, contactId))
		.orderBy(desc(surveyInvitations.createdAt), desc(surveyInvitations.cycle))
		.limit(limit);
}

/** A contact's answers, newest first, with their survey. */
export async function listContactResponses(db: Database, contactId: string, limit: number) {
	return db
		.select({
			survey: surveyHeader,
			id: surveyResponses.id,
			score: surveyResponses.score,
			comment: surveyResponses.comment,
			createdAt: surveyResponses.createdAt,
			updatedAt: surveyResponses.updatedAt
		})
		.from(surveyResponses)
		.innerJoin(surveys, eq(surveys.id, surveyResponses.surveyId))
		.where(eq(surveyResponses.contactId, contactId))
		.orderBy(desc(surveyResponses.createdAt), desc(surveyResponses.id))
		.limit(limit);
}

/** The contact's current skip records (see `skipIsCurrent`), one per survey at most. */
export async function listContactSkips(db: Database, contactId: string) {
	return db
		.select({
			survey: surveyHeader,
			reason: surveySkips.reason,
			nextPossibleAt: surveySkips.nextPossibleAt,
			at: surveySkips.at
		})
		.from(surveySkips)
		.innerJoin(surveys, eq(surveys.id, surveySkips.surveyId))
		.innerJoin(contacts, eq(contacts.id, surveySkips.contactId))
		.where(and(eq(surveySkips.contactId, contactId), skipIsCurrent));
}
