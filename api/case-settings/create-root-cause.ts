import type { SessionUser } from '../auth/session';
import { insertAuditEntry } from '../audit/store';
import type { Deps } from '../deps';
import { newId } from '../tokens';
import { nameTaken } from './require-valid';
import type { RootCause, RootCauseInput } from './schemas';
import { findRootCause, insertRootCause, isRootCauseNameTaken } from './store';

/** Adds a root cause to the list resolving a case offers; names in use are unique regardless of case (409). */
export async function createRootCause({
	deps,
	actor,
	input
}: {
	deps: Deps;
	actor: SessionUser;
	input: RootCauseInput;
}): Promise<RootCause> {
	const { db } = deps;
	const now = deps.clock.now();
	if (await isRootCauseNameTaken(db, input.name)) throw nameTaken('a root cause', input.name);

	const id = newId();
	await db.batch([
		insertRootCause(db, { id, name: input.name, createdAt: now }),
		insertAuditEntry(db, {
			actorId: actor.id,
			action: 'root_cause.created',
			entityType: 'root_cause',
			entityId: id,
			detail: { name: input.name },
			at: now
		})
	]);
	const cause = await findRootCause(db, id);
	if (!cause) throw new Error(`root cause ${id} vanished after being created`);
	return cause;
}
