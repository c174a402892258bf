import type { Database } from '../../db/database';
import { AppError } from '../errors';
import { findAccountByExternalRef, findActiveStaff } from './store';

/** A 422 on `ownerId` unless it names a staff user who is not disabled. */
export async function requireOwner(db: Database, ownerId: string) {
	const owner = await findActiveStaff(db, ownerId);
	if (!owner) {
		throw new AppError('validation_failed', 'Choose an owner from the staff list.', {
			ownerId: ['No active staff user has this id.']
		});
	}
	return owner;
}

/** A 409 naming the account that already uses `externalRef`, unless it is `exceptId`. */
export async function requireFreeExternalRef(db: Database, externalRef: string, exceptId?: string) {
	const existing = await findAccountByExternalRef(db, externalRef);
	if (existing && existing.id !== exceptId) throw externalRefConflict(externalRef, existing.name);
}

export function externalRefConflict(externalRef: string, accountName?: string) {
	const message = accountName
		? `${accountName} already has the reference ${externalRef}.`
		: `Another account already has the reference ${externalRef}.`;
	return new AppError('conflict', message, { externalRef: [message] });
}

/** A 422 on `field` when `at` lies after `now`: wins and losses are facts, not plans. */
export function requireNotFuture(at: Date, now: Date, field: string, label: string) {
	if (at.getTime() > now.getTime()) {
		throw new AppError('validation_failed', `${label} cannot be in the future.`, {
			[field]: [`${label} cannot be in the future.`]
		});
	}
}
