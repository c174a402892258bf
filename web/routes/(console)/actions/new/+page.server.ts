import { redirect } from '@sveltejs/kit';
import type { Suggestion } from '$api/suggestions/schemas';
import { api, ApiError, attempt, formValues } from '$lib/server/api';
import { requireManager } from '../../settings/require-admin';
import type { CaseOptions } from '../../cases/case-types';
import type { Actions, PageServerLoad } from './$types';

const managersOnly = 'Only managers and admins plan actions.';

export const load: PageServerLoad = async (event) => {
	requireManager(event, managersOnly);
	const client = api(event);
	const ids = [...new Set(event.url.searchParams.getAll('suggestion'))].slice(0, 100);
	const [options, ...found] = await Promise.all([
		client.get<CaseOptions>('/cases/options'),
		...ids.map((id) =>
			client
				.get<{ suggestion: Suggestion }>(`/suggestions/${encodeURIComponent(id)}`)
				.then((body) => body.suggestion)
				.catch((failure: unknown) => {
					if (failure instanceof ApiError && failure.status === 404) return null;
					throw failure;
				})
		)
	]);
	return {
		staff: options.staff,
		suggestions: found.filter((suggestion): suggestion is Suggestion => suggestion !== null)
	};
};

export const actions: Actions = {
	default: async (event) => {
		requireManager(event, managersOnly);
		const data = await event.request.formData();
		const values = formValues(data);
		const result = await attempt(values, () =>
			api(event).post<{ action: { id: string } }>('/actions', {
				title: values.title ?? '',
				description: values.description ?? '',
				ownerId: values.ownerId || null,
				dueOn: values.dueOn || null,
				suggestionIds: data.getAll('suggestionIds').filter((id) => typeof id === 'string')
			})
		);
		if (!result.ok) return result.failure;
		redirect(303, `/actions/${result.value.action.id}?created=1`);
	}
};
