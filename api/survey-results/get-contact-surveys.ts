import { editedAt } from './edited-at';
import type { Deps } from '../deps';
import { surveyScales } from '../domain/survey-definition';
import { notFound } from '../errors';
import { findContactRow } from '../contacts/store';
import type { ContactSurvey } from './schemas';
import { scoreBand } from './score-bands';
import { describeSkipReason } from './skip-labels';
import {
	listContactInvitations,
	listContactResponses,
	listContactSkips,
	readFatigueSettings
} from './store';

/** How far back the contact page looks; a contact gets a handful of invitations a year. */
const historyLimit = 500;

/**
 * A contact's standing with each survey that has asked or skipped them: the
 * latest invitation, the latest answer, and why they were skipped in the
 * current cadence window, if they were. Surveys with the newest activity come first.
 */
export async function getContactSurveys({
	deps,
	id
}: {
	deps: Deps;
	id: string;
}): Promise<ContactSurvey[]> {
	const { db } = deps;
	if (!(await findContactRow(db, id))) throw notFound('Contact');
	const [invitations, responses, skips, settings] = await Promise.all([
		listContactInvitations(db, id, historyLimit),
		listContactResponses(db, id, historyLimit),
		listContactSkips(db, id),
		readFatigueSettings(db)
	]);
	const bySurvey = new Map<string, ContactSurvey & { latest: number }>();
	const entry = (survey: ContactSurvey['survey'], at: Date) => {
		let found = bySurvey.get(survey.id);
		if (!found) {
			found = { survey, invitation: null, response: null, skip: null, latest: 0 };
			bySurvey.set(survey.id, found);
		}
		found.latest = Math.max(found.latest, at.getTime());
		return found;
	};
	for (const invitation of invitations) {
		const found = entry(
			invitation.survey,
			invitation.respondedAt ?? invitation.remindedAt ?? invitation.createdAt
		);
		found.invitation ??= {
			id: invitation.id,
			cycle: invitation.cycle,
			sentAt: invitation.createdAt.toISOString(),
			remindedAt: invitation.remindedAt?.toISOString() ?? null,
			answeredAt: invitation.respondedAt?.toISOString() ?? null
		};
	}
	for (const response of responses) {
		const found = entry(response.survey, response.updatedAt);
		found.response ??= {
			id: response.id,
			score: response.score,
			band: scoreBand(response.survey.kind, response.score),
			scaleMax: surveyScales[response.survey.kind].max,
			comment: response.comment?.trim() ? response.comment : null,
			answeredAt: response.createdAt.toISOString(),
			editedAt: editedAt(response)
		};
	}
	for (const skip of skips) {
		entry(skip.survey, skip.at).skip = {
			reason: skip.reason,
			label: describeSkipReason(skip.reason, settings),
			nextPossibleAt: skip.nextPossibleAt?.toISOString() ?? null,
			at: skip.at.toISOString()
		};
	}
	return [...bySurvey.values()]
		.sort((a, b) => b.latest - a.latest || a.survey.name.localeCompare(b.survey.name))
		.map(({ latest: _latest, ...rest }) => rest);
}
