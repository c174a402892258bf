import { error, redirect } from '@sveltejs/kit';
import type { WebhookDelivery, WebhookEndpoint } from '$api/webhooks/schemas';
import { api, ApiError, attempt, formValues } from '$lib/server/api';
import { requireAdmin } from '../../require-admin';
import type { Actions, PageServerLoad } from './$types';

const statuses = ['pending', 'succeeded', 'failed'] as const;

export const load: PageServerLoad = async (event) => {
	requireAdmin(event);
	const client = api(event);
	const id = encodeURIComponent(event.params.id);
	const requested = event.url.searchParams.get('status');
	const status = statuses.find((candidate) => candidate === requested) ?? null;
	try {
		const [{ endpoint }, { deliveries }] = await Promise.all([
			client.get<{ endpoint: WebhookEndpoint }>(`/webhooks/endpoints/${id}`),
			client.get<{ deliveries: WebhookDelivery[] }>(
				`/webhooks/endpoints/${id}/deliveries?limit=50${status ? `&status=${status}` : ''}`
			)
		]);
		return { endpoint, deliveries, status };
	} catch (failure) {
		if (failure instanceof ApiError && failure.status === 404)
			error(404, 'This webhook endpoint does not exist.');
		throw failure;
	}
};

type Event = Parameters<Actions[string]>[0];
const path = (event: Event) => `/webhooks/endpoints/${encodeURIComponent(event.params.id ?? '')}`;

export const actions: Actions = {
	update: async (event) => {
		requireAdmin(event);
		const data = await event.request.formData();
		const events = data.getAll('events').map(String);
		const values: Record<string, string> = {
			...formValues(data),
			events: events.join(','),
			action: 'update'
		};
		const result = await attempt(values, () =>
			api(event).patch(path(event), {
				url: values.url ?? '',
				description: values.description ?? '',
				events
			})
		);
		if (!result.ok) return result.failure;
		return { action: 'update', success: 'Changes saved.' };
	},
	enable: async (event) => {
		requireAdmin(event);
		const result = await attempt({ action: 'enable' }, () =>
			api(event).patch(path(event), { enabled: true })
		);
		if (!result.ok) return result.failure;
		return { action: 'enable', success: 'Enabled: events raised from now on are sent.' };
	},
	disable: async (event) => {
		requireAdmin(event);
		const result = await attempt({ action: 'disable' }, () =>
			api(event).patch(path(event), { enabled: false })
		);
		if (!result.ok) return result.failure;
		return {
			action: 'disable',
			success:
				'Disabled: nothing is sent until you enable it again, and what it misses is not sent later.'
		};
	},
	test: async (event) => {
		requireAdmin(event);
		const result = await attempt({ action: 'test' }, () => api(event).post(`${path(event)}/test`));
		if (!result.ok) return result.failure;
		return {
			action: 'test',
			success: 'A test event is queued; it goes out within a minute. Reload to see how it went.'
		};
	},
	rotate: async (event) => {
		requireAdmin(event);
		const values: Record<string, string> = {
			...formValues(await event.request.formData()),
			action: 'rotate'
		};
		if (values.confirmed !== 'yes') return { action: 'rotate', confirm: true };
		const result = await attempt(values, () =>
			api(event).post<{ secret: string }>(`${path(event)}/rotate-secret`)
		);
		if (!result.ok) return result.failure;
		return { action: 'rotate', secret: result.value.secret };
	},
	delete: async (event) => {
		requireAdmin(event);
		const values: Record<string, string> = {
			...formValues(await event.request.formData()),
			action: 'delete'
		};
		// Without JavaScript the first press asks; the confirmation form sends `confirmed`.
		if (values.confirmed !== 'yes') return { action: 'delete', confirm: true };
		const result = await attempt(values, () => api(event).delete(path(event)));
		if (!result.ok) return result.failure;
		redirect(303, `/settings/webhooks?deleted=${encodeURIComponent(values.url ?? '')}`);
	},
	retry: async (event) => {
		requireAdmin(event);
		const values: Record<string, string> = {
			...formValues(await event.request.formData()),
			action: 'retry'
		};
		const result = await attempt(values, () =>
			api(event).post(`/webhooks/deliveries/${encodeURIComponent(values.deliveryId ?? '')}/retry`)
		);
		if (!result.ok) return result.failure;
		return {
			action: 'retry',
			deliveryId: values.deliveryId,
			success: 'It is tried again within a minute.'
		};
	}
};
