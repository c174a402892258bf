import { index, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { actionStatuses } from '../../api/domain/action-workflow';
import { id, instant } from './columns';
import { contacts } from './accounts';
import { staffUsers } from './staff';
import { suggestions } from './surveys';

export { actionStatuses };

/** What the organisation does about what customers said: planned → in progress → done, or declined with a reason. */
export const actions = sqliteTable(
	'actions',
	{
		id: id(),
		title: text('title').notNull(),
		description: text('description').notNull().default(''),
		ownerId: text('owner_id').references(() => staffUsers.id, { onDelete: 'set null' }),
		/** A calendar date, `YYYY-MM-DD`. */
		dueOn: text('due_on'),
		status: text('status', { enum: actionStatuses }).notNull().default('planned'),
		/** Why it was declined, in words customers may read. */
		declineReason: text('decline_reason'),
		doneAt: instant('done_at'),
		declinedAt: instant('declined_at'),
		createdById: text('created_by_id').references(() => staffUsers.id, { onDelete: 'set null' }),
		createdAt: instant('created_at').notNull(),
		updatedAt: instant('updated_at').notNull()
	},
	(table) => [index('actions_status').on(table.status, table.updatedAt)]
);

/** Which suggestions an action answers (a suggestion merged into a linked one is answered too). */
export const actionSuggestions = sqliteTable(
	'action_suggestions',
	{
		actionId: text('action_id')
			.notNull()
			.references(() => actions.id, { onDelete: 'cascade' }),
		suggestionId: text('suggestion_id')
			.notNull()
			.references(() => suggestions.id, { onDelete: 'cascade' }),
		linkedAt: instant('linked_at').notNull()
	},
	(table) => [
		primaryKey({ columns: [table.actionId, table.suggestionId] }),
		index('action_suggestions_suggestion').on(table.suggestionId)
	]
);

/** One "you said, we did" email per action and contact, ever: the unique index decides. */
export const actionNotices = sqliteTable(
	'action_notices',
	{
		id: id(),
		actionId: text('action_id')
			.notNull()
			.references(() => actions.id, { onDelete: 'cascade' }),
		contactId: text('contact_id')
			.notNull()
			.references(() => contacts.id, { onDelete: 'cascade' }),
		outcome: text('outcome', { enum: ['done', 'declined'] }).notNull(),
		createdAt: instant('created_at').notNull()
	},
	(table) => [uniqueIndex('action_notices_once').on(table.actionId, table.contactId)]
);

/** The unsubscribe link in a news email: a private token (stored hashed) naming one contact. */
export const newsLinks = sqliteTable('news_links', {
	tokenHash: text('token_hash').primaryKey(),
	contactId: text('contact_id')
		.notNull()
		.references(() => contacts.id, { onDelete: 'cascade' }),
	createdAt: instant('created_at').notNull()
});

export type ActionRow = typeof actions.$inferSelect;
