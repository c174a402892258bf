import { and, inArray, isNull, lt, sql } from 'drizzle-orm';
import type { Database } from '../../db/database';
import { contacts } from '../../db/schema/accounts';
import { auditLog } from '../../db/schema/audit';
import { webhookReceipts } from '../../db/schema/surveys';

/** Records a delivery id; a second insert of the same id breaks the primary key, which is how a replay is told. */
export function insertReceipt(db: Database, input: { id: string; source: string; now: Date }) {
	return db
		.insert(webhookReceipts)
		.values({ id: input.id, source: input.source, receivedAt: input.now });
}

/** Receipts older than this are dropped: Svix retries for a few days, and stale timestamps are refused anyway. */
export const receiptRetentionMs = 7 * 24 * 3600_000;

export function purgeOldReceipts(db: Database, now: Date) {
	return db
		.delete(webhookReceipts)
		.where(lt(webhookReceipts.receivedAt, new Date(now.getTime() - receiptRetentionMs)));
}

const columns = { bounced: contacts.bouncedAt, complained: contacts.complainedAt } as const;

/**
 * One audit entry per contact at these addresses not yet marked `mark`;
 * put in the same batch just before `markContacts`, so it records exactly
 * the contacts that change.
 */
export function auditMarkedContacts(
	db: Database,
	input: {
		emails: string[];
		mark: 'bounced' | 'complained';
		detail: Record<string, unknown>;
		now: Date;
	}
) {
	return db.insert(auditLog).select(
		db
			.select({
				id: sql<number>`null`.as('id'),
				actorId: sql<string | null>`null`.as('actorId'),
				action: sql<string>`${`contact.${input.mark}`}`.as('action'),
				entityType: sql<string>`'contact'`.as('entityType'),
				entityId: contacts.id,
				detail: sql<Record<string, unknown>>`${JSON.stringify(input.detail)}`.as('detail'),
				at: sql<Date>`${input.now.getTime()}`.as('at')
			})
			.from(contacts)
			.where(and(inArray(contacts.email, input.emails), isNull(columns[input.mark])))
	);
}

/** Marks the contacts at these (lower-case) addresses bounced or complained, once. */
export function markContacts(
	db: Database,
	input: { emails: string[]; mark: 'bounced' | 'complained'; now: Date }
) {
	const set = input.mark === 'bounced' ? { bouncedAt: input.now } : { complainedAt: input.now };
	return db
		.update(contacts)
		.set({ ...set, updatedAt: input.now })
		.where(and(inArray(contacts.email, input.emails), isNull(columns[input.mark])))
		.returning({ id: contacts.id });
}
