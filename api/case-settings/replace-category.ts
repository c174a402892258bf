import type { SessionUser } from '../auth/session';
import type { Deps } from '../deps';
import { AppError, notFound } from '../errors';
import { insertAuditEntryIfChanged } from '../surveys/store';
import { nameTaken, requireNoFieldErrors, teamReferenceErrors } from './require-valid';
import type { CaseCategory, CategoryInput } from './schemas';
import { findCategory, findCategoryRow, isCategoryNameTaken, updateCategory } from './store';

/**
 * Replaces a category's name and routing. Open cases keep the priority, team
 * and assignee they were given; new cases follow the new rules. An archived
 * category is a 409: it is kept only for the cases filed under it.
 */
export async function replaceCategory({
	deps,
	actor,
	id,
	input
}: {
	deps: Deps;
	actor: SessionUser;
	id: string;
	input: CategoryInput;
}): Promise<CaseCategory> {
	const { db } = deps;
	const now = deps.clock.now();
	const current = await findCategoryRow(db, id);
	if (!current) throw notFound('Category');
	if (current.archivedAt) throw archived(current.name);
	if (await isCategoryNameTaken(db, input.name, id)) throw nameTaken('a category', input.name);
	requireNoFieldErrors(await teamReferenceErrors(db, input.teamId));

	const changes = Object.fromEntries(
		(['name', 'priority', 'teamId', 'assignToOwner'] as const)
			.filter((key) => current[key] !== input[key])
			.map((key) => [key, { from: current[key], to: input[key] }])
	);
	if (Object.keys(changes).length > 0) {
		const [updated] = await db.batch([
			updateCategory(db, id, input),
			insertAuditEntryIfChanged(db, {
				actorId: actor.id,
				action: 'case_category.updated',
				entityType: 'case_category',
				entityId: id,
				detail: changes,
				at: now
			})
		]);
		if (updated.length === 0) throw archived(current.name);
	}
	const category = await findCategory(db, id);
	if (!category) throw notFound('Category');
	return category;
}

function archived(name: string): AppError {
	return new AppError('conflict', `${name} is archived and can no longer be changed.`);
}
