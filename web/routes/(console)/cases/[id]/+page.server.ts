import { error, fail, type RequestEvent } from '@sveltejs/kit';
import { casePriorities } from '$api/domain/sla-policy';
import { api, ApiError, attempt, formValues } from '$lib/server/api';
import type { CaseDetail, CaseOptions } from '../case-types';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const client = api(event);
	try {
		const [detail, options] = await Promise.all([
			client.get<CaseDetail>(path(event.params.id)),
			client.get<CaseOptions>('/cases/options')
		]);
		return { ...detail, options };
	} catch (failure) {
		if (failure instanceof ApiError && failure.status === 404)
			error(404, 'This case does not exist.');
		throw failure;
	}
};

const path = (id: string) => `/cases/${encodeURIComponent(id)}`;

/** Status changes that need nothing but the word, with what to tell the agent once done. */
const simpleActions: Record<string, string> = {
	acknowledge: 'Acknowledged. The customer sees that you have read it.',
	start: 'Work started.',
	wait_on_customer: 'Waiting on the customer. The SLA clocks are paused until they answer.',
	close: 'Closed.'
};

/** Posts one case action; a refusal (409) or invalid field (422) comes back to the form that sent it. */
async function act(
	event: RequestEvent<{ id: string }>,
	input: { form: string; values: Record<string, string>; body: unknown; success: string }
) {
	const { form, values, body, success } = input;
	const result = await attempt({ ...values, form }, () =>
		api(event).post(`${path(event.params.id)}/actions`, body)
	);
	if (!result.ok) return result.failure;
	return { success, form };
}

export const actions: Actions = {
	status: async (event) => {
		const values = formValues(await event.request.formData());
		const action = values.action ?? '';
		const success = simpleActions[action];
		if (!success)
			return fail(400, { message: 'Choose one of the offered actions.', fields: {}, values });
		return act(event, { form: 'status', values, body: { action }, success });
	},
	reply: async (event) => {
		const values = formValues(await event.request.formData());
		const isPublic = values.visibility !== 'internal';
		const waitOnCustomer = isPublic && values.waitOnCustomer === 'on';
		return act(event, {
			form: 'reply',
			values,
			body: { action: 'reply', body: values.body ?? '', isPublic, waitOnCustomer },
			success: !isPublic
				? 'Internal note added. Only staff can see it.'
				: waitOnCustomer
					? 'Reply sent. The case now waits on the customer, with its SLA clocks paused.'
					: 'Reply sent to the customer.'
		});
	},
	resolve: async (event) => {
		const values = formValues(await event.request.formData());
		return act(event, {
			form: 'resolve',
			values,
			body: {
				action: 'resolve',
				resolutionNote: values.resolutionNote ?? '',
				rootCauseId: values.rootCauseId ?? ''
			},
			success: 'Resolved. The customer was asked whether it is solved.'
		});
	},
	reopen: async (event) => {
		const values = formValues(await event.request.formData());
		const message = values.message?.trim();
		return act(event, {
			form: 'reopen',
			values,
			body: { action: 'reopen', ...(message ? { message } : {}) },
			success: 'Reopened. The resolution clock runs again and the customer was emailed.'
		});
	},
	/** The complaint into the suggestions inbox; its customer is the suggester unless it is anonymous. */
	suggest: async (event) => {
		const values = formValues(await event.request.formData());
		const result = await attempt({ ...values, form: 'suggest' }, () =>
			api(event).post('/suggestions', { text: values.text ?? '', caseId: event.params.id })
		);
		if (!result.ok) return result.failure;
		return { success: 'Added to the suggestions inbox.', form: 'suggest' };
	},
	update: async (event) => {
		const values = formValues(await event.request.formData());
		const change: { assigneeId?: string | null; priority?: string } = {};
		if ('assigneeId' in values)
			change.assigneeId = values.assigneeId === 'none' ? null : values.assigneeId;
		if (values.priority && (casePriorities as readonly string[]).includes(values.priority))
			change.priority = values.priority;
		const result = await attempt({ ...values, form: 'update' }, () =>
			api(event).patch(path(event.params.id), change)
		);
		if (!result.ok) return result.failure;
		return {
			success:
				'priority' in change
					? 'Priority changed. The SLA promise made at intake stays.'
					: 'Reassigned.',
			form: 'update'
		};
	}
};
