import { error, redirect, type RequestEvent } from '@sveltejs/kit';

/**
 * Settings are for admins. Loads and actions call this first: page loads run
 * alongside the console layout's, so they cannot rely on it having checked.
 * The API enforces the same rule; this gives people a page instead of an error.
 */
export function requireAdmin(event: Pick<RequestEvent, 'locals' | 'url'>) {
	const user = event.locals.user;
	if (!user) redirect(303, `/sign-in?next=${encodeURIComponent(event.url.pathname)}`);
	if (user.role !== 'admin') {
		error(403, {
			message: 'Only admins can manage users, teams and organisation settings.',
			code: 'forbidden'
		});
	}
	return user;
}

/** Pages for managers (and admins): agents get a page that says why, strangers the sign-in. */
export function requireManager(event: Pick<RequestEvent, 'locals' | 'url'>, message: string) {
	const user = event.locals.user;
	if (!user) redirect(303, `/sign-in?next=${encodeURIComponent(event.url.pathname)}`);
	if (user.role === 'agent') error(403, { message, code: 'forbidden' });
	return user;
}
