import { and, count, desc, eq, or, sql, type SQL } from 'drizzle-orm';
import type { Database } from '../../db/database';
import { auditLog } from '../../db/schema/audit';
import { outbox, outboxStatuses } from '../../db/schema/outbox';
import { erasedAddressDomain } from '../domain/personal-data';
import type { MailboxCounts, MailboxEmail, MailboxEntry, MailboxStatus } from './schemas';

type OutboxRow = typeof outbox.$inferSelect;

/** Everything the list shows; the bodies stay in the table until one email is opened. */
const entryColumns = {
	id: outbox.id,
	template: outbox.template,
	toAddress: outbox.toAddress,
	fromAddress: outbox.fromAddress,
	subject: outbox.subject,
	status: outbox.status,
	attempts: outbox.attempts,
	lastError: outbox.lastError,
	providerId: outbox.providerId,
	createdAt: outbox.createdAt,
	sentAt: outbox.sentAt,
	nextAttemptAt: outbox.nextAttemptAt
};
type EntryRow = Pick<OutboxRow, keyof typeof entryColumns>;

/** Recipient or subject contains `search`, case-insensitively (ASCII), wildcards taken literally. */
function matches(search: string | undefined): SQL | undefined {
	if (!search) return undefined;
	const pattern = `%${search.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
	return or(sql`${outbox.toAddress} like ${pattern} escape '\\'`, sql`${outbox.subject} like ${pattern} escape '\\'`);
}

export async function listMailbox(
	db: Database,
	filter: { status?: MailboxStatus; search?: string; limit: number; offset: number }
): Promise<MailboxEntry[]> {
	const rows = await db
		.select(entryColumns)
		.from(outbox)
		.where(and(filter.status ? eq(outbox.status, filter.status) : undefined, matches(filter.search)))
		.orderBy(desc(outbox.createdAt), desc(outbox.id))
		.limit(filter.limit)
		.offset(filter.offset);
	return rows.map(toEntry);
}

/** How many emails match `search` in each status. */
export async function countMailbox(db: Database, search: string | undefined): Promise<MailboxCounts> {
	const rows = await db
		.select({ status: outbox.status, count: count() })
		.from(outbox)
		.where(matches(search))
		.groupBy(outbox.status);
	const counts: MailboxCounts = { all: 0, pending: 0, sent: 0, failed: 0 };
	for (const row of rows) {
		if ((outboxStatuses as readonly string[]).includes(row.status)) counts[row.status] = row.count;
		counts.all += row.count;
	}
	return counts;
}

export async function findMailboxEmail(db: Database, id: string): Promise<MailboxEmail | null> {
	const [row] = await db.select().from(outbox).where(eq(outbox.id, id));
	return row ? toEmail(row) : null;
}

/**
 * Failed → pending, due now, with a fresh attempt budget, and an audit entry,
 * in one transaction: the entry is written only if the row is failed at that
 * moment, which is exactly when the update changes it. The row leaves its old
 * provider batch: that batch's key is bound to the payload the provider
 * refused or never confirmed, so the retry goes out in a new batch.
 */
export async function requeueFailedEmail(
	db: Database,
	input: { id: string; now: Date; actorId: string }
): Promise<MailboxEmail | null> {
	// An erased contact's emails stay failed: their address leads nowhere and their text is gone.
	const isFailed = and(
		eq(outbox.id, input.id),
		eq(outbox.status, 'failed'),
		sql`${outbox.toAddress} not like ${`%${erasedAddressDomain}`}`
	);
	const audit = db.insert(auditLog).select(
		db
			.select({
				id: sql`null`.as('id'),
				actorId: sql`${input.actorId}`.as('actor_id'),
				action: sql`'email.retried'`.as('action'),
				entityType: sql`'email'`.as('entity_type'),
				entityId: outbox.id,
				detail: sql`json_object('to', ${outbox.toAddress}, 'template', ${outbox.template}, 'lastError', ${outbox.lastError})`.as('detail'),
				at: sql`${input.now.getTime()}`.as('at')
			})
			.from(outbox)
			.where(isFailed)
	);
	const requeue = db
		.update(outbox)
		.set({ status: 'pending', attempts: 0, nextAttemptAt: input.now, batchId: null, claimedUntil: null })
		.where(isFailed)
		.returning();
	const [, [row]] = await db.batch([audit, requeue]);
	return row ? toEmail(row) : null;
}

function toEntry(row: EntryRow): MailboxEntry {
	return {
		id: row.id,
		template: row.template,
		to: row.toAddress,
		from: row.fromAddress,
		subject: row.subject,
		status: row.status,
		attempts: row.attempts,
		lastError: row.lastError,
		providerId: row.providerId,
		createdAt: row.createdAt.toISOString(),
		sentAt: row.sentAt?.toISOString() ?? null,
		nextAttemptAt: row.nextAttemptAt.toISOString()
	};
}

function toEmail(row: OutboxRow): MailboxEmail {
	return {
		...toEntry(row),
		html: row.html,
		text: row.text,
		headers: row.headers ?? {},
		batchId: row.batchId,
		contactId: row.contactId
	};
}
