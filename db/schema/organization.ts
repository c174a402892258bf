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
	/** Fatigue rule: at most one survey invitation per contact in this many days, across all surveys. */
	fatigueDays: integer('fatigue_days').notNull().default(30),
	/** No survey while a contact has an open complaint, nor this many days after one closes. */
	complaintCooldownDays: integer('complaint_cooldown_days').notNull().default(14),
	/** Publish the done actions on the public "you said, we did" page (no customer is named). */
	publicUpdates: integer('public_updates', { mode: 'boolean' }).notNull().default(false),
	updatedAt: instant('updated_at').notNull()
});
