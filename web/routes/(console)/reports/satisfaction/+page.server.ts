import { error } from '@sveltejs/kit';
import type { SatisfactionReportBody } from '$api/reports/schemas';
import { pickQuery } from '$lib/format';
import { api, ApiError } from '$lib/server/api';
import type { PageServerLoad } from './$types';

const keys = [
	'kind',
	'granularity',
	'from',
	'to',
	'surveyId',
	'tier',
	'ownerId',
	'teamId'
] as const;

export const load: PageServerLoad = async (event) => {
	const query = pickQuery(event.url.searchParams, keys);
	const report = await api(event)
		.get<SatisfactionReportBody>(`/reports/satisfaction?${query}`)
		.catch((failure: unknown) => {
			if (failure instanceof ApiError && failure.status === 422) error(400, failure.message);
			throw failure;
		});
	const filters = Object.fromEntries(keys.map((key) => [key, query.get(key) ?? ''])) as Record<
		(typeof keys)[number],
		string
	>;
	return { report, filters, query: query.toString() };
};
