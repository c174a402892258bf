import { redirect } from '@sveltejs/kit';
import { api } from '$lib/server/api';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = async (event) => {
	const user = event.locals.user;
	if (!user) {
		const { needed } = await api(event).get<{ needed: boolean }>('/auth/setup');
		if (needed) redirect(303, '/setup');
		const next = event.url.pathname + event.url.search;
		redirect(303, next === '/' ? '/sign-in' : `/sign-in?next=${encodeURIComponent(next)}`);
	}
	return { user };
};
