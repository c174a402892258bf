import { error, redirect } from '@sveltejs/kit';
import type { SurveyResponse, SurveySummary } from '$api/survey-results/schemas';
import { pickQuery } from '$lib/format';
import { api, ApiError, attempt } from '$lib/server/api';
import { requireManager } from '../editor/survey-form';
import type { Actions, PageServerLoad } from './$types';

const notices: Record<string, string> = {
	activated:
		'Active. Invitations go out on the next tick, to each contact inside their own send window.',
	resumed: 'Resumed. Contacts who came due while it was paused are asked on the next tick.',
	paused:
		'Paused. Nobody new is invited until you resume it; answers to invitations already sent still count.'
};

type ResponsePage = { items: SurveyResponse[]; total: number; page: number; pageSize: number };

const periods = ['30d', '90d', '365d', 'all'];
const groups = ['promoters', 'passives', 'detractors'];
const sorts = ['answeredAt', 'score', 'contact'];
const datePattern = /^\d{4}-\d{2}-\d{2}$/;

export const load: PageServerLoad = async (event) => {
	const params = event.url.searchParams;
	const id = encodeURIComponent(event.params.id);
	const period = periods.includes(params.get('period') ?? '') ? params.get('period')! : '90d';

	// Only values the API accepts travel on; anything else in the address is ignored, not an error page.
	const filters = pickQuery(params, ['q']);
	const group = params.get('group') ?? '';
	const hasComment = params.get('hasComment') ?? '';
	const sort = params.get('sort') ?? '';
	if (groups.includes(group)) filters.set('group', group);
	if (hasComment === 'true' || hasComment === 'false') filters.set('hasComment', hasComment);
	let [from, to] = ['from', 'to'].map((key) => params.get(key) ?? '');
	if (datePattern.test(from!) && datePattern.test(to!) && from! > to!) [from, to] = [to, from];
	if (datePattern.test(from!)) filters.set('from', from!);
	if (datePattern.test(to!)) filters.set('to', to!);
	if (sorts.includes(sort.replace(/^-/, ''))) filters.set('sort', sort);
	const listQuery = new URLSearchParams(filters);
	const page = Number.parseInt(params.get('page') ?? '1', 10);
	if (page > 1) listQuery.set('page', String(page));

	const client = api(event);
	try {
		const [summary, responses] = await Promise.all([
			client.get<SurveySummary>(`/surveys/${id}/summary?period=${period}`),
			client.get<ResponsePage>(`/surveys/${id}/responses?${listQuery}`).catch(refuseBadFilters)
		]);
		return {
			summary,
			responses,
			filters: {
				q: filters.get('q') ?? '',
				group: filters.get('group') ?? '',
				hasComment: filters.get('hasComment') ?? '',
				from: filters.get('from') ?? '',
				to: filters.get('to') ?? '',
				sort: filters.get('sort') ?? '-answeredAt'
			},
			filtered: ['q', 'group', 'hasComment', 'from', 'to'].some((key) => filters.has(key)),
			exportQuery: filters.toString(),
			notice: notices[params.get('saved') ?? ''] ?? null
		};
	} catch (failure) {
		if (failure instanceof ApiError && failure.status === 404)
			error(404, 'This survey does not exist.');
		throw failure;
	}
};

/** A filter the API refuses (an end date before the start) is the visitor's mistake, not ours. */
function refuseBadFilters(failure: unknown): never {
	if (failure instanceof ApiError && failure.status === 422) error(400, failure.message);
	throw failure;
}

/** Starting, resuming and pausing from the results page, without opening the editor. */
async function changeStatus(
	event: Parameters<Actions[string]>[0],
	verb: 'activate' | 'pause',
	notice: string
) {
	requireManager(event);
	const id = encodeURIComponent(event.params.id!);
	const changed = await attempt({}, () => api(event).post(`/surveys/${id}/${verb}`));
	if (!changed.ok) return changed.failure;
	redirect(303, `/surveys/${id}?saved=${notice}`);
}

export const actions: Actions = {
	activate: async (event) => changeStatus(event, 'activate', 'activated'),
	resume: async (event) => changeStatus(event, 'activate', 'resumed'),
	pause: async (event) => changeStatus(event, 'pause', 'paused')
};
