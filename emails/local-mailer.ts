import type { Mailer } from './mailer';

/**
 * Without an email API key, mail stays in the outbox and is read in the
 * console's Mailbox: "delivering" only marks it as kept locally.
 */
export function createLocalMailer(): Mailer {
	return {
		name: 'local',
		maxBatch: 100,
		minIntervalMs: 0,
		send: async (batch) => batch.map(() => ({ ok: true as const, providerId: 'local' }))
	};
}
