import { error } from '@sveltejs/kit';
import type { MailboxList } from '$api/mailbox/schemas';
import { api, ApiError } from '$lib/server/api';
import { pickQuery } from '$lib/format';
import { mailboxStatuses } from './status';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const params = event.url.searchParams;
	const query = pickQuery(params, ['q']);
	const status = params.get('status') ?? '';
	if ((mailboxStatuses as readonly string[]).includes(status)) query.set('status', status);
	const page = Number.parseInt(params.get('page') ?? '1', 10);
	if (page > 1) query.set('page', String(page));
	try {
		const list = await api(event).get<MailboxList>(`/mailbox?${query}`);
		return { list, filters: { q: query.get('q') ?? '', status: query.get('status') ?? '' } };
	} catch (failure) {
		if (failure instanceof ApiError && failure.status === 403) {
			error(403, { message: 'The Mailbox shows every email Closeloop writes, so it is for admins.', code: 'forbidden' });
		}
		throw failure;
	}
};
