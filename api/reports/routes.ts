import { createRoute } from '@hono/zod-openapi';
import { staffOnly } from '../auth/guards';
import { listAssignableStaff } from '../cases/store';
import type { Deps } from '../deps';
import { toCsv } from '../domain/csv';
import { nextPeriod, periodStart } from '../domain/report-periods';
import { AppError } from '../errors';
import { csvHeaders, csvResponse, errors, jsonResponse } from '../openapi';
import { createRouter } from '../router';
import { findTeam, listTeams } from '../teams/store';
import { satisfactionReport, type SatisfactionPeriod } from './satisfaction-report';
import { SatisfactionQuery, SatisfactionReportBody } from './schemas';
import { findRollupState, listReportSurveys } from './satisfaction-store';
import { countCurrentSkips, readFatigueSettings } from '../survey-results/store';
import { summarizeSkips } from '../survey-results/skip-labels';

const tags = ['Reports'];
const staff = [staffOnly()];
const dayMs = 86_400_000;

/** The report a query asks for, read from the rollups. */
async function readSatisfaction(deps: Deps, query: SatisfactionQuery) {
	const { db } = deps;
	const now = deps.clock.now();
	const to = query.to
		? new Date(new Date(`${query.to}T00:00:00.000Z`).getTime() + dayMs)
		: new Date(now.getTime() + 1);
	const from = query.from
		? new Date(`${query.from}T00:00:00.000Z`)
		: periodStart('month', new Date(Date.UTC(now.getUTCFullYear() - 1, now.getUTCMonth() + 1, 1)));
	// Whole periods: a report starts at the period the first day falls in.
	const first = periodStart(query.granularity, from);
	let ownerIds: string[] | undefined = query.ownerId ? [query.ownerId] : undefined;
	if (query.teamId) {
		const team = await findTeam(db, query.teamId);
		if (!team)
			throw new AppError('validation_failed', 'Some fields are missing or invalid.', {
				teamId: ['Choose one of the listed teams.']
			});
		const members = team.members.map((member) => member.id);
		ownerIds = ownerIds ? ownerIds.filter((id) => members.includes(id)) : members;
	}
	const periodsShown = Math.ceil((to.getTime() - first.getTime()) / dayMs / 7);
	if (periodsShown > 600)
		throw new AppError('validation_failed', 'Some fields are missing or invalid.', {
			from: ['Show at most about ten years at a time.']
		});
	const segment = { surveyId: query.surveyId, tier: query.tier, ownerIds };
	const [report, skips, settings] = await Promise.all([
		satisfactionReport(db, {
			granularity: query.granularity,
			kind: query.kind,
			from: first,
			to,
			...segment
		}),
		countCurrentSkips(db, { kind: query.kind, ...segment }),
		readFatigueSettings(db)
	]);
	return { ...report, from: first, to, skipped: summarizeSkips(skips, settings) };
}

export const reportRoutes = createRouter()
	.openapi(
		createRoute({
			method: 'get',
			path: '/satisfaction',
			tags,
			summary:
				'Satisfaction and responses per week or month: NPS, CSAT or CES with n, the 95 % margin and whether the change from the period before is significant; invitations, answers and the response rate',
			description:
				'Read from rollups kept current as answers arrive (each answer or change of score updates them in its own write), so it costs a row per period and segment. An answer counts in the tier and owner its account had when it was given. After an upgrade the tick rolls the earlier history up, a quarter per minute (`history`). Segments: survey, account tier, account owner, or the owners in a team. Periods are UTC weeks (Monday) or months. `skipped`: the contacts the surveys currently skip (due, not invited), by reason, for the same survey and segment.',
			middleware: staff,
			request: { query: SatisfactionQuery },
			responses: {
				200: jsonResponse(SatisfactionReportBody, 'The report'),
				...errors(401, 422)
			}
		}),
		async (c) => {
			const { db } = c.var.deps;
			const [report, state, surveys, owners, teams] = await Promise.all([
				readSatisfaction(c.var.deps, c.req.valid('query')),
				findRollupState(db, 'satisfaction'),
				listReportSurveys(db),
				listAssignableStaff(db),
				listTeams(db)
			]);
			return c.json(
				{
					...report,
					from: report.from.toISOString(),
					to: report.to.toISOString(),
					history: {
						complete: !!state?.refreshedAt,
						until: state?.backfilledUntil?.toISOString() ?? null
					},
					options: {
						surveys,
						owners: owners.map(({ id, name }) => ({ id, name })),
						teams: teams.map(({ id, name }) => ({ id, name }))
					}
				},
				200
			);
		}
	)
	.openapi(
		createRoute({
			method: 'get',
			path: '/satisfaction.csv',
			tags,
			summary: 'The satisfaction report as CSV, a row per period',
			middleware: staff,
			request: { query: SatisfactionQuery },
			responses: {
				200: csvResponse,
				...errors(401, 422)
			}
		}),
		async (c) => {
			const query = c.req.valid('query');
			const report = await readSatisfaction(c.var.deps, query);
			const round = (value: number | null, digits = 1) =>
				value === null ? null : Number(value.toFixed(digits));
			const csv = toCsv<SatisfactionPeriod>(
				[
					{ header: 'period', value: (row) => row.label },
					{ header: 'starts', value: (row) => row.start.slice(0, 10) },
					{
						header: 'ends',
						value: (row) =>
							new Date(nextPeriod(report.granularity, new Date(row.start)).getTime() - dayMs)
								.toISOString()
								.slice(0, 10)
					},
					{ header: query.kind, value: (row) => round(row.summary.score) },
					{ header: 'margin_of_error_95', value: (row) => round(row.summary.marginOfError) },
					{ header: 'n', value: (row) => row.summary.n },
					{ header: 'reliable', value: (row) => (row.summary.reliable ? 'yes' : 'no') },
					{ header: 'change', value: (row) => round(row.change?.change ?? null) },
					{
						header: 'change_significant',
						value: (row) => (row.change ? (row.change.significant ? 'yes' : 'no') : null)
					},
					{ header: 'invitations', value: (row) => row.invitations },
					{ header: 'answers', value: (row) => row.responses },
					{ header: 'response_rate', value: (row) => round(row.responseRate) }
				],
				report.periods
			);
			const day = c.var.deps.clock.now().toISOString().slice(0, 10);
			return c.body(
				csv,
				200,
				csvHeaders(`satisfaction-${query.kind}-${query.granularity}-${day}.csv`)
			);
		}
	);
