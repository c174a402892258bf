/**
 * The single shape of an account's or contact's history, so changes, emails,
 * survey invitations and answers (and later cases) merge into one list that the
 * console renders alike.
 */
export type TimelineKind = 'change' | 'email' | 'survey' | 'case';

export type TimelineEvent = {
	at: Date;
	kind: TimelineKind;
	title: string;
	detail?: string;
};

/** Titles for the audit actions we know; others are derived from the action name. */
const actionTitles: Record<string, string> = {
	'account.created': 'Account created',
	'account.updated': 'Details edited',
	'account.lost': 'Marked lost',
	'account.won_back': 'Won back',
	'account.archived': 'Archived',
	'account.unarchived': 'Restored from the archive',
	'contact.created': 'Contact created',
	'contact.updated': 'Details edited',
	'contact.archived': 'Archived',
	'contact.unarchived': 'Restored from the archive',
	'contact.imported': 'Imported from CSV',
	'contact.unsubscribed': 'Unsubscribed',
	'contact.bounced': 'Email bounced',
	'contact.complained': 'Marked an email as spam',
	'contact.exported': 'Personal data exported',
	'contact.erased': 'Personal data erased'
};

const fieldLabels: Record<string, string> = {
	name: 'Name',
	externalRef: 'External reference',
	owner: 'Owner',
	tier: 'Tier',
	tags: 'Tags',
	wonAt: 'Customer since',
	lostAt: 'Lost on',
	email: 'Email',
	locale: 'Language',
	timeZone: 'Time zone',
	consent: 'Consent',
	account: 'Account'
};

export type AuditEntryForTimeline = {
	action: string;
	actorName: string | null;
	detail: Record<string, unknown> | null;
	at: Date;
};

/** One audit entry as a timeline event: a title with who did it, and what changed. */
export function describeAuditEntry(entry: AuditEntryForTimeline): TimelineEvent {
	const title = actionTitles[entry.action] ?? humanizeAction(entry.action);
	const event: TimelineEvent = {
		at: entry.at,
		kind: 'change',
		title: entry.actorName ? `${title} by ${entry.actorName}` : title
	};
	const detail = describeDetail(entry.detail);
	if (detail) event.detail = detail;
	return event;
}

export type EmailForTimeline = {
	subject: string;
	toAddress: string;
	status: 'pending' | 'sent' | 'failed';
	createdAt: Date;
	sentAt: Date | null;
	lastError: string | null;
};

/** One outbox email as a timeline event, placed at its sending time once sent. */
export function describeEmail(email: EmailForTimeline): TimelineEvent {
	const verb = { pending: 'Email queued', sent: 'Email sent', failed: 'Email failed' }[
		email.status
	];
	const detail =
		email.status === 'failed' && email.lastError
			? `To ${email.toAddress}: ${email.lastError}`
			: `To ${email.toAddress}`;
	return {
		at: email.sentAt ?? email.createdAt,
		kind: 'email',
		title: `${verb}: “${email.subject}”`,
		detail
	};
}

export type SurveyInvitationForTimeline = {
	surveyName: string;
	createdAt: Date;
	remindedAt: Date | null;
};

/** An invitation as one event when it was sent and, if there was one, another for its reminder. */
export function describeSurveyInvitation(invitation: SurveyInvitationForTimeline): TimelineEvent[] {
	const events: TimelineEvent[] = [
		{ at: invitation.createdAt, kind: 'survey', title: `Invited to “${invitation.surveyName}”` }
	];
	if (invitation.remindedAt) {
		events.push({
			at: invitation.remindedAt,
			kind: 'survey',
			title: `Reminded about “${invitation.surveyName}”`,
			detail: 'No answer yet, so one reminder went out.'
		});
	}
	return events;
}

export type SurveyResponseForTimeline = {
	surveyName: string;
	score: number;
	scaleMax: number;
	comment: string | null;
	createdAt: Date;
	updatedAt: Date;
};

/** An answer at the time it was first given, with its comment; a later change is mentioned. */
export function describeSurveyResponse(response: SurveyResponseForTimeline): TimelineEvent {
	const parts: string[] = [];
	if (response.comment?.trim()) parts.push(`“${response.comment.trim()}”`);
	if (response.updatedAt.getTime() > response.createdAt.getTime()) {
		parts.push(`Changed on ${response.updatedAt.toISOString().slice(0, 10)}.`);
	}
	const event: TimelineEvent = {
		at: response.createdAt,
		kind: 'survey',
		title: `Answered “${response.surveyName}”: ${response.score} out of ${response.scaleMax}`
	};
	if (parts.length) event.detail = parts.join(' ');
	return event;
}

/**
 * Merges timelines newest first, keeping at most `limit` events. Events at the
 * same instant keep the order of the lists they came from.
 */
export function mergeTimelines(lists: TimelineEvent[][], limit = Infinity): TimelineEvent[] {
	return lists
		.flat()
		.map((event, index) => ({ event, index }))
		.sort((a, b) => b.event.at.getTime() - a.event.at.getTime() || a.index - b.index)
		.slice(0, limit)
		.map(({ event }) => event);
}

function humanizeAction(action: string): string {
	const verb = action.includes('.') ? action.slice(action.indexOf('.') + 1) : action;
	const words = verb.replace(/[._]/g, ' ').trim();
	return words ? words[0]!.toUpperCase() + words.slice(1) : 'Changed';
}

function describeDetail(detail: Record<string, unknown> | null): string | undefined {
	if (!detail) return undefined;
	const parts: string[] = [];
	const changes = detail.changes;
	if (changes && typeof changes === 'object') {
		for (const [field, change] of Object.entries(changes as Record<string, unknown>)) {
			if (!change || typeof change !== 'object') continue;
			const { from, to } = change as { from?: unknown; to?: unknown };
			parts.push(`${fieldLabels[field] ?? field}: ${formatValue(from)} → ${formatValue(to)}`);
		}
	}
	if (typeof detail.note === 'string' && detail.note) parts.push(detail.note);
	return parts.length ? parts.join('; ') : undefined;
}

function formatValue(value: unknown): string {
	if (value === null || value === undefined || value === '') return '—';
	if (Array.isArray(value)) return value.length ? value.join(', ') : '—';
	if (typeof value === 'boolean') return value ? 'yes' : 'no';
	if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value)) return value.slice(0, 10);
	return String(value);
}
