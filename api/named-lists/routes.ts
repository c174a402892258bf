import { createRoute, z } from '@hono/zod-openapi';
import { requireStaff, staffOnly } from '../auth/guards';
import { errors, IdParam, jsonBody, jsonResponse } from '../openapi';
import { createRouter } from '../router';
import { Name } from '../case-settings/schemas';
import { addNamedItem, archiveItem, describeNamedItem, renameItem } from './edit-named-list';
import type { NamedList } from './named-lists';
import { listNamedItems } from './store';

const Input = z.object({ name: Name(80) }).openapi('NamedItemInput');

/**
 * The four routes of a managed list of names, kept by managers: list (in use
 * first), add, rename and archive, each change audited. Mounted at the list's
 * path, e.g. `/root-causes`.
 */
export function namedListRoutes(list: NamedList, tags: string[]) {
	const Item = z
		.object({
			id: z.string(),
			name: z.string(),
			archivedAt: z.iso.datetime().nullable(),
			createdAt: z.iso.datetime()
		})
		.openapi(list.schemaName);
	const One = z.object({ [list.itemKey]: Item });
	const managers = [staffOnly('manager')];
	const one = (item: z.infer<typeof Item>) => ({ [list.itemKey]: item });
	return createRouter()
		.openapi(
			createRoute({
				method: 'get',
				path: '/',
				tags,
				summary: `Every ${list.noun} by name, those in use first`,
				middleware: managers,
				responses: {
					200: jsonResponse(z.object({ [list.listKey]: z.array(Item) }), 'The list'),
					...errors(401, 403)
				}
			}),
			async (c) =>
				c.json(
					{
						[list.listKey]: (await listNamedItems(c.var.deps.db, list.table)).map(describeNamedItem)
					},
					200
				)
		)
		.openapi(
			createRoute({
				method: 'post',
				path: '/',
				tags,
				summary: list.addSummary,
				middleware: managers,
				request: { body: jsonBody(Input) },
				responses: { 201: jsonResponse(One, 'Added'), ...errors(400, 401, 403, 409, 422) }
			}),
			async (c) => {
				const item = await addNamedItem({
					deps: c.var.deps,
					actor: requireStaff(c, 'manager'),
					list,
					name: c.req.valid('json').name
				});
				return c.json(one(item), 201);
			}
		)
		.openapi(
			createRoute({
				method: 'put',
				path: '/{id}',
				tags,
				summary: `Rename ${list.article}`,
				middleware: managers,
				request: { params: IdParam, body: jsonBody(Input) },
				responses: { 200: jsonResponse(One, 'As saved'), ...errors(400, 401, 403, 404, 409, 422) }
			}),
			async (c) => {
				const item = await renameItem({
					deps: c.var.deps,
					actor: requireStaff(c, 'manager'),
					list,
					id: c.req.valid('param').id,
					name: c.req.valid('json').name
				});
				return c.json(one(item), 200);
			}
		)
		.openapi(
			createRoute({
				method: 'post',
				path: '/{id}/archive',
				tags,
				summary: list.archiveSummary,
				middleware: managers,
				request: { params: IdParam },
				responses: { 200: jsonResponse(One, 'Archived'), ...errors(401, 403, 404, 409) }
			}),
			async (c) => {
				const item = await archiveItem({
					deps: c.var.deps,
					actor: requireStaff(c, 'manager'),
					list,
					id: c.req.valid('param').id
				});
				return c.json(one(item), 200);
			}
		);
}
