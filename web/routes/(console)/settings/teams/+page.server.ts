import type { Team } from '$api/teams/schemas';
import type { User } from '$api/users/schemas';
import { api, attempt, formValues } from '$lib/server/api';
import { requireAdmin } from '../require-admin';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	requireAdmin(event);
	const client = api(event);
	const [{ teams }, { users }] = await Promise.all([
		client.get<{ teams: Team[] }>('/teams'),
		client.get<{ users: User[] }>('/users')
	]);
	return { teams, users };
};

const teamPath = (id: string | undefined) => `/teams/${encodeURIComponent(id ?? '')}`;

export const actions: Actions = {
	create: async (event) => {
		requireAdmin(event);
		const values: Record<string, string> = {
			...formValues(await event.request.formData()),
			action: 'create'
		};
		const result = await attempt(values, () =>
			api(event).post<{ team: Team }>('/teams', {
				name: values.name ?? '',
				leadId: values.leadId || null
			})
		);
		if (!result.ok) return result.failure;
		const team = result.value.team;
		return {
			action: 'create',
			id: team.id,
			success: `${team.name} is ready. Now choose who is in it.`
		};
	},
	update: async (event) => {
		requireAdmin(event);
		const values: Record<string, string> = {
			...formValues(await event.request.formData()),
			action: 'update'
		};
		const result = await attempt(values, () =>
			api(event).patch<{ team: Team }>(teamPath(values.id), {
				name: values.name ?? '',
				leadId: values.leadId || null
			})
		);
		if (!result.ok) return result.failure;
		return { action: 'update', id: values.id, success: 'Name and lead saved.' };
	},
	members: async (event) => {
		requireAdmin(event);
		const data = await event.request.formData();
		const values: Record<string, string> = { id: String(data.get('id') ?? ''), action: 'members' };
		const userIds = data.getAll('userIds').map(String);
		const result = await attempt(values, () =>
			api(event).put<{ team: Team }>(`${teamPath(values.id)}/members`, { userIds })
		);
		if (!result.ok) return result.failure;
		const count = result.value.team.members.length;
		return {
			action: 'members',
			id: values.id,
			success:
				count === 0
					? 'The team has no members now.'
					: `Members saved: ${count} ${count === 1 ? 'person' : 'people'}.`
		};
	},
	delete: async (event) => {
		requireAdmin(event);
		const values: Record<string, string> = {
			...formValues(await event.request.formData()),
			action: 'delete'
		};
		// Without JavaScript the first press asks; the confirmation form sends `confirmed`.
		if (values.confirmed !== 'yes') return { action: 'delete', id: values.id, confirm: true };
		const result = await attempt(values, () => api(event).delete(teamPath(values.id)));
		if (!result.ok) return result.failure;
		return {
			action: 'delete',
			id: values.id,
			success: `${values.name || 'The team'} was deleted. Its members keep their accounts.`
		};
	}
};
