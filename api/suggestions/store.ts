import {
	and,
	count,
	desc,
	eq,
	gte,
	inArray,
	isNotNull,
	isNull,
	lt,
	or,
	sql,
	type SQL
} from 'drizzle-orm';
import type { Database } from '../../db/database';
import { accounts, contacts, type AccountTier } from '../../db/schema/accounts';
import { actions, actionSuggestions } from '../../db/schema/actions';
import { cases } from '../../db/schema/cases';
import { staffUsers } from '../../db/schema/staff';
import {
	suggestions,
	suggestionThemes,
	surveyResponses,
	surveys,
	type SuggestionSource
} from '../../db/schema/surveys';

export type SuggestionRow = typeof suggestions.$inferSelect;

export type SuggestionFilter = {
	q?: string | undefined;
	/** A theme's id, or `none` for untagged ones. */
	themeId?: string | undefined;
	source?: SuggestionSource | undefined;
	tier?: AccountTier | undefined;
	/** Received on or after / before these instants. */
	from?: Date | undefined;
	to?: Date | undefined;
	/** `open`: not linked to any action yet; `linked`: linked to one. Merged duplicates are never listed. */
	status: 'all' | 'open' | 'linked';
};

const isLinked = sql`exists (select 1 from ${actionSuggestions} where ${actionSuggestions.suggestionId} = ${suggestions.id})`;

function conditions(filter: SuggestionFilter): SQL | undefined {
	const where: (SQL | undefined)[] = [isNull(suggestions.mergedIntoId)];
	if (filter.q) {
		const like = `%${filter.q.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
		where.push(
			or(
				sql`${suggestions.text} like ${like} escape '\\'`,
				sql`${contacts.name} like ${like} escape '\\'`,
				sql`${accounts.name} like ${like} escape '\\'`
			)
		);
	}
	if (filter.themeId === 'none') where.push(isNull(suggestions.themeId));
	else if (filter.themeId) where.push(eq(suggestions.themeId, filter.themeId));
	if (filter.source) where.push(eq(suggestions.source, filter.source));
	if (filter.tier) where.push(eq(accounts.tier, filter.tier));
	if (filter.from) where.push(gte(suggestions.createdAt, filter.from));
	if (filter.to) where.push(lt(suggestions.createdAt, filter.to));
	if (filter.status === 'open') where.push(sql`not ${isLinked}`);
	if (filter.status === 'linked') where.push(isLinked);
	return and(...where);
}

const listed = {
	suggestion: suggestions,
	themeName: suggestionThemes.name,
	contactName: contacts.name,
	contactEmail: contacts.email,
	accountName: accounts.name,
	accountTier: accounts.tier,
	caseNumber: cases.number,
	surveyName: surveys.name,
	score: surveyResponses.score,
	createdByName: staffUsers.name
};

/** Suggestions with what the inbox shows about each: theme, suggester, account, origin. */
function selectWithContext(db: Database) {
	return db
		.select(listed)
		.from(suggestions)
		.leftJoin(suggestionThemes, eq(suggestionThemes.id, suggestions.themeId))
		.leftJoin(contacts, eq(contacts.id, suggestions.contactId))
		.leftJoin(accounts, eq(accounts.id, suggestions.accountId))
		.leftJoin(cases, eq(cases.id, suggestions.caseId))
		.leftJoin(surveyResponses, eq(surveyResponses.id, suggestions.responseId))
		.leftJoin(surveys, eq(surveys.id, surveyResponses.surveyId))
		.leftJoin(staffUsers, eq(staffUsers.id, suggestions.createdById));
}

/** The inbox: a page of suggestions (duplicates merged away), newest first, with their context. */
export function listSuggestions(
	db: Database,
	filter: SuggestionFilter,
	page: { limit: number; offset: number }
) {
	return selectWithContext(db)
		.where(conditions(filter))
		.orderBy(desc(suggestions.createdAt), desc(suggestions.id))
		.limit(page.limit)
		.offset(page.offset);
}

export async function countSuggestions(db: Database, filter: SuggestionFilter) {
	const [row] = await db
		.select({ n: count() })
		.from(suggestions)
		.leftJoin(contacts, eq(contacts.id, suggestions.contactId))
		.leftJoin(accounts, eq(accounts.id, suggestions.accountId))
		.where(conditions(filter));
	return row?.n ?? 0;
}

/** Suggestions by id with the same context as the inbox (merged ones included). */
export function findSuggestions(db: Database, ids: string[]) {
	if (ids.length === 0) return Promise.resolve([]);
	return selectWithContext(db)
		.where(inArray(suggestions.id, ids))
		.orderBy(desc(suggestions.createdAt), desc(suggestions.id));
}

/** The duplicates merged into each of `ids`, with who made them. */
export function listDuplicatesOf(db: Database, ids: string[]) {
	if (ids.length === 0) return Promise.resolve([]);
	return db
		.select({
			id: suggestions.id,
			mergedIntoId: suggestions.mergedIntoId,
			text: suggestions.text,
			source: suggestions.source,
			contactId: suggestions.contactId,
			contactName: contacts.name,
			accountName: accounts.name,
			createdAt: suggestions.createdAt
		})
		.from(suggestions)
		.leftJoin(contacts, eq(contacts.id, suggestions.contactId))
		.leftJoin(accounts, eq(accounts.id, suggestions.accountId))
		.where(inArray(suggestions.mergedIntoId, ids))
		.orderBy(suggestions.createdAt);
}

/** The actions each of `ids` is linked to. */
export function listActionsOf(db: Database, ids: string[]) {
	if (ids.length === 0) return Promise.resolve([]);
	return db
		.select({
			suggestionId: actionSuggestions.suggestionId,
			id: actions.id,
			title: actions.title,
			status: actions.status
		})
		.from(actionSuggestions)
		.innerJoin(actions, eq(actions.id, actionSuggestions.actionId))
		.where(inArray(actionSuggestions.suggestionId, ids))
		.orderBy(actions.createdAt);
}

export async function findSuggestionRows(db: Database, ids: string[]) {
	if (ids.length === 0) return [];
	return db.select().from(suggestions).where(inArray(suggestions.id, ids));
}

export async function findSuggestionByCase(db: Database, caseId: string) {
	const [row] = await db.select().from(suggestions).where(eq(suggestions.caseId, caseId));
	return row ?? null;
}

export function insertSuggestion(db: Database, row: typeof suggestions.$inferInsert) {
	return db.insert(suggestions).values(row);
}

export function setSuggestionTheme(db: Database, id: string, themeId: string | null, now: Date) {
	return db
		.update(suggestions)
		.set({ themeId, updatedAt: now })
		.where(eq(suggestions.id, id))
		.returning({ id: suggestions.id });
}

/**
 * Merges `duplicateIds` into `primaryId`, and whatever was merged into them
 * too, so duplicates never chain. Compare-and-set: a duplicate merged
 * elsewhere meanwhile is left alone (its update returns nothing).
 */
export function mergeInto(db: Database, primaryId: string, duplicateIds: string[], now: Date) {
	return db
		.update(suggestions)
		.set({ mergedIntoId: primaryId, updatedAt: now })
		.where(
			and(
				or(inArray(suggestions.id, duplicateIds), inArray(suggestions.mergedIntoId, duplicateIds)),
				or(isNull(suggestions.mergedIntoId), inArray(suggestions.mergedIntoId, duplicateIds))
			)
		)
		.returning({ id: suggestions.id });
}

/** Moves the duplicates' action links onto the primary (a link it has already stays one). */
export function moveActionLinks(
	db: Database,
	primaryId: string,
	duplicateIds: string[],
	now: Date
) {
	return db
		.insert(actionSuggestions)
		.select(
			db
				.selectDistinct({
					actionId: actionSuggestions.actionId,
					suggestionId: sql<string>`${primaryId}`.as('suggestion_id'),
					linkedAt: sql<Date>`${now.getTime()}`.as('linked_at')
				})
				.from(actionSuggestions)
				.where(inArray(actionSuggestions.suggestionId, duplicateIds))
		)
		.onConflictDoNothing();
}

export function dropActionLinks(db: Database, suggestionIds: string[]) {
	return db.delete(actionSuggestions).where(inArray(actionSuggestions.suggestionId, suggestionIds));
}

export function unmerge(db: Database, id: string, now: Date) {
	return db
		.update(suggestions)
		.set({ mergedIntoId: null, updatedAt: now })
		.where(and(eq(suggestions.id, id), isNotNull(suggestions.mergedIntoId)))
		.returning({ id: suggestions.id });
}

export async function findTheme(db: Database, id: string) {
	const [row] = await db
		.select()
		.from(suggestionThemes)
		.where(and(eq(suggestionThemes.id, id), isNull(suggestionThemes.archivedAt)));
	return row ?? null;
}

/** Themes still offered, by name: the inbox's filter and tag choices. */
export function listActiveThemes(db: Database) {
	return db
		.select({ id: suggestionThemes.id, name: suggestionThemes.name })
		.from(suggestionThemes)
		.where(isNull(suggestionThemes.archivedAt))
		.orderBy(sql`lower(${suggestionThemes.name})`);
}
