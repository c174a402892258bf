import { fail, redirect } from '@sveltejs/kit';
import { api, ApiError } from '$lib/server/api';
import { loadInvitation } from '$lib/components/public/invitation.server';
import type { Actions, PageServerLoad } from './$types';

/**
 * A score link from the email. The GET only shows the survey with that score
 * chosen; the score is recorded by the form's POST, which a small script sends
 * as soon as the page is shown in a browser, or the customer's click without
 * JavaScript. Mail scanners that fetch the link record nothing.
 */
export const load: PageServerLoad = async (event) => {
	const { token, score: scoreParam } = event.params;
	const found = await loadInvitation(event, token);
	if (found.status === 'unknown') return { view: 'unknown' as const, token, ...found };
	const { invitation } = found;
	const score = Number(scoreParam);
	const { min, max } = invitation.survey;
	if (!/^\d{1,2}$/.test(scoreParam) || score < min || score > max) redirect(303, `/s/${token}`);
	if (!invitation.editable) return { view: 'closed' as const, token, invitation };
	return { view: 'record' as const, invitation, score, token };
};

export const actions: Actions = {
	default: async (event) => {
		const { token } = event.params;
		const data = await event.request.formData();
		const score = Number(data.get('score') ?? event.params.score);
		try {
			await api(event).post(`/public/invitations/${encodeURIComponent(token)}/response`, { score });
		} catch (error) {
			if (error instanceof ApiError && (error.status === 404 || error.status === 409))
				redirect(303, `/s/${token}`);
			if (error instanceof ApiError && error.status < 500)
				return fail(error.status, { failed: true });
			throw error;
		}
		redirect(303, `/s/${token}?saved=1`);
	}
};
