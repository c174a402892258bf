import type { Deps } from '../deps';
import {
	describeEmail,
	describeSurveyInvitation,
	describeSurveyResponse,
	mergeTimelines,
	type TimelineEvent
} from '../domain/timeline';
import { surveyScales } from '../domain/survey-definition';
import { listContactInvitations, listContactResponses } from '../survey-results/store';
import { notFound } from '../errors';
import { listAuditTimeline } from './audit-timeline';
import { findContactRow, listContactEmails } from './store';

/** What happened to a contact, what we sent them and what they answered, newest first. Later: cases join here. */
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
	const [changes, emails, invitations, responses] = await Promise.all([
		listAuditTimeline(deps.db, { entityType: 'contact', entityId: id, limit }),
		listContactEmails(deps.db, id, limit),
		listContactInvitations(deps.db, id, limit),
		listContactResponses(deps.db, id, limit)
	]);
	const surveyEvents = [
		...invitations.flatMap((invitation) =>
			describeSurveyInvitation({ ...invitation, surveyName: invitation.survey.name })
		),
		...responses.map((response) =>
			describeSurveyResponse({
				...response,
				surveyName: response.survey.name,
				scaleMax: surveyScales[response.survey.kind].max
			})
		)
	];
	// Bulk imports record one audit entry for the whole file, not one per contact;
	// the contact's own creation time still belongs on its history.
	const added: TimelineEvent[] = changes.some((event) => event.title.startsWith('Contact created'))
		? []
		: [{ at: contact.createdAt, kind: 'change', title: 'Contact added' }];
	return mergeTimelines([surveyEvents, changes, emails.map(describeEmail), added], limit);
}
