import { createMiddleware } from 'hono/factory';
import type { StaffRole } from '../../db/schema/staff';
import { requireStaff } from '../auth/guards';
import type { AppEnv } from '../router';

/**
 * Route middleware form of `requireStaff`: it runs before the body is
 * validated, so an anonymous or under-privileged caller learns 401/403, not
 * what the body should have looked like.
 */
export function signedIn(...roles: StaffRole[]) {
	return createMiddleware<AppEnv>(async (c, next) => {
		requireStaff(c, ...roles);
		await next();
	});
}
