import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { id, instant } from './columns';
import { contacts } from './accounts';

export const outboxStatuses = ['pending', 'sent', 'failed'] as const;
export type OutboxStatus = (typeof outboxStatuses)[number];

/**
 * Every email Closeloop sends. A row is written in the same batch as the change
 * that caused it; the tick delivers pending rows and records the outcome.
 */
export const outbox = sqliteTable(
	'outbox',
	{
		id: id(),
		/** Which template produced it, e.g. `staff-invite`. */
		template: text('template').notNull(),
		toAddress: text('to_address').notNull(),
		fromAddress: text('from_address').notNull(),
		subject: text('subject').notNull(),
		html: text('html').notNull(),
		text: text('text').notNull(),
		headers: text('headers', { mode: 'json' }).$type<Record<string, string>>(),
		/**
		 * A private token the email carries (a survey link). Once a provider has
		 * the email, the token is cut out of the stored copy and this is cleared,
		 * so tokens rest in the database only as hashes.
		 */
		secret: text('secret'),
		contactId: text('contact_id').references(() => contacts.id, { onDelete: 'set null' }),
		status: text('status', { enum: outboxStatuses }).notNull().default('pending'),
		attempts: integer('attempts').notNull().default(0),
		/** Earliest time the sender may try (again). */
		nextAttemptAt: instant('next_attempt_at').notNull(),
		/** A sender holds a row until this time; a crashed sender's claim simply expires. */
		claimedUntil: instant('claimed_until'),
		/**
		 * The id of the row that leads the provider batch this row was sent in.
		 * A retry repeats exactly that batch under the same idempotency key
		 * (the leader's id), so the provider can never deliver a row twice.
		 */
		batchId: text('batch_id'),
		lastError: text('last_error'),
		/** The provider's message id, or `local` when kept in the local mailbox. */
		providerId: text('provider_id'),
		createdAt: instant('created_at').notNull(),
		sentAt: instant('sent_at')
	},
	(table) => [
		index('outbox_due').on(table.status, table.nextAttemptAt),
		index('outbox_batch').on(table.batchId),
		index('outbox_contact').on(table.contactId),
		index('outbox_created').on(table.createdAt)
	]
);
