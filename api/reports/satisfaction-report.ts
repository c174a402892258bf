import type { Database } from '../../db/database';
import { surveyScales } from '../domain/survey-definition';
import { periodLabel, periodsBetween } from '../domain/report-periods';
import { changeBetween, summarizeCounts, type ScoreSummary } from '../domain/survey-metrics';
import { readRollups, scoreColumns, type RollupFilter } from './satisfaction-store';

export type SatisfactionPeriod = {
	start: string;
	label: string;
	summary: ScoreSummary;
	responses: number;
	invitations: number;
	/** Answers ÷ invitations in the period, as a percentage; null without invitations. */
	responseRate: number | null;
	/** Against the period before: the change and whether it is beyond the margins. */
	change: { change: number; significant: boolean } | null;
};

/** The satisfaction and response report from the rollups: a row per period, however many answers. */
export async function satisfactionReport(db: Database, filter: RollupFilter) {
	const rows = await readRollups(db, filter);
	const { min, max } = surveyScales[filter.kind];
	const byStart = new Map(rows.map((row) => [row.periodStart.getTime(), row]));
	const countsOf = (row: (typeof rows)[number] | undefined) =>
		scoreColumns.slice(min, max + 1).map((column) => Number(row?.[column] ?? 0));
	const periods: SatisfactionPeriod[] = [];
	let previous: ScoreSummary | null = null;
	const total = new Array<number>(max - min + 1).fill(0);
	let responses = 0;
	let invitations = 0;
	for (const start of periodsBetween(filter.granularity, filter.from, filter.to)) {
		const row = byStart.get(start.getTime());
		const counts = countsOf(row);
		counts.forEach((count, index) => (total[index]! += count));
		const summary = summarizeCounts(filter.kind, counts);
		const periodResponses = Number(row?.responses ?? 0);
		const periodInvitations = Number(row?.invitations ?? 0);
		responses += periodResponses;
		invitations += periodInvitations;
		periods.push({
			start: start.toISOString(),
			label: periodLabel(filter.granularity, start),
			summary,
			responses: periodResponses,
			invitations: periodInvitations,
			responseRate: periodInvitations > 0 ? (periodResponses / periodInvitations) * 100 : null,
			change: previous ? changeBetween(summary, previous) : null
		});
		previous = summary;
	}
	return {
		kind: filter.kind,
		granularity: filter.granularity,
		periods,
		/** Over the whole range: each period's counts summed (a contact answering in two periods counts twice). */
		overall: {
			summary: summarizeCounts(filter.kind, total),
			responses,
			invitations,
			responseRate: invitations > 0 ? (responses / invitations) * 100 : null
		}
	};
}

export type SatisfactionReport = Awaited<ReturnType<typeof satisfactionReport>>;
