import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';

/** Not published: a 404, in the page's words (see `+error.svelte`). */
export const load: PageServerLoad = async (event) => {
	const { actions, copy } = await event.parent();
	if (!actions) error(404, copy.updates.notPublishedTitle);
	return { actions };
};
