import { countAnswer } from '../reports/satisfaction-store';
import { isDetractorScore, surveyScales } from '../domain/survey-definition';
import type { Deps } from '../deps';
import { AppError } from '../errors';
import { editableUntilFor, invitationState } from './invitation-state';
import { requireInvitation } from './resolve-token';
import type { PublicResponse } from './schemas';
import {
	markInvitationResponded,
	raiseResponseEvent,
	upsertResponseScore,
	type ResponseRow
} from './store';

export const closedMessage =
	'This survey has closed: the answer can no longer be given or changed.';

/**
 * Records the lead score: the first answer creates the invitation's one
 * response (changeable for 7 days), a later one changes it. In the same batch:
 * the invitation is stamped answered, `response.received` is raised once per
 * response, and `response.detractor` once when a score at or below the
 * survey's threshold is given (an edit down to it raises it then; an edit up
 * leaves it for the complaint workflow, which reads the current score). The
 * satisfaction rollups count the answer in the same batch (`countAnswer`).
 */
export async function recordScore({
	deps,
	token,
	score
}: {
	deps: Deps;
	token: string;
	score: number;
}): Promise<PublicResponse> {
	const { db } = deps;
	const invitation = await requireInvitation(db, token);
	const { min, max } = surveyScales[invitation.kind];
	if (score < min || score > max) {
		const message = `Choose a score from ${min} to ${max}.`;
		throw new AppError('validation_failed', message, { score: [message] });
	}
	const now = deps.clock.now();
	if (!invitationState(invitation, now).editable) throw new AppError('conflict', closedMessage);

	const detractor = isDetractorScore(score, invitation.detractorThreshold);
	const { invitationId } = invitation;
	const upsert = upsertResponseScore(db, {
		invitation,
		score,
		detractor,
		now,
		editableUntil: editableUntilFor(now)
	});
	const stamp = markInvitationResponded(db, invitationId, now);
	const received = raiseResponseEvent(db, { type: 'response.received', invitationId, now });
	const counted = countAnswer(db, invitationId, now);
	const [rows] = detractor
		? await db.batch([
				upsert,
				stamp,
				received,
				...counted,
				raiseResponseEvent(db, {
					type: 'response.detractor',
					invitationId,
					now,
					maxScore: invitation.detractorThreshold
				})
			])
		: await db.batch([upsert, stamp, received, ...counted]);
	const row = rows[0];
	if (!row) throw new AppError('conflict', closedMessage);
	return serializeResponse(row);
}

export function serializeResponse(row: ResponseRow): PublicResponse {
	return {
		score: row.score,
		comment: row.comment,
		answers: row.answers,
		answeredAt: row.createdAt.toISOString(),
		updatedAt: row.updatedAt.toISOString(),
		editableUntil: row.editableUntil.toISOString()
	};
}
