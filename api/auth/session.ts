import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { Deps } from '../deps';
import { createToken, hashToken } from '../tokens';
import {
	deleteSession,
	extendSession,
	findSessionUser,
	insertSession,
	type SessionUser
} from './store';

export type { SessionUser };

export const sessionCookie = 'closeloop_session';
const sessionDays = 30;
const dayMs = 24 * 3600_000;

function isSecure(c: Context, deps: Deps): boolean {
	if (deps.config.cookieSecure !== 'auto') return deps.config.cookieSecure === 'always';
	const host = new URL(c.req.url).hostname;
	return !(host === 'localhost' || host === '127.0.0.1' || host === '[::1]' || host.endsWith('.localhost'));
}

/** Starts a session for `user` and sets its cookie (HttpOnly, SameSite=Lax, Secure off localhost). */
export async function startSession(c: Context, deps: Deps, user: SessionUser): Promise<void> {
	const token = createToken();
	const now = deps.clock.now();
	const expiresAt = new Date(now.getTime() + sessionDays * dayMs);
	await insertSession(deps.db, {
		id: hashToken(token),
		userId: user.id,
		createdAt: now,
		expiresAt,
		userAgent: c.req.header('user-agent')?.slice(0, 300) ?? null
	});
	setSessionCookie(c, deps, token);
}

/**
 * The cookie lives as long as the session, as a Max-Age: the browser counts it
 * from its own clock, so a moved test clock (or a skewed server) cannot make
 * the cookie expire at once or lie beyond the 400 days browsers allow.
 */
function setSessionCookie(c: Context, deps: Deps, token: string) {
	setCookie(c, sessionCookie, token, {
		httpOnly: true,
		sameSite: 'Lax',
		secure: isSecure(c, deps),
		path: '/',
		maxAge: sessionDays * (dayMs / 1000)
	});
}

/** Reads the session cookie; renews a session past half its life. */
export async function loadSessionUser(c: Context, deps: Deps): Promise<SessionUser | null> {
	const token = getCookie(c, sessionCookie);
	if (!token) return null;
	const sessionId = hashToken(token);
	const now = deps.clock.now();
	const found = await findSessionUser(deps.db, sessionId, now);
	if (!found) return null;
	if (found.expiresAt.getTime() - now.getTime() < (sessionDays / 2) * dayMs) {
		const expiresAt = new Date(now.getTime() + sessionDays * dayMs);
		await extendSession(deps.db, sessionId, expiresAt);
		setSessionCookie(c, deps, token);
	}
	return { id: found.id, email: found.email, name: found.name, role: found.role };
}

export async function endSession(c: Context, deps: Deps): Promise<void> {
	const token = getCookie(c, sessionCookie);
	if (token) await deleteSession(deps.db, hashToken(token));
	deleteCookie(c, sessionCookie, { path: '/', secure: isSecure(c, deps) });
}
