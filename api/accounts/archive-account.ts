import type { SessionUser } from '../auth/session';
import { insertAuditEntry } from '../audit/store';
import type { Deps } from '../deps';
import { AppError, notFound } from '../errors';
import type { Account } from './schemas';
import {
	archiveAccountStatements,
	countAccountContacts,
	findAccount,
	findAccountRow,
	unarchiveAccountStatements
} from './store';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * Archives an account and, in the same batch, its contacts: both drop out of
 * lists, surveys and exports unless asked for.
 */
export async function archiveAccount({
	deps,
	actor,
	id
}: {
	deps: Deps;
	actor: SessionUser;
	id: string;
}): Promise<Account> {
	const { db } = deps;
	const now = deps.clock.now();
	const current = await findAccountRow(db, id);
	if (!current) throw notFound('Account');
	if (current.archivedAt) throw new AppError('conflict', `${current.name} is already archived.`);
	const { contacts } = await countAccountContacts(db, id);
	const [archiveRow, auditContacts, archiveContacts] = archiveAccountStatements(db, {
		accountId: id,
		actorId: actor.id,
		now,
		accountName: current.name
	});
	const [archived] = await db.batch([
		archiveRow,
		auditContacts,
		archiveContacts,
		insertAuditEntry(db, {
			actorId: actor.id,
			action: 'account.archived',
			entityType: 'account',
			entityId: id,
			detail: { contacts, note: `Archived with its ${plural(contacts, 'contact')}` },
			at: now
		})
	]);
	if (archived.length === 0) throw new AppError('conflict', `${current.name} is already archived.`);
	return (await findAccount(db, id))!;
}

/** Restores an account and the contacts that were archived with it. */
export async function unarchiveAccount({
	deps,
	actor,
	id
}: {
	deps: Deps;
	actor: SessionUser;
	id: string;
}): Promise<Account> {
	const { db } = deps;
	const now = deps.clock.now();
	const current = await findAccountRow(db, id);
	if (!current) throw notFound('Account');
	if (!current.archivedAt) throw new AppError('conflict', `${current.name} is not archived.`);
	const [auditContacts, restoreContacts, restoreAccount] = unarchiveAccountStatements(db, {
		accountId: id,
		actorId: actor.id,
		now,
		archivedAt: current.archivedAt,
		accountName: current.name
	});
	const [, , account] = await db.batch([
		auditContacts,
		restoreContacts,
		restoreAccount,
		insertAuditEntry(db, {
			actorId: actor.id,
			action: 'account.unarchived',
			entityType: 'account',
			entityId: id,
			detail: { note: 'Restored with the contacts archived with it' },
			at: now
		})
	]);
	if (account.length === 0) throw new AppError('conflict', `${current.name} is not archived.`);
	return (await findAccount(db, id))!;
}
