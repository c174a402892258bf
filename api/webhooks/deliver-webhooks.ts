import type { Deps } from '../deps';
import {
	checkWebhookUrl,
	isWebhookEventType,
	nextWebhookAttemptAt,
	privateUrlMessage,
	webhookBody,
	webhookData
} from '../domain/webhooks';
import { webhookHeaders } from './signing';
import {
	advanceFanOutCursor,
	claimDueDeliveries,
	findEventsToFanOut,
	insertWebhookDeliveries,
	listEndpointsToFanOut,
	recordWebhookAttempt,
	type AttemptRecord,
	type ClaimedDelivery
} from './store';

/** How the tick fans out and sends; one place, so tests and docs can refer to it. */
export const webhookPolicy = {
	/** Events one endpoint takes into deliveries per slice, and slices per tick. */
	fanOutSlice: 100,
	fanOutSlicesPerTick: 5,
	/**
	 * The fan-out looks this far behind its cursor: an event is stamped when
	 * its request began and may be committed a little later than a younger
	 * one, so a plain cursor could pass it by. Repeats are skipped.
	 */
	fanOutLookbackMs: 10 * 60_000,
	/** Deliveries one tick sends, and how many at once. */
	sendsPerTick: 50,
	concurrentSends: 10,
	/** A receiver that has not answered by then has failed the attempt. */
	requestTimeoutMs: 10_000,
	/** A claim outlives a tick's sends (five rounds of timeouts) with room to record them. */
	leaseMs: 3 * 60_000,
	/** The start of the receiver's answer kept with each attempt. */
	snippetChars: 500
};

export type WebhookReport = { queued: number; succeeded: number; retried: number; failed: number };

export type DeliverWebhooksOptions = Partial<typeof webhookPolicy> & {
	/** For tests: the fetch to call (the global one otherwise). */
	fetch?: typeof fetch;
};

/**
 * The tick's webhook step: new domain events become deliveries, then due
 * deliveries are sent. Safe to run concurrently with itself: a delivery is
 * written once per (endpoint, event) by a unique index, and sent under a
 * compare-and-set claim.
 */
export async function deliverWebhooks(
	deps: Deps,
	options: DeliverWebhooksOptions = {}
): Promise<WebhookReport> {
	const policy = { ...webhookPolicy, ...options };
	const queued = await fanOut(deps, policy);
	return { queued, ...(await sendDue(deps, policy, options.fetch ?? globalThis.fetch)) };
}

async function fanOut(deps: Deps, policy: typeof webhookPolicy): Promise<number> {
	const { db } = deps;
	let queued = 0;
	for (const endpoint of await listEndpointsToFanOut(db)) {
		const types = endpoint.events.filter(isWebhookEventType);
		if (types.length === 0) continue;
		try {
			queued += await fanOutTo(deps, policy, { ...endpoint, types });
		} catch (error) {
			// E.g. deleted meanwhile (its deliveries' foreign key fails): the batch wrote nothing,
			// and the other endpoints still get theirs.
			console.error(`Webhook fan-out to endpoint ${endpoint.id} failed:`, error);
		}
	}
	return queued;
}

async function fanOutTo(
	deps: Deps,
	policy: typeof webhookPolicy,
	endpoint: Awaited<ReturnType<typeof listEndpointsToFanOut>>[number] & { types: string[] }
): Promise<number> {
	const { db } = deps;
	const { types } = endpoint;
	let queued = 0;
	for (let slice = 0; slice < policy.fanOutSlicesPerTick; slice++) {
		const now = deps.clock.now();
		const from = new Date(
			Math.max(
				endpoint.deliverFrom.getTime(),
				endpoint.fannedOutTo.getTime() - policy.fanOutLookbackMs
			)
		);
		const events = await findEventsToFanOut(db, {
			endpointId: endpoint.id,
			types,
			from,
			to: now,
			limit: policy.fanOutSlice
		});
		const full = events.length === policy.fanOutSlice;
		// A full slice may have left younger events behind: the cursor only goes as far as it read.
		const to = full ? events.at(-1)!.createdAt : now;
		const inserts = insertWebhookDeliveries(
			db,
			events.map((event) => ({
				endpointId: endpoint.id,
				eventId: event.id,
				eventType: event.type,
				payload: webhookData(event.type, event.payload),
				occurredAt: event.createdAt,
				now
			}))
		);
		// An idle endpoint's cursor moves about once a minute, so its window stays short.
		if (inserts.length > 0 || to.getTime() - endpoint.fannedOutTo.getTime() >= 60_000) {
			await db.batch([advanceFanOutCursor(db, endpoint.id, to), ...inserts]);
			endpoint.fannedOutTo = new Date(Math.max(endpoint.fannedOutTo.getTime(), to.getTime()));
		}
		queued += events.length;
		if (!full) break;
	}
	return queued;
}

async function sendDue(
	deps: Deps,
	policy: typeof webhookPolicy,
	fetcher: typeof fetch
): Promise<Omit<WebhookReport, 'queued'>> {
	const report = { succeeded: 0, retried: 0, failed: 0 };
	const claimedAt = deps.clock.now();
	const claimed = await claimDueDeliveries(
		deps.db,
		claimedAt,
		new Date(claimedAt.getTime() + policy.leaseMs),
		policy.sendsPerTick
	);
	const queue = [...claimed];
	const worker = async () => {
		for (let delivery = queue.shift(); delivery; delivery = queue.shift()) {
			const attempt = await attemptDelivery(deps, policy, fetcher, delivery);
			if (await recordWebhookAttempt(deps.db, delivery, attempt)) {
				if (attempt.status === 'succeeded') report.succeeded++;
				else if (attempt.status === 'failed') report.failed++;
				else report.retried++;
			}
		}
	};
	await Promise.all(Array.from({ length: Math.min(policy.concurrentSends, queue.length) }, worker));
	return report;
}

/** One POST to the receiver, and what became of it. Never throws. */
async function attemptDelivery(
	deps: Deps,
	policy: typeof webhookPolicy,
	fetcher: typeof fetch,
	delivery: ClaimedDelivery
): Promise<AttemptRecord> {
	const at = deps.clock.now();
	const attemptNo = delivery.attempts + 1;
	const outcome = (
		result: Pick<AttemptRecord, 'statusCode' | 'durationMs' | 'error' | 'responseSnippet'>,
		retry = true
	): AttemptRecord => {
		if (result.error === null) return { ...result, at, status: 'succeeded', nextAttemptAt: null };
		const nextAttemptAt = retry ? nextWebhookAttemptAt(attemptNo, deps.clock.now()) : null;
		return { ...result, at, status: nextAttemptAt ? 'pending' : 'failed', nextAttemptAt };
	};

	// Checked again here: the URL may predate a change of the setting.
	const url = checkWebhookUrl(delivery.endpoint.url);
	if (!url.ok || (url.privateAddress && !deps.config.allowPrivateWebhookUrls))
		return outcome(
			{
				statusCode: null,
				durationMs: 0,
				error: url.ok ? `Not sent. ${privateUrlMessage}` : `Not sent. ${url.reason}`,
				responseSnippet: null
			},
			false
		);

	const body = webhookBody(delivery);
	const secrets = [delivery.endpoint.secret];
	if (
		delivery.endpoint.previousSecret &&
		delivery.endpoint.previousSecretExpiresAt &&
		delivery.endpoint.previousSecretExpiresAt > at
	)
		secrets.push(delivery.endpoint.previousSecret);
	const headers = {
		'content-type': 'application/json',
		'user-agent': `Closeloop-Webhooks/${deps.config.version}`,
		...webhookHeaders({
			id: delivery.id,
			timestamp: Math.floor(at.getTime() / 1000),
			body,
			secrets
		})
	};
	// Elapsed time is measured, not read from the (possibly fixed) app clock.
	const started = performance.now();
	const elapsed = () => Math.round(performance.now() - started);
	try {
		const response = await fetcher(url.url.href, {
			method: 'POST',
			headers,
			body,
			// A redirect could lead anywhere, the network inside included: it counts as a failure.
			redirect: 'manual',
			signal: AbortSignal.timeout(policy.requestTimeoutMs)
		});
		const snippet = await readSnippet(response, policy.snippetChars);
		const ok = response.status >= 200 && response.status < 300;
		return outcome({
			statusCode: response.status,
			durationMs: elapsed(),
			error: ok ? null : `The receiver answered ${response.status}.`,
			responseSnippet: snippet
		});
	} catch (error) {
		return outcome({
			statusCode: null,
			durationMs: elapsed(),
			error: describeFailure(error, policy.requestTimeoutMs),
			responseSnippet: null
		});
	}
}

/** The start of the answer's body, reading no more of it than that. */
async function readSnippet(response: Response, chars: number): Promise<string | null> {
	if (!response.body) return null;
	const reader = response.body.getReader();
	const decoder = new TextDecoder();
	let text = '';
	try {
		while (text.length < chars) {
			const { done, value } = await reader.read();
			if (done) break;
			text += decoder.decode(value, { stream: true });
		}
	} catch {
		// A body cut off half-way still has its start.
	} finally {
		reader.cancel().catch(() => {});
	}
	return text === '' ? null : text.slice(0, chars);
}

function describeFailure(error: unknown, timeoutMs: number): string {
	if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError'))
		return `No answer within ${timeoutMs / 1000} s.`;
	const cause = error instanceof Error ? (error.cause as { code?: string } | undefined) : undefined;
	const message = error instanceof Error ? error.message : String(error);
	return `Could not reach the receiver: ${cause?.code ? `${cause.code} (${message})` : message}.`;
}
