import { and, desc, eq, isNull } from 'drizzle-orm';
import type { Database } from '../../db/database';
import { apiTokens } from '../../db/schema/api-tokens';
import { staffUsers, type StaffRole } from '../../db/schema/staff';
import type { ApiToken } from './schemas';

/** Every token, newest first, or only the one with `id`; never the hash. */
export async function listApiTokens(db: Database, id?: string): Promise<ApiToken[]> {
	const rows = await db
		.select({
			id: apiTokens.id,
			name: apiTokens.name,
			role: apiTokens.role,
			createdById: apiTokens.createdById,
			creatorName: staffUsers.name,
			creatorDisabledAt: staffUsers.disabledAt,
			lastUsedAt: apiTokens.lastUsedAt,
			revokedAt: apiTokens.revokedAt,
			createdAt: apiTokens.createdAt
		})
		.from(apiTokens)
		.leftJoin(staffUsers, eq(staffUsers.id, apiTokens.createdById))
		.where(id ? eq(apiTokens.id, id) : undefined)
		.orderBy(desc(apiTokens.createdAt), desc(apiTokens.id));
	return rows.map((row) => ({
		id: row.id,
		name: row.name,
		role: row.role,
		createdBy:
			row.createdById && row.creatorName !== null
				? { id: row.createdById, name: row.creatorName, active: row.creatorDisabledAt === null }
				: null,
		lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
		revokedAt: row.revokedAt?.toISOString() ?? null,
		createdAt: row.createdAt.toISOString()
	}));
}

export async function findApiToken(db: Database, id: string): Promise<ApiToken | null> {
	const [token] = await listApiTokens(db, id);
	return token ?? null;
}

export function insertApiToken(
	db: Database,
	token: {
		id: string;
		name: string;
		tokenHash: string;
		createdById: string;
		role: StaffRole;
		now: Date;
	}
) {
	return db.insert(apiTokens).values({
		id: token.id,
		name: token.name,
		tokenHash: token.tokenHash,
		createdById: token.createdById,
		role: token.role,
		createdAt: token.now
	});
}

/** Revokes the token unless it already is. */
export function revokeApiToken(db: Database, id: string, now: Date) {
	return db
		.update(apiTokens)
		.set({ revokedAt: now })
		.where(and(eq(apiTokens.id, id), isNull(apiTokens.revokedAt)));
}
