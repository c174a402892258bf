import type { Database } from '../../db/database';
import { insertAuditEntry } from '../audit/store';
import { notFound } from '../errors';
import type { User } from './schemas';
import { findUser, findUserRow, updateUser } from './store';

/** Lets a disabled user sign in again (with their old password). Enabling an active user changes nothing. */
export async function enableUser({
	db,
	now,
	actorId,
	userId
}: {
	db: Database;
	now: Date;
	actorId: string;
	userId: string;
}): Promise<User> {
	const user = await findUserRow(db, userId);
	if (!user) throw notFound('User');
	if (user.disabledAt !== null) {
		await db.batch([
			updateUser(db, userId, { disabledAt: null, updatedAt: now }),
			insertAuditEntry(db, {
				actorId,
				action: 'user.enabled',
				entityType: 'user',
				entityId: userId,
				at: now
			})
		]);
	}
	const enabled = await findUser(db, userId);
	if (!enabled) throw notFound('User');
	return enabled;
}
