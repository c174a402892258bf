import { createRoute } from '@hono/zod-openapi';
import { staffOnly } from '../auth/guards';
import { csvHeaders, csvResponse, errors, jsonResponse } from '../openapi';
import { createRouter } from '../router';
import { retentionReport, retentionReportCsv } from './retention-report';
import { RetentionReport, RetentionReportQuery } from './retention-schemas';

const tags = ['Reports'];
/** Every signed-in staff member may read reports: agents as well as managers. */
const staff = [staffOnly()];

const description =
	'Counted over account spells (each time an account was a customer, from its win to its loss; winning a lost account back starts a new spell and keeps the earlier one). For a span [s, e): at start = accounts that were customers at s (won before s, not lost before s); won and lost = accounts won (or won back) and lost in the span; at end = at start + won − lost, the customers at e. Retention rate = (at end − won) ÷ at start; net growth = (won − lost) ÷ at start, both percentages with n = at start, and null (with a note: no accounts at the start) when there were none. An account won and lost within the same span counts against retention: it is among those lost, yet not among those at the start (likewise one lost and won back within it). Per UTC week or month (each cut to the range), over the whole range (at the start of its first day and the end of its last), per owner and per tier over the whole range; owner and tier are the account’s current ones, not those it had at the time. The wins and losses in the range are listed, latest first (at most 200, with the total). Segments: tier, owner (`none`: accounts without one) or the owners in a team. Archived accounts count like the others (archiving is not losing). Cost: three grouped statements over the spells (by their win and loss indexes) and one for the list.';

/** The retention report, mounted at `/reports` (beside the other reports): `/reports/retention` and `/reports/retention.csv`. */
export const retentionReportRoutes = createRouter()
	.openapi(
		createRoute({
			method: 'get',
			path: '/retention',
			tags,
			summary:
				'Retention: accounts at start, won, lost and at end, the retention rate and net growth with n, per period, owner and tier; the accounts won and lost',
			description,
			middleware: staff,
			request: { query: RetentionReportQuery },
			responses: { 200: jsonResponse(RetentionReport, 'The report'), ...errors(401, 422) }
		}),
		async (c) => c.json(await retentionReport(c.var.deps, c.req.valid('query')), 200)
	)
	.openapi(
		createRoute({
			method: 'get',
			path: '/retention.csv',
			tags,
			summary:
				'The retention report as CSV: a row per group (all, owner, tier, then each week or month), named in a `group` column',
			description,
			middleware: staff,
			request: { query: RetentionReportQuery },
			responses: { 200: csvResponse, ...errors(401, 422) }
		}),
		async (c) => {
			const report = await retentionReport(c.var.deps, c.req.valid('query'));
			return c.body(
				retentionReportCsv(report),
				200,
				csvHeaders(`retention-${report.from}-to-${report.to}.csv`)
			);
		}
	);
