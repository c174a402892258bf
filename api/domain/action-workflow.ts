/**
 * The life of an action, what the organisation does about what customers
 * said: `planned → in_progress → done`, or `declined` (with a reason that may
 * be shared with the customers who asked). Done is final: the customers have
 * been told. A declined action can be reconsidered (back to planned).
 *
 * Pure: the shell checks the facts (a reason present) and writes the result.
 */
export const actionStatuses = ['planned', 'in_progress', 'done', 'declined'] as const;
export type ActionStatus = (typeof actionStatuses)[number];

export const actionStatusLabels: Record<ActionStatus, string> = {
	planned: 'Planned',
	in_progress: 'In progress',
	done: 'Done',
	declined: 'Declined'
};

export type ActionMove =
	| {
			ok: true;
			to: ActionStatus;
			/** The customers who asked are to hear of it (done always; declined when the manager chooses). */
			tellCustomers: boolean;
	  }
	| { ok: false; reason: string };

/** Whether `from` may move to `to`, and what follows. `shareDecline` is the manager's choice for a decline. */
export function moveAction(
	from: ActionStatus,
	to: ActionStatus,
	options: { shareDecline?: boolean } = {}
): ActionMove {
	if (from === to)
		return { ok: false, reason: `This action is already ${actionStatusLabels[to].toLowerCase()}.` };
	if (from === 'done')
		return {
			ok: false,
			reason: 'This action is done and its customers have been told; it can no longer change.'
		};
	switch (to) {
		case 'planned':
			return from === 'declined'
				? { ok: true, to, tellCustomers: false }
				: { ok: false, reason: 'Work has started on this action: it cannot go back to planned.' };
		case 'in_progress':
			return from === 'planned'
				? { ok: true, to, tellCustomers: false }
				: { ok: false, reason: 'A declined action must be planned again before work starts.' };
		case 'done':
			return from === 'declined'
				? { ok: false, reason: 'A declined action must be planned again before it can be done.' }
				: { ok: true, to, tellCustomers: true };
		case 'declined':
			return { ok: true, to, tellCustomers: options.shareDecline === true };
	}
}

/** The statuses an action in `from` may move to. */
export function nextStatuses(from: ActionStatus): ActionStatus[] {
	return actionStatuses.filter((to) => moveAction(from, to).ok);
}
