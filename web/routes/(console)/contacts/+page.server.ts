import { error } from '@sveltejs/kit';
import type { Contact } from '$api/contacts/schemas';
import { api, ApiError } from '$lib/server/api';
import { pickQuery } from '$lib/format';
import type { PageServerLoad } from './$types';

type ContactPage = { items: Contact[]; total: number; page: number; pageSize: number };

const statuses = ['active', 'unsubscribed', 'bounced', 'archived'];
const sorts = ['name', 'email', 'account', 'createdAt'];

export const load: PageServerLoad = async (event) => {
	const params = event.url.searchParams;
	const query = pickQuery(params, ['q', 'account', 'locale']);
	const status = params.get('status') ?? '';
	const sort = params.get('sort') ?? '';
	const page = Number.parseInt(params.get('page') ?? '1', 10);
	if (statuses.includes(status)) query.set('status', status);
	if (sorts.includes(sort.replace(/^-/, ''))) query.set('sort', sort);
	const listQuery = new URLSearchParams(query);
	if (page > 1) listQuery.set('page', String(page));

	const client = api(event);
	const accountId = query.get('account');
	const [list, { locales }, account] = await Promise.all([
		client.get<ContactPage>(`/contacts?${listQuery}`).catch(refuseBadFilters),
		client.get<{ locales: { locale: string; count: number }[] }>('/contacts/locales'),
		accountId
			? client
					.get<{ account: { id: string; name: string } }>(
						`/accounts/${encodeURIComponent(accountId)}`
					)
					.then((detail) => detail.account)
					.catch((failure) => {
						if (failure instanceof ApiError && failure.status === 404)
							return { id: accountId, name: 'Unknown account' };
						throw failure;
					})
			: Promise.resolve(null)
	]);
	return {
		list,
		locales,
		account,
		filters: {
			q: query.get('q') ?? '',
			account: accountId ?? '',
			locale: query.get('locale') ?? '',
			status: query.get('status') ?? '',
			sort: query.get('sort') ?? 'name'
		},
		filtered: ['q', 'account', 'locale', 'status'].some((key) => query.has(key)),
		exportQuery: query.toString()
	};
};

/** A filter the API refuses (say, a search longer than it allows) is the visitor's mistake, not ours. */
function refuseBadFilters(failure: unknown): never {
	if (failure instanceof ApiError && failure.status === 422) error(400, failure.message);
	throw failure;
}
