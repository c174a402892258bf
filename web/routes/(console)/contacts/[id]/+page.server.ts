import { error, redirect } from '@sveltejs/kit';
import type { Contact } from '$api/contacts/schemas';
import type { ContactSurvey } from '$api/survey-results/schemas';
import { api, ApiError, attempt, formValues } from '$lib/server/api';
import {
	contactChoices,
	contactInput,
	loadAccountOptions,
	type AccountOption
} from '../contact-form';
import type { Actions, PageServerLoad } from './$types';

type TimelineEvent = {
	at: string;
	kind: 'change' | 'email' | 'survey' | 'case';
	title: string;
	detail?: string;
};

export const load: PageServerLoad = async (event) => {
	const client = api(event);
	const id = encodeURIComponent(event.params.id);
	const editing = event.url.searchParams.has('edit');
	try {
		const [{ contact }, { events }, { surveys }] = await Promise.all([
			client.get<{ contact: Contact }>(`/contacts/${id}`),
			client.get<{ events: TimelineEvent[] }>(`/contacts/${id}/timeline`),
			client.get<{ surveys: ContactSurvey[] }>(`/contacts/${id}/surveys`)
		]);
		let accounts: AccountOption[] = [];
		if (editing) accounts = (await loadAccountOptions(event, '', contact.account.id)).options;
		return {
			contact,
			events,
			surveys,
			editing,
			accounts,
			choices: editing ? contactChoices() : null
		};
	} catch (failure) {
		if (failure instanceof ApiError && failure.status === 404)
			error(404, 'This contact does not exist.');
		throw failure;
	}
};

const path = (id: string) => `/contacts/${encodeURIComponent(id)}`;

export const actions: Actions = {
	update: async (event) => {
		const values = formValues(await event.request.formData());
		const result = await attempt({ ...values, action: 'update' }, () =>
			api(event).patch(path(event.params.id), contactInput(values))
		);
		if (!result.ok) return result.failure;
		redirect(303, path(event.params.id));
	},
	archive: async (event) => {
		const result = await attempt({ action: 'archive' }, () =>
			api(event).post(`${path(event.params.id)}/archive`)
		);
		if (!result.ok) return result.failure;
		return { success: 'Archived. This contact is no longer surveyed or listed.' };
	},
	erase: async (event) => {
		const values = formValues(await event.request.formData());
		const result = await attempt({ action: 'erase', confirm: values.confirm ?? '' }, () =>
			api(event).post(`${path(event.params.id)}/erase`, { confirm: values.confirm ?? '' })
		);
		if (!result.ok) return result.failure;
		return {
			success:
				'Erased. The name, address and everything they wrote are gone; their scores and cases still count.'
		};
	},
	unarchive: async (event) => {
		const result = await attempt({ action: 'unarchive' }, () =>
			api(event).post(`${path(event.params.id)}/unarchive`)
		);
		if (!result.ok) return result.failure;
		return { success: 'Restored from the archive.' };
	}
};
