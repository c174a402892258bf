import { redirect } from '@sveltejs/kit';
import type { Contact } from '$api/contacts/schemas';
import { api, attempt, formValues } from '$lib/server/api';
import { contactChoices, contactInput, loadAccountOptions } from '../contact-form';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const search = event.url.searchParams.get('accountSearch')?.trim() ?? '';
	const selectedId = event.url.searchParams.get('account');
	const accounts = await loadAccountOptions(event, search, selectedId);
	return { accounts, search, selectedId: accounts.selected?.id ?? '', choices: contactChoices() };
};

export const actions: Actions = {
	default: async (event) => {
		const values = formValues(await event.request.formData());
		const result = await attempt(values, () =>
			api(event).post<{ contact: Contact }>('/contacts', contactInput(values))
		);
		if (!result.ok) return result.failure;
		redirect(303, `/contacts/${result.value.contact.id}`);
	}
};
