import type { SessionUser } from '../auth/session';
import { insertAuditEntry } from '../audit/store';
import type { Deps } from '../deps';
import { isErasedContact } from '../domain/personal-data';
import { AppError, notFound } from '../errors';
import type { Contact } from './schemas';
import { findAccountForContact, findContact, findContactRow, setContactArchived } from './store';
import { erasedConflict } from './validate-contact';

/** Archives a contact (kept for history, no longer surveyed) or restores one. */
export async function setContactArchive({
	deps,
	actor,
	id,
	archived
}: {
	deps: Deps;
	actor: SessionUser;
	id: string;
	archived: boolean;
}): Promise<Contact> {
	const { db } = deps;
	const now = deps.clock.now();
	const current = await findContactRow(db, id);
	if (!current) throw notFound('Contact');
	if (archived === (current.archivedAt !== null)) {
		throw new AppError('conflict', `${current.name} is ${archived ? 'already' : 'not'} archived.`);
	}
	if (!archived) {
		if (isErasedContact(current)) throw erasedConflict();
		const account = await findAccountForContact(db, current.accountId);
		if (account?.archivedAt) {
			throw new AppError('conflict', `${account.name} is archived. Restore the account first.`);
		}
	}
	const [changed] = await db.batch([
		setContactArchived(db, id, archived ? now : null, now),
		insertAuditEntry(db, {
			actorId: actor.id,
			action: archived ? 'contact.archived' : 'contact.unarchived',
			entityType: 'contact',
			entityId: id,
			at: now
		})
	]);
	if (changed.length === 0) {
		throw new AppError('conflict', `${current.name} is ${archived ? 'already' : 'not'} archived.`);
	}
	return (await findContact(db, id))!;
}
