import { sql } from 'drizzle-orm';
import {
	index,
	integer,
	primaryKey,
	sqliteTable,
	text,
	uniqueIndex
} from 'drizzle-orm/sqlite-core';
import type { Holiday, TimeFrame } from '../../api/domain/business-calendar';
import type {
	EscalationLevel,
	PolicyConditions,
	PriorityTargets,
	SlaPolicySnapshot
} from '../../api/domain/sla-policy';
import { slaTargets, type WarningRule } from '../../api/domain/sla-clock';
import { id, instant } from './columns';
import { accounts, contacts } from './accounts';
import { staffUsers, teams } from './staff';
import { surveyResponses } from './surveys';

export const casePriorities = ['low', 'normal', 'high', 'urgent'] as const;
export const caseStates = [
	'new',
	'acknowledged',
	'in_progress',
	'waiting_on_customer',
	'resolved',
	'closed'
] as const;
export const caseSources = ['form', 'survey', 'staff', 'api'] as const;
export const slaEventKinds = [
	'activate',
	'pause',
	'resume',
	'fulfill',
	'warn',
	'breach',
	'escalate'
] as const;

/** Opening hours for SLA clocks: a zone, open frames per weekday (Monday first), holidays. */
export const businessCalendars = sqliteTable('business_calendars', {
	id: id(),
	name: text('name').notNull(),
	timeZone: text('time_zone').notNull(),
	week: text('week', { mode: 'json' }).$type<TimeFrame[][]>().notNull(),
	holidays: text('holidays', { mode: 'json' }).$type<Holiday[]>().notNull(),
	createdAt: instant('created_at').notNull(),
	updatedAt: instant('updated_at').notNull()
});

/** SLA policies, matched in `position` order; `version` rises with every edit. */
export const slaPolicies = sqliteTable(
	'sla_policies',
	{
		id: id(),
		name: text('name').notNull(),
		position: integer('position').notNull(),
		conditions: text('conditions', { mode: 'json' }).$type<PolicyConditions>().notNull(),
		targets: text('targets', { mode: 'json' })
			.$type<Record<(typeof casePriorities)[number], PriorityTargets>>()
			.notNull(),
		warning: text('warning', { mode: 'json' }).$type<WarningRule>().notNull(),
		escalation: text('escalation', { mode: 'json' }).$type<EscalationLevel[]>().notNull(),
		calendarId: text('calendar_id').references(() => businessCalendars.id, {
			onDelete: 'restrict'
		}),
		version: integer('version').notNull().default(1),
		isActive: integer('is_active', { mode: 'boolean' }).notNull().default(true),
		createdAt: instant('created_at').notNull(),
		updatedAt: instant('updated_at').notNull()
	},
	(table) => [index('sla_policies_position').on(table.position)]
);

/** Complaint categories with their routing: the priority and team a case of this kind gets. */
export const caseCategories = sqliteTable('case_categories', {
	id: id(),
	name: text('name').notNull(),
	priority: text('priority', { enum: casePriorities }).notNull().default('normal'),
	teamId: text('team_id').references(() => teams.id, { onDelete: 'set null' }),
	/** Assign to the account's owner rather than round robin in the team. */
	assignToOwner: integer('assign_to_owner', { mode: 'boolean' }).notNull().default(false),
	position: integer('position').notNull().default(0),
	archivedAt: instant('archived_at'),
	createdAt: instant('created_at').notNull()
});

/** Root causes managers keep; resolving a case names one. */
export const rootCauses = sqliteTable('root_causes', {
	id: id(),
	name: text('name').notNull(),
	archivedAt: instant('archived_at'),
	createdAt: instant('created_at').notNull()
});

/**
 * A complaint and its recovery. An anonymous case keeps the reporter's address only to write to them;
 * staff never see it.
 */
export const cases = sqliteTable(
	'cases',
	{
		id: id(),
		/** A short number people can say on the phone ("case 1042"). */
		number: integer('number').notNull(),
		state: text('state', { enum: caseStates }).notNull().default('new'),
		source: text('source', { enum: caseSources }).notNull(),
		priority: text('priority', { enum: casePriorities }).notNull(),
		categoryId: text('category_id').references(() => caseCategories.id, { onDelete: 'set null' }),
		subject: text('subject').notNull(),
		description: text('description').notNull(),
		reporterName: text('reporter_name'),
		reporterEmail: text('reporter_email'),
		isAnonymous: integer('is_anonymous', { mode: 'boolean' }).notNull().default(false),
		contactId: text('contact_id').references(() => contacts.id, { onDelete: 'set null' }),
		accountId: text('account_id').references(() => accounts.id, { onDelete: 'set null' }),
		accountReference: text('account_reference'),
		responseId: text('response_id').references(() => surveyResponses.id, { onDelete: 'set null' }),
		teamId: text('team_id').references(() => teams.id, { onDelete: 'set null' }),
		assigneeId: text('assignee_id').references(() => staffUsers.id, { onDelete: 'set null' }),
		policy: text('policy', { mode: 'json' }).$type<SlaPolicySnapshot>().notNull(),
		locale: text('locale').notNull().default('en'),
		resolutionNote: text('resolution_note'),
		rootCauseId: text('root_cause_id').references(() => rootCauses.id, { onDelete: 'set null' }),
		resolvedAt: instant('resolved_at'),
		closedAt: instant('closed_at'),
		reopenCount: integer('reopen_count').notNull().default(0),
		/** The soonest SLA deadline still to act on, for the queue's order (null when none). */
		nextDeadlineAt: instant('next_deadline_at'),
		createdById: text('created_by_id').references(() => staffUsers.id, { onDelete: 'set null' }),
		createdAt: instant('created_at').notNull(),
		updatedAt: instant('updated_at').notNull()
	},
	(table) => [
		uniqueIndex('cases_number').on(table.number),
		uniqueIndex('cases_response').on(table.responseId),
		index('cases_queue').on(table.state, table.nextDeadlineAt),
		index('cases_assignee').on(table.assigneeId, table.state),
		index('cases_contact').on(table.contactId, table.createdAt),
		// The recovery report: an account's first case, and the cases opened in a period.
		index('cases_account').on(table.accountId, table.createdAt),
		index('cases_created').on(table.createdAt)
	]
);

/**
 * The customer's private links to a case's status page, stored as hashes.
 * Every email about the case carries its own; all of them keep working.
 */
export const caseLinks = sqliteTable(
	'case_links',
	{
		tokenHash: text('token_hash').primaryKey(),
		caseId: text('case_id')
			.notNull()
			.references(() => cases.id, { onDelete: 'cascade' }),
		createdAt: instant('created_at').notNull()
	},
	(table) => [index('case_links_case').on(table.caseId)]
);

/** The case timeline: every change, message and note, with who and when. */
export const caseEvents = sqliteTable(
	'case_events',
	{
		id: id(),
		caseId: text('case_id')
			.notNull()
			.references(() => cases.id, { onDelete: 'cascade' }),
		type: text('type').notNull(),
		actorType: text('actor_type', { enum: ['staff', 'customer', 'system'] }).notNull(),
		actorId: text('actor_id').references(() => staffUsers.id, { onDelete: 'set null' }),
		body: text('body'),
		isPublic: integer('is_public', { mode: 'boolean' }).notNull().default(false),
		data: text('data', { mode: 'json' }).$type<Record<string, unknown>>(),
		createdAt: instant('created_at').notNull()
	},
	(table) => [index('case_events_case').on(table.caseId, table.createdAt)]
);

/**
 * One SLA clock per case and target. `round` counts restarts (each customer
 * message starts a new next-response round). `nextCheckAt` is the next instant
 * the sweep must look at it (its warning or its due time, or the next
 * escalation); the sweep reads only rows whose `nextCheckAt` has come.
 */
export const slaClocks = sqliteTable(
	'sla_clocks',
	{
		caseId: text('case_id')
			.notNull()
			.references(() => cases.id, { onDelete: 'cascade' }),
		target: text('target', { enum: slaTargets }).notNull(),
		round: integer('round').notNull().default(1),
		minutes: integer('minutes').notNull(),
		startedAt: instant('started_at').notNull(),
		warnAt: instant('warn_at'),
		dueAt: instant('due_at').notNull(),
		pausedAt: instant('paused_at'),
		fulfilledAt: instant('fulfilled_at'),
		warnedAt: instant('warned_at'),
		breachedAt: instant('breached_at'),
		/** Escalation levels already notified for this round. */
		escalated: integer('escalated').notNull().default(0),
		nextCheckAt: instant('next_check_at')
	},
	(table) => [
		primaryKey({ columns: [table.caseId, table.target] }),
		index('sla_clocks_next_check')
			.on(table.nextCheckAt)
			.where(sql`${table.nextCheckAt} is not null`)
	]
);

/**
 * Every clock change, for audit and drill-down. Warnings, breaches and
 * escalations are unique per case, target, round and level: two sweeps racing
 * insert one row, and only the winner's notification goes out.
 */
export const slaEvents = sqliteTable(
	'sla_events',
	{
		id: id(),
		caseId: text('case_id')
			.notNull()
			.references(() => cases.id, { onDelete: 'cascade' }),
		target: text('target', { enum: slaTargets }).notNull(),
		round: integer('round').notNull(),
		kind: text('kind', { enum: slaEventKinds }).notNull(),
		level: integer('level').notNull().default(0),
		at: instant('at').notNull()
	},
	(table) => [
		index('sla_events_case').on(table.caseId, table.at),
		uniqueIndex('sla_events_once')
			.on(table.caseId, table.target, table.round, table.kind, table.level)
			.where(sql`${table.kind} in ('warn', 'breach', 'escalate')`),
		// The SLA compliance report finds the clocks settled (fulfilled or breached) in a period here.
		index('sla_events_settled')
			.on(table.at)
			.where(sql`${table.kind} in ('fulfill', 'breach')`)
	]
);

/** Fixed-window counters for public forms: at most N per key and window. */
export const rateLimits = sqliteTable(
	'rate_limits',
	{
		key: text('key').notNull(),
		windowStart: instant('window_start').notNull(),
		count: integer('count').notNull().default(0)
	},
	(table) => [primaryKey({ columns: [table.key, table.windowStart] })]
);
