import { createMiddleware } from 'hono/factory';
import type { StaffRole } from '../../db/schema/staff';
import { requireStaff } from '../auth/guards';
import type { AppEnv } from '../router';

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
