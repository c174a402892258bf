import { createRoute, z } from '@hono/zod-openapi';
import { notFound } from '../errors';
import { errors, IdParam, jsonBody, jsonResponse } from '../openapi';
import { createRouter } from '../router';
import { createTeam } from './create-team';
import { deleteTeam } from './delete-team';
import { CreateTeamInput, SetTeamMembersInput, Team, UpdateTeamInput } from './schemas';
import { setTeamMembers } from './set-team-members';
import { findTeam, listTeams } from './store';
import { updateTeam } from './update-team';
import { requireStaff, staffOnly } from '../auth/guards';

const TeamResponse = z.object({ team: Team });
const tags = ['Teams'];
const staff = [staffOnly()];
const admins = [staffOnly('admin')];

export const teamRoutes = createRouter()
	.openapi(
		createRoute({
			method: 'get',
			path: '/',
			middleware: staff,
			tags,
			summary: 'Teams by name, with their lead and members',
			responses: {
				200: jsonResponse(z.object({ teams: z.array(Team) }), 'Teams'),
				...errors(401)
			}
		}),
		async (c) => c.json({ teams: await listTeams(c.var.deps.db) }, 200)
	)
	.openapi(
		createRoute({
			method: 'post',
			path: '/',
			middleware: admins,
			tags,
			summary: 'Create a team',
			description: 'Team names are unique regardless of case (409).',
			request: { body: jsonBody(CreateTeamInput) },
			responses: {
				201: jsonResponse(TeamResponse, 'The new team'),
				...errors(400, 401, 403, 409, 422)
			}
		}),
		async (c) => {
			const admin = requireStaff(c, 'admin');
			const team = await createTeam({
				db: c.var.deps.db,
				now: c.var.deps.clock.now(),
				actorId: admin.id,
				input: c.req.valid('json')
			});
			return c.json({ team }, 201);
		}
	)
	.openapi(
		createRoute({
			method: 'get',
			path: '/{id}',
			middleware: staff,
			tags,
			summary: 'One team',
			request: { params: IdParam },
			responses: { 200: jsonResponse(TeamResponse, 'The team'), ...errors(401, 404) }
		}),
		async (c) => {
			const team = await findTeam(c.var.deps.db, c.req.valid('param').id);
			if (!team) throw notFound('Team');
			return c.json({ team }, 200);
		}
	)
	.openapi(
		createRoute({
			method: 'patch',
			path: '/{id}',
			middleware: admins,
			tags,
			summary: 'Rename a team or change its lead',
			request: { params: IdParam, body: jsonBody(UpdateTeamInput) },
			responses: {
				200: jsonResponse(TeamResponse, 'The updated team'),
				...errors(400, 401, 403, 404, 409, 422)
			}
		}),
		async (c) => {
			const admin = requireStaff(c, 'admin');
			const team = await updateTeam({
				db: c.var.deps.db,
				now: c.var.deps.clock.now(),
				actorId: admin.id,
				teamId: c.req.valid('param').id,
				input: c.req.valid('json')
			});
			return c.json({ team }, 200);
		}
	)
	.openapi(
		createRoute({
			method: 'put',
			path: '/{id}/members',
			middleware: admins,
			tags,
			summary: "Replace the team's members",
			description: 'Unknown user ids are a 422 that names them; nothing changes then.',
			request: { params: IdParam, body: jsonBody(SetTeamMembersInput) },
			responses: {
				200: jsonResponse(TeamResponse, 'The team with its new members'),
				...errors(400, 401, 403, 404, 422)
			}
		}),
		async (c) => {
			const admin = requireStaff(c, 'admin');
			const team = await setTeamMembers({
				db: c.var.deps.db,
				now: c.var.deps.clock.now(),
				actorId: admin.id,
				teamId: c.req.valid('param').id,
				userIds: c.req.valid('json').userIds
			});
			return c.json({ team }, 200);
		}
	)
	.openapi(
		createRoute({
			method: 'delete',
			path: '/{id}',
			middleware: admins,
			tags,
			summary: 'Delete a team (its members stay as users)',
			request: { params: IdParam },
			responses: { 204: { description: 'Deleted' }, ...errors(401, 403, 404) }
		}),
		async (c) => {
			const admin = requireStaff(c, 'admin');
			await deleteTeam({
				db: c.var.deps.db,
				now: c.var.deps.clock.now(),
				actorId: admin.id,
				teamId: c.req.valid('param').id
			});
			return c.body(null, 204);
		}
	);
