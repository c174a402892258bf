import { createMiddleware } from 'hono/factory';
import type { Context } from 'hono';
import type { StaffRole } from '../../db/schema/staff';
import { AppError } from '../errors';
import type { AppEnv } from '../router';
import type { SessionUser } from './store';

/**
 * The signed-in staff user, or a 401; with `roles`, a 403 unless the user has
 * one of them. Admins pass every role check.
 */
export function requireStaff(c: Context<AppEnv>, ...roles: StaffRole[]): SessionUser {
	const user = c.get('user');
	if (!user) throw new AppError('unauthenticated', 'Sign in to continue.');
	if (roles.length > 0 && user.role !== 'admin' && !roles.includes(user.role)) {
		throw new AppError('forbidden', `This needs the ${roles.join(' or ')} role.`);
	}
	return user;
}

/**
 * Route middleware (`createRoute({ middleware: [staffOnly('admin')] })`): it
 * runs before the body is validated, so strangers get 401 and other roles 403,
 * never a validation error that reveals the route's rules.
 */
export function staffOnly(...roles: StaffRole[]) {
	return createMiddleware<AppEnv>(async (c, next) => {
		requireStaff(c, ...roles);
		await next();
	});
}
