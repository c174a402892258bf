import type { OrganizationSettings } from '$api/organization/schemas';
import { api, attempt, formValues } from '$lib/server/api';
import { requireAdmin } from '../require-admin';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	requireAdmin(event);
	const { organization } = await api(event).get<{ organization: OrganizationSettings }>(
		'/organization'
	);
	return { organization };
};

export const actions: Actions = {
	default: async (event) => {
		requireAdmin(event);
		const values = formValues(await event.request.formData());
		const result = await attempt(values, () =>
			api(event).put<{ organization: OrganizationSettings }>('/organization', {
				name: values.name ?? '',
				brandColor: values.brandColor ?? '',
				emailFrom: values.emailFrom ?? ''
			})
		);
		if (!result.ok) return result.failure;
		return {
			organization: result.value.organization,
			success: 'Saved. Emails and public pages use these settings from now on.'
		};
	}
};
