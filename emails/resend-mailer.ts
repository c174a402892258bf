import { Resend } from 'resend';
import { outboxIdHeader, type DeliveryOutcome, type Mailer, type OutgoingEmail } from './mailer';

export const resendDefaultBaseUrl = 'https://api.resend.com';

export type ResendMailerOptions = {
	apiKey: string;
	/** Defaults to Resend's API; tests point it at a local fake. */
	baseUrl?: string;
	/** A call that has not answered by then is abandoned and retried later. */
	timeoutMs?: number;
};

/** Resend's batch endpoint takes at most this many emails per call. */
const maxBatch = 100;

/** Resend's default rate limit is 2 requests per second. */
const minIntervalMs = 500;

/** Statuses for SDK errors whose body carried no `statusCode`. */
const statusByName: Record<string, number> = {
	rate_limit_exceeded: 429,
	daily_quota_exceeded: 429,
	monthly_quota_exceeded: 429,
	application_error: 500,
	internal_server_error: 500
};

type ResendError = { message: string; statusCode: number | null; name: string };

/**
 * Sends through Resend's batch endpoint. The base URL is passed explicitly:
 * left out, the SDK would read `process.env`, which Workers do not have.
 * Batches use permissive validation, so one bad address fails only its own
 * email, and the idempotency key makes a repeated batch a no-op at Resend.
 */
export function createResendMailer(options: ResendMailerOptions): Mailer {
	const resend = new Resend(options.apiKey, {
		baseUrl: (options.baseUrl ?? resendDefaultBaseUrl).replace(/\/+$/, '')
	});
	const timeoutMs = options.timeoutMs ?? 15_000;

	return {
		name: 'resend',
		maxBatch,
		minIntervalMs,
		async send(batch, idempotencyKey) {
			if (batch.length === 0) return [];
			if (batch.length > maxBatch) throw new Error(`A Resend batch holds at most ${maxBatch} emails, not ${batch.length}.`);
			const signal = AbortSignal.timeout(timeoutMs);
			const timedOut = `Resend did not answer within ${timeoutMs / 1000} s.`;
			try {
				const response = await resend.batch.send(batch.map(toResendEmail), {
					idempotencyKey,
					batchValidation: 'permissive',
					signal
				});
				if (response.error) {
					const failure = signal.aborted
						? { ok: false as const, retryable: true, error: timedOut }
						: classifyError(response.error, response.headers);
					return batch.map(() => failure);
				}
				return matchOutcomes(batch.length, response.data);
			} catch (error) {
				// The SDK reports failures as values; this catches anything it lets through.
				const message = signal.aborted ? timedOut : `Could not reach Resend: ${error instanceof Error ? error.message : String(error)}`;
				return batch.map(() => ({ ok: false as const, retryable: true, error: message }));
			}
		}
	};
}

function toResendEmail(email: OutgoingEmail) {
	return {
		from: email.from,
		to: [email.to],
		subject: email.subject,
		html: email.html,
		text: email.text,
		headers: { ...email.headers, [outboxIdHeader]: email.id }
	};
}

/** 429, 5xx, a busy idempotency key and network failures are worth retrying; other 4xx are not. */
export function classifyError(error: ResendError, headers: Record<string, string> | null): DeliveryOutcome & { ok: false } {
	// The SDK reports a failed fetch (refused, reset, aborted) with `statusCode: null`.
	if (error.statusCode === null) return { ok: false, retryable: true, error: `Could not reach Resend: ${error.message}` };
	const status = error.statusCode ?? statusByName[error.name] ?? 500;
	const described = `Resend answered ${status} (${error.name}): ${error.message}`;
	if (status === 429) {
		const retryAfterMs = parseRetryAfter(headers?.['retry-after'] ?? headers?.['ratelimit-reset']);
		return { ok: false, retryable: true, error: described, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) };
	}
	if (status >= 500 || error.name === 'concurrent_idempotent_requests') {
		return { ok: false, retryable: true, error: described };
	}
	return { ok: false, retryable: false, error: described };
}

/** Seconds, as Resend sends them; an HTTP date is left to the sender's own backoff. */
function parseRetryAfter(value: string | undefined): number | undefined {
	if (value === undefined || !/^\s*\d+(\.\d+)?\s*$/.test(value)) return undefined;
	return Math.round(Number(value) * 1000);
}

/**
 * In permissive mode `data` lists the created emails in request order, skipping
 * the ones named in `errors` by their index in the request.
 */
function matchOutcomes(
	count: number,
	result: { data: { id: string }[]; errors?: { index: number; message: string }[] }
): DeliveryOutcome[] {
	const errors = new Map((result.errors ?? []).map((error) => [error.index, error.message]));
	const created = result.data ?? [];
	if (created.length + errors.size !== count) {
		const error = `Resend answered ${created.length} ids and ${errors.size} errors for ${count} emails.`;
		return Array.from({ length: count }, () => ({ ok: false as const, retryable: false, error }));
	}
	let next = 0;
	return Array.from({ length: count }, (_, index): DeliveryOutcome => {
		const message = errors.get(index);
		if (message !== undefined) return { ok: false, retryable: false, error: `Resend refused this email: ${message}` };
		return { ok: true, providerId: created[next++]!.id };
	});
}
