import type { Deps } from '../deps';
import type { SessionUser } from '../auth/session';
import { insertAuditEntry } from '../audit/store';
import { isUniqueViolation } from '../contacts/store';
import { newId } from '../tokens';
import type { Account, CreateAccountInput } from './schemas';
import { findAccount, insertAccount, insertSpell } from './store';
import {
	externalRefConflict,
	requireFreeExternalRef,
	requireNotFuture,
	requireOwner
} from './validate-account';

export async function createAccount({
	deps,
	actor,
	input
}: {
	deps: Deps;
	actor: SessionUser;
	input: CreateAccountInput;
}): Promise<Account> {
	const { db } = deps;
	const now = deps.clock.now();
	const ownerId = input.ownerId ?? null;
	const externalRef = input.externalRef ?? null;
	const wonAt = input.wonAt ?? now;
	requireNotFuture(wonAt, now, 'wonAt', 'Customer since');
	if (ownerId) await requireOwner(db, ownerId);
	if (externalRef) await requireFreeExternalRef(db, externalRef);

	const id = newId();
	try {
		await db.batch([
			insertAccount(db, {
				id,
				name: input.name,
				externalRef,
				ownerId,
				tier: input.tier,
				tags: input.tags,
				status: 'active',
				wonAt,
				createdAt: now,
				updatedAt: now
			}),
			insertSpell(db, { id: newId(), accountId: id, wonAt }),
			insertAuditEntry(db, {
				actorId: actor.id,
				action: 'account.created',
				entityType: 'account',
				entityId: id,
				detail: { name: input.name, tier: input.tier, externalRef, ownerId },
				at: now
			})
		]);
	} catch (error) {
		if (externalRef && isUniqueViolation(error)) throw externalRefConflict(externalRef);
		throw error;
	}
	return (await findAccount(db, id))!;
}
