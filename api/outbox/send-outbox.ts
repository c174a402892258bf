import type { DeliveryOutcome, OutgoingEmail } from '../../emails/mailer';
import type { Deps } from '../deps';
import { outboxPolicy, retryDelayMs } from './backoff';
import { claimNewBatch, claimRetryBatch, recordBatchResult, type BatchResult, type ClaimedBatch, type OutboxRow } from './store';

export type SendOutboxOptions = {
	/** Waits between provider calls; tests pass one that returns at once. */
	sleep?: (ms: number) => Promise<void>;
	maxBatchesPerTick?: number;
	leaseMs?: number;
	maxAttempts?: number;
};

export type SendOutboxReport = { sent: number; failed: number; retried: number };

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Delivers due outbox rows, one provider batch at a time. Each batch is claimed
 * by a compare-and-set lease and given its idempotency key (its leader's id)
 * before the provider sees it; a batch that failed in a way worth retrying is
 * repeated later exactly, under the same key, so the provider never delivers a
 * row twice even when its answer was lost. Safe to run concurrently with itself.
 */
export async function sendOutbox(deps: Deps, options: SendOutboxOptions = {}): Promise<SendOutboxReport> {
	const sleep = options.sleep ?? realSleep;
	const maxBatches = options.maxBatchesPerTick ?? outboxPolicy.maxBatchesPerTick;
	const leaseMs = options.leaseMs ?? outboxPolicy.leaseMs;
	const maxAttempts = options.maxAttempts ?? outboxPolicy.maxAttempts;
	const { db, mailer, clock } = deps;
	const report: SendOutboxReport = { sent: 0, failed: 0, retried: 0 };

	for (let call = 0; call < maxBatches; call++) {
		const claimedAt = clock.now();
		const leaseUntil = new Date(claimedAt.getTime() + leaseMs);
		const batch =
			(await claimRetryBatch(db, claimedAt, leaseUntil)) ??
			(await claimNewBatch(db, claimedAt, leaseUntil, mailer.maxBatch));
		if (!batch) break;

		if (call > 0 && mailer.minIntervalMs) await sleep(mailer.minIntervalMs);
		const outcomes = await deliver(deps, batch);
		const result = planResult(batch, outcomes, clock.now(), maxAttempts);
		const counts = await recordBatchResult(db, batch, result, clock.now());
		report.sent += counts.sent;
		report.failed += counts.failed;
		report.retried += counts.retried;
		// The provider is unwell or asks us to slow down: the next tick tries again.
		if (result.retry) break;
	}
	return report;
}

async function deliver(deps: Deps, batch: ClaimedBatch): Promise<DeliveryOutcome[]> {
	try {
		const outcomes = await deps.mailer.send(batch.rows.map(toOutgoingEmail), batch.leaderId);
		if (outcomes.length !== batch.rows.length) {
			throw new Error(`the mailer answered ${outcomes.length} outcomes for ${batch.rows.length} emails`);
		}
		return outcomes;
	} catch (error) {
		// Whether the provider got the batch is unknown: repeating it under its key is safe.
		const message = `Sending failed: ${error instanceof Error ? error.message : String(error)}`;
		return batch.rows.map(() => ({ ok: false, retryable: true, error: message }));
	}
}

function toOutgoingEmail(row: OutboxRow): OutgoingEmail {
	return {
		id: row.id,
		from: row.fromAddress,
		to: row.toAddress,
		subject: row.subject,
		html: row.html,
		text: row.text,
		...(row.headers ? { headers: row.headers } : {})
	};
}

/**
 * Turns per-email outcomes into row updates. Retryable failures come for the
 * whole batch (a lost or refused call), so the batch stays together: it is
 * retried as a whole, or, out of attempts, fails as a whole.
 */
export function planResult(batch: ClaimedBatch, outcomes: DeliveryOutcome[], now: Date, maxAttempts: number): BatchResult {
	const result: BatchResult = { sent: [], retry: null, failed: [] };
	const retryable: { id: string; error: string; retryAfterMs?: number }[] = [];
	batch.rows.forEach((row, index) => {
		const outcome = outcomes[index]!;
		if (outcome.ok) result.sent.push({ id: row.id, providerId: outcome.providerId });
		else if (outcome.retryable) retryable.push({ id: row.id, error: outcome.error, retryAfterMs: outcome.retryAfterMs });
		else result.failed.push({ id: row.id, error: outcome.error });
	});
	const [first] = retryable;
	if (!first) return result;

	const attempts = Math.max(...batch.rows.map((row) => row.attempts)) + 1;
	if (attempts >= maxAttempts) {
		const error = `${first.error} Gave up after ${attempts} attempts.`;
		for (const { id } of retryable) result.failed.push({ id, error });
	} else {
		const retryAfterMs = Math.max(0, ...retryable.map((row) => row.retryAfterMs ?? 0));
		const nextAttemptAt = new Date(now.getTime() + retryDelayMs(attempts, retryAfterMs || undefined));
		result.retry = { ids: retryable.map((row) => row.id), nextAttemptAt, error: first.error };
	}
	return result;
}
