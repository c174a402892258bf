import type { ContactStatus } from './schemas';

type StatusDates = {
	archivedAt: Date | null;
	bouncedAt: Date | null;
	complainedAt: Date | null;
	unsubscribedAt: Date | null;
};

/**
 * A contact's one status, by precedence: archived, then bounced (a spam
 * complaint counts as a bounce: neither may be mailed), then unsubscribed.
 */
export function contactStatus(dates: StatusDates): ContactStatus {
	if (dates.archivedAt) return 'archived';
	if (dates.bouncedAt || dates.complainedAt) return 'bounced';
	if (dates.unsubscribedAt) return 'unsubscribed';
	return 'active';
}
