import { redirect } from '@sveltejs/kit';
import { api } from '$lib/server/api';
import type { Actions } from './$types';

export const actions: Actions = {
	default: async (event) => {
		await api(event).post('/auth/sign-out');
		event.cookies.delete('closeloop_session', { path: '/' });
		redirect(303, '/sign-in');
	}
};
