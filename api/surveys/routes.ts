import { createRoute, z } from '@hono/zod-openapi';
import type { ZodError } from 'zod';
import { requireStaff, staffOnly } from '../auth/guards';
import { AppError } from '../errors';
import { errors, IdParam, jsonBody, jsonResponse } from '../openapi';
import { createRouter, toFieldErrors } from '../router';
import { activateSurvey, pauseSurvey } from './change-survey-status';
import { createSurvey } from './create-survey';
import { getSurvey, listSurveySummaries } from './get-survey';
import { previewSurvey } from './preview-survey';
import {
	AudienceCount,
	AudienceInput,
	AudienceQuery,
	CreateSurveyInput,
	DraftPreviewInput,
	LocaleQuery,
	Survey,
	SurveyListQuery,
	SurveyPreview,
	SurveySummary,
	UpdateSurveyInput
} from './schemas';
import { countAudience } from './store';
import { updateSurvey } from './update-survey';

const tags = ['Surveys'];
const SurveyBody = z.object({ survey: Survey });
/** Every staff member reads surveys; managers and admins change them. */
const staff = staffOnly();
const editors = staffOnly('manager');

export const surveyRoutes = createRouter()
	.openapi(
		createRoute({
			method: 'get',
			path: '/',
			tags,
			summary: 'List surveys with their audience in words and how many were invited and answered',
			middleware: [staff],
			request: { query: SurveyListQuery },
			responses: {
				200: jsonResponse(z.object({ surveys: z.array(SurveySummary) }), 'Surveys, active first'),
				...errors(401, 422)
			}
		}),
		async (c) => {
			const { status } = c.req.valid('query');
			return c.json({ surveys: await listSurveySummaries(c.var.deps.db, status || undefined) }, 200);
		}
	)
	.openapi(
		createRoute({
			method: 'post',
			path: '/',
			tags,
			summary: 'Create a draft survey; left-out settings get the defaults for its kind',
			middleware: [editors],
			request: { body: jsonBody(CreateSurveyInput) },
			responses: { 201: jsonResponse(SurveyBody, 'The new draft'), ...errors(400, 401, 403, 422) }
		}),
		async (c) => {
			const survey = await createSurvey({
				deps: c.var.deps,
				actor: requireStaff(c, 'manager'),
				input: c.req.valid('json')
			});
			return c.json({ survey }, 201);
		}
	)
	.openapi(
		createRoute({
			method: 'get',
			path: '/audience-count',
			tags,
			summary: 'How many contacts an audience (not yet saved) matches now',
			middleware: [staff],
			request: { query: AudienceQuery },
			responses: { 200: jsonResponse(AudienceCount, 'Matching contacts'), ...errors(401, 422) }
		}),
		async (c) => {
			const audience = AudienceInput.safeParse(c.req.valid('query'));
			if (!audience.success) {
				throw new AppError(
					'validation_failed',
					'Some fields are missing or invalid.',
					toFieldErrors(audience.error as ZodError)
				);
			}
			return c.json(await countAudience(c.var.deps.db, audience.data), 200);
		}
	)
	.openapi(
		createRoute({
			method: 'post',
			path: '/preview',
			tags,
			summary: 'Preview questions that are not saved yet: the email and the survey page in one language',
			description: 'Changes nothing; a POST only because the questions travel in the body.',
			middleware: [staff],
			request: { body: jsonBody(DraftPreviewInput) },
			responses: { 200: jsonResponse(SurveyPreview, 'The preview'), ...errors(400, 401, 422) }
		}),
		async (c) => {
			const input = c.req.valid('json');
			return c.json(await previewSurvey({ deps: c.var.deps, ...input }), 200);
		}
	)
	.openapi(
		createRoute({
			method: 'get',
			path: '/{id}',
			tags,
			summary: 'One survey with its questions, audience, schedule and counts',
			middleware: [staff],
			request: { params: IdParam },
			responses: { 200: jsonResponse(SurveyBody, 'The survey'), ...errors(401, 404) }
		}),
		async (c) => c.json({ survey: await getSurvey(c.var.deps.db, c.req.valid('param').id) }, 200)
	)
	.openapi(
		createRoute({
			method: 'patch',
			path: '/{id}',
			tags,
			summary: 'Change a survey; its kind is fixed once it has sent invitations',
			middleware: [editors],
			request: { params: IdParam, body: jsonBody(UpdateSurveyInput) },
			responses: {
				200: jsonResponse(SurveyBody, 'The changed survey'),
				...errors(400, 401, 403, 404, 409, 422)
			}
		}),
		async (c) => {
			const survey = await updateSurvey({
				deps: c.var.deps,
				actor: requireStaff(c, 'manager'),
				id: c.req.valid('param').id,
				input: c.req.valid('json')
			});
			return c.json({ survey }, 200);
		}
	)
	.openapi(
		createRoute({
			method: 'post',
			path: '/{id}/activate',
			tags,
			summary: 'Start a draft or resume a paused survey',
			description:
				'The first activation anchors the cadence windows; resuming keeps them. 409 when the survey is already active.',
			middleware: [editors],
			request: { params: IdParam },
			responses: { 200: jsonResponse(SurveyBody, 'The active survey'), ...errors(401, 403, 404, 409) }
		}),
		async (c) => {
			const survey = await activateSurvey({
				deps: c.var.deps,
				actor: requireStaff(c, 'manager'),
				id: c.req.valid('param').id
			});
			return c.json({ survey }, 200);
		}
	)
	.openapi(
		createRoute({
			method: 'post',
			path: '/{id}/pause',
			tags,
			summary: 'Pause an active survey: nobody new is invited until it is activated again',
			middleware: [editors],
			request: { params: IdParam },
			responses: { 200: jsonResponse(SurveyBody, 'The paused survey'), ...errors(401, 403, 404, 409) }
		}),
		async (c) => {
			const survey = await pauseSurvey({
				deps: c.var.deps,
				actor: requireStaff(c, 'manager'),
				id: c.req.valid('param').id
			});
			return c.json({ survey }, 200);
		}
	)
	.openapi(
		createRoute({
			method: 'get',
			path: '/{id}/preview',
			tags,
			summary: 'The invitation email and the survey page as a contact speaking `locale` would see them',
			description: 'Links in the email are stand-ins. Texts without a translation fall back to English.',
			middleware: [staff],
			request: { params: IdParam, query: LocaleQuery },
			responses: { 200: jsonResponse(SurveyPreview, 'The preview'), ...errors(401, 404, 422) }
		}),
		async (c) => {
			const survey = await getSurvey(c.var.deps.db, c.req.valid('param').id);
			const preview = await previewSurvey({
				deps: c.var.deps,
				kind: survey.kind,
				definition: survey.definition,
				locale: c.req.valid('query').locale
			});
			return c.json(preview, 200);
		}
	)
	.openapi(
		createRoute({
			method: 'get',
			path: '/{id}/audience-count',
			tags,
			summary: 'How many contacts the survey’s audience matches now',
			middleware: [staff],
			request: { params: IdParam },
			responses: { 200: jsonResponse(AudienceCount, 'Matching contacts'), ...errors(401, 404) }
		}),
		async (c) => {
			const survey = await getSurvey(c.var.deps.db, c.req.valid('param').id);
			return c.json(await countAudience(c.var.deps.db, survey.audience), 200);
		}
	);
