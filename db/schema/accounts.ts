import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { id, instant } from './columns';
import { staffUsers } from './staff';

export const accountTiers = ['basic', 'standard', 'premium', 'enterprise'] as const;
export type AccountTier = (typeof accountTiers)[number];

export const accountStatuses = ['active', 'lost'] as const;
export type AccountStatus = (typeof accountStatuses)[number];

export const accounts = sqliteTable(
	'accounts',
	{
		id: id(),
		name: text('name').notNull(),
		/** A reference the organisation already uses (customer number); unique when present. */
		externalRef: text('external_ref'),
		ownerId: text('owner_id').references(() => staffUsers.id, { onDelete: 'set null' }),
		tier: text('tier', { enum: accountTiers }).notNull().default('standard'),
		/** JSON array of lower-case tags. */
		tags: text('tags', { mode: 'json' })
			.$type<string[]>()
			.notNull()
			.default(sql`'[]'`),
		status: text('status', { enum: accountStatuses }).notNull().default('active'),
		/** When the account became a customer; drives retention. */
		wonAt: instant('won_at').notNull(),
		lostAt: instant('lost_at'),
		archivedAt: instant('archived_at'),
		createdAt: instant('created_at').notNull(),
		updatedAt: instant('updated_at').notNull()
	},
	(table) => [
		uniqueIndex('accounts_external_ref_unique').on(table.externalRef),
		index('accounts_owner').on(table.ownerId),
		/** Covers the retention report's walk over accounts by owner and tier, each probing its spells. */
		index('accounts_segment').on(table.ownerId, table.tier, table.id),
		index('accounts_name').on(sql`lower(${table.name})`),
		index('accounts_won_lost').on(table.wonAt, table.lostAt)
	]
);

export const contacts = sqliteTable(
	'contacts',
	{
		id: id(),
		accountId: text('account_id')
			.notNull()
			.references(() => accounts.id, { onDelete: 'cascade' }),
		/** Stored lower-cased; one contact per address. */
		email: text('email').notNull(),
		name: text('name').notNull(),
		/** BCP 47 language tag such as `en` or `de-CH`. */
		locale: text('locale').notNull().default('en'),
		/** IANA time zone such as `Europe/Berlin`. */
		timeZone: text('time_zone').notNull().default('UTC'),
		/** Whether the contact agreed to be surveyed. */
		consent: integer('consent', { mode: 'boolean' }).notNull().default(true),
		unsubscribedAt: instant('unsubscribed_at'),
		bouncedAt: instant('bounced_at'),
		complainedAt: instant('complained_at'),
		/** When the contact was last sent any survey invitation; the fatigue rule reads it. */
		lastSurveyedAt: instant('last_surveyed_at'),
		/** Complaint cases open for this contact, kept by the complaint workflow. */
		openCaseCount: integer('open_case_count').notNull().default(0),
		/** When the contact's latest complaint case closed, kept by the complaint workflow. */
		lastCaseClosedAt: instant('last_case_closed_at'),
		archivedAt: instant('archived_at'),
		createdAt: instant('created_at').notNull(),
		updatedAt: instant('updated_at').notNull()
	},
	(table) => [
		uniqueIndex('contacts_email_unique').on(table.email),
		index('contacts_account').on(table.accountId),
		index('contacts_name').on(sql`lower(${table.name})`)
	]
);

/** Each time an account was a customer: from won_at until lost_at (null: still a customer). */
export const accountSpells = sqliteTable(
	'account_spells',
	{
		id: id(),
		accountId: text('account_id')
			.notNull()
			.references(() => accounts.id, { onDelete: 'cascade' }),
		wonAt: instant('won_at').notNull(),
		lostAt: instant('lost_at')
	},
	(table) => [
		index('account_spells_account').on(table.accountId, table.wonAt),
		index('account_spells_won').on(table.wonAt),
		index('account_spells_lost').on(table.lostAt)
	]
);
