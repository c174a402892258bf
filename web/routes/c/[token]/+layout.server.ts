import { api, ApiError } from '$lib/server/api';
import { complaintCopy, pageLocale } from '$lib/components/public/complaint-copy';
import type { LayoutServerLoad } from './$types';

export type PublicCase = {
	number: number;
	state: string;
	stateWords: string;
	subject: string;
	description: string;
	createdAt: string;
	firstReplyBy: string | null;
	resolveBy: string | null;
	/** The server's time, to tell an overdue promise by. */
	now: string;
	timeZone: string;
	canReply: boolean;
	canAnswerRecovery: boolean;
	messages: { from: 'us' | 'you'; author: string | null; body: string; at: string }[];
	organization: { name: string; brandColor: string | null };
};

/**
 * The case the private link names (read only: opening the page records
 * nothing), or, for a link that names none, what the friendly "this link does
 * not work" page needs. The page turns the latter into a 404 shown by this
 * folder's error page, which still has these words and colours.
 */
export const load: LayoutServerLoad = async (event) => {
	const locale = pageLocale(event.url, event.request);
	const copy = complaintCopy(locale);
	try {
		const { case: found } = await api(event).get<{ case: PublicCase }>(
			`/public/cases/${encodeURIComponent(event.params.token)}`
		);
		return {
			locale,
			copy,
			case: found,
			organization: {
				name: found.organization.name,
				brandColor: found.organization.brandColor ?? ''
			}
		};
	} catch (error) {
		if (!(error instanceof ApiError) || error.status !== 404) throw error;
		const { organization } = await api(event).get<{
			organization: { name: string; brandColor: string | null };
		}>(`/public/copy?locale=${locale}`);
		return {
			locale,
			copy,
			case: null,
			organization: { name: organization.name, brandColor: organization.brandColor ?? '' }
		};
	}
};
