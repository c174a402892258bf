import { redirect } from '@sveltejs/kit';
import { api, attempt, formValues } from '$lib/server/api';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { needed } = await api(event).get<{ needed: boolean }>('/auth/setup');
	if (!needed) redirect(303, event.locals.user ? '/' : '/sign-in');
};

export const actions: Actions = {
	default: async (event) => {
		const data = await event.request.formData();
		const values = formValues(data);
		const result = await attempt(values, () =>
			api(event).post('/auth/setup', {
				name: values.name ?? '',
				email: values.email ?? '',
				password: data.get('password') ?? ''
			})
		);
		if (!result.ok) return result.failure;
		redirect(303, '/');
	}
};
