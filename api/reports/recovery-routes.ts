import { createRoute } from '@hono/zod-openapi';
import { staffOnly } from '../auth/guards';
import { csvHeaders, csvResponse, errors, jsonResponse } from '../openapi';
import { createRouter } from '../router';
import { recoveryReport, recoveryReportCsv } from './recovery-report';
import { RecoveryReport, RecoveryReportQuery } from './recovery-schemas';

const tags = ['Reports'];
/** Every signed-in staff member may read reports: agents as well as managers. */
const staff = [staffOnly()];

const description =
	'The unit is a case resolved in the period (UTC days), counted once per week or month at its latest resolution there, and once in the totals and per category at its latest resolution in the whole period. What became of that resolution, as of now, from the case timeline until the case’s next resolution: `confirmed` (the customer answered “Yes, it’s solved” on the recovery survey and has not since said no), `notSolved` (the customer answered “No, still a problem”, which reopened the case, also after it was closed), or `noAnswer`, split into closed automatically by the tick after the days allowed, closed by staff, reopened by staff, and still waiting; each a share of the resolved with n. The recovery survey asks only “Is this resolved?”: no rating of the handling is stored, so none is reported. Median hours from the case’s opening to the resolution counted. Score: per case with a contact, that contact’s first survey answer after the resolution, to a survey they had also answered at or before the case opened, against their latest answer to that survey at or before the opening (the answer that opened the case included): rose, same or fell, n = cases with both (counted per case, so a contact with two cases counts twice; cases without a contact are left out). Retention over the period’s days and per week or month (a span reaching past now ends now): of the accounts that were customers at the start (a customer spell won before it and not lost before it), those with a case opened in the span (matching the team, category and priority filters) and those with no case at all opened before the end; each group’s share still a customer at the end, n = the group at the start. Filters: the complainant’s account tier and owner (for retention, the account’s), the case’s team and category (`none`: without one) and its priority as it is now. The cases resolved are found through their resolution clocks’ fulfilments (an index on the fulfil events), so that part grows with the period; retention reads the accounts and groups the cases once.';

/** The recovery report, mounted at `/reports` (beside the other reports): `/reports/recovery` and `/reports/recovery.csv`. */
export const recoveryReportRoutes = createRouter()
	.openapi(
		createRoute({
			method: 'get',
			path: '/recovery',
			tags,
			summary:
				'Recovery: cases resolved, confirmed solved by the customer, said not solved, unanswered; median hours to resolve; the complainants’ next score against their previous; retention of complainants next to customers who never complained',
			description,
			middleware: staff,
			request: { query: RecoveryReportQuery },
			responses: { 200: jsonResponse(RecoveryReport, 'The report'), ...errors(401, 422) }
		}),
		async (c) => c.json(await recoveryReport(c.var.deps, c.req.valid('query')), 200)
	)
	.openapi(
		createRoute({
			method: 'get',
			path: '/recovery.csv',
			tags,
			summary:
				'The recovery report as CSV: a row for all cases, one per category, then each week or month, named in a `group` column',
			description,
			middleware: staff,
			request: { query: RecoveryReportQuery },
			responses: {
				200: csvResponse,
				...errors(401, 422)
			}
		}),
		async (c) => {
			const report = await recoveryReport(c.var.deps, c.req.valid('query'));
			return c.body(
				recoveryReportCsv(report),
				200,
				csvHeaders(`recovery-${report.from}-to-${report.to}.csv`)
			);
		}
	);
