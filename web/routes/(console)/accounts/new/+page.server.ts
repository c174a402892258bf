import { redirect } from '@sveltejs/kit';
import type { Account } from '$api/accounts/schemas';
import { api, attempt, formValues } from '$lib/server/api';
import { accountInput, mergeTagErrors } from '../account-form';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { owners } = await api(event).get<{
		owners: { id: string; name: string; email: string; role: string }[];
	}>('/accounts/owners');
	return { owners };
};

export const actions: Actions = {
	default: async (event) => {
		const values = formValues(await event.request.formData());
		const result = await attempt(values, () =>
			api(event).post<{ account: Account }>('/accounts', accountInput(values))
		);
		if (!result.ok) {
			result.failure.data.fields = mergeTagErrors(result.failure.data.fields);
			return result.failure;
		}
		redirect(303, `/accounts/${result.value.account.id}`);
	}
};
