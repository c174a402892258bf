import { error, fail } from '@sveltejs/kit';
import type { ActionSummary } from '$api/actions/schemas';
import type { Suggestion } from '$api/suggestions/schemas';
import { pickQuery } from '$lib/format';
import { api, ApiError, attempt, formValues } from '$lib/server/api';
import type { Actions, PageServerLoad } from './$types';

type Inbox = {
	suggestions: Suggestion[];
	total: number;
	page: number;
	pageSize: number;
	themes: { id: string; name: string }[];
};

const filterKeys = ['q', 'themeId', 'source', 'tier', 'from', 'to', 'status', 'page'] as const;

export const load: PageServerLoad = async (event) => {
	const query = pickQuery(event.url.searchParams, filterKeys);
	if (!query.has('status')) query.set('status', 'open');
	const client = api(event);
	const [inbox, board] = await Promise.all([
		client.get<Inbox>(`/suggestions?${query}`).catch((failure: unknown) => {
			if (failure instanceof ApiError && failure.status === 422) error(400, failure.message);
			throw failure;
		}),
		client.get<{ actions: ActionSummary[] }>('/actions')
	]);
	const filters = Object.fromEntries(
		filterKeys.map((key) => [key, query.get(key) ?? ''])
	) as Record<(typeof filterKeys)[number], string>;
	return {
		...inbox,
		// Actions still open to new suggestions, for "link to an action".
		openActions: board.actions.filter((action) => action.status !== 'done'),
		filters,
		filtered: ['q', 'themeId', 'source', 'tier', 'from', 'to'].some((key) => query.has(key))
	};
};

const selected = (data: FormData) =>
	data.getAll('ids').filter((id): id is string => typeof id === 'string' && id !== '');

export const actions: Actions = {
	theme: async (event) => {
		const values = formValues(await event.request.formData());
		const result = await attempt({ ...values, form: 'theme' }, () =>
			api(event).patch(`/suggestions/${encodeURIComponent(values.id ?? '')}`, {
				themeId: values.themeId || null
			})
		);
		if (!result.ok) return result.failure;
		return { success: values.themeId ? 'Theme saved.' : 'Theme removed.' };
	},
	merge: async (event) => {
		const data = await event.request.formData();
		const ids = selected(data);
		const primaryId = String(data.get('primaryId') ?? '') || ids[0] || '';
		if (ids.length < 2)
			return fail(400, {
				message: 'Tick at least two suggestions to merge.',
				fields: {},
				values: {}
			});
		const result = await attempt({ form: 'merge' }, () =>
			api(event).post<{ suggestion: Suggestion }>('/suggestions/merge', {
				primaryId,
				duplicateIds: ids.filter((id) => id !== primaryId)
			})
		);
		if (!result.ok) return result.failure;
		const customers = result.value.suggestion.customers;
		return {
			success: `Merged ${ids.length} suggestions into one; ${customers === 1 ? 'its customer' : `all ${customers} customers`} will hear back.`
		};
	},
	link: async (event) => {
		const data = await event.request.formData();
		const ids = selected(data);
		const actionId = String(data.get('actionId') ?? '');
		if (ids.length === 0)
			return fail(400, { message: 'Tick the suggestions to link first.', fields: {}, values: {} });
		if (!actionId)
			return fail(400, { message: 'Choose the action they belong to.', fields: {}, values: {} });
		const result = await attempt({ form: 'link' }, () =>
			api(event).post(`/actions/${encodeURIComponent(actionId)}/suggestions`, {
				suggestionIds: ids
			})
		);
		if (!result.ok) return result.failure;
		return {
			success: `Linked ${ids.length === 1 ? 'one suggestion' : `${ids.length} suggestions`} to the action.`,
			actionId
		};
	},
	unmerge: async (event) => {
		const values = formValues(await event.request.formData());
		const result = await attempt({ form: 'unmerge' }, () =>
			api(event).post(`/suggestions/${encodeURIComponent(values.id ?? '')}/unmerge`)
		);
		if (!result.ok) return result.failure;
		return { success: 'Taken out: it is a suggestion of its own again.' };
	}
};
