import type { User } from '$api/users/schemas';
import { api, attempt, formValues } from '$lib/server/api';
import { requireAdmin } from '../require-admin';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	requireAdmin(event);
	const { users } = await api(event).get<{ users: User[] }>('/users');
	return { users };
};

type Event = Parameters<Actions[string]>[0];

/** Reads the form, runs one API call for the user in field `id`, and tags the outcome with the action and user. */
async function forUser(
	event: Event,
	action: string,
	run: (id: string, data: FormData) => Promise<{ user: User }>,
	success: (user: User) => string
) {
	requireAdmin(event);
	const data = await event.request.formData();
	const values: Record<string, string> = { ...formValues(data), action };
	const id = values.id ?? '';
	const result = await attempt(values, () => run(encodeURIComponent(id), data));
	if (!result.ok) return result.failure;
	return { action, id, success: success(result.value.user) };
}

export const actions: Actions = {
	create: async (event) => {
		requireAdmin(event);
		const data = await event.request.formData();
		const values: Record<string, string> = { ...formValues(data), action: 'create' };
		const result = await attempt(values, () =>
			api(event).post<{ user: User }>('/users', {
				email: values.email ?? '',
				name: values.name ?? '',
				role: values.role ?? '',
				password: data.get('password') ?? ''
			})
		);
		if (!result.ok) return result.failure;
		const user = result.value.user;
		return {
			action: 'create',
			id: user.id,
			success: `${user.name} can now sign in. A welcome email is on its way to ${user.email}.`
		};
	},
	update: (event) =>
		forUser(
			event,
			'update',
			(id, data) =>
				api(event).patch(`/users/${id}`, {
					name: data.get('name') ?? '',
					...(data.has('role') ? { role: data.get('role') } : {})
				}),
			() => 'Changes saved.'
		),
	password: (event) =>
		forUser(
			event,
			'password',
			(id, data) =>
				api(event).post(`/users/${id}/password`, { password: data.get('password') ?? '' }),
			(user) =>
				`New password set. ${user.name} has been signed out everywhere else; share the password with them securely.`
		),
	disable: (event) =>
		forUser(
			event,
			'disable',
			(id) => api(event).post(`/users/${id}/disable`),
			(user) => `${user.name} is disabled and has been signed out.`
		),
	enable: (event) =>
		forUser(
			event,
			'enable',
			(id) => api(event).post(`/users/${id}/enable`),
			(user) => `${user.name} can sign in again.`
		)
};
