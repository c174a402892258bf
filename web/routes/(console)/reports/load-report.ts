import type { RequestEvent } from '@sveltejs/kit';
import { pickQuery } from '$lib/format';
import { api, ApiError } from '$lib/server/api';

type PeriodReport = {
	from: string;
	to: string;
	granularity: string;
	options: unknown;
	presets: unknown;
};

/**
 * A period report's page data: the report for the filters in the URL, the
 * CSV query for the period as shown (so it matches the page even when the URL
 * left the period out), or, for bad filters, the form again with what is
 * wrong and the filters' choices.
 */
export async function loadPeriodReport<Report extends PeriodReport, Key extends string>(
	event: Pick<RequestEvent, 'fetch' | 'url'>,
	path: string,
	keys: readonly Key[]
) {
	const query = pickQuery(event.url.searchParams, keys);
	const filters = Object.fromEntries(keys.map((key) => [key, query.get(key) ?? ''])) as Record<
		Key,
		string
	>;
	const client = api(event);
	try {
		const report = await client.get<Report>(`${path}?${query}`);
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
			report: report as Report | null,
			options: report.options as Report['options'],
			presets: report.presets as Report['presets'],
			filters,
			problem: null as string | null,
			csvQuery: csvQuery.toString()
		};
	} catch (failure) {
		if (!(failure instanceof ApiError) || failure.status !== 422) throw failure;
		const fallback = await client.get<Report>(path);
		const fields = failure.body.fields ?? {};
		return {
			report: null as Report | null,
			options: fallback.options as Report['options'],
			presets: fallback.presets as Report['presets'],
			filters,
			problem: (Object.values(fields).flat()[0] ?? failure.message) as string | null,
			csvQuery: ''
		};
	}
}
