import type { SessionUser } from '../auth/session';
import type { Deps } from '../deps';
import { AppError, notFound } from '../errors';
import { insertAuditEntryIfChanged } from '../surveys/store';
import { nameTaken } from './require-valid';
import type { RootCause, RootCauseInput } from './schemas';
import { findRootCause, findRootCauseRow, isRootCauseNameTaken, updateRootCause } from './store';

/** Renames a root cause; cases resolved with it show the new name. An archived one is a 409. */
export async function replaceRootCause({
	deps,
	actor,
	id,
	input
}: {
	deps: Deps;
	actor: SessionUser;
	id: string;
	input: RootCauseInput;
}): Promise<RootCause> {
	const { db } = deps;
	const now = deps.clock.now();
	const current = await findRootCauseRow(db, id);
	if (!current) throw notFound('Root cause');
	if (current.archivedAt) throw archived(current.name);
	if (await isRootCauseNameTaken(db, input.name, id)) throw nameTaken('a root cause', input.name);

	if (current.name !== input.name) {
		const [updated] = await db.batch([
			updateRootCause(db, id, input.name),
			insertAuditEntryIfChanged(db, {
				actorId: actor.id,
				action: 'root_cause.updated',
				entityType: 'root_cause',
				entityId: id,
				detail: { name: { from: current.name, to: input.name } },
				at: now
			})
		]);
		if (updated.length === 0) throw archived(current.name);
	}
	const cause = await findRootCause(db, id);
	if (!cause) throw notFound('Root cause');
	return cause;
}

function archived(name: string): AppError {
	return new AppError('conflict', `${name} is archived and can no longer be changed.`);
}
