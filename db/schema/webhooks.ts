import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { id, instant } from './columns';
import { staffUsers } from './staff';

export const webhookDeliveryStatuses = ['pending', 'succeeded', 'failed'] as const;
export type WebhookDeliveryStatus = (typeof webhookDeliveryStatuses)[number];

/**
 * A URL an admin registered for some event types. Deliveries are signed with
 * `secret` per the Standard Webhooks spec; after a rotation the previous secret
 * signs too, until `previousSecretExpiresAt`, so receivers can switch over.
 */
export const webhookEndpoints = sqliteTable('webhook_endpoints', {
	id: id(),
	url: text('url').notNull(),
	description: text('description').notNull().default(''),
	/** Event types it receives, e.g. `["case.opened", "sla.breached"]`. */
	events: text('events', { mode: 'json' }).$type<string[]>().notNull(),
	/** `whsec_<base64>`; shown in full once, when made or rotated. */
	secret: text('secret').notNull(),
	previousSecret: text('previous_secret'),
	previousSecretExpiresAt: instant('previous_secret_expires_at'),
	enabled: integer('enabled', { mode: 'boolean' }).notNull().default(true),
	/** Events raised before this (its creation, or when it was last enabled) are not sent to it. */
	deliverFrom: instant('deliver_from').notNull(),
	/** The tick has fanned every event up to here out to it (it looks a little further back, too). */
	fannedOutTo: instant('fanned_out_to').notNull(),
	createdById: text('created_by_id').references(() => staffUsers.id, { onDelete: 'set null' }),
	createdAt: instant('created_at').notNull(),
	updatedAt: instant('updated_at').notNull()
});

/**
 * One event for one endpoint. Its id is the `webhook-id` header: the same on
 * every attempt, so receivers can ignore a repeat. Unique per (endpoint, event),
 * so two ticks fanning out at once write it once.
 */
export const webhookDeliveries = sqliteTable(
	'webhook_deliveries',
	{
		id: id(),
		endpointId: text('endpoint_id')
			.notNull()
			.references(() => webhookEndpoints.id, { onDelete: 'cascade' }),
		/** The domain event delivered, or the delivery's own id for a test event. */
		eventId: text('event_id').notNull(),
		eventType: text('event_type').notNull(),
		/** The `data` of the body. */
		payload: text('payload', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
		/** When the event happened: the body's `timestamp`. */
		occurredAt: instant('occurred_at').notNull(),
		status: text('status', { enum: webhookDeliveryStatuses }).notNull().default('pending'),
		attempts: integer('attempts').notNull().default(0),
		nextAttemptAt: instant('next_attempt_at').notNull(),
		/** A sender holds the delivery until then; a crashed sender's claim simply runs out. */
		claimedUntil: instant('claimed_until'),
		lastStatus: integer('last_status'),
		lastError: text('last_error'),
		createdAt: instant('created_at').notNull(),
		deliveredAt: instant('delivered_at')
	},
	(table) => [
		uniqueIndex('webhook_deliveries_once').on(table.endpointId, table.eventId),
		index('webhook_deliveries_due')
			.on(table.nextAttemptAt)
			.where(sql`${table.status} = 'pending'`),
		index('webhook_deliveries_endpoint').on(table.endpointId, table.createdAt)
	]
);

/** Every attempt at a delivery, as the receiver answered it (or did not). */
export const webhookAttempts = sqliteTable(
	'webhook_attempts',
	{
		id: id(),
		deliveryId: text('delivery_id')
			.notNull()
			.references(() => webhookDeliveries.id, { onDelete: 'cascade' }),
		attemptNo: integer('attempt_no').notNull(),
		at: instant('at').notNull(),
		statusCode: integer('status_code'),
		durationMs: integer('duration_ms').notNull(),
		error: text('error'),
		/** The start of the receiver's answer. */
		responseSnippet: text('response_snippet')
	},
	(table) => [uniqueIndex('webhook_attempts_once').on(table.deliveryId, table.attemptNo)]
);
