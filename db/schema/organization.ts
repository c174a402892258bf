import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { instant } from './columns';

/** The one organisation this deployment serves: a single row with id 1. */
export const organization = sqliteTable('organization', {
	id: integer('id').primaryKey(),
	name: text('name').notNull(),
	/** Brand colour as `#rrggbb`, used in emails and public pages. */
	brandColor: text('brand_color').notNull(),
	/** Sender address, e.g. `Acme <feedback@acme.example>`. */
	emailFrom: text('email_from').notNull(),
	updatedAt: instant('updated_at').notNull()
});
