import type { SkipReason } from '../domain/survey-definition';

export type FatigueSettings = { fatigueDays: number; complaintCooldownDays: number };

/**
 * A skip reason as a manager reads it, with the organisation's own numbers in
 * it ("surveyed in the last 30 days"), so the survey page and the contact page
 * explain a skip in the same words.
 */
export function describeSkipReason(reason: SkipReason, settings: FatigueSettings): string {
	switch (reason) {
		case 'throttled':
			return `Throttled: surveyed in the last ${days(settings.fatigueDays)}`;
		case 'open_complaint':
			return 'Open complaint';
		case 'recent_complaint':
			return `Complaint closed in the last ${days(settings.complaintCooldownDays)}`;
		case 'outside_send_window':
			return 'Outside the send window (their local time)';
		case 'unsubscribed':
			return 'Unsubscribed';
		case 'bounced':
			return 'Email address bounced';
		case 'complained':
			return 'Marked our email as spam';
		case 'no_consent':
			return 'No consent to be surveyed';
	}
}

function days(count: number) {
	return count === 1 ? '1 day' : `${count} days`;
}

/** Skipped contacts counted by reason, as the survey page and the satisfaction report show them. */
export function summarizeSkips(
	rows: readonly { reason: SkipReason; n: number }[],
	settings: FatigueSettings
) {
	return {
		total: rows.reduce((sum, row) => sum + row.n, 0),
		reasons: rows.map((row) => ({
			reason: row.reason,
			label: describeSkipReason(row.reason, settings),
			count: row.n
		}))
	};
}
