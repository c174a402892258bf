import { createRoute, z } from '@hono/zod-openapi';
import { staffOnly } from '../auth/guards';
import { csvHeaders, csvResponse, errors, IdParam, jsonResponse } from '../openapi';
import { createRouter } from '../router';
import { getContactSurveys } from './get-contact-surveys';
import { getSurveySummary } from './get-survey-summary';
import { surveyResponsesCsv } from './export-survey-responses';
import { listEveryResponse, listSurveyResponses } from './list-survey-responses';
import {
	ContactSurvey,
	ResponseFilters,
	ResponseListQuery,
	SummaryQuery,
	SurveyResponsePage,
	SurveySummary
} from './schemas';

const tags = ['Survey results'];
/** Every signed-in staff member may read results. */
const staff = staffOnly();

/** Mounted at the API root: the paths span `/surveys/{id}/…` and `/contacts/{id}/surveys`. */
export const surveyResultRoutes = createRouter()
	.openapi(
		createRoute({
			method: 'get',
			path: '/surveys/{id}/summary',
			tags,
			summary:
				'A survey’s figures over a period: invitations, answer rate, score with n and margin of error, skips, comments',
			middleware: [staff],
			request: { params: IdParam, query: SummaryQuery },
			responses: { 200: jsonResponse(SurveySummary, 'The summary'), ...errors(401, 404, 422) }
		}),
		async (c) => {
			const summary = await getSurveySummary({
				deps: c.var.deps,
				id: c.req.valid('param').id,
				period: c.req.valid('query').period
			});
			return c.json(summary, 200);
		}
	)
	.openapi(
		createRoute({
			method: 'get',
			path: '/surveys/{id}/responses',
			tags,
			summary: 'A survey’s answers: filter, search, sort, one page at a time, with the total',
			middleware: [staff],
			request: { params: IdParam, query: ResponseListQuery },
			responses: {
				200: jsonResponse(SurveyResponsePage, 'One page of answers'),
				...errors(401, 404, 422)
			}
		}),
		async (c) => {
			const page = await listSurveyResponses({
				deps: c.var.deps,
				id: c.req.valid('param').id,
				query: c.req.valid('query')
			});
			return c.json(page, 200);
		}
	)
	.openapi(
		createRoute({
			method: 'get',
			path: '/surveys/{id}/responses.csv',
			tags,
			summary:
				'Download the answers matching the list filters as CSV, one column per further question',
			middleware: [staff],
			request: { params: IdParam, query: ResponseFilters },
			responses: {
				200: csvResponse,
				...errors(401, 404, 422)
			}
		}),
		async (c) => {
			const { survey, responses } = await listEveryResponse({
				deps: c.var.deps,
				id: c.req.valid('param').id,
				filters: c.req.valid('query')
			});
			const day = c.var.deps.clock.now().toISOString().slice(0, 10);
			return c.body(
				surveyResponsesCsv(survey, responses),
				200,
				csvHeaders(`${fileName(survey.name)}-responses-${day}.csv`)
			);
		}
	)
	.openapi(
		createRoute({
			method: 'get',
			path: '/contacts/{id}/surveys',
			tags,
			summary:
				'A contact’s standing with each survey: latest invitation, latest answer, current skip and why',
			middleware: [staff],
			request: { params: IdParam },
			responses: {
				200: jsonResponse(z.object({ surveys: z.array(ContactSurvey) }), 'One entry per survey'),
				...errors(401, 404)
			}
		}),
		async (c) => {
			const surveys = await getContactSurveys({ deps: c.var.deps, id: c.req.valid('param').id });
			return c.json({ surveys }, 200);
		}
	);

/** A survey name as a safe, readable file name part: `Quarterly NPS` → `quarterly-nps`. */
function fileName(name: string): string {
	return (
		name
			.toLowerCase()
			.replace(/[^a-z0-9]+/g, '-')
			.replace(/^-|-$/g, '')
			.slice(0, 60) || 'survey'
	);
}
