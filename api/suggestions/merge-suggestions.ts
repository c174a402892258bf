import type { SessionUser } from '../auth/session';
import { insertAuditEntry } from '../audit/store';
import type { Deps } from '../deps';
import { AppError } from '../errors';
import { describeSuggestion } from './describe';
import { dropActionLinks, findSuggestionRows, mergeInto, moveActionLinks, unmerge } from './store';

/**
 * Merges duplicates into one suggestion. Every suggester is kept (each
 * duplicate keeps its contact and still hears back), whatever was merged into
 * a duplicate moves along, and the duplicates' action links move onto the
 * primary. All in one batch; a duplicate merged elsewhere meanwhile is a 409.
 */
export async function mergeSuggestions({
	deps,
	actor,
	primaryId,
	duplicateIds
}: {
	deps: Deps;
	actor: SessionUser;
	primaryId: string;
	duplicateIds: string[];
}) {
	const { db } = deps;
	const now = deps.clock.now();
	const ids = [...new Set(duplicateIds)].filter((id) => id !== primaryId);
	if (ids.length === 0)
		throw new AppError('validation_failed', 'Some fields are missing or invalid.', {
			duplicateIds: ['Choose other suggestions than the one they merge into.']
		});
	const rows = await findSuggestionRows(db, [primaryId, ...ids]);
	const primary = rows.find((row) => row.id === primaryId);
	if (!primary || rows.length !== ids.length + 1)
		throw new AppError('not_found', 'Some of these suggestions do not exist.');
	if (primary.mergedIntoId)
		throw new AppError(
			'conflict',
			'That suggestion is itself merged into another: merge into that one.'
		);
	if (rows.some((row) => row.id !== primaryId && row.mergedIntoId))
		throw new AppError('conflict', 'Some of these are already merged into another suggestion.');

	await db.batch([
		moveActionLinks(db, primaryId, ids, now),
		dropActionLinks(db, ids),
		mergeInto(db, primaryId, ids, now),
		insertAuditEntry(db, {
			actorId: actor.id,
			action: 'suggestion.merged',
			entityType: 'suggestion',
			entityId: primaryId,
			detail: { duplicateIds: ids },
			at: now
		})
	]);
	return (await describeSuggestion(db, primaryId))!;
}

/** Takes a duplicate back out; it becomes a suggestion of its own again (without the action links it lent). */
export async function unmergeSuggestion({
	deps,
	actor,
	id
}: {
	deps: Deps;
	actor: SessionUser;
	id: string;
}) {
	const { db } = deps;
	const now = deps.clock.now();
	const [row] = await findSuggestionRows(db, [id]);
	if (!row) throw new AppError('not_found', 'This suggestion does not exist.');
	if (!row.mergedIntoId) throw notMerged();
	const [changed] = await db.batch([
		unmerge(db, id, now),
		insertAuditEntry(db, {
			actorId: actor.id,
			action: 'suggestion.unmerged',
			entityType: 'suggestion',
			entityId: id,
			detail: { from: row.mergedIntoId },
			at: now
		})
	]);
	if (changed.length === 0) throw notMerged();
	return (await describeSuggestion(db, id))!;
}

const notMerged = () => new AppError('conflict', 'This suggestion is not merged into another.');
