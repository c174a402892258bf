import { z } from '@hono/zod-openapi';
import { webhookDeliveryStatuses } from '../../db/schema/webhooks';
import { webhookEventTypes } from '../domain/webhooks';

export const WebhookEventType = z.enum(webhookEventTypes, {
	error: `Choose from ${webhookEventTypes.join(', ')}.`
});

const WebhookUrl = z
	.string({ error: 'Enter the URL to deliver to.' })
	.trim()
	.min(1, 'Enter the URL to deliver to.')
	.max(2000, 'Keep the URL to 2,000 characters.');

const Description = z
	.string({ error: 'Describe the endpoint in words.' })
	.trim()
	.max(200, 'Keep the description to 200 characters.')
	.refine((value) => !/\p{Cc}/u.test(value), 'Use a single line without control characters.');

const Events = z
	.array(WebhookEventType, { error: 'Choose the events to send.' })
	.min(1, 'Choose at least one event.')
	.max(webhookEventTypes.length * 2, 'Choose each event once.')
	.transform((events) => webhookEventTypes.filter((type) => events.includes(type)));

export const CreateWebhookEndpointInput = z
	.object({
		url: WebhookUrl,
		description: Description.default(''),
		events: Events,
		enabled: z.boolean({ error: 'Enabled is true or false.' }).default(true)
	})
	.openapi('CreateWebhookEndpointInput');
export type CreateWebhookEndpointInput = z.infer<typeof CreateWebhookEndpointInput>;

export const UpdateWebhookEndpointInput = z
	.object({
		url: WebhookUrl.optional(),
		description: Description.optional(),
		events: Events.optional(),
		enabled: z.boolean({ error: 'Enabled is true or false.' }).optional()
	})
	.refine((input) => Object.values(input).some((value) => value !== undefined), {
		message: 'Send at least one of url, description, events and enabled.'
	})
	.openapi('UpdateWebhookEndpointInput');
export type UpdateWebhookEndpointInput = z.infer<typeof UpdateWebhookEndpointInput>;

/** An endpoint as listed: its secret masked (it is shown in full once, when made or rotated). */
export const WebhookEndpoint = z
	.object({
		id: z.string(),
		url: z.string(),
		description: z.string(),
		events: z.array(WebhookEventType),
		enabled: z.boolean(),
		/** e.g. `whsec_…k3Q=` */
		secretHint: z.string(),
		/** After a rotation the previous secret signs too, until then. */
		previousSecretExpiresAt: z.iso.datetime().nullable(),
		createdBy: z.object({ id: z.string(), name: z.string() }).nullable(),
		createdAt: z.iso.datetime(),
		updatedAt: z.iso.datetime()
	})
	.openapi('WebhookEndpoint');
export type WebhookEndpoint = z.infer<typeof WebhookEndpoint>;

export const WebhookEndpointWithSecret = z.object({
	endpoint: WebhookEndpoint,
	/** `whsec_<base64>`: shown only in this answer. */
	secret: z.string()
});

export const WebhookAttempt = z
	.object({
		attemptNo: z.number().int(),
		at: z.iso.datetime(),
		/** The receiver's HTTP status; null when it did not answer. */
		statusCode: z.number().int().nullable(),
		durationMs: z.number().int(),
		error: z.string().nullable(),
		responseSnippet: z.string().nullable()
	})
	.openapi('WebhookAttempt');

export const WebhookDelivery = z
	.object({
		/** Also the `webhook-id` header: the same on every attempt. */
		id: z.string(),
		endpointId: z.string(),
		eventId: z.string(),
		eventType: z.string(),
		/** The body's `data`. */
		data: z.record(z.string(), z.unknown()),
		occurredAt: z.iso.datetime(),
		status: z.enum(webhookDeliveryStatuses),
		attemptCount: z.number().int(),
		/** When it is tried next; null once it succeeded or failed. */
		nextAttemptAt: z.iso.datetime().nullable(),
		lastStatus: z.number().int().nullable(),
		lastError: z.string().nullable(),
		createdAt: z.iso.datetime(),
		deliveredAt: z.iso.datetime().nullable(),
		/** Oldest first. */
		attempts: z.array(WebhookAttempt)
	})
	.openapi('WebhookDelivery');
export type WebhookDelivery = z.infer<typeof WebhookDelivery>;

export const DeliveryListQuery = z.object({
	status: z
		.enum(webhookDeliveryStatuses, { error: 'Filter by pending, succeeded or failed.' })
		.optional(),
	limit: z.coerce
		.number({ error: 'The limit is a number from 1 to 100.' })
		.int('The limit is a number from 1 to 100.')
		.min(1, 'The limit is a number from 1 to 100.')
		.max(100, 'The limit is a number from 1 to 100.')
		.default(50)
});
