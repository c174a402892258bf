import type { Context } from 'hono';
import type { StaffRole } from '../../db/schema/staff';
import type { Deps } from '../deps';
import { AppError } from '../errors';
import { hashToken } from '../tokens';
import { findApiTokenByHash, touchApiToken } from './api-tokens-store';
import type { SessionUser } from './store';

/** `last_used_at` is written at most this often per token. */
const touchIntervalMs = 60_000;

const roleRank: Record<StaffRole, number> = { agent: 0, manager: 1, admin: 2 };

/** Whether `role` is no more than `limit` (admin > manager > agent). */
export function isRoleWithin(role: StaffRole, limit: StaffRole): boolean {
	return roleRank[role] <= roleRank[limit];
}

function refuse(c: Context, message: string): never {
	c.header('WWW-Authenticate', 'Bearer error="invalid_token"');
	throw new AppError('unauthenticated', message);
}

/**
 * The staff user an `Authorization: Bearer <token>` header acts as, or null
 * when the request has no Authorization header (then the session cookie
 * decides). Any Authorization header that is not a current token is a 401,
 * never a fall back to the cookie. The token acts as its creator, with the
 * token's role but never more than the creator's role today.
 */
export async function loadApiTokenUser(c: Context, deps: Deps): Promise<SessionUser | null> {
	const header = c.req.header('authorization');
	if (header === undefined) return null;
	const match = /^Bearer[ \t]+([A-Za-z0-9._~+/-]+=*)[ \t]*$/i.exec(header);
	if (!match?.[1] || match[1].length > 200) {
		refuse(c, 'Send an API token as `Authorization: Bearer <token>`.');
	}
	const found = await findApiTokenByHash(deps.db, hashToken(match[1]));
	if (!found || found.revokedAt) refuse(c, 'This API token is unknown or has been revoked.');
	if (
		found.creatorId === null ||
		found.creatorEmail === null ||
		found.creatorName === null ||
		found.creatorRole === null ||
		found.creatorDisabledAt !== null
	) {
		refuse(c, 'The staff user who created this API token no longer has access.');
	}

	const now = deps.clock.now();
	const unlessUsedAfter = new Date(now.getTime() - touchIntervalMs);
	if (!found.lastUsedAt || found.lastUsedAt.getTime() <= unlessUsedAfter.getTime()) {
		await touchApiToken(deps.db, found.id, now, unlessUsedAfter);
	}
	return {
		id: found.creatorId,
		email: found.creatorEmail,
		name: `${found.creatorName} (API token ${found.name})`,
		role: isRoleWithin(found.role, found.creatorRole) ? found.role : found.creatorRole
	};
}
