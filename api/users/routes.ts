import { createRoute, z } from '@hono/zod-openapi';
import { getCookie } from 'hono/cookie';
import { sessionCookie } from '../auth/session';
import { notFound } from '../errors';
import { errors, IdParam, jsonBody, jsonResponse } from '../openapi';
import { createRouter } from '../router';
import { hashToken } from '../tokens';
import { createUser } from './create-user';
import { disableUser } from './disable-user';
import { enableUser } from './enable-user';
import { resetPassword } from './reset-password';
import {
	CreateUserInput,
	ResetPasswordInput,
	UpdateUserInput,
	User,
	UserDirectoryEntry
} from './schemas';
import { findUser, listUsers } from './store';
import { updateUser } from './update-user';
import { requireStaff, staffOnly } from '../auth/guards';

const UserResponse = z.object({ user: User });
const tags = ['Users'];

const staff = [staffOnly()];
const admins = [staffOnly('admin')];

export const userRoutes = createRouter()
	.openapi(
		createRoute({
			method: 'get',
			path: '/',
			middleware: staff,
			tags,
			summary: 'Staff users, by name',
			description:
				'Every signed-in staff member gets the directory (id, name, role, active) to pick owners and assignees; admins get each user in full, with email, status and teams.',
			responses: {
				200: jsonResponse(
					z.object({ users: z.array(z.union([User, UserDirectoryEntry])) }),
					'Staff users'
				),
				...errors(401)
			}
		}),
		async (c) => {
			const viewer = requireStaff(c);
			const users = await listUsers(c.var.deps.db);
			if (viewer.role === 'admin') return c.json({ users }, 200);
			return c.json(
				{ users: users.map(({ id, name, role, active }) => ({ id, name, role, active })) },
				200
			);
		}
	)
	.openapi(
		createRoute({
			middleware: admins,
			method: 'post',
			path: '/',
			tags,
			summary: 'Add a staff user and email them a welcome',
			request: { body: jsonBody(CreateUserInput) },
			responses: {
				201: jsonResponse(UserResponse, 'The new user'),
				...errors(400, 401, 403, 409, 422)
			}
		}),
		async (c) => {
			const admin = requireStaff(c, 'admin');
			const { db, config, clock } = c.var.deps;
			const user = await createUser({
				db,
				config,
				now: clock.now(),
				actor: admin,
				input: c.req.valid('json'),
				sendWelcome: true
			});
			return c.json({ user }, 201);
		}
	)
	.openapi(
		createRoute({
			middleware: admins,
			method: 'get',
			path: '/{id}',
			tags,
			summary: 'One staff user',
			request: { params: IdParam },
			responses: { 200: jsonResponse(UserResponse, 'The user'), ...errors(401, 403, 404) }
		}),
		async (c) => {
			requireStaff(c, 'admin');
			const user = await findUser(c.var.deps.db, c.req.valid('param').id);
			if (!user) throw notFound('User');
			return c.json({ user }, 200);
		}
	)
	.openapi(
		createRoute({
			middleware: admins,
			method: 'patch',
			path: '/{id}',
			tags,
			summary: 'Rename a user or change their role',
			description:
				'Admins cannot change their own role, and the last active admin cannot be demoted (409).',
			request: { params: IdParam, body: jsonBody(UpdateUserInput) },
			responses: {
				200: jsonResponse(UserResponse, 'The updated user'),
				...errors(400, 401, 403, 404, 409, 422)
			}
		}),
		async (c) => {
			const admin = requireStaff(c, 'admin');
			const user = await updateUser({
				db: c.var.deps.db,
				now: c.var.deps.clock.now(),
				actorId: admin.id,
				userId: c.req.valid('param').id,
				input: c.req.valid('json')
			});
			return c.json({ user }, 200);
		}
	)
	.openapi(
		createRoute({
			middleware: admins,
			method: 'post',
			path: '/{id}/disable',
			tags,
			summary: 'Disable a user: they are signed out and cannot sign in',
			description:
				'Admins cannot disable themselves, and the last active admin cannot be disabled (409).',
			request: { params: IdParam },
			responses: {
				200: jsonResponse(UserResponse, 'The disabled user'),
				...errors(401, 403, 404, 409)
			}
		}),
		async (c) => {
			const admin = requireStaff(c, 'admin');
			const user = await disableUser({
				db: c.var.deps.db,
				now: c.var.deps.clock.now(),
				actorId: admin.id,
				userId: c.req.valid('param').id
			});
			return c.json({ user }, 200);
		}
	)
	.openapi(
		createRoute({
			middleware: admins,
			method: 'post',
			path: '/{id}/enable',
			tags,
			summary: 'Let a disabled user sign in again',
			request: { params: IdParam },
			responses: { 200: jsonResponse(UserResponse, 'The enabled user'), ...errors(401, 403, 404) }
		}),
		async (c) => {
			const admin = requireStaff(c, 'admin');
			const user = await enableUser({
				db: c.var.deps.db,
				now: c.var.deps.clock.now(),
				actorId: admin.id,
				userId: c.req.valid('param').id
			});
			return c.json({ user }, 200);
		}
	)
	.openapi(
		createRoute({
			middleware: admins,
			method: 'post',
			path: '/{id}/password',
			tags,
			summary: 'Set a new password for a user and end their other sessions',
			request: { params: IdParam, body: jsonBody(ResetPasswordInput) },
			responses: {
				200: jsonResponse(UserResponse, 'The user'),
				...errors(400, 401, 403, 404, 422)
			}
		}),
		async (c) => {
			const admin = requireStaff(c, 'admin');
			const userId = c.req.valid('param').id;
			const token = getCookie(c, sessionCookie);
			const user = await resetPassword({
				db: c.var.deps.db,
				now: c.var.deps.clock.now(),
				actorId: admin.id,
				userId,
				password: c.req.valid('json').password,
				keepSessionId: userId === admin.id && token ? hashToken(token) : undefined
			});
			return c.json({ user }, 200);
		}
	);
