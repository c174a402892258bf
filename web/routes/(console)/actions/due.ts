import type { ActionSummary } from '$api/actions/schemas';

/** An action still open past its due day (`today` is the API's date, `YYYY-MM-DD`). */
export function isOverdue(action: Pick<ActionSummary, 'status' | 'dueOn'>, today: string): boolean {
	return (
		!!action.dueOn &&
		(action.status === 'planned' || action.status === 'in_progress') &&
		action.dueOn < today
	);
}
