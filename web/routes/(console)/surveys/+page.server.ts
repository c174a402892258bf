import type { SurveySummary } from '$api/surveys/schemas';
import { api } from '$lib/server/api';
import type { PageServerLoad } from './$types';

const statuses = ['active', 'paused', 'draft'] as const;
type Status = (typeof statuses)[number];

export const load: PageServerLoad = async (event) => {
	const { surveys } = await api(event).get<{ surveys: SurveySummary[] }>('/surveys');
	const requested = event.url.searchParams.get('status') ?? '';
	const status = (statuses as readonly string[]).includes(requested) ? (requested as Status) : null;
	const counts = Object.fromEntries(
		statuses.map((candidate) => [
			candidate,
			surveys.filter((survey) => survey.status === candidate).length
		])
	) as Record<Status, number>;
	return {
		surveys: status ? surveys.filter((survey) => survey.status === status) : surveys,
		total: surveys.length,
		counts,
		status
	};
};
