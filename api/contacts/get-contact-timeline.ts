import type { Deps } from '../deps';
import { describeEmail, mergeTimelines, type TimelineEvent } from '../domain/timeline';
import { notFound } from '../errors';
import { listAuditTimeline } from './audit-timeline';
import { findContactRow, listContactEmails } from './store';

/** What happened to a contact and what we sent them, newest first. Later: invitations and cases join here. */
export async function getContactTimeline({
	deps,
	id,
	limit
}: {
	deps: Deps;
	id: string;
	limit: number;
}): Promise<TimelineEvent[]> {
	const contact = await findContactRow(deps.db, id);
	if (!contact) throw notFound('Contact');
	const [changes, emails] = await Promise.all([
		listAuditTimeline(deps.db, { entityType: 'contact', entityId: id, limit }),
		listContactEmails(deps.db, id, limit)
	]);
	// Bulk imports record one audit entry for the whole file, not one per contact;
	// the contact's own creation time still belongs on its history.
	const added: TimelineEvent[] = changes.some((event) => event.title.startsWith('Contact created'))
		? []
		: [{ at: contact.createdAt, kind: 'change', title: 'Contact added' }];
	return mergeTimelines([changes, emails.map(describeEmail), added], limit);
}
