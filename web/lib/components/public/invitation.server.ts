import type { RequestEvent } from '@sveltejs/kit';
import type { SurveyCopy } from '$api/domain/survey-copy';
import type { PublicInvitation as PublicInvitationBody } from '$api/public-surveys/schemas';
import { api, ApiError } from '$lib/server/api';

export type { SurveyCopy };

/** The API's invitation, with its page words typed (the OpenAPI schema leaves them open). */
export type PublicInvitation = Omit<PublicInvitationBody, 'copy'> & { copy: SurveyCopy };

/** What a public page needs when its link names no invitation: the words, in the browser's language. */
export type UnknownLink = {
	status: 'unknown';
	locale: string;
	organization: { name: string; brandColor: string };
	copy: SurveyCopy;
};

/**
 * The invitation a page's token names (read only: a GET of the page records
 * nothing), or what the friendly "this link does not work" page needs.
 */
export async function loadInvitation(
	event: Pick<RequestEvent, 'fetch' | 'request'>,
	token: string
): Promise<{ status: 'found'; invitation: PublicInvitation } | UnknownLink> {
	try {
		const { invitation } = await api(event).get<{ invitation: PublicInvitation }>(
			`/public/invitations/${encodeURIComponent(token)}`
		);
		return { status: 'found', invitation };
	} catch (error) {
		if (!(error instanceof ApiError) || error.status !== 404) throw error;
		const accept = event.request.headers.get('accept-language') ?? '';
		const words = await api(event).get<Omit<UnknownLink, 'status'>>(
			`/public/copy?locale=${encodeURIComponent(accept.slice(0, 200))}`
		);
		return { status: 'unknown', ...words };
	}
}

/** `{date}` filled with `iso` in the contact's language and time zone. */
export function formatDeadline(
	template: string,
	iso: string,
	locale: string,
	timeZone: string
): string {
	let date: string;
	try {
		date = new Intl.DateTimeFormat(locale, {
			day: 'numeric',
			month: 'long',
			year: 'numeric',
			hour: '2-digit',
			minute: '2-digit',
			timeZone,
			timeZoneName: 'short'
		}).format(new Date(iso));
	} catch {
		date = new Date(iso).toUTCString();
	}
	return template.split('{date}').join(date);
}
