import {
	and,
	asc,
	desc,
	eq,
	gte,
	inArray,
	isNull,
	lt,
	lte,
	notExists,
	or,
	sql,
	type SQL
} from 'drizzle-orm';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { Database } from '../../db/database';
import { auditLog } from '../../db/schema/audit';
import { staffUsers } from '../../db/schema/staff';
import { domainEvents } from '../../db/schema/surveys';
import {
	webhookAttempts,
	webhookDeliveries,
	webhookEndpoints,
	type WebhookDeliveryStatus
} from '../../db/schema/webhooks';
import type { AuditEntry } from '../audit/store';
import { isWebhookEventType } from '../domain/webhooks';
import { newId } from '../tokens';
import type { WebhookDelivery, WebhookEndpoint } from './schemas';
import { maskSecret } from './signing';

export type WebhookEndpointRow = typeof webhookEndpoints.$inferSelect;
export type WebhookDeliveryRow = typeof webhookDeliveries.$inferSelect;

/** Every endpoint, newest first, or only the one with `id`; secrets masked. */
export async function listWebhookEndpoints(db: Database, id?: string): Promise<WebhookEndpoint[]> {
	const rows = await db
		.select({ endpoint: webhookEndpoints, creatorName: staffUsers.name })
		.from(webhookEndpoints)
		.leftJoin(staffUsers, eq(staffUsers.id, webhookEndpoints.createdById))
		.where(id ? eq(webhookEndpoints.id, id) : undefined)
		.orderBy(desc(webhookEndpoints.createdAt), desc(webhookEndpoints.id));
	return rows.map(({ endpoint, creatorName }) => ({
		id: endpoint.id,
		url: endpoint.url,
		description: endpoint.description,
		events: endpoint.events.filter(isWebhookEventType),
		enabled: endpoint.enabled,
		secretHint: maskSecret(endpoint.secret),
		previousSecretExpiresAt:
			endpoint.previousSecret && endpoint.previousSecretExpiresAt
				? endpoint.previousSecretExpiresAt.toISOString()
				: null,
		createdBy:
			endpoint.createdById && creatorName !== null
				? { id: endpoint.createdById, name: creatorName }
				: null,
		createdAt: endpoint.createdAt.toISOString(),
		updatedAt: endpoint.updatedAt.toISOString()
	}));
}

export async function findWebhookEndpoint(db: Database, id: string) {
	const [endpoint] = await listWebhookEndpoints(db, id);
	return endpoint ?? null;
}

/** The stored row, secret included: for the API's own checks, never for an answer. */
export async function findWebhookEndpointRow(db: Database, id: string) {
	const [row] = await db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, id));
	return row ?? null;
}

export function insertWebhookEndpoint(db: Database, row: typeof webhookEndpoints.$inferInsert) {
	return db.insert(webhookEndpoints).values(row);
}

/** "The endpoint is still as it was read": the compare-and-set of its changes. */
const isUnchanged = (id: string, seenUpdatedAt: Date) =>
	and(eq(webhookEndpoints.id, id), eq(webhookEndpoints.updatedAt, seenUpdatedAt));

/** Changes the endpoint if it still has `updatedAt` (compare-and-set: two edits at once cannot both win). */
export function updateWebhookEndpoint(
	db: Database,
	id: string,
	seenUpdatedAt: Date,
	set: Partial<typeof webhookEndpoints.$inferInsert>
) {
	return db
		.update(webhookEndpoints)
		.set(set)
		.where(isUnchanged(id, seenUpdatedAt))
		.returning({ id: webhookEndpoints.id });
}

/**
 * The audit entry of a change, written only if the change will be: put it
 * in the batch before the change, with the change's own condition, so a
 * change that loses a race leaves no entry either.
 */
function insertAuditWhen(db: Database, entry: AuditEntry, table: SQLiteTable, condition: SQL) {
	const value = <T>(name: string, raw: unknown) => sql<T>`${raw}`.as(name);
	return db.insert(auditLog).select(
		db
			.select({
				id: value<number>('id', null),
				actorId: value<string | null>('actor_id', entry.actorId),
				action: value<string>('action', entry.action),
				entityType: value<string>('entity_type', entry.entityType),
				entityId: value<string>('entity_id', entry.entityId),
				detail: value<Record<string, unknown> | null>(
					'detail',
					entry.detail ? JSON.stringify(entry.detail) : null
				),
				at: value<Date>('at', entry.at.getTime())
			})
			.from(table)
			.where(condition)
	);
}

/** The audit entry of an endpoint change, if the endpoint is still as it was read (see `updateWebhookEndpoint`). */
export function auditEndpointChange(db: Database, entry: AuditEntry, seenUpdatedAt: Date) {
	return insertAuditWhen(db, entry, webhookEndpoints, isUnchanged(entry.entityId, seenUpdatedAt)!);
}

/** The audit entry of a deletion, if the endpoint is still there. */
export function auditEndpointDeletion(db: Database, entry: AuditEntry) {
	return insertAuditWhen(db, entry, webhookEndpoints, eq(webhookEndpoints.id, entry.entityId));
}

/** The audit entry of a retry, if the delivery is still failed (see `retryFailedDelivery`). */
export function auditDeliveryRetry(db: Database, entry: AuditEntry, deliveryId: string) {
	return insertAuditWhen(db, entry, webhookDeliveries, isFailed(deliveryId)!);
}

/** Deletes the endpoint; its deliveries and their attempts go with it. */
export function deleteWebhookEndpoint(db: Database, id: string) {
	return db
		.delete(webhookEndpoints)
		.where(eq(webhookEndpoints.id, id))
		.returning({ id: webhookEndpoints.id });
}

// The fan-out: domain events into deliveries.

export function listEndpointsToFanOut(db: Database) {
	return db
		.select({
			id: webhookEndpoints.id,
			events: webhookEndpoints.events,
			deliverFrom: webhookEndpoints.deliverFrom,
			fannedOutTo: webhookEndpoints.fannedOutTo
		})
		.from(webhookEndpoints)
		.where(eq(webhookEndpoints.enabled, true))
		.orderBy(asc(webhookEndpoints.createdAt), asc(webhookEndpoints.id));
}

/**
 * Domain events of `types` raised in [from, to] that `endpointId` has no
 * delivery for yet, oldest first. Read through the index on `created_at`, so
 * the cost follows the events of the window, not all events ever.
 */
export function findEventsToFanOut(
	db: Database,
	input: { endpointId: string; types: string[]; from: Date; to: Date; limit: number }
) {
	return db
		.select({
			id: domainEvents.id,
			type: domainEvents.type,
			payload: domainEvents.payload,
			createdAt: domainEvents.createdAt
		})
		.from(domainEvents)
		.where(
			and(
				gte(domainEvents.createdAt, input.from),
				lte(domainEvents.createdAt, input.to),
				// The unary plus keeps the planner on the time index (the unique one on type
				// would read every event of the type ever raised).
				inArray(sql`+${domainEvents.type}`, input.types),
				notExists(
					db
						.select({ one: sql`1` })
						.from(webhookDeliveries)
						.where(
							and(
								eq(webhookDeliveries.endpointId, input.endpointId),
								eq(webhookDeliveries.eventId, domainEvents.id)
							)
						)
				)
			)
		)
		.orderBy(asc(domainEvents.createdAt), asc(domainEvents.id))
		.limit(input.limit);
}

export type NewWebhookDelivery = {
	endpointId: string;
	eventId: string;
	eventType: string;
	payload: Record<string, unknown>;
	occurredAt: Date;
	now: Date;
};

function deliveryValues(delivery: NewWebhookDelivery & { id?: string }) {
	return {
		id: delivery.id ?? newId(),
		endpointId: delivery.endpointId,
		eventId: delivery.eventId,
		eventType: delivery.eventType,
		payload: delivery.payload,
		occurredAt: delivery.occurredAt,
		status: 'pending' as const,
		attempts: 0,
		nextAttemptAt: delivery.now,
		createdAt: delivery.now
	};
}

/** D1 binds at most 100 parameters a statement; a delivery row binds up to fourteen. */
const deliveriesPerStatement = 6;

/** The inserts of `deliveries`, a few to a statement; one the endpoint already has for that event is skipped. */
export function insertWebhookDeliveries(db: Database, deliveries: NewWebhookDelivery[]) {
	const statements = [];
	for (let i = 0; i < deliveries.length; i += deliveriesPerStatement)
		statements.push(
			db
				.insert(webhookDeliveries)
				.values(deliveries.slice(i, i + deliveriesPerStatement).map((row) => deliveryValues(row)))
				.onConflictDoNothing()
		);
	return statements;
}

export function insertWebhookDelivery(db: Database, delivery: NewWebhookDelivery & { id: string }) {
	return db.insert(webhookDeliveries).values(deliveryValues(delivery));
}

/** Moves the endpoint's fan-out cursor forward (never back: a slower tick cannot undo a faster one). */
export function advanceFanOutCursor(db: Database, endpointId: string, to: Date) {
	return db
		.update(webhookEndpoints)
		.set({ fannedOutTo: sql`max(${webhookEndpoints.fannedOutTo}, ${to.getTime()})` })
		.where(eq(webhookEndpoints.id, endpointId));
}

// Sending.

const isUnclaimed = (now: Date) =>
	or(isNull(webhookDeliveries.claimedUntil), lt(webhookDeliveries.claimedUntil, now));

export type ClaimedDelivery = WebhookDeliveryRow & {
	leaseUntil: Date;
	endpoint: Pick<
		WebhookEndpointRow,
		'id' | 'url' | 'secret' | 'previousSecret' | 'previousSecretExpiresAt'
	>;
};

/**
 * Claims up to `limit` due deliveries of enabled endpoints until `leaseUntil`,
 * in one compare-and-set statement: a delivery another sender holds is not
 * taken, so two ticks never send the same delivery at once.
 */
export async function claimDueDeliveries(
	db: Database,
	now: Date,
	leaseUntil: Date,
	limit: number
): Promise<ClaimedDelivery[]> {
	const isDue = and(
		eq(webhookDeliveries.status, 'pending'),
		lte(webhookDeliveries.nextAttemptAt, now),
		isUnclaimed(now)
	);
	const due = db
		.select({ id: webhookDeliveries.id })
		.from(webhookDeliveries)
		.innerJoin(webhookEndpoints, eq(webhookEndpoints.id, webhookDeliveries.endpointId))
		.where(and(isDue, eq(webhookEndpoints.enabled, true)))
		.orderBy(asc(webhookDeliveries.nextAttemptAt), asc(webhookDeliveries.createdAt))
		.limit(limit);
	const claimed = await db
		.update(webhookDeliveries)
		.set({ claimedUntil: leaseUntil })
		.where(and(inArray(webhookDeliveries.id, due), isDue))
		.returning();
	if (claimed.length === 0) return [];
	const endpoints = await db
		.select({
			id: webhookEndpoints.id,
			url: webhookEndpoints.url,
			secret: webhookEndpoints.secret,
			previousSecret: webhookEndpoints.previousSecret,
			previousSecretExpiresAt: webhookEndpoints.previousSecretExpiresAt
		})
		.from(webhookEndpoints)
		.where(
			inArray(webhookEndpoints.id, [...new Set(claimed.map((delivery) => delivery.endpointId))])
		);
	const byId = new Map(endpoints.map((endpoint) => [endpoint.id, endpoint]));
	return claimed
		.filter((delivery) => byId.has(delivery.endpointId))
		.map((delivery) => ({ ...delivery, leaseUntil, endpoint: byId.get(delivery.endpointId)! }))
		.toSorted(
			(a, b) =>
				a.nextAttemptAt.getTime() - b.nextAttemptAt.getTime() ||
				a.createdAt.getTime() - b.createdAt.getTime()
		);
}

export type AttemptRecord = {
	at: Date;
	statusCode: number | null;
	durationMs: number;
	error: string | null;
	responseSnippet: string | null;
	/** pending (with `nextAttemptAt`), succeeded or failed. */
	status: WebhookDeliveryStatus;
	nextAttemptAt: Date | null;
};

/**
 * Logs the attempt and writes the delivery's new state, in one batch, both
 * fenced by the claim: a sender whose lease ran out (another took over)
 * changes nothing. Returns whether it still held the claim.
 */
export async function recordWebhookAttempt(
	db: Database,
	delivery: Pick<ClaimedDelivery, 'id' | 'leaseUntil' | 'nextAttemptAt'>,
	attempt: AttemptRecord
): Promise<boolean> {
	const isOurs = and(
		eq(webhookDeliveries.id, delivery.id),
		eq(webhookDeliveries.claimedUntil, delivery.leaseUntil),
		eq(webhookDeliveries.status, 'pending')
	);
	const value = <T>(name: string, raw: unknown) => sql<T>`${raw}`.as(name);
	const [, updated] = await db.batch([
		db.insert(webhookAttempts).select(
			db
				.select({
					id: value<string>('id', newId()),
					deliveryId: webhookDeliveries.id,
					attemptNo: sql<number>`${webhookDeliveries.attempts} + 1`.as('attempt_no'),
					at: value<Date>('at', attempt.at.getTime()),
					statusCode: value<number | null>('status_code', attempt.statusCode),
					durationMs: value<number>('duration_ms', attempt.durationMs),
					error: value<string | null>('error', attempt.error),
					responseSnippet: value<string | null>('response_snippet', attempt.responseSnippet)
				})
				.from(webhookDeliveries)
				.where(isOurs)
		),
		db
			.update(webhookDeliveries)
			.set({
				status: attempt.status,
				attempts: sql`${webhookDeliveries.attempts} + 1`,
				// A finished delivery keeps the time of its last attempt here; only pending ones are due.
				nextAttemptAt: attempt.nextAttemptAt ?? attempt.at,
				claimedUntil: null,
				lastStatus: attempt.statusCode,
				lastError: attempt.error,
				...(attempt.status === 'succeeded' ? { deliveredAt: attempt.at } : {})
			})
			.where(isOurs)
			.returning({ id: webhookDeliveries.id })
	]);
	return updated.length > 0;
}

// Reading and retrying.

export async function listWebhookDeliveries(
	db: Database,
	filter: { endpointId?: string; id?: string; status?: WebhookDeliveryStatus; limit: number }
): Promise<WebhookDelivery[]> {
	const rows = await db
		.select()
		.from(webhookDeliveries)
		.where(
			and(
				filter.endpointId ? eq(webhookDeliveries.endpointId, filter.endpointId) : undefined,
				filter.id ? eq(webhookDeliveries.id, filter.id) : undefined,
				filter.status ? eq(webhookDeliveries.status, filter.status) : undefined
			)
		)
		.orderBy(desc(webhookDeliveries.createdAt), desc(webhookDeliveries.id))
		.limit(filter.limit);
	const attempts =
		rows.length === 0
			? []
			: await db
					.select()
					.from(webhookAttempts)
					.where(
						inArray(
							webhookAttempts.deliveryId,
							rows.map((row) => row.id)
						)
					)
					.orderBy(asc(webhookAttempts.attemptNo));
	return rows.map((row) => ({
		id: row.id,
		endpointId: row.endpointId,
		eventId: row.eventId,
		eventType: row.eventType,
		data: row.payload,
		occurredAt: row.occurredAt.toISOString(),
		status: row.status,
		attemptCount: row.attempts,
		nextAttemptAt: row.status === 'pending' ? row.nextAttemptAt.toISOString() : null,
		lastStatus: row.lastStatus,
		lastError: row.lastError,
		createdAt: row.createdAt.toISOString(),
		deliveredAt: row.deliveredAt?.toISOString() ?? null,
		attempts: attempts
			.filter((attempt) => attempt.deliveryId === row.id)
			.map((attempt) => ({
				attemptNo: attempt.attemptNo,
				at: attempt.at.toISOString(),
				statusCode: attempt.statusCode,
				durationMs: attempt.durationMs,
				error: attempt.error,
				responseSnippet: attempt.responseSnippet
			}))
	}));
}

export async function findWebhookDelivery(db: Database, id: string) {
	const [delivery] = await listWebhookDeliveries(db, { id, limit: 1 });
	return delivery ?? null;
}

const isFailed = (id: string) =>
	and(eq(webhookDeliveries.id, id), eq(webhookDeliveries.status, 'failed'));

/** Makes a failed delivery due now, if it still is failed. */
export function retryFailedDelivery(db: Database, id: string, now: Date) {
	return db
		.update(webhookDeliveries)
		.set({ status: 'pending', nextAttemptAt: now, claimedUntil: null })
		.where(isFailed(id))
		.returning({ id: webhookDeliveries.id });
}
