import type { Database } from '../../db/database';
import { AppError } from '../errors';
import { findAccountForContact, findContactByEmail } from './store';

/** The account a contact is to belong to: a 422 on `accountId` unless it exists and is not archived. */
export async function requireOpenAccount(db: Database, accountId: string) {
	const account = await findAccountForContact(db, accountId);
	if (!account) {
		throw new AppError('validation_failed', 'Choose an account from the list.', {
			accountId: ['No account has this id.']
		});
	}
	if (account.archivedAt) {
		const message = `${account.name} is archived. Restore it before adding contacts.`;
		throw new AppError('validation_failed', message, { accountId: [message] });
	}
	return account;
}

/** A 409 naming the contact that already has `email`, unless it is `exceptId`. */
export async function requireFreeEmail(db: Database, email: string, exceptId?: string) {
	const existing = await findContactByEmail(db, email);
	if (existing && existing.id !== exceptId) throw emailConflict(email, existing);
}

export function emailConflict(
	email: string,
	existing?: { name: string; accountName: string } | null
) {
	const message = existing
		? `${existing.name} (${existing.accountName}) already has the address ${email}.`
		: `Another contact already has the address ${email}.`;
	return new AppError('conflict', message, { email: [message] });
}

/** An erased contact keeps its placeholders: nothing about it can be changed or restored. */
export function erasedConflict() {
	return new AppError(
		'conflict',
		'This contact’s personal data was erased; it can no longer be changed or restored.'
	);
}
