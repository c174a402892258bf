import type { Database } from '../../db/database';
import type { StaffRole } from '../../db/schema/staff';
import { insertAuditEntry } from '../audit/store';
import { isRoleWithin } from '../auth/api-tokens';
import { AppError } from '../errors';
import { createToken, hashToken, newId } from '../tokens';
import type { ApiToken, CreateApiTokenInput } from './schemas';
import { findApiToken, insertApiToken } from './store';

/**
 * Makes an API token that acts as `creator` with `input.role` (at most the
 * creator's role: 403 otherwise). The token is returned once; only its hash is
 * stored. The API and the admin CLI (`actor: null`) both come through here.
 */
export async function createApiToken({
	db,
	now,
	creator,
	actor,
	input
}: {
	db: Database;
	now: Date;
	creator: { id: string; role: StaffRole };
	/** Who is making the token; null for the command line. */
	actor: { id: string } | null;
	input: CreateApiTokenInput;
}): Promise<{ token: string; apiToken: ApiToken }> {
	if (!isRoleWithin(input.role, creator.role)) {
		throw new AppError(
			'forbidden',
			`A token can have at most its creator's role (${creator.role}).`
		);
	}
	const id = newId();
	const token = createToken(32);
	await db.batch([
		insertApiToken(db, {
			id,
			name: input.name,
			tokenHash: hashToken(token),
			createdById: creator.id,
			role: input.role,
			now
		}),
		insertAuditEntry(db, {
			actorId: actor?.id ?? null,
			action: 'api_token.created',
			entityType: 'api_token',
			entityId: id,
			detail: {
				name: input.name,
				role: input.role,
				createdById: creator.id,
				...(actor ? {} : { via: 'cli' })
			},
			at: now
		})
	]);
	const apiToken = await findApiToken(db, id);
	if (!apiToken) throw new Error(`API token ${id} vanished after being created`);
	return { token, apiToken };
}
