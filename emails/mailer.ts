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

/**
 * Delivers emails. `send` takes one provider batch and its idempotency key and
 * reports one outcome per email, in order; it never throws for delivery failures.
 */
export type Mailer = {
	name: 'resend' | 'local';
	/** Largest batch the provider accepts in one call. */
	maxBatch: number;
	send(batch: OutgoingEmail[], idempotencyKey: string): Promise<DeliveryOutcome[]>;
};
