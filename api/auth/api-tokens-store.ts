import { and, eq, isNull, lte, or } from 'drizzle-orm';
import type { Database } from '../../db/database';
import { apiTokens } from '../../db/schema/api-tokens';
import { staffUsers } from '../../db/schema/staff';

/** The token with this hash and its creator (null once their account is deleted), revoked or not. */
export async function findApiTokenByHash(db: Database, tokenHash: string) {
	const [row] = await db
		.select({
			id: apiTokens.id,
			name: apiTokens.name,
			role: apiTokens.role,
			lastUsedAt: apiTokens.lastUsedAt,
			revokedAt: apiTokens.revokedAt,
			creatorId: staffUsers.id,
			creatorEmail: staffUsers.email,
			creatorName: staffUsers.name,
			creatorRole: staffUsers.role,
			creatorDisabledAt: staffUsers.disabledAt
		})
		.from(apiTokens)
		.leftJoin(staffUsers, eq(staffUsers.id, apiTokens.createdById))
		.where(eq(apiTokens.tokenHash, tokenHash));
	return row ?? null;
}

/**
 * Records a use of the token, unless one was already recorded since
 * `unlessUsedAfter`: the condition is part of the update, so parallel requests
 * write at most once.
 */
export async function touchApiToken(
	db: Database,
	id: string,
	now: Date,
	unlessUsedAfter: Date
): Promise<void> {
	await db
		.update(apiTokens)
		.set({ lastUsedAt: now })
		.where(
			and(
				eq(apiTokens.id, id),
				or(isNull(apiTokens.lastUsedAt), lte(apiTokens.lastUsedAt, unlessUsedAfter))
			)
		);
}
