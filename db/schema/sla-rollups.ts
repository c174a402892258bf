import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { slaTargets } from '../../api/domain/sla-clock';
import { casePriorities } from './cases';
import { instant } from './columns';

/**
 * The SLA compliance report's rollups, written by the tick (`rollUpSla`) as
 * clock rounds settle: each round is counted once, when its first fulfil or
 * breach event is rolled up, since whether it was met never changes after.
 * The report sums rows per day and segment and never reads the rounds.
 *
 * Segment keys are never null (they make up the primary key): '' stands for
 * no team, no assignee, no category. The segment is the case's when the
 * round was rolled up (within a tick, a minute, of its settling): a round is
 * counted to the team and agent the case had when it settled.
 */

/** Clock rounds settled per UTC day (of their first fulfilment or recorded breach), target and segment. */
export const slaRollups = sqliteTable(
	'sla_rollups',
	{
		/** The start (00:00 UTC) of the day the rounds settled. */
		day: instant('day').notNull(),
		target: text('target', { enum: slaTargets }).notNull(),
		/** The priority the promise was made for (the case's policy snapshot). */
		priority: text('priority', { enum: casePriorities }).notNull(),
		teamId: text('team_id').notNull(),
		assigneeId: text('assignee_id').notNull(),
		categoryId: text('category_id').notNull(),
		settled: integer('settled').notNull().default(0),
		met: integer('met').notNull().default(0)
	},
	(table) => [
		primaryKey({
			columns: [
				table.day,
				table.target,
				table.priority,
				table.teamId,
				table.assigneeId,
				table.categoryId
			]
		})
	]
);

/**
 * Business minutes used by the rounds fulfilled per UTC day (of their first
 * fulfilment), target and segment, bucketed (`minutesBucket`): exact under
 * 120, then 5-minute buckets under 600, 15-minute under 2,880 (two days),
 * hours beyond; `minutes` is the bucket's start. Medians are read from here.
 */
export const slaMinutes = sqliteTable(
	'sla_minutes',
	{
		day: instant('day').notNull(),
		target: text('target', { enum: slaTargets }).notNull(),
		priority: text('priority', { enum: casePriorities }).notNull(),
		teamId: text('team_id').notNull(),
		assigneeId: text('assignee_id').notNull(),
		categoryId: text('category_id').notNull(),
		minutes: integer('minutes').notNull(),
		rounds: integer('rounds').notNull().default(0)
	},
	(table) => [
		primaryKey({
			columns: [
				table.day,
				table.target,
				table.priority,
				table.teamId,
				table.assigneeId,
				table.categoryId,
				table.minutes
			]
		})
	]
);

/**
 * Every round that settled unmet, for the report's list of breaches (the
 * latest by `settled_at`, through its index). Its due time and fulfilment
 * follow the round's clock: a later fulfilment (or a resumption, which moves
 * the due time) rewrites them.
 */
export const slaBreachedRounds = sqliteTable(
	'sla_breached_rounds',
	{
		caseId: text('case_id').notNull(),
		target: text('target', { enum: slaTargets }).notNull(),
		round: integer('round').notNull(),
		/** The case's number: the list's order after the settling instant. */
		number: integer('number').notNull(),
		settledAt: instant('settled_at').notNull(),
		dueAt: instant('due_at').notNull(),
		/** The sweep's breach record; null when the round was fulfilled late before it. */
		breachedAt: instant('breached_at'),
		fulfilledAt: instant('fulfilled_at'),
		priority: text('priority', { enum: casePriorities }).notNull(),
		teamId: text('team_id').notNull(),
		assigneeId: text('assignee_id').notNull(),
		categoryId: text('category_id').notNull()
	},
	(table) => [
		primaryKey({ columns: [table.caseId, table.target, table.round] }),
		index('sla_breached_rounds_settled').on(table.settledAt)
	]
);

/**
 * How far the roll-up has read `sla_events`: `position` is the last rowid
 * rolled up. `batch` names the batch that last moved it, so the statements
 * of a batch count only if that batch's compare-and-set on the position won.
 */
export const slaRollupState = sqliteTable('sla_rollup_state', {
	name: text('name').primaryKey(),
	position: integer('position').notNull().default(0),
	batch: text('batch')
});
