import type { SessionUser } from '../auth/session';
import { insertAuditEntry } from '../audit/store';
import type { Deps } from '../deps';
import { isErasedContact } from '../domain/personal-data';
import { notFound } from '../errors';
import type { Contact, UpdateContactInput } from './schemas';
import {
	findContact,
	findContactByEmail,
	findContactRow,
	isUniqueViolation,
	updateContact as updateContactRow,
	type ContactRow
} from './store';
import {
	emailConflict,
	erasedConflict,
	requireFreeEmail,
	requireOpenAccount
} from './validate-contact';

/** Applies the fields present in `input`; records what actually changed, and nothing when nothing did. */
export async function updateContact({
	deps,
	actor,
	id,
	input
}: {
	deps: Deps;
	actor: SessionUser;
	id: string;
	input: UpdateContactInput;
}): Promise<Contact> {
	const { db } = deps;
	const now = deps.clock.now();
	const current = await findContactRow(db, id);
	if (!current) throw notFound('Contact');
	if (isErasedContact(current)) throw erasedConflict();

	const values: Partial<ContactRow> = {};
	const changes: Record<string, { from: unknown; to: unknown }> = {};
	for (const field of ['name', 'locale', 'timeZone', 'consent'] as const) {
		const next = input[field];
		if (next !== undefined && next !== current[field]) {
			Object.assign(values, { [field]: next });
			changes[field] = { from: current[field], to: next };
		}
	}
	if (input.email !== undefined && input.email !== current.email) {
		await requireFreeEmail(db, input.email, id);
		values.email = input.email;
		changes.email = { from: current.email, to: input.email };
	}
	if (input.accountId !== undefined && input.accountId !== current.accountId) {
		const before = await findContact(db, id);
		const account = await requireOpenAccount(db, input.accountId);
		values.accountId = account.id;
		changes.account = { from: before?.account.name ?? null, to: account.name };
	}

	if (Object.keys(values).length > 0) {
		try {
			await db.batch([
				updateContactRow(db, id, { ...values, updatedAt: now }),
				insertAuditEntry(db, {
					actorId: actor.id,
					action: 'contact.updated',
					entityType: 'contact',
					entityId: id,
					detail: { changes, ...(values.accountId ? { accountId: values.accountId } : {}) },
					at: now
				})
			]);
		} catch (error) {
			if (values.email && isUniqueViolation(error)) {
				throw emailConflict(values.email, await findContactByEmail(db, values.email));
			}
			throw error;
		}
	}
	return (await findContact(db, id))!;
}
