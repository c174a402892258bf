import type { Deps } from '../deps';
import { requireInvitation } from './resolve-token';
import type { UnsubscribeResult } from './schemas';
import { auditUnsubscribe, unsubscribeContact } from './store';

/**
 * Unsubscribes the contact a token names, at once and for every survey. Works
 * for any known token however old: an unsubscribe link must keep working.
 * Idempotent: a second request changes nothing and writes no audit entry.
 */
export async function unsubscribe({
	deps,
	token,
	via
}: {
	deps: Deps;
	token: string;
	via: 'one-click' | 'page';
}): Promise<UnsubscribeResult> {
	return unsubscribeFound(deps, await requireInvitation(deps.db, token), via);
}

/**
 * Unsubscribes a contact a link named (a survey invitation's, or a news
 * email's), at once and from every survey and news email. Idempotent.
 */
export async function unsubscribeFound(
	deps: Deps,
	found: { contactId: string; unsubscribedAt: Date | null },
	via: 'one-click' | 'page'
): Promise<UnsubscribeResult> {
	const { db } = deps;
	if (found.unsubscribedAt) {
		return {
			unsubscribed: true,
			unsubscribedAt: found.unsubscribedAt.toISOString(),
			changed: false
		};
	}
	const now = deps.clock.now();
	const [, changed] = await db.batch([
		auditUnsubscribe(db, found.contactId, via, now),
		unsubscribeContact(db, found.contactId, now)
	]);
	const unsubscribedAt = changed[0]?.unsubscribedAt ?? now;
	return {
		unsubscribed: true,
		unsubscribedAt: unsubscribedAt.toISOString(),
		changed: changed.length > 0
	};
}
