import { api } from '$lib/server/api';
import type { PageServerLoad } from './$types';

type Page = { total: number };

/** Headline counts, each read from the list routes' totals (one row per page). */
export const load: PageServerLoad = async (event) => {
	const client = api(event);
	const count = (path: string) =>
		client
			.get<Page>(`${path}${path.includes('?') ? '&' : '?'}pageSize=1`)
			.then((page) => page.total);
	const [activeAccounts, lostAccounts, contacts, unsubscribed, bounced] = await Promise.all([
		count('/accounts?status=active'),
		count('/accounts?status=lost'),
		count('/contacts'),
		count('/contacts?status=unsubscribed'),
		count('/contacts?status=bounced')
	]);
	return { figures: { activeAccounts, lostAccounts, contacts, unsubscribed, bounced } };
};
