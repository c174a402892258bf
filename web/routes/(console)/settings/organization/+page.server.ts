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
				emailFrom: values.emailFrom ?? '',
				fatigueDays: days(values.fatigueDays),
				complaintCooldownDays: days(values.complaintCooldownDays),
				publicUpdates: values.publicUpdates === 'on'
			})
		);
		if (!result.ok) return result.failure;
		return {
			organization: result.value.organization,
			success:
				'Saved. Emails, public pages and the survey scheduler use these settings from now on.'
		};
	}
};

/** A number field's text as a number for the API (which explains anything that is not a whole number of days). */
function days(text: string | undefined): number | string | undefined {
	if (text === undefined) return undefined;
	const trimmed = text.trim();
	return /^-?\d+$/.test(trimmed) ? Number(trimmed) : trimmed;
}
