import { createRoute, z } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import { AppError } from '../errors';
import { errors, jsonResponse } from '../openapi';
import { getOrganization } from '../organization/store';
import {
	TokenParam,
	unsubscribeRequestBody,
	UnsubscribeResult,
	unsubscribeVia
} from '../public-surveys/schemas';
import { unsubscribeFound } from '../public-surveys/unsubscribe';
import { createRouter } from '../router';
import { hashToken } from '../tokens';
import { findNewsLink, listDoneActions } from './store';

const tags = ['Public “you said, we did”'];
const security: Record<string, string[]>[] = [];
const limitBody = bodyLimit({
	maxSize: 8 * 1024,
	onError: () => {
		throw new AppError('payload_too_large', 'The request body is larger than 8 KB.');
	}
});

const Organization = z.object({ name: z.string(), brandColor: z.string().nullable() });

async function requireNewsLink(db: Parameters<typeof findNewsLink>[0], token: string) {
	const found = /^[A-Za-z0-9_-]{16,64}$/.test(token)
		? await findNewsLink(db, hashToken(token))
		: null;
	if (!found) throw new AppError('not_found', 'This link is unknown or no longer valid.');
	return found;
}

export const publicActionRoutes = createRouter()
	.openapi(
		createRoute({
			method: 'get',
			path: '/updates',
			tags,
			security,
			summary:
				'The published “you said, we did” page: what was done about customers’ suggestions, naming no one',
			description: 'A 404 unless an admin publishes the page (organisation settings).',
			responses: {
				200: jsonResponse(
					z.object({
						organization: Organization,
						actions: z.array(
							z.object({
								title: z.string(),
								description: z.string(),
								doneAt: z.string(),
								/** How many customers asked for it. */
								customers: z.number().int()
							})
						)
					}),
					'The page'
				),
				...errors(404)
			}
		}),
		async (c) => {
			const { db, config } = c.var.deps;
			const organization = await getOrganization(db, config);
			if (!organization.publicUpdates)
				throw new AppError('not_found', 'This organisation does not publish its updates.');
			const rows = await listDoneActions(db, 100);
			return c.json(
				{
					organization: { name: organization.name, brandColor: organization.brandColor },
					actions: rows.map((row) => ({
						title: row.title,
						description: row.description,
						doneAt: row.doneAt!.toISOString(),
						customers: Number(row.customers)
					}))
				},
				200
			);
		}
	)
	.openapi(
		createRoute({
			method: 'get',
			path: '/news/{token}',
			tags,
			security,
			summary:
				'What a news email’s unsubscribe page shows: the sender, and whether it is done already',
			request: { params: TokenParam },
			responses: {
				200: jsonResponse(
					z.object({ organization: Organization, unsubscribed: z.boolean(), locale: z.string() }),
					'The link'
				),
				...errors(404)
			}
		}),
		async (c) => {
			const { db, config } = c.var.deps;
			const found = await requireNewsLink(db, c.req.valid('param').token);
			const organization = await getOrganization(db, config);
			return c.json(
				{
					organization: { name: organization.name, brandColor: organization.brandColor },
					unsubscribed: !!found.unsubscribedAt,
					locale: found.locale
				},
				200
			);
		}
	)
	.openapi(
		createRoute({
			method: 'get',
			path: '/news/{token}/unsubscribe',
			tags,
			security,
			summary:
				'Opening the one-click address in a browser leads to the confirmation page; changes nothing',
			request: { params: TokenParam },
			responses: { 303: { description: 'To the page `/n/{token}`' } }
		}),
		(c) => c.redirect(`/n/${encodeURIComponent(c.req.valid('param').token)}`, 303)
	)
	.openapi(
		createRoute({
			method: 'post',
			path: '/news/{token}/unsubscribe',
			tags,
			security,
			summary: 'Unsubscribe at once from news and surveys (RFC 8058 one-click; no cookies needed)',
			description:
				'Mail providers post `List-Unsubscribe=One-Click` as a form; the page posts JSON `{ "via": "page" }`. Idempotent.',
			middleware: [limitBody],
			request: {
				params: TokenParam,
				body: unsubscribeRequestBody
			},
			responses: {
				200: jsonResponse(UnsubscribeResult, 'Unsubscribed'),
				...errors(404, 413, 415, 422)
			}
		}),
		async (c) => {
			const found = await requireNewsLink(c.var.deps.db, c.req.valid('param').token);
			return c.json(
				await unsubscribeFound(c.var.deps, found, unsubscribeVia(c.req.valid('json'))),
				200
			);
		}
	);
