import { redirect } from '@sveltejs/kit';
import { api, attempt, formValues } from '$lib/server/api';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	if (event.locals.user) redirect(303, '/');
	const { needed } = await api(event).get<{ needed: boolean }>('/auth/setup');
	if (needed) redirect(303, '/setup');
};

export const actions: Actions = {
	default: async (event) => {
		const data = await event.request.formData();
		const values = formValues(data);
		const result = await attempt(values, () =>
			api(event).post('/auth/sign-in', { email: values.email ?? '', password: data.get('password') ?? '' })
		);
		if (!result.ok) return result.failure;
		const next = event.url.searchParams.get('next');
		redirect(303, next?.startsWith('/') && !next.startsWith('//') ? next : '/');
	}
};
