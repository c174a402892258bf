import { redirect } from '@sveltejs/kit';
import { formatDeadline, loadInvitation } from '$lib/components/public/invitation.server';
import type { PageServerLoad } from './$types';

/** After the answers are sent: thanks, and until when they can still be changed. */
export const load: PageServerLoad = async (event) => {
	const { token } = event.params;
	const found = await loadInvitation(event, token);
	if (found.status === 'unknown') return { view: 'unknown' as const, token, ...found };
	const { invitation } = found;
	if (!invitation.response) redirect(303, `/s/${token}`);
	const deadline = invitation.editable
		? formatDeadline(
				invitation.copy.editableUntil,
				invitation.response.editableUntil,
				invitation.locale,
				invitation.timeZone
			)
		: null;
	return { view: 'thanks' as const, token, invitation, deadline };
};
