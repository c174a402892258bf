import { createRoute } from '@hono/zod-openapi';
import { staffOnly } from '../auth/guards';
import { csvHeaders, csvResponse, errors, jsonResponse } from '../openapi';
import { createRouter } from '../router';
import { suggestionReport, suggestionReportCsv } from './suggestion-actions';
import { SuggestionReport, SuggestionReportQuery } from './suggestion-actions-schemas';

const tags = ['Reports'];
/** Every signed-in staff member may read reports: agents as well as managers. */
const staff = [staffOnly()];

const description =
	'Of the suggestions received in the period (every suggestion counts, merged duplicates too: each is a customer’s voice; `duplicates` says how many were merged into another), how many an action answers (linked to the suggestion or to the one it is merged into), how many of those are done and how many declined (every action linked declined), each with its share of those received and n, and the median days from a suggestion’s arrival to its first done action. Statuses are as of now. By theme (a duplicate has its primary’s theme), per UTC week or month of arrival, and the actions done in the period. Segment by the suggester’s account tier or owner, or by theme (`none`: without one).';

/** The suggestion-to-action report, mounted at `/reports` (beside the other reports): `/reports/suggestions` and `/reports/suggestions.csv`. */
export const suggestionReportRoutes = createRouter()
	.openapi(
		createRoute({
			method: 'get',
			path: '/suggestions',
			tags,
			summary:
				'Suggestions to actions: received, linked, done and declined with shares and n, median days to done, by theme and period; the actions done',
			description,
			middleware: staff,
			request: { query: SuggestionReportQuery },
			responses: { 200: jsonResponse(SuggestionReport, 'The report'), ...errors(401, 422) }
		}),
		async (c) => c.json(await suggestionReport(c.var.deps, c.req.valid('query')), 200)
	)
	.openapi(
		createRoute({
			method: 'get',
			path: '/suggestions.csv',
			tags,
			summary: 'The suggestion-to-action report as CSV: a row per theme, then the totals',
			description,
			middleware: staff,
			request: { query: SuggestionReportQuery },
			responses: {
				200: csvResponse,
				...errors(401, 422)
			}
		}),
		async (c) => {
			const report = await suggestionReport(c.var.deps, c.req.valid('query'));
			return c.body(
				suggestionReportCsv(report),
				200,
				csvHeaders(`suggestions-to-actions-${report.from}-to-${report.to}.csv`)
			);
		}
	);
