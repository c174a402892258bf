import { z } from '@hono/zod-openapi';

/** The Resend event types that suppress an address, and the contact column each sets. */
export const suppressingEvents = {
	'email.bounced': 'bounced',
	'email.complained': 'complained'
} as const;
export type SuppressingEvent = keyof typeof suppressingEvents;

/**
 * The part of a Resend webhook event we read: its type and, for email events,
 * the recipients (`data.to`, an array, or one address in older payloads).
 */
export const ResendEvent = z
	.object({
		type: z.string().min(1).max(100),
		created_at: z.string().max(100).optional(),
		data: z
			.looseObject({
				email_id: z.string().max(200).optional(),
				to: z.union([z.string().max(320), z.array(z.string().max(320)).max(100)]).optional(),
				bounce: z
					.looseObject({
						type: z.string().max(100).optional(),
						subType: z.string().max(100).optional()
					})
					.optional()
			})
			.optional()
	})
	.openapi('ResendEvent');
export type ResendEvent = z.infer<typeof ResendEvent>;

export const WebhookResult = z
	.object({
		/** `applied`: handled; `duplicate`: this delivery id was handled before, nothing done; `ignored`: a type we do not act on. */
		outcome: z.enum(['applied', 'duplicate', 'ignored']),
		/** Contacts newly marked bounced or complained. */
		contactsChanged: z.number().int()
	})
	.openapi('WebhookResult');
export type WebhookResult = z.infer<typeof WebhookResult>;
