import type { SessionUser } from '../auth/session';
import type { Deps } from '../deps';
import { AppError, notFound } from '../errors';
import { insertAuditEntryIfChanged } from '../surveys/store';
import type { CaseCategory } from './schemas';
import { archiveCategory as archiveCategoryRow, findCategory, findCategoryRow } from './store';

/**
 * Takes a category out of use: the complaint form and the console stop
 * offering it, while cases filed under it keep it. Already archived is a 409.
 */
export async function archiveCategory({
	deps,
	actor,
	id
}: {
	deps: Deps;
	actor: SessionUser;
	id: string;
}): Promise<CaseCategory> {
	const { db } = deps;
	const now = deps.clock.now();
	const current = await findCategoryRow(db, id);
	if (!current) throw notFound('Category');
	const [archived] = await db.batch([
		archiveCategoryRow(db, id, now),
		insertAuditEntryIfChanged(db, {
			actorId: actor.id,
			action: 'case_category.archived',
			entityType: 'case_category',
			entityId: id,
			detail: { name: current.name },
			at: now
		})
	]);
	if (archived.length === 0) throw new AppError('conflict', `${current.name} is already archived.`);
	const category = await findCategory(db, id);
	if (!category) throw notFound('Category');
	return category;
}
