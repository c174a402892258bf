import type { SessionUser } from '../auth/session';
import { insertAuditEntry } from '../audit/store';
import type { Deps } from '../deps';
import { newId } from '../tokens';
import { nameTaken, requireNoFieldErrors, teamReferenceErrors } from './require-valid';
import type { CaseCategory, CategoryInput } from './schemas';
import { findCategory, insertCategory, isCategoryNameTaken } from './store';

/** Adds a complaint category with its routing, last in the list; names in use are unique regardless of case (409). */
export async function createCategory({
	deps,
	actor,
	input
}: {
	deps: Deps;
	actor: SessionUser;
	input: CategoryInput;
}): Promise<CaseCategory> {
	const { db } = deps;
	const now = deps.clock.now();
	if (await isCategoryNameTaken(db, input.name)) throw nameTaken('a category', input.name);
	requireNoFieldErrors(await teamReferenceErrors(db, input.teamId));

	const id = newId();
	await db.batch([
		insertCategory(db, { id, ...input, createdAt: now }),
		insertAuditEntry(db, {
			actorId: actor.id,
			action: 'case_category.created',
			entityType: 'case_category',
			entityId: id,
			detail: { ...input },
			at: now
		})
	]);
	const category = await findCategory(db, id);
	if (!category) throw new Error(`category ${id} vanished after being created`);
	return category;
}
