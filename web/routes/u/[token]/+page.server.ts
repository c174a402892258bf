import { fail } from '@sveltejs/kit';
import { api, ApiError } from '$lib/server/api';
import { loadInvitation } from '$lib/components/public/invitation.server';
import type { Actions, PageServerLoad } from './$types';

/** The unsubscribe link from the email: a confirmation page; only its button's POST unsubscribes. */
export const load: PageServerLoad = async (event) => {
	const { token } = event.params;
	const found = await loadInvitation(event, token);
	if (found.status === 'unknown') return { view: 'unknown' as const, token, ...found };
	const { invitation } = found;
	return {
		view: invitation.unsubscribed ? ('already' as const) : ('confirm' as const),
		token,
		invitation
	};
};

export const actions: Actions = {
	default: async (event) => {
		try {
			await api(event).post(`/public/unsubscribe/${encodeURIComponent(event.params.token)}`, {
				via: 'page'
			});
		} catch (error) {
			if (error instanceof ApiError && error.status < 500)
				return fail(error.status, { unsubscribed: false });
			throw error;
		}
		return { unsubscribed: true };
	}
};
