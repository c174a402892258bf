import { error, redirect } from '@sveltejs/kit';
import type { Survey } from '$api/surveys/schemas';
import { api, ApiError, attempt } from '$lib/server/api';
import { draftFromSurvey } from '../../editor/draft';
import { loadEditorOptions, requireManager, saveSurvey } from '../../editor/survey-form';
import type { Actions, PageServerLoad } from './$types';

const notices: Record<string, string> = {
	draft: 'Saved as a draft. Activate it when the questions and audience are right.',
	changes: 'Saved. The next invitations use these settings.',
	paused: 'Paused. Nobody new is invited until you resume it.'
};

export const load: PageServerLoad = async (event) => {
	requireManager(event);
	const client = api(event);
	try {
		const [{ survey }, options] = await Promise.all([
			client.get<{ survey: Survey }>(`/surveys/${encodeURIComponent(event.params.id)}`),
			loadEditorOptions(client)
		]);
		return {
			initial: draftFromSurvey(survey),
			survey: {
				id: survey.id,
				name: survey.name,
				status: survey.status,
				kindLocked: survey.kindLocked
			},
			options,
			notice: notices[event.url.searchParams.get('saved') ?? ''] ?? null
		};
	} catch (failure) {
		if (failure instanceof ApiError && failure.status === 404)
			error(404, 'This survey does not exist.');
		throw failure;
	}
};

export const actions: Actions = {
	save: async (event) => {
		const result = await saveSurvey(event, event.params.id, false);
		if (!result.ok) return result.failure;
		redirect(303, `/surveys/${result.id}/edit?saved=changes`);
	},
	activate: async (event) => {
		const result = await saveSurvey(event, event.params.id, true);
		if (!result.ok) return result.failure;
		redirect(303, `/surveys/${result.id}?saved=activated`);
	},
	pause: async (event) => {
		requireManager(event);
		const id = encodeURIComponent(event.params.id);
		const paused = await attempt({}, () => api(event).post(`/surveys/${id}/pause`));
		if (!paused.ok) return paused.failure;
		redirect(303, `/surveys/${id}/edit?saved=paused`);
	}
};
