import { sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { id, instant } from './columns';
import { staffRoles, staffUsers } from './staff';

/**
 * Tokens that integrations send as `Authorization: Bearer <token>`. A token acts
 * as the staff user who created it, with its own role (never more than theirs).
 */
export const apiTokens = sqliteTable(
	'api_tokens',
	{
		id: id(),
		name: text('name').notNull(),
		/** SHA-256 of the token, hex; the token itself is shown once and never stored. */
		tokenHash: text('token_hash').notNull(),
		/** Whom the token acts as; a token whose creator is gone is refused. */
		createdById: text('created_by_id').references(() => staffUsers.id, { onDelete: 'set null' }),
		role: text('role', { enum: staffRoles }).notNull(),
		/** Written at most once a minute. */
		lastUsedAt: instant('last_used_at'),
		revokedAt: instant('revoked_at'),
		createdAt: instant('created_at').notNull()
	},
	(table) => [uniqueIndex('api_tokens_token_hash_unique').on(table.tokenHash)]
);
