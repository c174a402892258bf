import { integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { reportGranularities } from '../../api/domain/report-periods';
import { surveyKinds } from './surveys';
import { instant } from './columns';

/**
 * Satisfaction and response figures per period (week or month, UTC), survey
 * and segment (account tier and owner), kept current by the tick: a report
 * reads a row per period and segment, never the answers themselves.
 * `c0`…`c10` count the answers giving each score (the latest per contact and
 * survey in the period); `responses` counts every answer, `invitations` every
 * invitation sent in the period.
 */
export const satisfactionRollups = sqliteTable(
	'satisfaction_rollups',
	{
		granularity: text('granularity', { enum: reportGranularities }).notNull(),
		periodStart: instant('period_start').notNull(),
		surveyId: text('survey_id').notNull(),
		kind: text('kind', { enum: surveyKinds }).notNull(),
		tier: text('tier').notNull(),
		/** The account owner's id, or '' for none. */
		ownerId: text('owner_id').notNull(),
		c0: integer('c0').notNull().default(0),
		c1: integer('c1').notNull().default(0),
		c2: integer('c2').notNull().default(0),
		c3: integer('c3').notNull().default(0),
		c4: integer('c4').notNull().default(0),
		c5: integer('c5').notNull().default(0),
		c6: integer('c6').notNull().default(0),
		c7: integer('c7').notNull().default(0),
		c8: integer('c8').notNull().default(0),
		c9: integer('c9').notNull().default(0),
		c10: integer('c10').notNull().default(0),
		responses: integer('responses').notNull().default(0),
		invitations: integer('invitations').notNull().default(0)
	},
	(table) => [
		primaryKey({
			columns: [table.granularity, table.periodStart, table.surveyId, table.tier, table.ownerId]
		})
	]
);

/** How far the tick has brought each rollup: `doneUntil` is the end of the periods computed so far. */
export const rollupState = sqliteTable('rollup_state', {
	name: text('name').primaryKey(),
	/** Backfill: every period before this instant is computed. */
	backfilledUntil: instant('backfilled_until'),
	/** The last refresh of recent periods. */
	refreshedAt: instant('refreshed_at')
});

/**
 * The answer each rollup row counts for a contact, survey and period: the
 * contact's latest. An answer that arrives (or is edited) takes the counted
 * one's place in the same batch: the rollup loses the old score and gains the
 * new one, so the rollups are kept current as answers arrive. Rows of periods
 * whose answers can no longer change are pruned by the tick.
 */
export const satisfactionLatest = sqliteTable(
	'satisfaction_latest',
	{
		granularity: text('granularity', { enum: reportGranularities }).notNull(),
		periodStart: instant('period_start').notNull(),
		surveyId: text('survey_id').notNull(),
		contactId: text('contact_id').notNull(),
		responseId: text('response_id').notNull(),
		kind: text('kind', { enum: surveyKinds }).notNull(),
		score: integer('score').notNull(),
		/** The answer's `created_at`: with its id, what "latest" orders by. */
		answeredAt: instant('answered_at').notNull(),
		/** The segment the score is counted in (the account's tier and owner when counted). */
		tier: text('tier').notNull(),
		ownerId: text('owner_id').notNull(),
		/** When this row last changed: the batch that changed it adds its score to the rollup. */
		countedAt: instant('counted_at').notNull()
	},
	(table) => [
		primaryKey({
			columns: [table.granularity, table.periodStart, table.surveyId, table.contactId]
		})
	]
);
