import type { Deps } from '../deps';
import { toCsv } from '../domain/csv';
import {
	addCounts,
	conversionFigures,
	median,
	noCounts,
	periodSeries,
	toDay,
	type ConversionCounts,
	type ConversionFigures
} from '../domain/suggestion-conversion';
import type { SuggestionReport, SuggestionReportQuery } from './suggestion-actions-schemas';
import {
	countCustomers,
	listDoneActions,
	listOwnerChoices,
	listThemeChoices,
	readConversion,
	staffExists,
	themeExists,
	type SuggestionReportFilter
} from './suggestion-actions-store';
import { invalidField, resolvePeriod } from './period-query';

const doneActionsShown = 100;

/** The period and segment a query asks for, checked: unknown themes and owners are a 422. */
async function resolveFilter(deps: Deps, query: SuggestionReportQuery) {
	const period = resolvePeriod(query, deps.clock.now());
	if (query.themeId && query.themeId !== 'none' && !(await themeExists(deps.db, query.themeId)))
		throw invalidField('themeId', 'Choose one of the listed themes, or none.');
	if (query.ownerId && !(await staffExists(deps.db, query.ownerId)))
		throw invalidField('ownerId', 'Choose one of the listed account owners.');
	const filter: SuggestionReportFilter = {
		...period.span,
		tier: query.tier,
		ownerId: query.ownerId,
		themeId: query.themeId
	};
	return { ...period, filter };
}

/**
 * The suggestion-to-action report: of the suggestions received in the
 * period (every row, merged duplicates too), how many an action answers, how
 * many are done or declined, and how long done took, overall, by theme and
 * by week or month; and the actions done in the period.
 */
export async function suggestionReport(
	deps: Deps,
	query: SuggestionReportQuery
): Promise<SuggestionReport> {
	const { db } = deps;
	const { from, to, today, presets, filter } = await resolveFilter(deps, query);
	const [{ cells, middles }, customers, done, themes, owners] = await Promise.all([
		readConversion(db, filter, query.granularity),
		countCustomers(db, filter),
		listDoneActions(db, filter, doneActionsShown),
		listThemeChoices(db),
		listOwnerChoices(db)
	]);

	const byTheme = new Map<
		string | null,
		{ theme: { id: string; name: string } | null; counts: ConversionCounts }
	>();
	const byPeriod = new Map<string, ConversionCounts>();
	let total = noCounts;
	for (const cell of cells) {
		const entry = byTheme.get(cell.themeId) ?? {
			theme: cell.themeId ? { id: cell.themeId, name: cell.themeName ?? 'Unknown theme' } : null,
			counts: noCounts
		};
		entry.counts = addCounts(entry.counts, cell);
		byTheme.set(cell.themeId, entry);
		byPeriod.set(cell.periodStart, addCounts(byPeriod.get(cell.periodStart) ?? noCounts, cell));
		total = addCounts(total, cell);
	}
	const themeMedian = (themeId: string | null) =>
		median(middles.filter((row) => row.themeMiddle && row.themeId === themeId).map((r) => r.days));

	return {
		from,
		to,
		granularity: query.granularity,
		today: toDay(today),
		presets,
		totals: {
			...conversionFigures(
				total,
				median(middles.filter((row) => row.overallMiddle).map((row) => row.days))
			),
			customers
		},
		themes: [...byTheme.entries()]
			.map(([themeId, { theme, counts }]) => ({
				theme,
				...conversionFigures(counts, themeMedian(themeId))
			}))
			.sort(
				(a, b) =>
					b.received - a.received ||
					// "No theme" after the named ones it ties with, names alphabetically.
					(a.theme ? 0 : 1) - (b.theme ? 0 : 1) ||
					(a.theme?.name ?? '').localeCompare(b.theme?.name ?? '')
			),
		periods: periodSeries(query.granularity, from, to, byPeriod),
		doneActions: done.rows.map((row) => ({
			id: row.id,
			title: row.title,
			doneAt: row.doneAt.toISOString(),
			owner: row.ownerId ? { id: row.ownerId, name: row.ownerName ?? 'Former staff' } : null,
			suggestions: row.suggestions,
			customers: row.customers
		})),
		doneActionsTotal: done.total,
		options: { themes, owners }
	};
}

const round = (value: number | null, digits = 1) =>
	value === null ? null : Number(value.toFixed(digits));

type CsvRow = ConversionFigures & { theme: string };

/** The report by theme as CSV, with a totals row last. */
export function suggestionReportCsv(report: SuggestionReport): string {
	const rows: CsvRow[] = [
		...report.themes.map((row) => ({ ...row, theme: row.theme?.name ?? 'No theme' })),
		{ ...report.totals, theme: 'All themes' }
	];
	return toCsv<CsvRow>(
		[
			{ header: 'theme', value: (row) => row.theme },
			{ header: 'from', value: () => report.from },
			{ header: 'to', value: () => report.to },
			{ header: 'received', value: (row) => row.received },
			{ header: 'merged_duplicates', value: (row) => row.duplicates },
			{ header: 'linked', value: (row) => row.linked.count },
			{ header: 'linked_share', value: (row) => round(row.linked.share) },
			{ header: 'done', value: (row) => row.done.count },
			{ header: 'done_share', value: (row) => round(row.done.share) },
			{ header: 'declined', value: (row) => row.declined.count },
			{ header: 'declined_share', value: (row) => round(row.declined.share) },
			{ header: 'median_days_to_done', value: (row) => round(row.daysToDone.median) },
			{ header: 'median_days_n', value: (row) => row.daysToDone.n }
		],
		rows
	);
}
