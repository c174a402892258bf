import type { SlaReport } from '$api/reports/sla-report-schemas';
import { pickQuery } from '$lib/format';
import { api, ApiError } from '$lib/server/api';
import type { PageServerLoad } from './$types';

const keys = [
	'from',
	'to',
	'granularity',
	'priority',
	'teamId',
	'assigneeId',
	'categoryId'
] as const;
type Filters = Record<(typeof keys)[number], string>;

export const load: PageServerLoad = async (event) => {
	const query = pickQuery(event.url.searchParams, keys);
	const filters = Object.fromEntries(keys.map((key) => [key, query.get(key) ?? ''])) as Filters;
	const client = api(event);
	try {
		const report = await client.get<SlaReport>(`/reports/sla?${query}`);
		// The CSV carries the period as shown, so it matches the page even when the URL left it out.
		const csvQuery = pickQuery(
			new URLSearchParams({
				...filters,
				from: report.from,
				to: report.to,
				granularity: report.granularity
			}),
			keys
		);
		return {
			report,
			options: report.options,
			presets: report.presets,
			filters,
			problem: null,
			csvQuery: csvQuery.toString()
		};
	} catch (failure) {
		if (!(failure instanceof ApiError) || failure.status !== 422) throw failure;
		// Bad filters: show the form again with what is wrong, and the filters' choices.
		const fallback = await client.get<SlaReport>('/reports/sla');
		const fields = failure.body.fields ?? {};
		return {
			report: null,
			options: fallback.options,
			presets: fallback.presets,
			filters,
			problem: Object.values(fields).flat()[0] ?? failure.message,
			csvQuery: ''
		};
	}
};
