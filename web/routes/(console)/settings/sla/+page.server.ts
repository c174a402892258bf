import { fail, redirect, type RequestEvent } from '@sveltejs/kit';
import type { BusinessCalendarView, CaseCategory, SlaPolicyView } from '$api/case-settings/schemas';
import type { NamedItem as RootCause } from '$api/named-lists/edit-named-list';
import { listTimeZones } from '$api/domain/time-zones';
import type { Team } from '$api/teams/schemas';
import type { UserDirectoryEntry } from '$api/users/schemas';
import { api, attempt, formValues } from '$lib/server/api';
import { requireManager as requireManagerRole } from '../require-admin';
import type { Tab } from './sla-form';
import type { Actions, PageServerLoad } from './$types';

/** SLA policies, calendars and routing are for managers (and admins); the API enforces the same rule. */
const requireManager = (event: Pick<RequestEvent, 'locals' | 'url'>) =>
	requireManagerRole(
		event,
		'Only managers and admins can change SLA policies, calendars and routing.'
	);

export const load: PageServerLoad = async (event) => {
	requireManager(event);
	const client = api(event);
	const [{ calendars }, { policies }, { categories }, { rootCauses }, { teams }, { users }] =
		await Promise.all([
			client.get<{ calendars: BusinessCalendarView[] }>('/case-settings/calendars'),
			client.get<{ policies: SlaPolicyView[] }>('/case-settings/policies'),
			client.get<{ categories: CaseCategory[] }>('/case-settings/categories'),
			client.get<{ rootCauses: RootCause[] }>('/case-settings/root-causes'),
			client.get<{ teams: Team[] }>('/teams'),
			client.get<{ users: UserDirectoryEntry[] }>('/users')
		]);
	return {
		calendars,
		policies,
		categories,
		rootCauses,
		teams: teams.map((team) => ({ id: team.id, name: team.name })),
		people: users.map((user) => ({ id: user.id, name: user.name, active: user.active })),
		timeZones: [...listTimeZones()]
	};
};

const settings = (path: string, id?: string) =>
	`/case-settings/${path}${id === undefined ? '' : `/${encodeURIComponent(id)}`}`;

/** Back to the tab, editor closed, with what happened for the banner. */
function done(tab: Tab, notice: string, id?: string): never {
	const query = new URLSearchParams({ tab, notice, ...(id ? { id } : {}) });
	redirect(303, `/settings/sla?${query}`);
}

/** The calendar and policy editors post their working copy as JSON in one field. */
async function readPayload(event: RequestEvent) {
	const data = await event.request.formData();
	const id = String(data.get('id') ?? '');
	try {
		const payload = JSON.parse(String(data.get('payload') ?? '')) as unknown;
		if (payload && typeof payload === 'object') return { ok: true as const, id, payload };
	} catch {
		// Falls through to the failure below.
	}
	return {
		ok: false as const,
		failure: fail(400, {
			message: 'The form arrived incomplete. Reload the page and try again.',
			fields: {},
			values: { id }
		})
	};
}

export const actions: Actions = {
	saveCalendar: async (event) => {
		requireManager(event);
		const read = await readPayload(event);
		if (!read.ok) return read.failure;
		const values = { form: 'calendar', id: read.id };
		const result = await attempt(values, () =>
			read.id
				? api(event).put<{ calendar: BusinessCalendarView }>(
						settings('calendars', read.id),
						read.payload
					)
				: api(event).post<{ calendar: BusinessCalendarView }>(settings('calendars'), read.payload)
		);
		if (!result.ok) return result.failure;
		done('calendars', read.id ? 'calendar-saved' : 'calendar-created', result.value.calendar.id);
	},
	deleteCalendar: async (event) => {
		requireManager(event);
		const values: Record<string, string> = {
			...formValues(await event.request.formData()),
			form: 'calendar-delete'
		};
		// Without JavaScript the first press asks; the confirmation form sends `confirmed`.
		if (values.confirmed !== 'yes') return { confirm: true, values };
		const result = await attempt(values, () =>
			api(event).delete(settings('calendars', values.id ?? ''))
		);
		if (!result.ok) return result.failure;
		done('calendars', 'calendar-deleted');
	},
	savePolicy: async (event) => {
		requireManager(event);
		const read = await readPayload(event);
		if (!read.ok) return read.failure;
		const values = { form: 'policy', id: read.id };
		const result = await attempt(values, () =>
			read.id
				? api(event).put<{ policy: SlaPolicyView }>(settings('policies', read.id), read.payload)
				: api(event).post<{ policy: SlaPolicyView }>(settings('policies'), read.payload)
		);
		if (!result.ok) return result.failure;
		done('policies', read.id ? 'policy-saved' : 'policy-created', result.value.policy.id);
	},
	movePolicy: async (event) => {
		requireManager(event);
		const values: Record<string, string> = {
			...formValues(await event.request.formData()),
			form: 'policy-order'
		};
		const client = api(event);
		const result = await attempt(values, async () => {
			const { policies } = await client.get<{ policies: SlaPolicyView[] }>(settings('policies'));
			const ids = policies.map((policy) => policy.id);
			const from = ids.indexOf(values.id ?? '');
			const to = from + (values.direction === 'up' ? -1 : 1);
			if (from < 0 || to < 0 || to >= ids.length) return;
			[ids[from], ids[to]] = [ids[to]!, ids[from]!];
			await client.post(settings('policies/order'), { ids });
		});
		if (!result.ok) return result.failure;
		done('policies', 'policy-moved', values.id);
	},
	setPolicyActive: async (event) => {
		requireManager(event);
		const values: Record<string, string> = {
			...formValues(await event.request.formData()),
			form: 'policy-status'
		};
		const activate = values.active === 'true';
		const result = await attempt(values, () =>
			api(event).post(
				`${settings('policies', values.id ?? '')}/${activate ? 'activate' : 'deactivate'}`
			)
		);
		if (!result.ok) return result.failure;
		done('policies', activate ? 'policy-activated' : 'policy-deactivated', values.id);
	},
	saveCategory: async (event) => {
		requireManager(event);
		const data = await event.request.formData();
		const values: Record<string, string> = { ...formValues(data), form: 'category' };
		const body = {
			name: values.name ?? '',
			priority: values.priority ?? 'normal',
			teamId: values.teamId || null,
			assignToOwner: data.get('assignToOwner') === 'on'
		};
		const result = await attempt(values, () =>
			values.id
				? api(event).put<{ category: CaseCategory }>(settings('categories', values.id), body)
				: api(event).post<{ category: CaseCategory }>(settings('categories'), body)
		);
		if (!result.ok) return result.failure;
		done('categories', values.id ? 'category-saved' : 'category-created', result.value.category.id);
	},
	archiveCategory: async (event) => {
		requireManager(event);
		const values: Record<string, string> = {
			...formValues(await event.request.formData()),
			form: 'category-archive'
		};
		const result = await attempt(values, () =>
			api(event).post(`${settings('categories', values.id ?? '')}/archive`)
		);
		if (!result.ok) return result.failure;
		done('categories', 'category-archived', values.id);
	},
	saveRootCause: async (event) => {
		requireManager(event);
		const values: Record<string, string> = {
			...formValues(await event.request.formData()),
			form: 'root-cause'
		};
		const body = { name: values.name ?? '' };
		const result = await attempt(values, () =>
			values.id
				? api(event).put<{ rootCause: RootCause }>(settings('root-causes', values.id), body)
				: api(event).post<{ rootCause: RootCause }>(settings('root-causes'), body)
		);
		if (!result.ok) return result.failure;
		done(
			'root-causes',
			values.id ? 'root-cause-saved' : 'root-cause-created',
			result.value.rootCause.id
		);
	},
	archiveRootCause: async (event) => {
		requireManager(event);
		const values: Record<string, string> = {
			...formValues(await event.request.formData()),
			form: 'root-cause-archive'
		};
		const result = await attempt(values, () =>
			api(event).post(`${settings('root-causes', values.id ?? '')}/archive`)
		);
		if (!result.ok) return result.failure;
		done('root-causes', 'root-cause-archived', values.id);
	}
};
