import { redirect } from '@sveltejs/kit';
import type { NamedItem } from '$api/named-lists/edit-named-list';
import { api, attempt, formValues } from '$lib/server/api';
import { requireManager as requireManagerRole } from '../../settings/require-admin';
import type { Actions, PageServerLoad } from './$types';

const requireManager = (event: Parameters<typeof requireManagerRole>[0]) =>
	requireManagerRole(event, 'Only managers and admins keep the list of suggestion themes.');

export const load: PageServerLoad = async (event) => {
	requireManager(event);
	const { themes } = await api(event).get<{ themes: NamedItem[] }>('/themes');
	return { themes, editing: event.url.searchParams.get('edit') };
};

export const actions: Actions = {
	saveTheme: async (event) => {
		requireManager(event);
		const values: Record<string, string> = {
			...formValues(await event.request.formData()),
			form: 'theme'
		};
		const body = { name: values.name ?? '' };
		const result = await attempt(values, () =>
			values.id
				? api(event).put(`/themes/${encodeURIComponent(values.id)}`, body)
				: api(event).post('/themes', body)
		);
		if (!result.ok) return result.failure;
		redirect(303, '/suggestions/themes');
	},
	archiveTheme: async (event) => {
		requireManager(event);
		const values: Record<string, string> = {
			...formValues(await event.request.formData()),
			form: 'theme-archive'
		};
		const result = await attempt(values, () =>
			api(event).post(`/themes/${encodeURIComponent(values.id ?? '')}/archive`)
		);
		if (!result.ok) return result.failure;
		redirect(303, '/suggestions/themes');
	}
};
