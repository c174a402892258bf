import { error, fail } from '@sveltejs/kit';
import { casePriorities } from '$api/domain/sla-policy';
import { pickQuery, plural } from '$lib/format';
import { api, ApiError, attempt } from '$lib/server/api';
import type { CaseOptions, QueueCase } from './case-types';
import type { Actions, PageServerLoad } from './$types';

const queueViews = ['all', 'mine', 'team', 'unassigned', 'breached'] as const;
type QueueView = (typeof queueViews)[number];

export const load: PageServerLoad = async (event) => {
	const params = event.url.searchParams;
	const query = pickQuery(params, ['q', 'categoryId', 'page']);
	const view = (queueViews as readonly string[]).includes(params.get('view') ?? '')
		? (params.get('view') as QueueView)
		: 'all';
	const priority = params.get('priority') ?? '';
	if (view !== 'all') query.set('view', view);
	if ((casePriorities as readonly string[]).includes(priority)) query.set('priority', priority);

	const client = api(event);
	const [queue, options] = await Promise.all([
		client
			.get<{
				now: string;
				cases: QueueCase[];
				total: number;
				page: number;
				pageSize: number;
			}>(`/cases?${query}`)
			.catch(refuseBadFilters),
		client.get<CaseOptions>('/cases/options')
	]);
	return {
		now: queue.now,
		cases: queue.cases,
		paging: { total: queue.total, page: queue.page, pageSize: queue.pageSize },
		options,
		filters: {
			view,
			q: query.get('q') ?? '',
			categoryId: query.get('categoryId') ?? '',
			priority: query.get('priority') ?? ''
		},
		filtered: ['q', 'categoryId', 'priority'].some((key) => query.has(key))
	};
};

/** A filter the API refuses (say, a search longer than it allows) is the visitor's mistake, not ours. */
function refuseBadFilters(failure: unknown): never {
	if (failure instanceof ApiError && failure.status === 422) error(400, failure.message);
	throw failure;
}

export const actions: Actions = {
	assign: async (event) => {
		const data = await event.request.formData();
		const caseIds = data.getAll('caseIds').filter((id): id is string => typeof id === 'string');
		const choice = String(data.get('assigneeId') ?? '');
		const values = { assigneeId: choice };
		if (caseIds.length === 0)
			return fail(400, { message: 'Tick the cases to assign first.', fields: {}, values });
		if (!choice)
			return fail(400, {
				message: 'Choose whom to assign them to.',
				fields: { assigneeId: ['Choose whom to assign them to.'] },
				values
			});
		const assigneeId = choice === 'none' ? null : choice;
		const client = api(event);
		const result = await attempt(values, () =>
			client.post<{ assigned: number }>('/cases/bulk-assign', { caseIds, assigneeId })
		);
		if (!result.ok) return result.failure;
		const { assigned } = result.value;
		if (assigned === 0) return { success: 'Nothing changed: those cases are closed.' };
		const { staff } = await client.get<CaseOptions>('/cases/options');
		const name = staff.find((person) => person.id === assigneeId)?.name;
		return {
			success: assigneeId
				? `${plural(assigned, 'case')} assigned to ${name ?? 'the chosen colleague'}.`
				: `${plural(assigned, 'case')} unassigned.`
		};
	}
};
