import { createRoute } from '@hono/zod-openapi';
import { staffOnly } from '../auth/guards';
import { csvHeaders, csvResponse, errors, jsonResponse } from '../openapi';
import { createRouter } from '../router';
import { slaReport, slaReportCsv } from './sla-report';
import { SlaReport, SlaReportQuery } from './sla-report-schemas';

const tags = ['Reports'];
/** Every signed-in staff member may read reports: agents as well as managers. */
const staff = [staffOnly()];

const description =
	'The unit is a clock round: one promise to one case (its first response; the reply to each customer message, a next-response round; its resolution, a round per opening). Counted: the rounds settled in the period, i.e. whose first fulfilment or recorded breach falls on its days (UTC), so a breach counts when the sweep records it (within a minute of the due time), whether or not the case has been answered since; rounds still within their target, and paused ones, are not counted yet. Met: fulfilled before the due time (judged at the pause when fulfilled while waiting on the customer) and never recorded as breached; compliance = met ÷ settled, with n. Medians: business minutes from a round’s start to its fulfilment, time waiting on the customer left out, on the case’s snapshotted business calendar, over the rounds fulfilled in the period, at the rollups’ resolution: exact under 120 minutes, then in buckets of 5 minutes under 600, 15 minutes under 2,880 and 60 minutes beyond (a bucket counts as its start; an even number of rounds takes the mean of the middle two). By target, by the priority the promise was made for (the policy snapshot’s), by team and assignee (counted to the team and agent the case had when the round settled), and per UTC week or month of settling; the breached rounds, latest first (at most 200, with the total). Filters `teamId`, `assigneeId` and `categoryId` match what the case had when the round settled, and take `none` for cases without one. Read from rollups the background tick keeps (every minute, per UTC day and segment), so its cost grows with the days and segments shown, not the rounds; a round settled since the last tick shows after the next one.';

/** The SLA compliance report, mounted at `/reports` (beside the other reports): `/reports/sla` and `/reports/sla.csv`. */
export const slaReportRoutes = createRouter()
	.openapi(
		createRoute({
			method: 'get',
			path: '/sla',
			tags,
			summary:
				'SLA compliance: met, breached, n and share met per target, priority, team, agent and period; median business minutes to first response and resolution; the breached cases',
			description,
			middleware: staff,
			request: { query: SlaReportQuery },
			responses: { 200: jsonResponse(SlaReport, 'The report'), ...errors(401, 422) }
		}),
		async (c) => c.json(await slaReport(c.var.deps, c.req.valid('query')), 200)
	)
	.openapi(
		createRoute({
			method: 'get',
			path: '/sla.csv',
			tags,
			summary:
				'The SLA compliance report as CSV: a row per group (all, target, priority, team, agent, then each week or month), named in a `group` column',
			description,
			middleware: staff,
			request: { query: SlaReportQuery },
			responses: {
				200: csvResponse,
				...errors(401, 422)
			}
		}),
		async (c) => {
			const report = await slaReport(c.var.deps, c.req.valid('query'));
			return c.body(
				slaReportCsv(report),
				200,
				csvHeaders(`sla-compliance-${report.from}-to-${report.to}.csv`)
			);
		}
	);
