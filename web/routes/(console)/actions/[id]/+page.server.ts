import { error, type RequestEvent } from '@sveltejs/kit';
import type { ActionSummary } from '$api/actions/schemas';
import type { ActionStatus } from '$api/domain/action-workflow';
import type { Suggestion } from '$api/suggestions/schemas';
import { api, ApiError, attempt, formValues } from '$lib/server/api';
import type { CaseOptions } from '../../cases/case-types';
import type { Actions, PageServerLoad } from './$types';

type Detail = {
	action: ActionSummary;
	next: ActionStatus[];
	linked: Suggestion[];
	told: { done: number; declined: number };
};

const path = (event: RequestEvent<{ id: string }>) =>
	`/actions/${encodeURIComponent(event.params.id)}`;

export const load: PageServerLoad = async (event) => {
	const client = api(event);
	try {
		const [detail, options] = await Promise.all([
			client.get<Detail>(path(event)),
			client.get<CaseOptions>('/cases/options')
		]);
		return { ...detail, staff: options.staff, created: event.url.searchParams.has('created') };
	} catch (failure) {
		if (failure instanceof ApiError && failure.status === 404)
			error(404, 'This action does not exist.');
		throw failure;
	}
};

export const actions: Actions = {
	status: async (event) => {
		const values = formValues(await event.request.formData());
		const result = await attempt({ ...values, form: 'status' }, () =>
			api(event).post<Detail & { emailed: number }>(`${path(event)}/status`, {
				status: values.status ?? '',
				...(values.declineReason !== undefined ? { declineReason: values.declineReason } : {}),
				shareDecline: values.shareDecline === 'on'
			})
		);
		if (!result.ok) return result.failure;
		const { emailed, action } = result.value;
		const told = emailed === 1 ? 'one customer was emailed' : `${emailed} customers were emailed`;
		return {
			success:
				action.status === 'done'
					? `Done: ${told} “you said, we did”.`
					: action.status === 'declined'
						? emailed > 0
							? `Declined: ${told} why.`
							: 'Declined. The customers were not told.'
						: action.status === 'in_progress'
							? 'Work started.'
							: 'Planned again.'
		};
	},
	edit: async (event) => {
		const values = formValues(await event.request.formData());
		const result = await attempt({ ...values, form: 'edit' }, () =>
			api(event).patch(path(event), {
				title: values.title ?? '',
				description: values.description ?? '',
				ownerId: values.ownerId || null,
				dueOn: values.dueOn || null
			})
		);
		if (!result.ok) return result.failure;
		return { success: 'Saved.' };
	},
	unlink: async (event) => {
		const values = formValues(await event.request.formData());
		const result = await attempt({ ...values, form: 'unlink' }, () =>
			api(event).delete(
				`${path(event)}/suggestions/${encodeURIComponent(values.suggestionId ?? '')}`
			)
		);
		if (!result.ok) return result.failure;
		return { success: 'Unlinked. The suggestion is back in the inbox’s “To do”.' };
	}
};
