import { redirect } from '@sveltejs/kit';
import type { Contact } from '$api/contacts/schemas';
import { api, ApiError, attempt, formValues } from '$lib/server/api';
import type { CaseOptions } from '../case-types';
import type { Actions, PageServerLoad } from './$types';

type ContactChoice = { id: string; name: string; email: string; accountName: string };

const toChoice = (contact: Contact): ContactChoice => ({
	id: contact.id,
	name: contact.name,
	email: contact.email,
	accountName: contact.account.name
});

export const load: PageServerLoad = async (event) => {
	const params = event.url.searchParams;
	const search = params.get('contact')?.trim().slice(0, 200) ?? '';
	const contactId = params.get('contactId') ?? '';
	const client = api(event);
	const [options, selected, matches] = await Promise.all([
		client.get<CaseOptions>('/cases/options'),
		contactId
			? client
					.get<{ contact: Contact }>(`/contacts/${encodeURIComponent(contactId)}`)
					.then(({ contact }) => toChoice(contact))
					.catch((failure) => {
						if (failure instanceof ApiError && failure.status === 404) return null;
						throw failure;
					})
			: Promise.resolve(null),
		search && !contactId
			? client
					.get<{ items: Contact[]; total: number }>(
						`/contacts?${new URLSearchParams({ q: search, pageSize: '8' })}`
					)
					.then((page) => ({ items: page.items.map(toChoice), total: page.total }))
			: Promise.resolve(null)
	]);
	return { options, selected, matches, search };
};

export const actions: Actions = {
	default: async (event) => {
		const values = formValues(await event.request.formData());
		const input: Record<string, string> = {
			subject: values.subject ?? '',
			description: values.description ?? ''
		};
		// Empty optional fields are left out, so the API applies its own defaults (routing, priority).
		for (const key of ['contactId', 'email', 'name', 'categoryId', 'priority']) {
			const value = values[key]?.trim();
			if (value) input[key] = value;
		}
		const result = await attempt(values, () =>
			api(event).post<{ case: { id: string; number: number } }>('/cases', input)
		);
		if (!result.ok) return result.failure;
		redirect(303, `/cases/${result.value.case.id}`);
	}
};
