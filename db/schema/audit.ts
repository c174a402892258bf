import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { instant } from './columns';
import { staffUsers } from './staff';

/** Who changed what, when: every staff change to users, teams, accounts, contacts and settings. */
export const auditLog = sqliteTable(
	'audit_log',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		actorId: text('actor_id').references(() => staffUsers.id, { onDelete: 'set null' }),
		/** Verb-first, dotted: `contact.created`, `user.role_changed`. */
		action: text('action').notNull(),
		entityType: text('entity_type').notNull(),
		entityId: text('entity_id').notNull(),
		detail: text('detail', { mode: 'json' }).$type<Record<string, unknown>>(),
		at: instant('at').notNull()
	},
	(table) => [index('audit_entity').on(table.entityType, table.entityId, table.at), index('audit_at').on(table.at)]
);
