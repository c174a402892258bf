import { createRoute, z } from '@hono/zod-openapi';
import { requireStaff, staffOnly } from '../auth/guards';
import { insertAuditEntry } from '../audit/store';
import { AppError } from '../errors';
import { errors, IdParam, jsonBody, jsonResponse } from '../openapi';
import { createRouter } from '../router';
import { addSuggestion } from './add-suggestion';
import { describeSuggestion, describeSuggestions } from './describe';
import { mergeSuggestions, unmergeSuggestion } from './merge-suggestions';
import {
	MergeInput,
	Suggestion,
	SuggestionInput,
	SuggestionQuery,
	SuggestionUpdate
} from './schemas';
import {
	countSuggestions,
	findSuggestionRows,
	findTheme,
	listActiveThemes,
	listSuggestions,
	setSuggestionTheme
} from './store';

const tags = ['Suggestions'];
const staff = [staffOnly()];
/** Managers triage: they tag themes, merge duplicates and link actions. */
const managers = [staffOnly('manager')];
const One = z.object({ suggestion: Suggestion });

const dayStart = (day: string) => new Date(`${day}T00:00:00.000Z`);
const dayAfter = (day: string) => new Date(dayStart(day).getTime() + 86_400_000);

export const suggestionRoutes = createRouter()
	.openapi(
		createRoute({
			method: 'get',
			path: '/',
			tags,
			summary:
				'The inbox: suggestions from survey answers, complaints and staff, newest first, duplicates merged away',
			description:
				'Filter by theme (`themeId=none` for untagged ones), source, account tier, the days received (`from`, `to`, inclusive, UTC) and status (`open`: not linked to an action yet).',
			middleware: staff,
			request: { query: SuggestionQuery },
			responses: {
				200: jsonResponse(
					z.object({
						suggestions: z.array(Suggestion),
						total: z.number().int(),
						page: z.number().int(),
						pageSize: z.number().int(),
						themes: z.array(z.object({ id: z.string(), name: z.string() }))
					}),
					'A page of suggestions'
				),
				...errors(401, 422)
			}
		}),
		async (c) => {
			const query = c.req.valid('query');
			const { db } = c.var.deps;
			const filter = {
				...query,
				from: query.from ? dayStart(query.from) : undefined,
				to: query.to ? dayAfter(query.to) : undefined
			};
			const [rows, total, themes] = await Promise.all([
				listSuggestions(db, filter, {
					limit: query.pageSize,
					offset: (query.page - 1) * query.pageSize
				}),
				countSuggestions(db, filter),
				listActiveThemes(db)
			]);
			return c.json(
				{
					suggestions: await describeSuggestions(db, rows),
					total,
					page: query.page,
					pageSize: query.pageSize,
					themes
				},
				200
			);
		}
	)
	.openapi(
		createRoute({
			method: 'post',
			path: '/',
			tags,
			summary: 'Add a suggestion: on a customer’s behalf, or from a complaint (`caseId`)',
			middleware: staff,
			request: { body: jsonBody(SuggestionInput) },
			responses: { 201: jsonResponse(One, 'Added'), ...errors(400, 401, 409, 422) }
		}),
		async (c) => {
			const suggestion = await addSuggestion({
				deps: c.var.deps,
				actor: requireStaff(c),
				input: c.req.valid('json')
			});
			return c.json({ suggestion }, 201);
		}
	)
	.openapi(
		createRoute({
			method: 'post',
			path: '/merge',
			tags,
			summary: 'Merge duplicates into one suggestion, keeping every suggester',
			middleware: managers,
			request: { body: jsonBody(MergeInput) },
			responses: {
				200: jsonResponse(One, 'The merged suggestion'),
				...errors(400, 401, 403, 404, 409, 422)
			}
		}),
		async (c) => {
			const input = c.req.valid('json');
			const suggestion = await mergeSuggestions({
				deps: c.var.deps,
				actor: requireStaff(c, 'manager'),
				primaryId: input.primaryId,
				duplicateIds: input.duplicateIds
			});
			return c.json({ suggestion }, 200);
		}
	)
	.openapi(
		createRoute({
			method: 'get',
			path: '/{id}',
			tags,
			summary: 'One suggestion with its duplicates and actions',
			middleware: staff,
			request: { params: IdParam },
			responses: { 200: jsonResponse(One, 'The suggestion'), ...errors(401, 404) }
		}),
		async (c) => {
			const suggestion = await describeSuggestion(c.var.deps.db, c.req.valid('param').id);
			if (!suggestion) throw new AppError('not_found', 'This suggestion does not exist.');
			return c.json({ suggestion }, 200);
		}
	)
	.openapi(
		createRoute({
			method: 'patch',
			path: '/{id}',
			tags,
			summary: 'Tag a suggestion with a theme (or none)',
			middleware: managers,
			request: { params: IdParam, body: jsonBody(SuggestionUpdate) },
			responses: { 200: jsonResponse(One, 'As saved'), ...errors(400, 401, 403, 404, 422) }
		}),
		async (c) => {
			const { db } = c.var.deps;
			const actor = requireStaff(c, 'manager');
			const { id } = c.req.valid('param');
			const { themeId } = c.req.valid('json');
			const [row] = await findSuggestionRows(db, [id]);
			if (!row) throw new AppError('not_found', 'This suggestion does not exist.');
			if (themeId && !(await findTheme(db, themeId)))
				throw new AppError('validation_failed', 'Some fields are missing or invalid.', {
					themeId: ['Choose one of the listed themes.']
				});
			if (row.themeId !== themeId) {
				const now = c.var.deps.clock.now();
				await db.batch([
					setSuggestionTheme(db, id, themeId, now),
					insertAuditEntry(db, {
						actorId: actor.id,
						action: 'suggestion.themed',
						entityType: 'suggestion',
						entityId: id,
						detail: { themeId: { from: row.themeId, to: themeId } },
						at: now
					})
				]);
			}
			return c.json({ suggestion: (await describeSuggestion(db, id))! }, 200);
		}
	)
	.openapi(
		createRoute({
			method: 'post',
			path: '/{id}/unmerge',
			tags,
			summary: 'Take a merged duplicate back out, as a suggestion of its own',
			middleware: managers,
			request: { params: IdParam },
			responses: { 200: jsonResponse(One, 'The suggestion'), ...errors(401, 403, 404, 409) }
		}),
		async (c) => {
			const suggestion = await unmergeSuggestion({
				deps: c.var.deps,
				actor: requireStaff(c, 'manager'),
				id: c.req.valid('param').id
			});
			return c.json({ suggestion }, 200);
		}
	);
