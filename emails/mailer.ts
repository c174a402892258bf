/** One email as handed to a mailer. */
export type OutgoingEmail = {
	/** The outbox row id. */
	id: string;
	from: string;
	to: string;
	subject: string;
	html: string;
	text: string;
	headers?: Record<string, string>;
};

export type DeliveryOutcome =
	| { ok: true; providerId: string }
	| { ok: false; retryable: boolean; error: string; retryAfterMs?: number };

/** Every email carries its outbox row id, so a delivered message can be traced back to its row. */
export const outboxIdHeader = 'X-Closeloop-Outbox-Id';

/**
 * Delivers emails. `send` takes one provider batch and its idempotency key and
 * reports one outcome per email, in order; it never throws for delivery failures.
 */
export type Mailer = {
	name: 'resend' | 'local';
	/** Largest batch the provider accepts in one call. */
	maxBatch: number;
	/** The pause the provider's rate limit asks for between two calls (0 for none). */
	minIntervalMs?: number;
	send(batch: OutgoingEmail[], idempotencyKey: string): Promise<DeliveryOutcome[]>;
};
