import type { Database } from '../../db/database';
import { insertAuditEntry } from '../audit/store';
import { hashPassword } from '../auth/password';
import { notFound } from '../errors';
import type { User } from './schemas';
import {
	clearSignInFailuresFor,
	deleteSessionsOf,
	findUser,
	findUserRow,
	updateUser
} from './store';

/**
 * Sets a new password for a user, signs them out everywhere (except the
 * session `keepSessionId`, when admins reset their own) and lifts any sign-in
 * lockout. The API and the admin CLI both come through here.
 */
export async function resetPassword({
	db,
	now,
	actorId,
	userId,
	password,
	keepSessionId
}: {
	db: Database;
	now: Date;
	/** Null for the command line. */
	actorId: string | null;
	userId: string;
	password: string;
	keepSessionId?: string;
}): Promise<User> {
	const user = await findUserRow(db, userId);
	if (!user) throw notFound('User');
	const passwordHash = await hashPassword(password);
	await db.batch([
		updateUser(db, userId, { passwordHash, updatedAt: now }),
		deleteSessionsOf(db, userId, keepSessionId),
		clearSignInFailuresFor(db, user.email),
		insertAuditEntry(db, {
			actorId,
			action: 'user.password_reset',
			entityType: 'user',
			entityId: userId,
			detail: actorId ? undefined : { via: 'cli' },
			at: now
		})
	]);
	const updated = await findUser(db, userId);
	if (!updated) throw notFound('User');
	return updated;
}
