import type { WebhookEndpoint } from '$api/webhooks/schemas';
import { api, attempt, formValues } from '$lib/server/api';
import { requireAdmin } from '../require-admin';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	requireAdmin(event);
	const { endpoints } = await api(event).get<{ endpoints: WebhookEndpoint[] }>(
		'/webhooks/endpoints'
	);
	return { endpoints, deleted: event.url.searchParams.get('deleted') };
};

export const actions: Actions = {
	create: async (event) => {
		requireAdmin(event);
		const data = await event.request.formData();
		const events = data.getAll('events').map(String);
		const values: Record<string, string> = {
			...formValues(data),
			events: events.join(','),
			action: 'create'
		};
		const result = await attempt(values, () =>
			api(event).post<{ endpoint: WebhookEndpoint; secret: string }>('/webhooks/endpoints', {
				url: values.url ?? '',
				description: values.description ?? '',
				events,
				enabled: data.get('enabled') === 'on'
			})
		);
		if (!result.ok) return result.failure;
		const { endpoint, secret } = result.value;
		return { action: 'create', id: endpoint.id, url: endpoint.url, secret };
	}
};
