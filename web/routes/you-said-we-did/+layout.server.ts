import { pageLocale } from '$lib/components/public/complaint-copy';
import { newsCopy } from '$lib/components/public/news-copy';
import { api, ApiError } from '$lib/server/api';
import type { LayoutServerLoad } from './$types';

/** Customers' pages ship no client bundle: this one is plain HTML. */
export const csr = false;

type Organization = { name: string; brandColor: string | null };
export type DoneAction = { title: string; description: string; doneAt: string; customers: number };

/**
 * The published "you said, we did" page in the browser's language (or
 * `?lang=`), or, while the organisation does not publish it, what the page's
 * "not published" answer needs: the words and the organisation's colours. The
 * page turns the latter into a 404 shown by this folder's error page.
 */
export const load: LayoutServerLoad = async (event) => {
	const locale = pageLocale(event.url, event.request);
	const copy = newsCopy(locale);
	const brand = (organization: Organization) => ({
		name: organization.name,
		brandColor: organization.brandColor ?? ''
	});
	try {
		const updates = await api(event).get<{ organization: Organization; actions: DoneAction[] }>(
			'/public/updates'
		);
		return { locale, copy, actions: updates.actions, organization: brand(updates.organization) };
	} catch (error) {
		if (!(error instanceof ApiError) || error.status !== 404) throw error;
		const { organization } = await api(event).get<{ organization: Organization }>(
			`/public/copy?locale=${locale}`
		);
		return { locale, copy, actions: null, organization: brand(organization) };
	}
};
