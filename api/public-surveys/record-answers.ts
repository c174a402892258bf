import type { Deps } from '../deps';
import { AppError } from '../errors';
import { invitationState } from './invitation-state';
import { closedMessage, serializeResponse } from './record-score';
import { requireInvitation } from './resolve-token';
import type { AnswersInput, PublicResponse } from './schemas';
import { deleteSurveySuggestion, updateResponseAnswers, upsertSurveySuggestion } from './store';
import { validateAnswers } from './validate-answers';

/**
 * Saves the follow-up answers of an answered invitation while it is still
 * changeable. The open answer is kept in step with its suggestion in the same
 * batch: written or rewritten when it has text, removed when it is emptied
 * (the customer took it back). A field left out of the body stays as it was.
 */
export async function recordAnswers({
	deps,
	token,
	input
}: {
	deps: Deps;
	token: string;
	input: AnswersInput;
}): Promise<PublicResponse> {
	const { db } = deps;
	const invitation = await requireInvitation(db, token);
	let answers: Record<string, string | number> | undefined;
	if (input.answers !== undefined) {
		const checked = validateAnswers(invitation.definition.questions ?? [], input.answers);
		if (!checked.ok)
			throw new AppError('validation_failed', 'Some answers are not valid.', checked.fields);
		answers = checked.answers;
	}
	const { responseId } = invitation;
	if (!responseId)
		throw new AppError('conflict', 'Give a score first; the further questions come after it.');
	const now = deps.clock.now();
	if (!invitationState(invitation, now).editable) throw new AppError('conflict', closedMessage);

	const comment = input.comment === undefined ? undefined : input.comment || null;
	const update = updateResponseAnswers(db, {
		invitationId: invitation.invitationId,
		comment,
		answers,
		now
	});
	const [rows] =
		comment === undefined
			? await db.batch([update])
			: await db.batch([
					update,
					comment === null
						? deleteSurveySuggestion(db, responseId)
						: upsertSurveySuggestion(db, {
								responseId,
								contactId: invitation.contactId,
								accountId: invitation.accountId,
								text: comment,
								now
							})
				]);
	const row = rows[0];
	if (!row) throw new AppError('conflict', closedMessage);
	return serializeResponse(row);
}
