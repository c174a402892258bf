import type { BatchItem } from 'drizzle-orm/batch';
import type { SessionUser } from '../auth/session';
import { insertAuditEntry } from '../audit/store';
import { isActiveStaff } from '../cases/store';
import type { Deps } from '../deps';
import { AppError, notFound } from '../errors';
import { findSuggestionRows } from '../suggestions/store';
import { newId } from '../tokens';
import type { ActionInput, ActionUpdate } from './schemas';
import { findActionRow, insertAction, linkSuggestions, updateAction } from './store';

const invalid = (fields: Record<string, string[]>) =>
	new AppError('validation_failed', 'Some fields are missing or invalid.', fields);

async function requireOwner(deps: Deps, ownerId: string | null | undefined) {
	if (ownerId && !(await isActiveStaff(deps.db, ownerId)))
		throw invalid({ ownerId: ['Choose an active staff member.'] });
}

/** Suggestions to link must exist and not be merged away (link the one they are merged into). */
export async function requireLinkable(deps: Deps, suggestionIds: string[]) {
	const ids = [...new Set(suggestionIds)];
	const rows = await findSuggestionRows(deps.db, ids);
	if (rows.length !== ids.length)
		throw invalid({ suggestionIds: ['Some of these suggestions do not exist.'] });
	if (rows.some((row) => row.mergedIntoId))
		throw invalid({
			suggestionIds: ['Link the suggestion a duplicate is merged into, not the duplicate.']
		});
	return ids;
}

/** Creates an action, linked at once to the suggestions it answers. Audited. */
export async function createAction({
	deps,
	actor,
	input
}: {
	deps: Deps;
	actor: SessionUser;
	input: ActionInput;
}) {
	const { db } = deps;
	const now = deps.clock.now();
	await requireOwner(deps, input.ownerId);
	const suggestionIds = await requireLinkable(deps, input.suggestionIds);
	const id = newId();
	const statements: BatchItem<'sqlite'>[] = [
		insertAction(db, {
			id,
			title: input.title,
			description: input.description,
			ownerId: input.ownerId ?? null,
			dueOn: input.dueOn ?? null,
			status: 'planned',
			createdById: actor.id,
			createdAt: now,
			updatedAt: now
		}),
		insertAuditEntry(db, {
			actorId: actor.id,
			action: 'action.created',
			entityType: 'action',
			entityId: id,
			detail: { title: input.title, suggestionIds },
			at: now
		})
	];
	if (suggestionIds.length > 0) statements.push(linkSuggestions(db, id, suggestionIds, now));
	const [first, ...rest] = statements;
	await db.batch([first!, ...rest]);
	return id;
}

/** Edits an action's title, description, owner or due date; a done action's text is what customers read, so it stays. */
export async function editAction({
	deps,
	actor,
	id,
	input
}: {
	deps: Deps;
	actor: SessionUser;
	id: string;
	input: ActionUpdate;
}) {
	const { db } = deps;
	const now = deps.clock.now();
	const action = await findActionRow(db, id);
	if (!action) throw notFound('Action');
	const rewords =
		(input.title !== undefined && input.title !== action.title) ||
		(input.description !== undefined && input.description !== action.description);
	if (action.status === 'done' && rewords)
		throw new AppError(
			'conflict',
			'This action is done and its customers have read its title and description; they can no longer change.'
		);
	await requireOwner(deps, input.ownerId);
	const changes: Record<string, { from: unknown; to: unknown }> = {};
	for (const key of ['title', 'description', 'ownerId', 'dueOn'] as const) {
		const value = input[key];
		if (value !== undefined && value !== action[key])
			changes[key] = { from: action[key], to: value };
	}
	if (Object.keys(changes).length === 0) return;
	await db.batch([
		updateAction(db, id, {
			...Object.fromEntries(Object.entries(changes).map(([key, change]) => [key, change.to])),
			updatedAt: now
		}),
		insertAuditEntry(db, {
			actorId: actor.id,
			action: 'action.updated',
			entityType: 'action',
			entityId: id,
			detail: changes,
			at: now
		})
	]);
}
