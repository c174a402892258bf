/**
 * The follow-up answers come in right after the score, in the same visit: only
 * a change after this long counts as the customer coming back to edit.
 */
const answeringMs = 30 * 60_000;

/** When a response was edited, as staff should read it; null while it stands as first given. */
export function editedAt(response: { createdAt: Date; updatedAt: Date }): string | null {
	return response.updatedAt.getTime() - response.createdAt.getTime() > answeringMs
		? response.updatedAt.toISOString()
		: null;
}
