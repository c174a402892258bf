import type { Database } from '../../db/database';
import type { Suggestion } from './schemas';
import { findSuggestions, listActionsOf, listDuplicatesOf, type listSuggestions } from './store';

type Listed = Awaited<ReturnType<typeof listSuggestions>>[number];

/** Suggestions as the API shows them, with their duplicates, customers and actions (two more reads per page). */
export async function describeSuggestions(db: Database, rows: Listed[]): Promise<Suggestion[]> {
	const ids = rows.map((row) => row.suggestion.id);
	const [duplicates, linked] = await Promise.all([
		listDuplicatesOf(db, ids),
		listActionsOf(db, ids)
	]);
	return rows.map(({ suggestion: row, ...context }) => {
		const own = duplicates.filter((duplicate) => duplicate.mergedIntoId === row.id);
		const customers = new Set(
			[row.contactId, ...own.map((duplicate) => duplicate.contactId)].filter(
				(id): id is string => !!id
			)
		);
		return {
			id: row.id,
			text: row.text,
			source: row.source,
			createdAt: row.createdAt.toISOString(),
			theme: row.themeId && context.themeName ? { id: row.themeId, name: context.themeName } : null,
			contact:
				row.contactId && context.contactName !== null
					? { id: row.contactId, name: context.contactName, email: context.contactEmail ?? '' }
					: null,
			account:
				row.accountId && context.accountName !== null
					? { id: row.accountId, name: context.accountName, tier: context.accountTier ?? '' }
					: null,
			origin: {
				caseId: row.caseId,
				caseNumber: context.caseNumber,
				responseId: row.responseId,
				surveyName: context.surveyName,
				score: context.score,
				addedBy: context.createdByName
			},
			mergedIntoId: row.mergedIntoId,
			duplicates: own.map((duplicate) => ({
				id: duplicate.id,
				text: duplicate.text,
				contactName: duplicate.contactName,
				accountName: duplicate.accountName,
				createdAt: duplicate.createdAt.toISOString()
			})),
			customers: customers.size,
			actions: linked
				.filter((action) => action.suggestionId === row.id)
				.map(({ id, title, status }) => ({ id, title, status }))
		};
	});
}

export async function describeSuggestion(db: Database, id: string): Promise<Suggestion | null> {
	const [row] = await findSuggestions(db, [id]);
	if (!row) return null;
	const [described] = await describeSuggestions(db, [row]);
	return described ?? null;
}
