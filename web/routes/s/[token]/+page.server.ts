import { fail, redirect } from '@sveltejs/kit';
import { api, ApiError } from '$lib/server/api';
import {
	formatDeadline,
	loadInvitation,
	type PublicInvitation
} from '$lib/components/public/invitation.server';
import type { Actions, PageServerLoad } from './$types';

/**
 * The survey: the score (chosen already when the customer came through a
 * score link, changeable), the open question and the further questions.
 */
export const load: PageServerLoad = async (event) => {
	const { token } = event.params;
	const found = await loadInvitation(event, token);
	if (found.status === 'unknown') return { view: 'unknown' as const, token, ...found };
	const { invitation } = found;
	if (!invitation.editable) return { view: 'closed' as const, token, invitation };
	const deadline = invitation.response
		? formatDeadline(
				invitation.copy.editableUntil,
				invitation.response.editableUntil,
				invitation.locale,
				invitation.timeZone
			)
		: null;
	return {
		view: 'survey' as const,
		token,
		invitation,
		deadline,
		saved: event.url.searchParams.has('saved')
	};
};

/** The follow-up answers from the form, every question present (an empty one is unanswered). */
function readAnswers(data: FormData, invitation: PublicInvitation) {
	const answers: Record<string, string | number> = {};
	for (const question of invitation.survey.questions) {
		const raw = data.get(`q:${question.id}`);
		const value = typeof raw === 'string' ? raw : '';
		answers[question.id] = question.type === 'text' || value === '' ? value : Number(value);
	}
	return answers;
}

function formValues(data: FormData): Record<string, string> {
	const values: Record<string, string> = {};
	for (const [key, value] of data) if (typeof value === 'string') values[key] = value;
	return values;
}

export const actions: Actions = {
	default: async (event) => {
		const { token } = event.params;
		const path = `/public/invitations/${encodeURIComponent(token)}`;
		const data = await event.request.formData();
		const found = await loadInvitation(event, token);
		if (found.status === 'unknown' || !found.invitation.editable) redirect(303, `/s/${token}`);
		const { invitation } = found;
		const values = formValues(data);
		if (!values.score) return fail(422, { missingScore: true, failed: false, values });
		const score = Number(values.score);
		const comment = typeof values.comment === 'string' ? values.comment : '';
		try {
			if (invitation.response?.score !== score)
				await api(event).post(`${path}/response`, { score });
			await api(event).post(`${path}/answers`, { comment, answers: readAnswers(data, invitation) });
		} catch (error) {
			if (error instanceof ApiError && (error.status === 404 || error.status === 409))
				redirect(303, `/s/${token}`);
			if (error instanceof ApiError && error.status < 500) {
				return fail(error.status, { missingScore: false, failed: true, values });
			}
			throw error;
		}
		redirect(303, `/s/${token}/thanks`);
	}
};
