import type { Database } from '../../db/database';
import { insertAuditEntry } from '../audit/store';
import { AppError, notFound } from '../errors';
import type { User } from './schemas';
import {
	assertAnActiveAdminRemains,
	countOtherActiveAdmins,
	deleteSessionsOf,
	findUser,
	findUserRow,
	isLastAdminViolation,
	updateUser
} from './store';
import { lastAdmin } from './update-user';

/**
 * Stops a user from signing in and ends their sessions at once. Disabling an
 * already disabled user changes nothing. Admins cannot disable themselves, and
 * the last active admin stays.
 */
export async function disableUser({
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
	if (user.id === actorId) {
		throw new AppError(
			'conflict',
			'You cannot disable your own account. Ask another admin to do it.'
		);
	}
	if (user.disabledAt === null) {
		if (user.role === 'admin' && (await countOtherActiveAdmins(db, user.id)) === 0) {
			throw lastAdmin(user.name);
		}
		try {
			await db.batch([
				updateUser(db, userId, { disabledAt: now, updatedAt: now }),
				deleteSessionsOf(db, userId),
				insertAuditEntry(db, {
					actorId,
					action: 'user.disabled',
					entityType: 'user',
					entityId: userId,
					at: now
				}),
				assertAnActiveAdminRemains(db)
			]);
		} catch (error) {
			if (isLastAdminViolation(error)) throw lastAdmin(user.name);
			throw error;
		}
	}
	const disabled = await findUser(db, userId);
	if (!disabled) throw notFound('User');
	return disabled;
}
