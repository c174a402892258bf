import { index, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { id, instant } from './columns';
import { staffUsers } from './staff';

/**
 * One row per staff user and week whose weekly digest was queued: the unique
 * (user, week) decides which of several concurrent ticks writes the email,
 * and the email is written in the same batch only with the row that won.
 */
export const digestSends = sqliteTable(
	'digest_sends',
	{
		id: id(),
		userId: text('user_id')
			.notNull()
			.references(() => staffUsers.id, { onDelete: 'cascade' }),
		/** The Monday (00:00 UTC) of the week the digest covers. */
		weekStart: instant('week_start').notNull(),
		createdAt: instant('created_at').notNull()
	},
	(table) => [
		uniqueIndex('digest_sends_once').on(table.userId, table.weekStart),
		index('digest_sends_week').on(table.weekStart)
	]
);
