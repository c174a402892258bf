import type { SessionUser } from '../auth/session';
import { insertAuditEntry } from '../audit/store';
import { isUniqueViolation } from '../contacts/store';
import type { Deps } from '../deps';
import { AppError, notFound } from '../errors';
import type { Account, UpdateAccountInput } from './schemas';
import {
	findAccount,
	findAccountRow,
	findPreviousLoss,
	moveLatestSpellStart,
	updateAccount as updateAccountRow,
	type AccountRow
} from './store';
import {
	externalRefConflict,
	requireFreeExternalRef,
	requireNotFuture,
	requireOwner
} from './validate-account';

type Change = { from: unknown; to: unknown };

const dateOnly = (at: Date) => at.toISOString().slice(0, 10);

/**
 * "Customer since" moves the start of the account's latest spell: it may not
 * pass the date the account was lost (if it is) nor reach back before the
 * loss that ended its previous spell.
 */
async function requireWithinSpell(db: Deps['db'], current: AccountRow, wonAt: Date) {
	const invalid = (message: string) =>
		new AppError('validation_failed', message, { wonAt: [message] });
	if (current.lostAt && wonAt.getTime() > current.lostAt.getTime()) {
		throw invalid(
			`Customer since cannot be after the account was lost (${dateOnly(current.lostAt)}).`
		);
	}
	const previousLoss = await findPreviousLoss(db, current.id, current.wonAt);
	if (previousLoss && wonAt.getTime() < previousLoss.getTime()) {
		throw invalid(
			`Customer since cannot be before the account was last lost (${dateOnly(previousLoss)}); earlier spells stay as they were.`
		);
	}
}

/** Applies the fields present in `input`; records what actually changed, and nothing when nothing did. */
export async function updateAccount({
	deps,
	actor,
	id,
	input
}: {
	deps: Deps;
	actor: SessionUser;
	id: string;
	input: UpdateAccountInput;
}): Promise<Account> {
	const { db } = deps;
	const now = deps.clock.now();
	const current = await findAccountRow(db, id);
	if (!current) throw notFound('Account');

	const values: Partial<AccountRow> = {};
	const changes: Record<string, Change> = {};
	const note = (field: keyof AccountRow, from: unknown, to: unknown) => {
		changes[field] = { from, to };
	};

	if (input.name !== undefined && input.name !== current.name) {
		values.name = input.name;
		note('name', current.name, input.name);
	}
	if (input.tier !== undefined && input.tier !== current.tier) {
		values.tier = input.tier;
		note('tier', current.tier, input.tier);
	}
	if (input.tags !== undefined && input.tags.join('\n') !== [...current.tags].sort().join('\n')) {
		values.tags = input.tags;
		note('tags', current.tags, input.tags);
	}
	if (input.wonAt !== undefined && input.wonAt.getTime() !== current.wonAt.getTime()) {
		requireNotFuture(input.wonAt, now, 'wonAt', 'Customer since');
		await requireWithinSpell(db, current, input.wonAt);
		values.wonAt = input.wonAt;
		note('wonAt', current.wonAt.toISOString(), input.wonAt.toISOString());
	}
	if (input.externalRef !== undefined && input.externalRef !== current.externalRef) {
		if (input.externalRef) await requireFreeExternalRef(db, input.externalRef, id);
		values.externalRef = input.externalRef;
		note('externalRef', current.externalRef, input.externalRef);
	}
	if (input.ownerId !== undefined && input.ownerId !== current.ownerId) {
		const before = await findAccount(db, id);
		const owner = input.ownerId ? await requireOwner(db, input.ownerId) : null;
		values.ownerId = input.ownerId;
		changes.owner = {
			from: before?.owner?.name ?? null,
			to: owner?.name ?? null
		};
	}

	if (Object.keys(values).length > 0) {
		try {
			await db.batch([
				updateAccountRow(db, id, { ...values, updatedAt: now }),
				...(values.wonAt ? [moveLatestSpellStart(db, id, current.wonAt, values.wonAt)] : []),
				insertAuditEntry(db, {
					actorId: actor.id,
					action: 'account.updated',
					entityType: 'account',
					entityId: id,
					detail: { changes, ...(values.ownerId !== undefined ? { ownerId: values.ownerId } : {}) },
					at: now
				})
			]);
		} catch (error) {
			if (values.externalRef && isUniqueViolation(error))
				throw externalRefConflict(values.externalRef);
			throw error;
		}
	}
	return (await findAccount(db, id))!;
}
