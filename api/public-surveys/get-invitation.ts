import { surveyCopy } from '../domain/survey-copy';
import { localize, surveyScales } from '../domain/survey-definition';
import type { Deps } from '../deps';
import { defaultBrandColor } from '../organization/store';
import { invitationState } from './invitation-state';
import { requireInvitation } from './resolve-token';
import type { PublicInvitation, PublicQuestion, PublicResponse } from './schemas';
import type { FoundInvitation } from './store';

/**
 * What the survey and unsubscribe pages show for a token, in the invitation's
 * language. Reads only: mail scanners open every link, so a GET records nothing.
 */
export async function getInvitation({
	deps,
	token
}: {
	deps: Deps;
	token: string;
}): Promise<PublicInvitation> {
	const found = await requireInvitation(deps.db, token);
	const now = deps.clock.now();
	const orgName = found.orgName ?? deps.config.orgName;
	const { definition, locale } = found;
	const { state, editable } = invitationState(found, now);
	const scale = surveyScales[found.kind];
	return {
		state,
		editable,
		locale,
		timeZone: found.timeZone,
		organization: { name: orgName, brandColor: found.brandColor ?? defaultBrandColor },
		survey: {
			kind: found.kind,
			min: scale.min,
			max: scale.max,
			question: localize(definition.lead, locale, orgName),
			improve: localize(definition.improve, locale, orgName),
			questions: (definition.questions ?? []).map((question): PublicQuestion => {
				const text = localize(question.text, locale, orgName);
				if (question.type === 'choice') {
					return {
						id: question.id,
						type: 'choice',
						text,
						options: (question.options ?? []).map((option) => localize(option, locale, orgName))
					};
				}
				if (question.type === 'rating')
					return { id: question.id, type: 'rating', text, scaleMax: question.scaleMax ?? 5 };
				return { id: question.id, type: 'text', text };
			})
		},
		response: toPublicResponse(found),
		unsubscribed: found.unsubscribedAt !== null,
		copy: surveyCopy(locale, orgName)
	};
}

function toPublicResponse(found: FoundInvitation): PublicResponse | null {
	if (found.score === null || !found.answeredAt || !found.updatedAt || !found.editableUntil)
		return null;
	return {
		score: found.score,
		comment: found.comment,
		answers: found.answers ?? {},
		answeredAt: found.answeredAt.toISOString(),
		updatedAt: found.updatedAt.toISOString(),
		editableUntil: found.editableUntil.toISOString()
	};
}
