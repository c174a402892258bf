import type { Mailer } from './mailer';

/** The provider id of mail kept in the local mailbox, where staff click its links: its tokens stay. */
export const localProviderId = 'local';

/**
 * Without an email API key, mail stays in the outbox and is read in the
 * console's Mailbox: "delivering" only marks it as kept locally.
 */
export function createLocalMailer(): Mailer {
	return {
		name: 'local',
		maxBatch: 100,
		minIntervalMs: 0,
		send: async (batch) => batch.map(() => ({ ok: true as const, providerId: localProviderId }))
	};
}
