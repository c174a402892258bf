import type { SessionUser } from '../auth/session';
import type { Deps } from '../deps';
import { AppError, notFound } from '../errors';
import { insertAuditEntryIfChanged } from '../surveys/store';
import { deleteUnusedCalendar, findCalendar } from './store';

/**
 * Deletes a calendar no policy uses (active or not); otherwise a 409 naming
 * the policies to move first. Cases keep the copy they snapshotted.
 */
export async function deleteCalendar({
	deps,
	actor,
	id
}: {
	deps: Deps;
	actor: SessionUser;
	id: string;
}): Promise<void> {
	const { db } = deps;
	const now = deps.clock.now();
	const calendar = await findCalendar(db, id);
	if (!calendar) throw notFound('Business calendar');
	const [deleted] = await db.batch([
		deleteUnusedCalendar(db, id),
		insertAuditEntryIfChanged(db, {
			actorId: actor.id,
			action: 'business_calendar.deleted',
			entityType: 'business_calendar',
			entityId: id,
			detail: { name: calendar.name },
			at: now
		})
	]);
	if (deleted.length === 0) {
		const still = await findCalendar(db, id);
		if (!still) throw notFound('Business calendar');
		const names = still.policies.map((policy) => policy.name);
		throw new AppError(
			'conflict',
			`${still.name} is used by ${names.join(', ')}. Give ${names.length === 1 ? 'that policy' : 'those policies'} another calendar first.`
		);
	}
}
