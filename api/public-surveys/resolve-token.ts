import type { Database } from '../../db/database';
import { AppError } from '../errors';
import { hashToken } from '../tokens';
import { findInvitationByToken, type FoundInvitation } from './store';

/** Our tokens are base64url; anything else cannot name an invitation and costs no query. */
const tokenShape = /^[A-Za-z0-9_-]{16,64}$/;

/** The invitation a link's token names (its own or its reminder's), or a 404 in the one error shape. */
export async function requireInvitation(db: Database, token: string): Promise<FoundInvitation> {
	const found = tokenShape.test(token) ? await findInvitationByToken(db, hashToken(token)) : null;
	if (!found) throw new AppError('not_found', 'This survey link is unknown or no longer valid.');
	return found;
}
