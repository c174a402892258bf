import { fail } from '@sveltejs/kit';
import { api, attempt } from '$lib/server/api';
import type { Actions, PageServerLoad } from './$types';

type Settings = { weeklyDigest: boolean; next: { week: string; dueAt: string } };

/** The digest goes to managers and admins only; agents see why there is nothing to set. */
const getsDigest = (role: string) => role === 'admin' || role === 'manager';

export const load: PageServerLoad = async (event) => {
	const user = event.locals.user!;
	const digest = getsDigest(user.role) ? await api(event).get<Settings>('/digest/settings') : null;
	return { user, digest };
};

export const actions: Actions = {
	email: async (event) => {
		if (!getsDigest(event.locals.user?.role ?? ''))
			return fail(403, { message: 'The weekly digest goes to managers and admins.', fields: {} });
		const data = await event.request.formData();
		const weeklyDigest = data.get('weeklyDigest') === 'on';
		const result = await attempt({ weeklyDigest }, () =>
			api(event).patch<Settings>('/digest/settings', { weeklyDigest })
		);
		if (!result.ok) return result.failure;
		return {
			success: result.value.weeklyDigest
				? 'Saved. You will get the weekly digest on Mondays.'
				: 'Saved. You will not get the weekly digest any more.'
		};
	}
};
