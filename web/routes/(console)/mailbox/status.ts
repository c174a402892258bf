import type { MailboxEntry, MailboxStatus } from '$api/mailbox/schemas';

/** Spelled out rather than imported from the schema, which would bring drizzle into the browser. */
export const mailboxStatuses = ['pending', 'sent', 'failed'] as const satisfies readonly MailboxStatus[];

type Tone = 'gray' | 'green' | 'yellow' | 'red' | 'blue';

/**
 * How a row reads to an admin. A pending row that has failed before is
 * "Retrying"; a row the local mailer kept was never delivered, so it reads
 * "Kept here", not "Sent".
 */
export function describeStatus(email: Pick<MailboxEntry, 'status' | 'attempts' | 'providerId'>): { label: string; tone: Tone } {
	if (email.status === 'failed') return { label: 'Failed', tone: 'red' };
	if (email.status === 'pending') return email.attempts > 0 ? { label: 'Retrying', tone: 'yellow' } : { label: 'Pending', tone: 'blue' };
	return email.providerId === 'local' ? { label: 'Kept here', tone: 'gray' } : { label: 'Sent', tone: 'green' };
}

const shortFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', timeZone: 'UTC' });

/** `2026-03-02T09:05:00Z` → `2 Mar, 09:05`, in UTC like the rest of the console. */
export function formatShort(iso: string): string {
	return shortFormat.format(new Date(iso));
}
