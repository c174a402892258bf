import { createRoute, z } from '@hono/zod-openapi';
import { requireStaff, staffOnly } from '../auth/guards';
import { insertAuditEntry } from '../audit/store';
import type { Deps } from '../deps';
import { nextStatuses } from '../domain/action-workflow';
import { AppError, notFound } from '../errors';
import { errors, IdParam, jsonBody, jsonResponse } from '../openapi';
import { createRouter } from '../router';
import { describeSuggestions } from '../suggestions/describe';
import { Suggestion } from '../suggestions/schemas';
import { findSuggestions } from '../suggestions/store';
import { changeActionStatus } from './change-action-status';
import { describeAction } from './describe';
import { createAction, editAction, requireLinkable } from './edit-action';
import {
	ActionInput,
	ActionQuery,
	ActionStatusInput,
	ActionSummary,
	ActionUpdate,
	LinkInput
} from './schemas';
import {
	countNotices,
	findActionRow,
	linkSuggestions,
	listActions,
	listLinkedSuggestionIds,
	unlinkSuggestion
} from './store';

const tags = ['Actions'];
const staff = [staffOnly()];
/** Managers turn suggestions into actions and move them along. */
const managers = [staffOnly('manager')];

const ActionDetail = z
	.object({
		action: ActionSummary,
		/** The statuses it may move to now. */
		next: z.array(z.string()),
		linked: z.array(Suggestion),
		/** "You said, we did" emails written, by outcome. */
		told: z.object({ done: z.number().int(), declined: z.number().int() })
	})
	.openapi('ActionDetail');

async function detail(deps: Deps, id: string) {
	const { db } = deps;
	const [row] = await listActions(db, { ids: [id] });
	if (!row) throw notFound('Action');
	const ids = (await listLinkedSuggestionIds(db, id)).map((link) => link.id);
	const [linked, notices] = await Promise.all([
		findSuggestions(db, ids).then((rows) => describeSuggestions(db, rows)),
		countNotices(db, id)
	]);
	const told = { done: 0, declined: 0 };
	for (const notice of notices) told[notice.outcome] = Number(notice.n);
	return { action: describeAction(row), next: nextStatuses(row.action.status), linked, told };
}

const actionPath = createRoute({
	method: 'get',
	path: '/{id}',
	tags,
	summary: 'One action with the suggestions it answers and who has been told',
	middleware: staff,
	request: { params: IdParam },
	responses: { 200: jsonResponse(ActionDetail, 'The action'), ...errors(401, 404) }
});

export const actionRoutes = createRouter()
	.openapi(
		createRoute({
			method: 'get',
			path: '/',
			tags,
			summary: 'The board: every action, most recently changed first, with the customers who asked',
			middleware: staff,
			request: { query: ActionQuery },
			responses: {
				200: jsonResponse(
					z.object({ actions: z.array(ActionSummary), now: z.string() }),
					'The actions, and the server’s time (to tell overdue ones)'
				),
				...errors(401, 422)
			}
		}),
		async (c) => {
			const rows = await listActions(c.var.deps.db, c.req.valid('query'));
			return c.json(
				{ actions: rows.map(describeAction), now: c.var.deps.clock.now().toISOString() },
				200
			);
		}
	)
	.openapi(
		createRoute({
			method: 'post',
			path: '/',
			tags,
			summary: 'Plan an action, linked to the suggestions it answers',
			middleware: managers,
			request: { body: jsonBody(ActionInput) },
			responses: {
				201: jsonResponse(ActionDetail, 'The new action'),
				...errors(400, 401, 403, 422)
			}
		}),
		async (c) => {
			const id = await createAction({
				deps: c.var.deps,
				actor: requireStaff(c, 'manager'),
				input: c.req.valid('json')
			});
			return c.json(await detail(c.var.deps, id), 201);
		}
	)
	.openapi(actionPath, async (c) => c.json(await detail(c.var.deps, c.req.valid('param').id), 200))
	.openapi(
		createRoute({
			method: 'patch',
			path: '/{id}',
			tags,
			summary: 'Change an action’s title, description, owner or due date',
			middleware: managers,
			request: { params: IdParam, body: jsonBody(ActionUpdate) },
			responses: {
				200: jsonResponse(ActionDetail, 'As saved'),
				...errors(400, 401, 403, 404, 409, 422)
			}
		}),
		async (c) => {
			const { id } = c.req.valid('param');
			await editAction({
				deps: c.var.deps,
				actor: requireStaff(c, 'manager'),
				id,
				input: c.req.valid('json')
			});
			return c.json(await detail(c.var.deps, id), 200);
		}
	)
	.openapi(
		createRoute({
			method: 'post',
			path: '/{id}/status',
			tags,
			summary:
				'Move an action: start, done (the customers who asked are emailed), decline (with a reason, shared if chosen), plan again',
			middleware: managers,
			request: { params: IdParam, body: jsonBody(ActionStatusInput) },
			responses: {
				200: jsonResponse(
					ActionDetail.extend({ emailed: z.number().int() }),
					'Moved; `emailed` is how many customers were written to'
				),
				...errors(400, 401, 403, 404, 409, 422)
			}
		}),
		async (c) => {
			const { id } = c.req.valid('param');
			const result = await changeActionStatus({
				deps: c.var.deps,
				actor: requireStaff(c, 'manager'),
				id,
				input: c.req.valid('json')
			});
			return c.json({ ...(await detail(c.var.deps, id)), emailed: result.told }, 200);
		}
	)
	.openapi(
		createRoute({
			method: 'post',
			path: '/{id}/suggestions',
			tags,
			summary: 'Link suggestions the action answers',
			middleware: managers,
			request: { params: IdParam, body: jsonBody(LinkInput) },
			responses: {
				200: jsonResponse(ActionDetail, 'The action'),
				...errors(400, 401, 403, 404, 409, 422)
			}
		}),
		async (c) => {
			const deps = c.var.deps;
			const actor = requireStaff(c, 'manager');
			const { id } = c.req.valid('param');
			const action = await findActionRow(deps.db, id);
			if (!action) throw notFound('Action');
			if (action.status === 'done')
				throw new AppError(
					'conflict',
					'This action is done and its customers have been told: plan a new action for these suggestions.'
				);
			const ids = await requireLinkable(deps, c.req.valid('json').suggestionIds);
			const now = deps.clock.now();
			await deps.db.batch([
				linkSuggestions(deps.db, id, ids, now),
				insertAuditEntry(deps.db, {
					actorId: actor.id,
					action: 'action.linked',
					entityType: 'action',
					entityId: id,
					detail: { suggestionIds: ids },
					at: now
				})
			]);
			return c.json(await detail(deps, id), 200);
		}
	)
	.openapi(
		createRoute({
			method: 'delete',
			path: '/{id}/suggestions/{suggestionId}',
			tags,
			summary: 'Unlink a suggestion from an action',
			middleware: managers,
			request: { params: IdParam.extend({ suggestionId: z.string().min(1) }) },
			responses: { 200: jsonResponse(ActionDetail, 'The action'), ...errors(401, 403, 404, 409) }
		}),
		async (c) => {
			const deps = c.var.deps;
			const actor = requireStaff(c, 'manager');
			const { id, suggestionId } = c.req.valid('param');
			const action = await findActionRow(deps.db, id);
			if (!action) throw notFound('Action');
			if (action.status === 'done')
				throw new AppError(
					'conflict',
					'This action is done: its links are part of what customers were told.'
				);
			const linked = await listLinkedSuggestionIds(deps.db, id);
			if (!linked.some((link) => link.id === suggestionId))
				throw new AppError('not_found', 'That suggestion is not linked to this action.');
			const now = deps.clock.now();
			await deps.db.batch([
				unlinkSuggestion(deps.db, id, suggestionId),
				insertAuditEntry(deps.db, {
					actorId: actor.id,
					action: 'action.unlinked',
					entityType: 'action',
					entityId: id,
					detail: { suggestionId },
					at: now
				})
			]);
			return c.json(await detail(deps, id), 200);
		}
	);
