import type { SessionUser } from '../auth/session';
import type { Deps } from '../deps';
import { AppError, notFound } from '../errors';
import { insertAuditEntryIfChanged } from '../surveys/store';
import type { RootCause } from './schemas';
import { archiveRootCause as archiveRootCauseRow, findRootCause, findRootCauseRow } from './store';

/** Takes a root cause out of the list resolving offers; cases resolved with it keep it. Already archived is a 409. */
export async function archiveRootCause({
	deps,
	actor,
	id
}: {
	deps: Deps;
	actor: SessionUser;
	id: string;
}): Promise<RootCause> {
	const { db } = deps;
	const now = deps.clock.now();
	const current = await findRootCauseRow(db, id);
	if (!current) throw notFound('Root cause');
	const [archived] = await db.batch([
		archiveRootCauseRow(db, id, now),
		insertAuditEntryIfChanged(db, {
			actorId: actor.id,
			action: 'root_cause.archived',
			entityType: 'root_cause',
			entityId: id,
			detail: { name: current.name },
			at: now
		})
	]);
	if (archived.length === 0) throw new AppError('conflict', `${current.name} is already archived.`);
	const cause = await findRootCause(db, id);
	if (!cause) throw notFound('Root cause');
	return cause;
}
