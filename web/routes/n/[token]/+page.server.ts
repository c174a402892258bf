import { fail } from '@sveltejs/kit';
import type { SurveyCopy } from '$api/domain/survey-copy';
import { newsCopy } from '$lib/components/public/news-copy';
import { api, ApiError } from '$lib/server/api';
import type { Actions, PageServerLoad } from './$types';

type NewsLink = {
	organization: { name: string; brandColor: string | null };
	unsubscribed: boolean;
	locale: string;
};

/**
 * The unsubscribe link of a "you said, we did" email: a confirmation page in
 * the contact's language; only its button's POST unsubscribes (a GET, as mail
 * scanners make, changes nothing). A link we do not know gets the friendly
 * page, in the browser's language.
 */
export const load: PageServerLoad = async (event) => {
	const { token } = event.params;
	try {
		const link = await api(event).get<NewsLink>(`/public/news/${encodeURIComponent(token)}`);
		return {
			view: link.unsubscribed ? ('already' as const) : ('confirm' as const),
			copy: newsCopy(link.locale),
			organization: {
				name: link.organization.name,
				brandColor: link.organization.brandColor ?? ''
			}
		};
	} catch (error) {
		if (!(error instanceof ApiError) || error.status !== 404) throw error;
		const accept = event.request.headers.get('accept-language') ?? '';
		const words = await api(event).get<{
			locale: string;
			organization: { name: string; brandColor: string | null };
			copy: SurveyCopy;
		}>(`/public/copy?locale=${encodeURIComponent(accept.slice(0, 200))}`);
		return {
			view: 'unknown' as const,
			locale: words.locale,
			copy: { unknownTitle: words.copy.unknownTitle, unknownBody: words.copy.unknownBody },
			organization: {
				name: words.organization.name,
				brandColor: words.organization.brandColor ?? ''
			}
		};
	}
};

export const actions: Actions = {
	default: async (event) => {
		try {
			await api(event).post(`/public/news/${encodeURIComponent(event.params.token)}/unsubscribe`, {
				via: 'page'
			});
		} catch (error) {
			if (error instanceof ApiError && error.status < 500)
				return fail(error.status, { unsubscribed: false });
			throw error;
		}
		return { unsubscribed: true };
	}
};
