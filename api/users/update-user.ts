import type { Database } from '../../db/database';
import { insertAuditEntry } from '../audit/store';
import { AppError, notFound } from '../errors';
import type { UpdateUserInput, User } from './schemas';
import {
	assertAnActiveAdminRemains,
	countOtherActiveAdmins,
	findUser,
	findUserRow,
	isLastAdminViolation,
	updateUser as updateUserRow
} from './store';

/**
 * Renames a user or changes their role. An admin cannot demote themselves, and
 * the last active admin cannot be demoted by anyone: both are 409s.
 */
export async function updateUser({
	db,
	now,
	actorId,
	userId,
	input
}: {
	db: Database;
	now: Date;
	actorId: string;
	userId: string;
	input: UpdateUserInput;
}): Promise<User> {
	const user = await findUserRow(db, userId);
	if (!user) throw notFound('User');

	const name = input.name !== undefined && input.name !== user.name ? input.name : undefined;
	const role = input.role !== undefined && input.role !== user.role ? input.role : undefined;
	const demotesAdmin = role !== undefined && user.role === 'admin';
	if (demotesAdmin && user.id === actorId) {
		throw new AppError('conflict', 'You cannot change your own role. Ask another admin to do it.', {
			role: ['You cannot change your own role.']
		});
	}
	if (
		demotesAdmin &&
		user.disabledAt === null &&
		(await countOtherActiveAdmins(db, user.id)) === 0
	) {
		throw lastAdmin(user.name);
	}
	if (name === undefined && role === undefined) {
		const unchanged = await findUser(db, userId);
		if (!unchanged) throw notFound('User');
		return unchanged;
	}

	const entry = (action: string, detail: Record<string, unknown>) =>
		insertAuditEntry(db, {
			actorId,
			action,
			entityType: 'user',
			entityId: userId,
			detail,
			at: now
		});
	const update = updateUserRow(db, userId, { name, role, updatedAt: now });
	const renamed =
		name !== undefined ? entry('user.renamed', { from: user.name, to: name }) : undefined;
	const roleChanged =
		role !== undefined ? entry('user.role_changed', { from: user.role, to: role }) : undefined;
	try {
		if (renamed && roleChanged) {
			await db.batch([update, renamed, roleChanged, assertAnActiveAdminRemains(db)]);
		} else if (roleChanged) {
			await db.batch([update, roleChanged, assertAnActiveAdminRemains(db)]);
		} else if (renamed) {
			await db.batch([update, renamed]);
		}
	} catch (error) {
		if (isLastAdminViolation(error)) throw lastAdmin(user.name);
		throw error;
	}
	const updated = await findUser(db, userId);
	if (!updated) throw notFound('User');
	return updated;
}

export function lastAdmin(name: string): AppError {
	return new AppError(
		'conflict',
		`${name} is the last active admin. Make someone else an admin first.`
	);
}
