import type { Database } from '../../db/database';
import { insertAuditEntry } from '../audit/store';
import { AppError, notFound } from '../errors';
import type { ApiToken } from './schemas';
import { findApiToken, revokeApiToken as revokeApiTokenRow } from './store';

/** Revokes a token at once: its next request is a 401. Revoking it again is a 409. */
export async function revokeApiToken({
	db,
	now,
	actor,
	tokenId
}: {
	db: Database;
	now: Date;
	/** Who is revoking; null for the command line. */
	actor: { id: string } | null;
	tokenId: string;
}): Promise<ApiToken> {
	const existing = await findApiToken(db, tokenId);
	if (!existing) throw notFound('API token');
	if (existing.revokedAt) {
		throw new AppError('conflict', `The API token ${existing.name} is already revoked.`);
	}
	await db.batch([
		revokeApiTokenRow(db, tokenId, now),
		insertAuditEntry(db, {
			actorId: actor?.id ?? null,
			action: 'api_token.revoked',
			entityType: 'api_token',
			entityId: tokenId,
			detail: { name: existing.name, ...(actor ? {} : { via: 'cli' }) },
			at: now
		})
	]);
	const apiToken = await findApiToken(db, tokenId);
	if (!apiToken) throw notFound('API token');
	return apiToken;
}
