import type { ActionSummary } from './schemas';
import type { listActions } from './store';

type Listed = Awaited<ReturnType<typeof listActions>>[number];

export function describeAction({
	action,
	ownerName,
	suggestions,
	customers
}: Listed): ActionSummary {
	return {
		id: action.id,
		title: action.title,
		description: action.description,
		status: action.status,
		owner: action.ownerId && ownerName !== null ? { id: action.ownerId, name: ownerName } : null,
		dueOn: action.dueOn,
		declineReason: action.declineReason,
		doneAt: action.doneAt?.toISOString() ?? null,
		declinedAt: action.declinedAt?.toISOString() ?? null,
		createdAt: action.createdAt.toISOString(),
		updatedAt: action.updatedAt.toISOString(),
		suggestions: Number(suggestions),
		customers: Number(customers)
	};
}
