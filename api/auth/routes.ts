import { createRoute, z } from '@hono/zod-openapi';
import { AppError } from '../errors';
import { Email, errors, jsonBody, jsonResponse } from '../openapi';
import { createRouter } from '../router';
import { requireStaff } from './guards';
import { decoyHash, hashPassword, verifyPassword } from './password';
import { endSession, startSession } from './session';
import {
	clearSignInFailures,
	countActiveStaff,
	countSignInFailures,
	createFirstAdmin,
	findStaffByEmail,
	recordSignInFailure
} from './store';

export const StaffUser = z
	.object({
		id: z.string(),
		email: z.string(),
		name: z.string(),
		role: z.enum(['admin', 'manager', 'agent'])
	})
	.openapi('StaffUser');

export const Password = z
	.string()
	.min(10, 'Use at least 10 characters.')
	.max(200, 'Use at most 200 characters.');

export const SetupInput = z.object({
	email: Email,
	name: z.string().trim().min(1, 'Enter a name.').max(120),
	password: Password
});

export const SignInInput = z.object({
	email: Email,
	password: z.string().min(1, 'Enter your password.').max(200)
});

/** Failures allowed per window, by email and by client address. */
const signInLimits = { windowMs: 15 * 60_000, perEmail: 5, perAddress: 30 };

export const authRoutes = createRouter()
	.openapi(
		createRoute({
			method: 'get',
			path: '/setup',
			tags: ['Auth'],
			summary: 'Whether the first admin still has to be created',
			security: [],
			responses: { 200: jsonResponse(z.object({ needed: z.boolean() }), 'Set-up state') }
		}),
		async (c) => c.json({ needed: (await countActiveStaff(c.var.deps.db)) === 0 }, 200)
	)
	.openapi(
		createRoute({
			method: 'post',
			path: '/setup',
			tags: ['Auth'],
			summary: 'Create the first admin (only while there is no staff user) and sign in',
			security: [],
			request: { body: jsonBody(SetupInput) },
			responses: {
				201: jsonResponse(z.object({ user: StaffUser }), 'The new admin, signed in'),
				...errors(400, 409, 422)
			}
		}),
		async (c) => {
			const deps = c.var.deps;
			const input = c.req.valid('json');
			const user = await createFirstAdmin(deps.db, {
				email: input.email,
				name: input.name,
				passwordHash: await hashPassword(input.password),
				now: deps.clock.now()
			});
			if (!user) throw new AppError('conflict', 'Closeloop is already set up. Sign in instead.');
			await startSession(c, deps, user);
			return c.json({ user }, 201);
		}
	)
	.openapi(
		createRoute({
			method: 'post',
			path: '/sign-in',
			tags: ['Auth'],
			summary: 'Sign in with email and password; sets the session cookie',
			security: [],
			request: { body: jsonBody(SignInInput) },
			responses: {
				200: jsonResponse(z.object({ user: StaffUser }), 'Signed in'),
				...errors(400, 401, 422, 429)
			}
		}),
		async (c) => {
			const deps = c.var.deps;
			const input = c.req.valid('json');
			const now = deps.clock.now();
			const since = new Date(now.getTime() - signInLimits.windowMs);
			const emailKey = `email:${input.email}`;
			const addressKey = `address:${clientAddress(c.req.raw, deps.config.trustProxy)}`;
			const [byEmail, byAddress] = await Promise.all([
				countSignInFailures(deps.db, emailKey, since),
				countSignInFailures(deps.db, addressKey, since)
			]);
			if (byEmail >= signInLimits.perEmail || byAddress >= signInLimits.perAddress) {
				c.header('Retry-After', String(signInLimits.windowMs / 1000));
				throw new AppError(
					'rate_limited',
					'Too many failed sign-ins. Wait 15 minutes, or ask an admin to reset your password.'
				);
			}
			const user = await findStaffByEmail(deps.db, input.email);
			const valid = await verifyPassword(input.password, user?.passwordHash ?? (await decoyHash()));
			if (!user || !valid || user.disabledAt) {
				await recordSignInFailure(deps.db, [emailKey, addressKey], now);
				throw new AppError('unauthenticated', 'That email and password do not match.');
			}
			await clearSignInFailures(deps.db, emailKey);
			const sessionUser = { id: user.id, email: user.email, name: user.name, role: user.role };
			await startSession(c, deps, sessionUser);
			return c.json({ user: sessionUser }, 200);
		}
	)
	.openapi(
		createRoute({
			method: 'post',
			path: '/sign-out',
			tags: ['Auth'],
			summary: 'End the current session',
			security: [],
			responses: { 204: { description: 'Signed out' } }
		}),
		async (c) => {
			await endSession(c, c.var.deps);
			return c.body(null, 204);
		}
	)
	.openapi(
		createRoute({
			method: 'get',
			path: '/me',
			tags: ['Auth'],
			summary: 'The signed-in staff user',
			responses: {
				200: jsonResponse(z.object({ user: StaffUser }), 'Current user'),
				...errors(401)
			}
		}),
		(c) => c.json({ user: requireStaff(c) }, 200)
	);

/**
 * The client's address for rate limits: Cloudflare's header on Workers, the
 * socket address the Node host writes into `x-real-ip`, or the first
 * `X-Forwarded-For` hop behind a trusted proxy.
 */
export function clientAddress(request: Request, trustProxy: boolean): string {
	const headers = request.headers;
	if (trustProxy) {
		const forwarded = headers.get('x-forwarded-for')?.split(',')[0]?.trim();
		if (forwarded) return forwarded;
	}
	return headers.get('cf-connecting-ip') ?? headers.get('x-real-ip') ?? 'unknown';
}
