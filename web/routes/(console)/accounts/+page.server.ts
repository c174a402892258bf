import { error } from '@sveltejs/kit';
import type { Account } from '$api/accounts/schemas';
import { api, ApiError } from '$lib/server/api';
import { pickQuery } from '$lib/format';
import type { PageServerLoad } from './$types';

type AccountPage = { items: Account[]; total: number; page: number; pageSize: number };
type Owner = { id: string; name: string; email: string; role: string };

const tiers = ['basic', 'standard', 'premium', 'enterprise'];
const statuses = ['active', 'lost'];
const sorts = ['name', 'tier', 'contacts', 'wonAt', 'createdAt'];

export const load: PageServerLoad = async (event) => {
	const params = event.url.searchParams;
	const query = pickQuery(params, ['q', 'owner', 'tag']);
	const tier = params.get('tier') ?? '';
	const status = params.get('status') ?? '';
	const sort = params.get('sort') ?? '';
	const page = Number.parseInt(params.get('page') ?? '1', 10);
	if (tiers.includes(tier)) query.set('tier', tier);
	if (statuses.includes(status)) query.set('status', status);
	if (params.get('archived') === 'include' || params.get('archived') === 'only')
		query.set('archived', params.get('archived')!);
	if (sorts.includes(sort.replace(/^-/, ''))) query.set('sort', sort);
	const listQuery = new URLSearchParams(query);
	if (page > 1) listQuery.set('page', String(page));

	const client = api(event);
	const [list, { owners }, { tags }] = await Promise.all([
		client.get<AccountPage>(`/accounts?${listQuery}`).catch(refuseBadFilters),
		client.get<{ owners: Owner[] }>('/accounts/owners'),
		client.get<{ tags: { tag: string; count: number }[] }>('/accounts/tags')
	]);
	return {
		list,
		owners,
		tags,
		filters: {
			q: query.get('q') ?? '',
			tier: query.get('tier') ?? '',
			owner: query.get('owner') ?? '',
			status: query.get('status') ?? '',
			tag: query.get('tag') ?? '',
			archived: query.get('archived') ?? '',
			sort: query.get('sort') ?? 'name'
		},
		filtered: ['q', 'tier', 'owner', 'status', 'tag', 'archived'].some((key) => query.has(key)),
		exportQuery: query.toString()
	};
};

/** A filter the API refuses (say, a search longer than it allows) is the visitor's mistake, not ours. */
function refuseBadFilters(failure: unknown): never {
	if (failure instanceof ApiError && failure.status === 422) error(400, failure.message);
	throw failure;
}
