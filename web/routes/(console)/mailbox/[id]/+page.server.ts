import { error } from '@sveltejs/kit';
import type { MailboxEmail } from '$api/mailbox/schemas';
import { api, ApiError, attempt } from '$lib/server/api';
import type { Actions, PageServerLoad } from './$types';

const path = (id: string) => `/mailbox/${encodeURIComponent(id)}`;

export const load: PageServerLoad = async (event) => {
	try {
		const { email } = await api(event).get<{ email: MailboxEmail }>(path(event.params.id));
		return { email };
	} catch (failure) {
		if (failure instanceof ApiError && failure.status === 404) error(404, 'It may have been removed, or the link is mistyped.');
		if (failure instanceof ApiError && failure.status === 403) {
			error(403, { message: 'The Mailbox shows every email Closeloop writes, so it is for admins.', code: 'forbidden' });
		}
		throw failure;
	}
};

export const actions: Actions = {
	retry: async (event) => {
		const result = await attempt({ action: 'retry' }, () => api(event).post(`${path(event.params.id)}/retry`));
		if (!result.ok) return result.failure;
		return { success: 'Queued again. The next tick sends it, within a minute.' };
	}
};
