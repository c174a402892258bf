import { error, fail, redirect } from '@sveltejs/kit';
import { api, ApiError } from '$lib/server/api';
import type { Actions, PageServerLoad } from './$types';

type Done = 'replied' | 'solved' | 'reopened';

/**
 * The customer's private status page. A GET never records anything: the
 * email's "Yes, it's solved" and "No, still a problem" links arrive as
 * `?answer=yes|no` and only preselect that answer, which one button press
 * (a POST) then sends; mail scanners that open the links change nothing.
 */
export const load: PageServerLoad = async (event) => {
	const { case: found, copy } = await event.parent();
	if (!found) error(404, copy.status.unknownTitle);
	const query = event.url.searchParams;
	const answer = query.get('answer');
	const done = query.get('done');
	// The server's time, not this host's: the API's clock is the one the promises are kept on.
	const now = Date.parse(found.now);
	const overdue = (iso: string | null) => (iso ? new Date(iso).getTime() < now : false);
	return {
		case: found,
		isNew: query.get('new') === '1',
		answer: answer === 'yes' || answer === 'no' ? answer : null,
		done: done === 'replied' || done === 'solved' || done === 'reopened' ? (done as Done) : null,
		changed: query.get('changed') === '1',
		late: { firstReply: overdue(found.firstReplyBy), resolve: overdue(found.resolveBy) }
	};
};

function text(data: FormData, key: string): string {
	const value = data.get(key);
	return typeof value === 'string' ? value : '';
}

/** After a refused change (409): the case moved on, so show it as it is now. */
function handle(error: unknown, token: string) {
	if (error instanceof ApiError && (error.status === 404 || error.status === 409))
		redirect(303, `/c/${encodeURIComponent(token)}${error.status === 409 ? '?changed=1' : ''}`);
}

export const actions: Actions = {
	reply: async (event) => {
		const { token } = event.params;
		const body = text(await event.request.formData(), 'body');
		if (!body.trim()) return fail(422, { reply: { body, error: 'required' as const } });
		try {
			await api(event).post(`/public/cases/${encodeURIComponent(token)}/replies`, { body });
		} catch (caught) {
			handle(caught, token);
			if (caught instanceof ApiError && caught.status < 500)
				return fail(caught.status, {
					reply: {
						body,
						error: caught.status === 422 ? ('required' as const) : ('failed' as const)
					}
				});
			throw caught;
		}
		redirect(303, `/c/${encodeURIComponent(token)}?done=replied`);
	},
	recovery: async (event) => {
		const { token } = event.params;
		const data = await event.request.formData();
		const answer = text(data, 'solved');
		const comment = text(data, 'comment');
		if (answer !== 'yes' && answer !== 'no')
			return fail(422, { recovery: { comment, answer: null, failed: true } });
		try {
			await api(event).post(`/public/cases/${encodeURIComponent(token)}/recovery`, {
				solved: answer === 'yes',
				comment
			});
		} catch (caught) {
			handle(caught, token);
			if (caught instanceof ApiError && caught.status < 500)
				return fail(caught.status, { recovery: { comment, answer, failed: true } });
			throw caught;
		}
		redirect(
			303,
			`/c/${encodeURIComponent(token)}?done=${answer === 'yes' ? 'solved' : 'reopened'}`
		);
	}
};
