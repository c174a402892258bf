import type { SessionUser } from '../auth/session';
import { insertAuditEntry } from '../audit/store';
import type { Deps } from '../deps';
import { AppError, notFound } from '../errors';
import type { Account } from './schemas';
import { newId } from '../tokens';
import {
	closeOpenSpell,
	findAccount,
	findAccountRow,
	openSpellAfterWinBack,
	setAccountLost,
	setAccountWonBack
} from './store';
import { requireNotFuture } from './validate-account';

const dateOnly = (at: Date) => at.toISOString().slice(0, 10);

/**
 * Marks an active account lost as of `at` (default now). Retention counts it
 * lost in the period that contains `at`, so `at` may not precede the win or
 * lie in the future.
 */
export async function markAccountLost({
	deps,
	actor,
	id,
	at
}: {
	deps: Deps;
	actor: SessionUser;
	id: string;
	at?: Date | undefined;
}): Promise<Account> {
	const { db } = deps;
	const now = deps.clock.now();
	const lostAt = at ?? now;
	const current = await findAccountRow(db, id);
	if (!current) throw notFound('Account');
	if (current.status === 'lost')
		throw new AppError('conflict', `${current.name} is already marked lost.`);
	requireNotFuture(lostAt, now, 'at', 'The date lost');
	if (lostAt.getTime() < current.wonAt.getTime()) {
		const message = `The date lost cannot be before the account was won (${dateOnly(current.wonAt)}).`;
		throw new AppError('validation_failed', message, { at: [message] });
	}
	const [updated] = await db.batch([
		setAccountLost(db, id, lostAt, now),
		closeOpenSpell(db, id, lostAt),
		insertAuditEntry(db, {
			actorId: actor.id,
			action: 'account.lost',
			entityType: 'account',
			entityId: id,
			detail: { lostAt: lostAt.toISOString(), note: `Lost on ${dateOnly(lostAt)}` },
			at: now
		})
	]);
	if (updated.length === 0)
		throw new AppError('conflict', `${current.name} is already marked lost.`);
	return (await findAccount(db, id))!;
}

/**
 * Makes a lost account a customer again as of `at` (default now). The win
 * date moves to `at`, so retention counts it as won in that period; the
 * earlier spell keeps its win and loss in `account_spells` (and the audit log).
 */
export async function winBackAccount({
	deps,
	actor,
	id,
	at
}: {
	deps: Deps;
	actor: SessionUser;
	id: string;
	at?: Date | undefined;
}): Promise<Account> {
	const { db } = deps;
	const now = deps.clock.now();
	const wonAt = at ?? now;
	const current = await findAccountRow(db, id);
	if (!current) throw notFound('Account');
	if (current.status !== 'lost' || !current.lostAt) {
		throw new AppError('conflict', `${current.name} is not marked lost.`);
	}
	requireNotFuture(wonAt, now, 'at', 'The date won back');
	if (wonAt.getTime() < current.lostAt.getTime()) {
		const message = `The date won back cannot be before the account was lost (${dateOnly(current.lostAt)}).`;
		throw new AppError('validation_failed', message, { at: [message] });
	}
	const [updated] = await db.batch([
		setAccountWonBack(db, id, wonAt, now),
		openSpellAfterWinBack(db, { id: newId(), accountId: id, wonAt }),
		insertAuditEntry(db, {
			actorId: actor.id,
			action: 'account.won_back',
			entityType: 'account',
			entityId: id,
			detail: {
				wonAt: wonAt.toISOString(),
				previousWonAt: current.wonAt.toISOString(),
				lostAt: current.lostAt.toISOString(),
				note: `Customer again from ${dateOnly(wonAt)} (lost on ${dateOnly(current.lostAt)})`
			},
			at: now
		})
	]);
	if (updated.length === 0) throw new AppError('conflict', `${current.name} is not marked lost.`);
	return (await findAccount(db, id))!;
}
