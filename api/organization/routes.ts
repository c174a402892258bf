import { createRoute, z } from '@hono/zod-openapi';
import { errors, jsonBody, jsonResponse } from '../openapi';
import { createRouter } from '../router';
import { OrganizationSettings, OrganizationSettingsInput } from './schemas';
import { findOrganizationUpdatedAt, getOrganization } from './store';
import { updateOrganization } from './update-organization';
import { requireStaff, staffOnly } from '../auth/guards';

const OrganizationResponse = z.object({ organization: OrganizationSettings });
const tags = ['Organization'];

export const organizationRoutes = createRouter()
	.openapi(
		createRoute({
			method: 'get',
			path: '/',
			middleware: [staffOnly()],
			tags,
			summary: "The organisation's name, brand colour, sender address and survey fatigue rules",
			responses: {
				200: jsonResponse(OrganizationResponse, 'Settings (the server defaults until saved)'),
				...errors(401)
			}
		}),
		async (c) => {
			const { db, config } = c.var.deps;
			const [settings, updatedAt] = await Promise.all([
				getOrganization(db, config),
				findOrganizationUpdatedAt(db)
			]);
			return c.json(
				{ organization: { ...settings, updatedAt: updatedAt?.toISOString() ?? null } },
				200
			);
		}
	)
	.openapi(
		createRoute({
			method: 'put',
			path: '/',
			middleware: [staffOnly('admin')],
			tags,
			summary: "Save the organisation's settings",
			request: { body: jsonBody(OrganizationSettingsInput) },
			responses: {
				200: jsonResponse(OrganizationResponse, 'The saved settings'),
				...errors(400, 401, 403, 422)
			}
		}),
		async (c) => {
			const admin = requireStaff(c, 'admin');
			const organization = await updateOrganization({
				db: c.var.deps.db,
				config: c.var.deps.config,
				now: c.var.deps.clock.now(),
				actorId: admin.id,
				input: c.req.valid('json')
			});
			return c.json({ organization }, 200);
		}
	);
