import { isUniqueViolation } from '../contacts/store';
import type { Deps } from '../deps';
import { suppressingEvents, type ResendEvent, type WebhookResult } from './schemas';
import { auditMarkedContacts, insertReceipt, markContacts, purgeOldReceipts } from './store';

/** Resend sends to at most 50 recipients; more would break D1's 100 bound parameters per statement. */
const maxRecipients = 50;

/**
 * Acts on one verified Resend delivery: a bounce marks the recipients'
 * contacts bounced, a spam complaint marks them complained (either stops all
 * survey mail to them), each with an audit entry. Other types are
 * acknowledged and ignored. The delivery id is recorded in the same batch, so
 * a delivery seen before (a Svix retry, or a replay within the five minutes
 * the signature allows) is acknowledged without effect.
 */
export async function recordDeliveryEvent({
	deps,
	deliveryId,
	event
}: {
	deps: Deps;
	deliveryId: string;
	event: ResendEvent;
}): Promise<WebhookResult> {
	const { db } = deps;
	const now = deps.clock.now();
	const mark =
		event.type in suppressingEvents
			? suppressingEvents[event.type as keyof typeof suppressingEvents]
			: null;
	const emails = recipients(event);
	try {
		if (!mark || emails.length === 0) {
			await db.batch([
				insertReceipt(db, { id: deliveryId, source: 'resend', now }),
				purgeOldReceipts(db, now)
			]);
			return { outcome: 'ignored', contactsChanged: 0 };
		}
		const detail = {
			via: 'resend',
			event: event.type,
			...(event.data?.email_id ? { emailId: event.data.email_id } : {}),
			...(event.data?.bounce?.type ? { bounceType: event.data.bounce.type } : {}),
			...(event.data?.bounce?.subType ? { bounceSubType: event.data.bounce.subType } : {})
		};
		const [, , changed] = await db.batch([
			insertReceipt(db, { id: deliveryId, source: 'resend', now }),
			auditMarkedContacts(db, { emails, mark, detail, now }),
			markContacts(db, { emails, mark, now }),
			purgeOldReceipts(db, now)
		]);
		return { outcome: 'applied', contactsChanged: changed.length };
	} catch (error) {
		if (isUniqueViolation(error)) return { outcome: 'duplicate', contactsChanged: 0 };
		throw error;
	}
}

/** The event's recipients as we store addresses: bare, trimmed, lower-case, each once. */
function recipients(event: ResendEvent): string[] {
	const to = event.data?.to;
	const list = typeof to === 'string' ? [to] : (to ?? []);
	const bare = list
		.map((address) => (/<([^>]*)>\s*$/.exec(address)?.[1] ?? address).trim().toLowerCase())
		.filter(Boolean);
	return [...new Set(bare)].slice(0, maxRecipients);
}
