import { sql } from 'drizzle-orm';
import {
	index,
	integer,
	primaryKey,
	sqliteTable,
	text,
	uniqueIndex
} from 'drizzle-orm/sqlite-core';
import { id, instant } from './columns';

export const staffRoles = ['admin', 'manager', 'agent'] as const;
export type StaffRole = (typeof staffRoles)[number];

export const staffUsers = sqliteTable(
	'staff_users',
	{
		id: id(),
		/** Stored lower-cased; unique. */
		email: text('email').notNull(),
		name: text('name').notNull(),
		role: text('role', { enum: staffRoles }).notNull(),
		passwordHash: text('password_hash').notNull(),
		disabledAt: instant('disabled_at'),
		/** Whether a manager or admin gets the weekly digest email (agents never do); each user's own choice. */
		weeklyDigest: integer('weekly_digest', { mode: 'boolean' }).notNull().default(true),
		createdAt: instant('created_at').notNull(),
		updatedAt: instant('updated_at').notNull()
	},
	(table) => [uniqueIndex('staff_users_email_unique').on(table.email)]
);

export const teams = sqliteTable(
	'teams',
	{
		id: id(),
		name: text('name').notNull(),
		/** The team lead, first in an escalation chain. */
		leadId: text('lead_id').references(() => staffUsers.id, { onDelete: 'set null' }),
		createdAt: instant('created_at').notNull(),
		updatedAt: instant('updated_at').notNull()
	},
	(table) => [uniqueIndex('teams_name_unique').on(sql`lower(${table.name})`)]
);

export const teamMembers = sqliteTable(
	'team_members',
	{
		teamId: text('team_id')
			.notNull()
			.references(() => teams.id, { onDelete: 'cascade' }),
		userId: text('user_id')
			.notNull()
			.references(() => staffUsers.id, { onDelete: 'cascade' })
	},
	(table) => [
		primaryKey({ columns: [table.teamId, table.userId] }),
		index('team_members_user').on(table.userId)
	]
);

export const sessions = sqliteTable(
	'sessions',
	{
		/** SHA-256 of the cookie token, hex; the token itself is never stored. */
		id: text('id').primaryKey(),
		userId: text('user_id')
			.notNull()
			.references(() => staffUsers.id, { onDelete: 'cascade' }),
		createdAt: instant('created_at').notNull(),
		expiresAt: instant('expires_at').notNull(),
		userAgent: text('user_agent')
	},
	(table) => [
		index('sessions_user').on(table.userId),
		index('sessions_expires').on(table.expiresAt)
	]
);

/** Failed sign-ins, counted per key (email and client address) inside a sliding window. */
export const signInFailures = sqliteTable(
	'sign_in_failures',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		key: text('key').notNull(),
		at: instant('at').notNull()
	},
	(table) => [index('sign_in_failures_key_at').on(table.key, table.at)]
);
