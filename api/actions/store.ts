import { and, asc, desc, eq, inArray, isNull, like, or, sql, type SQL } from 'drizzle-orm';
import type { Database } from '../../db/database';
import { contacts } from '../../db/schema/accounts';
import { actionNotices, actions, actionSuggestions, newsLinks } from '../../db/schema/actions';
import { staffUsers } from '../../db/schema/staff';
import { suggestions } from '../../db/schema/surveys';
import type { ActionStatus } from '../domain/action-workflow';
import { staleStateMarker } from '../cases/store';

export type ActionRow = typeof actions.$inferSelect;

/** Suggestions an action answers: those linked, and every duplicate merged into one of them. */
const answered = (actionId: SQL | string) =>
	sql`(${suggestions.id} in (select ${actionSuggestions.suggestionId} from ${actionSuggestions} where ${actionSuggestions.actionId} = ${actionId})
		or ${suggestions.mergedIntoId} in (select ${actionSuggestions.suggestionId} from ${actionSuggestions} where ${actionSuggestions.actionId} = ${actionId}))`;

/** Actions with their owner and how many suggestions and customers each answers. */
export function listActions(
	db: Database,
	filter: { ownerId?: string | undefined; q?: string | undefined; ids?: string[] }
) {
	const where: (SQL | undefined)[] = [];
	if (filter.ownerId) where.push(eq(actions.ownerId, filter.ownerId));
	if (filter.q) {
		const pattern = `%${filter.q.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
		where.push(or(like(actions.title, pattern), like(actions.description, pattern)));
	}
	if (filter.ids) where.push(inArray(actions.id, filter.ids));
	return db
		.select({
			action: actions,
			ownerName: staffUsers.name,
			suggestions: sql<number>`(select count(*) from ${actionSuggestions} where ${actionSuggestions.actionId} = ${actions.id})`,
			customers: sql<number>`(select count(distinct ${suggestions.contactId}) from ${suggestions} where ${answered(sql`${actions.id}`)})`
		})
		.from(actions)
		.leftJoin(staffUsers, eq(staffUsers.id, actions.ownerId))
		.where(and(...where))
		.orderBy(desc(actions.updatedAt), asc(actions.id));
}

export async function findActionRow(db: Database, id: string) {
	const [row] = await db.select().from(actions).where(eq(actions.id, id));
	return row ?? null;
}

/** The suggestions linked to an action (not their duplicates), newest first. */
export function listLinkedSuggestionIds(db: Database, actionId: string) {
	return db
		.select({ id: actionSuggestions.suggestionId })
		.from(actionSuggestions)
		.innerJoin(suggestions, eq(suggestions.id, actionSuggestions.suggestionId))
		.where(eq(actionSuggestions.actionId, actionId))
		.orderBy(desc(suggestions.createdAt));
}

/**
 * The customers an action answers who may still hear about it: each with
 * their own words (their first suggestion), not unsubscribed or bounced, and
 * not yet told about this action.
 */
export function listCustomersToTell(db: Database, actionId: string) {
	return db
		.select({
			contactId: contacts.id,
			name: contacts.name,
			email: contacts.email,
			locale: contacts.locale,
			text: suggestions.text,
			createdAt: suggestions.createdAt
		})
		.from(suggestions)
		.innerJoin(contacts, eq(contacts.id, suggestions.contactId))
		.where(
			and(
				answered(actionId),
				isNull(contacts.unsubscribedAt),
				isNull(contacts.bouncedAt),
				sql`not exists (select 1 from ${actionNotices} where ${actionNotices.actionId} = ${actionId} and ${actionNotices.contactId} = ${contacts.id})`
			)
		)
		.orderBy(asc(suggestions.createdAt));
}

export function countNotices(db: Database, actionId: string) {
	return db
		.select({ outcome: actionNotices.outcome, n: sql<number>`count(*)` })
		.from(actionNotices)
		.where(eq(actionNotices.actionId, actionId))
		.groupBy(actionNotices.outcome);
}

export function insertAction(db: Database, row: typeof actions.$inferInsert) {
	return db.insert(actions).values(row);
}

export function updateAction(db: Database, id: string, set: Partial<ActionRow>) {
	return db.update(actions).set(set).where(eq(actions.id, id));
}

/**
 * Runs first in an action's batch: fails the whole batch (the cases' stale-state
 * error, which the caller turns into a 409) unless the action is still in `status`.
 */
export function requireActionStatus(db: Database, id: string, status: ActionStatus) {
	return db
		.select({ stale: sql`json(${actions.status} || ${staleStateMarker})` })
		.from(actions)
		.where(and(eq(actions.id, id), sql`${actions.status} <> ${status}`));
}

export function linkSuggestions(
	db: Database,
	actionId: string,
	suggestionIds: string[],
	now: Date
) {
	return db
		.insert(actionSuggestions)
		.values(suggestionIds.map((suggestionId) => ({ actionId, suggestionId, linkedAt: now })))
		.onConflictDoNothing();
}

export function unlinkSuggestion(db: Database, actionId: string, suggestionId: string) {
	return db
		.delete(actionSuggestions)
		.where(
			and(
				eq(actionSuggestions.actionId, actionId),
				eq(actionSuggestions.suggestionId, suggestionId)
			)
		)
		.returning({ id: actionSuggestions.suggestionId });
}

export function insertNotices(db: Database, rows: (typeof actionNotices.$inferInsert)[]) {
	return db.insert(actionNotices).values(rows).onConflictDoNothing();
}

export function insertNewsLinks(db: Database, rows: (typeof newsLinks.$inferInsert)[]) {
	return db.insert(newsLinks).values(rows);
}

/** Done actions, most recent first: the public "you said, we did" page. */
export function listDoneActions(db: Database, limit: number) {
	return db
		.select({
			id: actions.id,
			title: actions.title,
			description: actions.description,
			doneAt: actions.doneAt,
			customers: sql<number>`(select count(distinct ${suggestions.contactId}) from ${suggestions} where ${answered(sql`${actions.id}`)})`
		})
		.from(actions)
		.where(eq(actions.status, 'done'))
		.orderBy(desc(actions.doneAt))
		.limit(limit);
}

/** The contact a news email's unsubscribe token names. */
export async function findNewsLink(db: Database, tokenHash: string) {
	const [row] = await db
		.select({
			contactId: contacts.id,
			locale: contacts.locale,
			unsubscribedAt: contacts.unsubscribedAt
		})
		.from(newsLinks)
		.innerJoin(contacts, eq(contacts.id, newsLinks.contactId))
		.where(eq(newsLinks.tokenHash, tokenHash));
	return row ?? null;
}
