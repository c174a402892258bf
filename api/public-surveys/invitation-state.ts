/**
 * When an invitation still takes answers: the single place that says so, for
 * the page (what to show) and the writes (what to refuse). Pure: `now` comes in.
 */

/** A response can be changed for this long after the first answer. */
export const answerEditableDays = 7;
/** An unanswered invitation stops taking answers this long after it was written. */
export const invitationOpenDays = 30;

const dayMs = 24 * 3600_000;

export type InvitationState = 'open' | 'answered' | 'closed';

/**
 * `open`: no answer yet and still young enough; `answered`: answered and still
 * editable; `closed`: neither (too old unanswered, or past the edit window).
 */
export function invitationState(
	invitation: { createdAt: Date; editableUntil: Date | null },
	now: Date
): { state: InvitationState; editable: boolean } {
	if (invitation.editableUntil) {
		const editable = now.getTime() < invitation.editableUntil.getTime();
		return { state: editable ? 'answered' : 'closed', editable };
	}
	const editable = now.getTime() < invitation.createdAt.getTime() + invitationOpenDays * dayMs;
	return { state: editable ? 'open' : 'closed', editable };
}

/** Until when a first answer given at `now` may be changed. */
export function editableUntilFor(now: Date): Date {
	return new Date(now.getTime() + answerEditableDays * dayMs);
}
