import { createRoute, z } from '@hono/zod-openapi';
import { requireStaff, staffOnly } from '../auth/guards';
import { errors, IdParam, jsonBody, jsonResponse } from '../openapi';
import { createRouter } from '../router';
import { createApiToken } from './create-api-token';
import { revokeApiToken } from './revoke-api-token';
import { ApiToken, CreateApiTokenInput } from './schemas';
import { listApiTokens } from './store';

const tags = ['API tokens'];
const admins = [staffOnly('admin')];

export const apiTokenRoutes = createRouter()
	.openapi(
		createRoute({
			method: 'get',
			path: '/',
			middleware: admins,
			tags,
			summary: 'API tokens, newest first (never the tokens themselves)',
			responses: {
				200: jsonResponse(z.object({ apiTokens: z.array(ApiToken) }), 'API tokens'),
				...errors(401, 403)
			}
		}),
		async (c) => c.json({ apiTokens: await listApiTokens(c.var.deps.db) }, 200)
	)
	.openapi(
		createRoute({
			method: 'post',
			path: '/',
			middleware: admins,
			tags,
			summary: 'Make an API token',
			description:
				'The token acts as you, with the given role (at most yours). It is in this answer only: store it now. Send it as `Authorization: Bearer <token>`.',
			request: { body: jsonBody(CreateApiTokenInput) },
			responses: {
				201: jsonResponse(
					z.object({ token: z.string(), apiToken: ApiToken }),
					'The token (shown only this once) and its record'
				),
				...errors(400, 401, 403, 422)
			}
		}),
		async (c) => {
			const admin = requireStaff(c, 'admin');
			const created = await createApiToken({
				db: c.var.deps.db,
				now: c.var.deps.clock.now(),
				creator: admin,
				actor: admin,
				input: c.req.valid('json')
			});
			c.header('Cache-Control', 'no-store');
			return c.json(created, 201);
		}
	)
	.openapi(
		createRoute({
			method: 'post',
			path: '/{id}/revoke',
			middleware: admins,
			tags,
			summary: 'Revoke an API token',
			description: 'Its next request is a 401. Revoking a revoked token is a 409.',
			request: { params: IdParam },
			responses: {
				200: jsonResponse(z.object({ apiToken: ApiToken }), 'The revoked token'),
				...errors(401, 403, 404, 409)
			}
		}),
		async (c) => {
			const admin = requireStaff(c, 'admin');
			const apiToken = await revokeApiToken({
				db: c.var.deps.db,
				now: c.var.deps.clock.now(),
				actor: admin,
				tokenId: c.req.valid('param').id
			});
			return c.json({ apiToken }, 200);
		}
	);
