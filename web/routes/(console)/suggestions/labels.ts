import type { ActionStatus } from '$api/domain/action-workflow';
import type { SuggestionSource } from '$api/../db/schema/surveys';

export const sourceLabels: Record<SuggestionSource, string> = {
	survey: 'Survey answer',
	complaint: 'Complaint',
	staff: 'Added by staff'
};

export const statusTones: Record<ActionStatus, 'gray' | 'blue' | 'green' | 'yellow'> = {
	planned: 'gray',
	in_progress: 'blue',
	done: 'green',
	declined: 'yellow'
};
