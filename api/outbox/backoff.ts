/** How the sender paces and gives up; one place, so the Mailbox can explain it too. */
export const outboxPolicy = {
	/** A claim outlives the slowest provider call (its timeout) with room to record the outcome. */
	leaseMs: 2 * 60_000,
	/** Attempts before a row is marked failed. */
	maxAttempts: 8,
	/** Provider calls per tick, so one tick stays short even with a long queue. */
	maxBatchesPerTick: 10,
	firstRetryMs: 60_000,
	maxRetryMs: 60 * 60_000
};

/**
 * Milliseconds to wait after the `attempts`-th failed attempt (1-based):
 * 1, 2, 4, 8 … minutes, capped at an hour; a provider's Retry-After wins.
 * Deterministic, so tests can step a fixed clock to the next attempt.
 */
export function retryDelayMs(attempts: number, retryAfterMs?: number): number {
	if (retryAfterMs !== undefined && retryAfterMs > 0) return retryAfterMs;
	const exponent = Math.max(0, attempts - 1);
	return Math.min(outboxPolicy.maxRetryMs, outboxPolicy.firstRetryMs * 2 ** Math.min(exponent, 30));
}
