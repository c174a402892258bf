import { redirect } from '@sveltejs/kit';
import { surveyScales, type SurveyKind } from '$api/domain/survey-definition';
import { api } from '$lib/server/api';
import { newDraft } from '../editor/draft';
import { loadEditorOptions, requireManager, saveSurvey } from '../editor/survey-form';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	requireManager(event);
	const kind = event.url.searchParams.get('kind') ?? '';
	return {
		initial: newDraft(kind in surveyScales ? (kind as SurveyKind) : 'nps'),
		options: await loadEditorOptions(api(event))
	};
};

export const actions: Actions = {
	save: async (event) => {
		const result = await saveSurvey(event, null, false);
		if (!result.ok) return result.failure;
		redirect(303, `/surveys/${result.id}/edit?saved=draft`);
	},
	activate: async (event) => {
		const result = await saveSurvey(event, null, true);
		if (!result.ok) return result.failure;
		redirect(303, `/surveys/${result.id}?saved=activated`);
	}
};
