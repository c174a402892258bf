import { z } from '@hono/zod-openapi';
import { outboxStatuses } from '../../db/schema/outbox';

export const MailboxStatus = z.enum(outboxStatuses);
export type MailboxStatus = z.infer<typeof MailboxStatus>;

export const MailboxQuery = z.object({
	status: MailboxStatus.optional().openapi({ description: 'Only emails in this state' }),
	q: z.string().trim().max(200).optional().openapi({ description: 'Part of the recipient address or subject' }),
	page: z.coerce.number().int().min(1).max(10_000).default(1),
	pageSize: z.coerce.number().int().min(1).max(100).default(25)
});
export type MailboxQuery = z.infer<typeof MailboxQuery>;

/** One outbox row as the Mailbox lists it: everything but the bodies. */
export const MailboxEntry = z
	.object({
		id: z.string(),
		template: z.string(),
		to: z.string(),
		from: z.string(),
		subject: z.string(),
		status: MailboxStatus,
		attempts: z.number().int(),
		lastError: z.string().nullable(),
		providerId: z.string().nullable(),
		createdAt: z.iso.datetime(),
		sentAt: z.iso.datetime().nullable(),
		nextAttemptAt: z.iso.datetime()
	})
	.openapi('MailboxEntry');
export type MailboxEntry = z.infer<typeof MailboxEntry>;

/** One outbox row in full, bodies and headers included. */
export const MailboxEmail = MailboxEntry.extend({
	html: z.string(),
	text: z.string(),
	headers: z.record(z.string(), z.string()),
	batchId: z.string().nullable(),
	contactId: z.string().nullable()
}).openapi('MailboxEmail');
export type MailboxEmail = z.infer<typeof MailboxEmail>;

export const MailboxCounts = z.object({ all: z.number().int(), pending: z.number().int(), sent: z.number().int(), failed: z.number().int() });
export type MailboxCounts = z.infer<typeof MailboxCounts>;

export const MailboxList = z
	.object({
		/** `local`: no email API key is set, so mail is only kept here. */
		mailer: z.enum(['local', 'resend']),
		/** Per status, for the current search. */
		counts: MailboxCounts,
		items: z.array(MailboxEntry),
		page: z.number().int(),
		pageSize: z.number().int(),
		/** Matching emails across all pages. */
		total: z.number().int()
	})
	.openapi('MailboxList');
export type MailboxList = z.infer<typeof MailboxList>;
