import type { ActionSummary } from '$api/actions/schemas';
import { api } from '$lib/server/api';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { actions, now } = await api(event).get<{ actions: ActionSummary[]; now: string }>(
		'/actions'
	);
	return { actions, today: now.slice(0, 10) };
};
