import { insertAuditEntry } from '../audit/store';
import type { Deps } from '../deps';
import { checkWebhookUrl, privateUrlMessage, webhookTestEventType } from '../domain/webhooks';
import { AppError, notFound } from '../errors';
import { newId } from '../tokens';
import type {
	CreateWebhookEndpointInput,
	UpdateWebhookEndpointInput,
	WebhookDelivery,
	WebhookEndpoint
} from './schemas';
import { createWebhookSecret } from './signing';
import {
	auditDeliveryRetry,
	auditEndpointChange,
	auditEndpointDeletion,
	deleteWebhookEndpoint as deleteEndpointRow,
	findWebhookDelivery,
	findWebhookEndpoint,
	findWebhookEndpointRow,
	insertWebhookDelivery,
	insertWebhookEndpoint,
	retryFailedDelivery,
	updateWebhookEndpoint as updateEndpointRow
} from './store';

/** How long the previous secret keeps signing after a rotation, so receivers can switch over. */
export const previousSecretGraceMs = 24 * 60 * 60_000;

type Actor = { id: string };

/** The URL as stored, or a 422 on `url` when it is not one or points inside the network. */
function acceptUrl(deps: Deps, raw: string): string {
	const checked = checkWebhookUrl(raw);
	if (!checked.ok) throw invalidUrl(checked.reason);
	if (checked.privateAddress && !deps.config.allowPrivateWebhookUrls)
		throw invalidUrl(privateUrlMessage);
	return checked.url.href;
}

const invalidUrl = (message: string) =>
	new AppError('validation_failed', message, { url: [message] });

export async function createWebhookEndpoint({
	deps,
	actor,
	input
}: {
	deps: Deps;
	actor: Actor;
	input: CreateWebhookEndpointInput;
}): Promise<{ endpoint: WebhookEndpoint; secret: string }> {
	const url = acceptUrl(deps, input.url);
	const now = deps.clock.now();
	const id = newId();
	const secret = createWebhookSecret();
	await deps.db.batch([
		insertWebhookEndpoint(deps.db, {
			id,
			url,
			description: input.description,
			events: input.events,
			secret,
			enabled: input.enabled,
			deliverFrom: now,
			fannedOutTo: now,
			createdById: actor.id,
			createdAt: now,
			updatedAt: now
		}),
		insertAuditEntry(deps.db, {
			actorId: actor.id,
			action: 'webhook_endpoint.created',
			entityType: 'webhook_endpoint',
			entityId: id,
			detail: { url, events: input.events, enabled: input.enabled },
			at: now
		})
	]);
	return { endpoint: await mustFind(deps, id), secret };
}

export async function updateWebhookEndpoint({
	deps,
	actor,
	id,
	input
}: {
	deps: Deps;
	actor: Actor;
	id: string;
	input: UpdateWebhookEndpointInput;
}): Promise<WebhookEndpoint> {
	const existing = await findWebhookEndpointRow(deps.db, id);
	if (!existing) throw notFound('Webhook endpoint');
	const url = input.url === undefined ? undefined : acceptUrl(deps, input.url);
	const now = deps.clock.now();
	const changes: Record<string, { from: unknown; to: unknown }> = {};
	const note = (field: string, from: unknown, to: unknown) => {
		if (to !== undefined && JSON.stringify(from) !== JSON.stringify(to))
			changes[field] = { from, to };
	};
	note('url', existing.url, url);
	note('description', existing.description, input.description);
	note('events', existing.events, input.events);
	note('enabled', existing.enabled, input.enabled);
	if (Object.keys(changes).length === 0) return mustFind(deps, id);

	// Enabled again: it starts from now, rather than catching up on what it missed.
	const reenabled = input.enabled === true && !existing.enabled;
	const [, updated] = await deps.db.batch([
		auditEndpointChange(
			deps.db,
			{
				actorId: actor.id,
				action: 'webhook_endpoint.updated',
				entityType: 'webhook_endpoint',
				entityId: id,
				detail: changes,
				at: now
			},
			existing.updatedAt
		),
		updateEndpointRow(deps.db, id, existing.updatedAt, {
			...(url !== undefined ? { url } : {}),
			...(input.description !== undefined ? { description: input.description } : {}),
			...(input.events !== undefined ? { events: input.events } : {}),
			...(input.enabled !== undefined ? { enabled: input.enabled } : {}),
			...(reenabled ? { deliverFrom: now, fannedOutTo: now } : {}),
			updatedAt: now
		})
	]);
	if (updated.length === 0) throw changedMeanwhile();
	return mustFind(deps, id);
}

export async function deleteWebhookEndpoint({
	deps,
	actor,
	id
}: {
	deps: Deps;
	actor: Actor;
	id: string;
}): Promise<void> {
	const existing = await findWebhookEndpointRow(deps.db, id);
	if (!existing) throw notFound('Webhook endpoint');
	const now = deps.clock.now();
	const [, deleted] = await deps.db.batch([
		auditEndpointDeletion(deps.db, {
			actorId: actor.id,
			action: 'webhook_endpoint.deleted',
			entityType: 'webhook_endpoint',
			entityId: id,
			detail: { url: existing.url, events: existing.events },
			at: now
		}),
		deleteEndpointRow(deps.db, id)
	]);
	if (deleted.length === 0) throw notFound('Webhook endpoint');
}

/**
 * A new secret, returned once. The old one keeps signing beside it for a day
 * (deliveries carry both signatures), so receivers can switch without losing any.
 */
export async function rotateWebhookSecret({
	deps,
	actor,
	id
}: {
	deps: Deps;
	actor: Actor;
	id: string;
}): Promise<{ endpoint: WebhookEndpoint; secret: string }> {
	const existing = await findWebhookEndpointRow(deps.db, id);
	if (!existing) throw notFound('Webhook endpoint');
	const now = deps.clock.now();
	const secret = createWebhookSecret();
	const previousSecretExpiresAt = new Date(now.getTime() + previousSecretGraceMs);
	const [, updated] = await deps.db.batch([
		auditEndpointChange(
			deps.db,
			{
				actorId: actor.id,
				action: 'webhook_endpoint.secret_rotated',
				entityType: 'webhook_endpoint',
				entityId: id,
				detail: { previousSecretExpiresAt: previousSecretExpiresAt.toISOString() },
				at: now
			},
			existing.updatedAt
		),
		updateEndpointRow(deps.db, id, existing.updatedAt, {
			secret,
			previousSecret: existing.secret,
			previousSecretExpiresAt,
			updatedAt: now
		})
	]);
	if (updated.length === 0) throw changedMeanwhile();
	return { endpoint: await mustFind(deps, id), secret };
}

/** Queues a `webhook.test` delivery to the endpoint; the next tick sends it. */
export async function sendTestEvent({
	deps,
	id
}: {
	deps: Deps;
	id: string;
}): Promise<WebhookDelivery> {
	const existing = await findWebhookEndpointRow(deps.db, id);
	if (!existing) throw notFound('Webhook endpoint');
	if (!existing.enabled)
		throw new AppError('conflict', 'This endpoint is disabled: enable it to send a test event.');
	const now = deps.clock.now();
	const deliveryId = newId();
	await insertWebhookDelivery(deps.db, {
		id: deliveryId,
		endpointId: id,
		eventId: deliveryId,
		eventType: webhookTestEventType,
		payload: { endpointId: id, message: 'A test event from Closeloop.' },
		occurredAt: now,
		now
	});
	const delivery = await findWebhookDelivery(deps.db, deliveryId);
	if (!delivery) throw new Error(`Webhook delivery ${deliveryId} vanished after being queued`);
	return delivery;
}

/** Tries a failed delivery once more, at the next tick. */
export async function retryWebhookDelivery({
	deps,
	actor,
	id
}: {
	deps: Deps;
	actor: Actor;
	id: string;
}): Promise<WebhookDelivery> {
	const existing = await findWebhookDelivery(deps.db, id);
	if (!existing) throw notFound('Webhook delivery');
	if (existing.status !== 'failed')
		throw new AppError(
			'conflict',
			existing.status === 'pending'
				? 'This delivery is still being tried.'
				: 'This delivery succeeded; there is nothing to retry.'
		);
	const now = deps.clock.now();
	const [, retried] = await deps.db.batch([
		auditDeliveryRetry(
			deps.db,
			{
				actorId: actor.id,
				action: 'webhook_delivery.retried',
				entityType: 'webhook_endpoint',
				entityId: existing.endpointId,
				detail: { deliveryId: id, eventType: existing.eventType },
				at: now
			},
			id
		),
		retryFailedDelivery(deps.db, id, now)
	]);
	if (retried.length === 0) throw new AppError('conflict', 'This delivery is no longer failed.');
	const delivery = await findWebhookDelivery(deps.db, id);
	if (!delivery) throw notFound('Webhook delivery');
	return delivery;
}

async function mustFind(deps: Deps, id: string) {
	const endpoint = await findWebhookEndpoint(deps.db, id);
	if (!endpoint) throw notFound('Webhook endpoint');
	return endpoint;
}

const changedMeanwhile = () =>
	new AppError('conflict', 'Someone changed this endpoint meanwhile. Reload it and try again.');
