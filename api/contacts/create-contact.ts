import type { SessionUser } from '../auth/session';
import { insertAuditEntry } from '../audit/store';
import type { Deps } from '../deps';
import { newId } from '../tokens';
import type { Contact, CreateContactInput } from './schemas';
import { findContact, findContactByEmail, insertContact, isUniqueViolation } from './store';
import { emailConflict, requireFreeEmail, requireOpenAccount } from './validate-contact';

export async function createContact({
	deps,
	actor,
	input
}: {
	deps: Deps;
	actor: SessionUser;
	input: CreateContactInput;
}): Promise<Contact> {
	const { db } = deps;
	const now = deps.clock.now();
	const account = await requireOpenAccount(db, input.accountId);
	await requireFreeEmail(db, input.email);
	const id = newId();
	try {
		await db.batch([
			insertContact(db, {
				id,
				accountId: account.id,
				email: input.email,
				name: input.name,
				locale: input.locale,
				timeZone: input.timeZone,
				consent: input.consent,
				createdAt: now,
				updatedAt: now
			}),
			insertAuditEntry(db, {
				actorId: actor.id,
				action: 'contact.created',
				entityType: 'contact',
				entityId: id,
				detail: { email: input.email, accountId: account.id, note: `Added to ${account.name}` },
				at: now
			})
		]);
	} catch (error) {
		// A racing request took the address between our check and the insert.
		if (isUniqueViolation(error))
			throw emailConflict(input.email, await findContactByEmail(db, input.email));
		throw error;
	}
	return (await findContact(db, id))!;
}
