import type { Mailer } from './mailer';

/** Placeholder until the Resend mailer lands. */
export function createResendMailer(_options: { apiKey: string; baseUrl?: string }): Mailer {
	return { name: 'resend', maxBatch: 100, send: async (batch) => batch.map(() => ({ ok: false, retryable: true, error: 'not implemented' })) };
}
