import { error, redirect } from '@sveltejs/kit';
import type { Account, AccountDetail } from '$api/accounts/schemas';
import { api, ApiError, attempt, formValues } from '$lib/server/api';
import { accountInput, mergeTagErrors } from '../account-form';
import type { Actions, PageServerLoad } from './$types';

type TimelineEvent = {
	at: string;
	kind: 'change' | 'email' | 'survey' | 'case';
	title: string;
	detail?: string;
};
type Owner = { id: string; name: string; email: string; role: string };

export const load: PageServerLoad = async (event) => {
	const client = api(event);
	const id = encodeURIComponent(event.params.id);
	const editing = event.url.searchParams.has('edit') && event.locals.user?.role !== 'agent';
	try {
		const [detail, { events }, owners] = await Promise.all([
			client.get<AccountDetail>(`/accounts/${id}`),
			client.get<{ events: TimelineEvent[] }>(`/accounts/${id}/timeline`),
			editing
				? client.get<{ owners: Owner[] }>('/accounts/owners').then((r) => r.owners)
				: Promise.resolve([])
		]);
		return { ...detail, events, owners, editing };
	} catch (failure) {
		if (failure instanceof ApiError && failure.status === 404)
			error(404, 'This account does not exist.');
		throw failure;
	}
};

const path = (id: string) => `/accounts/${encodeURIComponent(id)}`;

/** Runs one status change (lost, won back, archive, restore) and reports its outcome to the page. */
async function change(
	event: Parameters<Actions[string]>[0],
	action: string,
	success: string,
	withDate = false
) {
	const values = formValues(await event.request.formData());
	const body = withDate && values.at ? { at: values.at } : {};
	const result = await attempt({ ...values, action }, () =>
		api(event).post<{ account: Account }>(`${path(event.params.id!)}/${action}`, body)
	);
	if (!result.ok) return result.failure;
	return { success };
}

export const actions: Actions = {
	update: async (event) => {
		const values = formValues(await event.request.formData());
		const result = await attempt({ ...values, action: 'update' }, () =>
			api(event).patch(path(event.params.id), accountInput(values))
		);
		if (!result.ok) {
			result.failure.data.fields = mergeTagErrors(result.failure.data.fields);
			return result.failure;
		}
		redirect(303, path(event.params.id));
	},
	lost: (event) => change(event, 'lost', 'Marked lost.', true),
	wonBack: (event) => change(event, 'won-back', 'Welcome back: the account is active again.', true),
	archive: (event) => change(event, 'archive', 'Archived, with its contacts.'),
	unarchive: (event) => change(event, 'unarchive', 'Restored from the archive, with its contacts.')
};
