import { sql } from 'drizzle-orm';
import {
	index,
	integer,
	primaryKey,
	sqliteTable,
	text,
	uniqueIndex,
	type AnySQLiteColumn
} from 'drizzle-orm/sqlite-core';
import {
	skipReasons,
	type SendWindow,
	type SurveyAudience,
	type SurveyDefinition
} from '../../api/domain/survey-definition';
import { id, instant } from './columns';
import { accounts, contacts } from './accounts';
import { staffUsers } from './staff';

export const surveyKinds = ['nps', 'csat', 'ces'] as const;
export type SurveyKind = (typeof surveyKinds)[number];

export const surveyStatuses = ['draft', 'active', 'paused'] as const;
export type SurveyStatus = (typeof surveyStatuses)[number];

/**
 * A periodic survey: its questions (in one or more languages), who it asks,
 * how often, and when. `activatedAt` anchors its cadence windows: window k is
 * [activatedAt + k·cadenceDays, activatedAt + (k+1)·cadenceDays).
 */
export const surveys = sqliteTable(
	'surveys',
	{
		id: id(),
		name: text('name').notNull(),
		kind: text('kind', { enum: surveyKinds }).notNull(),
		status: text('status', { enum: surveyStatuses }).notNull().default('draft'),
		definition: text('definition', { mode: 'json' }).$type<SurveyDefinition>().notNull(),
		audience: text('audience', { mode: 'json' }).$type<SurveyAudience>().notNull(),
		cadenceDays: integer('cadence_days').notNull().default(90),
		/** Days without an answer before the one reminder; null sends none. */
		reminderAfterDays: integer('reminder_after_days'),
		sendWindow: text('send_window', { mode: 'json' }).$type<SendWindow>().notNull(),
		/** Lead scores at or below this are detractor answers (NPS 6, CSAT 2, CES 3 by default). */
		detractorThreshold: integer('detractor_threshold').notNull(),
		activatedAt: instant('activated_at'),
		pausedAt: instant('paused_at'),
		createdById: text('created_by_id').references(() => staffUsers.id, { onDelete: 'set null' }),
		/**
		 * The contact id the scheduler's next run goes on after; null starts at the first. A run
		 * examines a bounded number of contacts, so a large audience is swept over several runs.
		 */
		planCursor: text('plan_cursor'),
		createdAt: instant('created_at').notNull(),
		updatedAt: instant('updated_at').notNull()
	},
	(table) => [index('surveys_status').on(table.status)]
);

/**
 * One survey sent to one contact in one cadence window. The unique
 * (survey, contact, cycle) decides races between ticks. The outbox email of
 * the invitation has the invitation's id. Links carry a random token stored
 * here only as its SHA-256; the reminder gets a token of its own.
 */
export const surveyInvitations = sqliteTable(
	'survey_invitations',
	{
		id: id(),
		surveyId: text('survey_id')
			.notNull()
			.references(() => surveys.id, { onDelete: 'cascade' }),
		contactId: text('contact_id')
			.notNull()
			.references(() => contacts.id, { onDelete: 'cascade' }),
		/** The cadence window number (see `surveys.activatedAt`). */
		cycle: integer('cycle').notNull(),
		tokenHash: text('token_hash').notNull(),
		reminderTokenHash: text('reminder_token_hash'),
		/** The language the invitation was written in (the contact's, or English). */
		locale: text('locale').notNull(),
		createdAt: instant('created_at').notNull(),
		remindedAt: instant('reminded_at'),
		respondedAt: instant('responded_at')
	},
	(table) => [
		uniqueIndex('survey_invitations_cycle').on(table.surveyId, table.contactId, table.cycle),
		uniqueIndex('survey_invitations_token').on(table.tokenHash),
		uniqueIndex('survey_invitations_reminder_token').on(table.reminderTokenHash),
		index('survey_invitations_survey').on(table.surveyId, table.createdAt),
		index('survey_invitations_contact').on(table.contactId, table.createdAt),
		index('survey_invitations_created').on(table.createdAt),
		index('survey_invitations_unanswered')
			.on(table.createdAt)
			.where(sql`${table.respondedAt} is null and ${table.remindedAt} is null`)
	]
);

/** Answers to one invitation: one row per invitation, editable until `editableUntil`. */
export const surveyResponses = sqliteTable(
	'survey_responses',
	{
		id: id(),
		invitationId: text('invitation_id')
			.notNull()
			.references(() => surveyInvitations.id, { onDelete: 'cascade' }),
		surveyId: text('survey_id')
			.notNull()
			.references(() => surveys.id, { onDelete: 'cascade' }),
		contactId: text('contact_id')
			.notNull()
			.references(() => contacts.id, { onDelete: 'cascade' }),
		accountId: text('account_id')
			.notNull()
			.references(() => accounts.id, { onDelete: 'cascade' }),
		/** The lead question's score on the survey's scale. */
		score: integer('score').notNull(),
		/** The answer to "What should we improve?", if any. */
		comment: text('comment'),
		/** Further questions' answers by question id. */
		answers: text('answers', { mode: 'json' })
			.$type<Record<string, string | number>>()
			.notNull()
			.default(sql`'{}'`),
		locale: text('locale').notNull(),
		detractor: integer('detractor', { mode: 'boolean' }).notNull(),
		createdAt: instant('created_at').notNull(),
		updatedAt: instant('updated_at').notNull(),
		editableUntil: instant('editable_until').notNull()
	},
	(table) => [
		uniqueIndex('survey_responses_invitation').on(table.invitationId),
		index('survey_responses_survey').on(table.surveyId, table.createdAt),
		index('survey_responses_contact').on(table.contactId, table.createdAt),
		// The report rollups read one period at a time, across surveys.
		index('survey_responses_created').on(table.createdAt)
	]
);

export { skipReasons, type SkipReason } from '../../api/domain/survey-definition';

/**
 * Why a contact that was due for a survey did not get it, the latest reason
 * per survey and contact. `nextPossibleAt` is what managers see (null: not
 * until something about the contact changes); `recheckAt` is when the
 * scheduler looks at the contact again.
 */
export const surveySkips = sqliteTable(
	'survey_skips',
	{
		surveyId: text('survey_id')
			.notNull()
			.references(() => surveys.id, { onDelete: 'cascade' }),
		contactId: text('contact_id')
			.notNull()
			.references(() => contacts.id, { onDelete: 'cascade' }),
		cycle: integer('cycle').notNull(),
		reason: text('reason', { enum: skipReasons }).notNull(),
		nextPossibleAt: instant('next_possible_at'),
		recheckAt: instant('recheck_at').notNull(),
		at: instant('at').notNull()
	},
	(table) => [
		primaryKey({ columns: [table.surveyId, table.contactId] }),
		index('survey_skips_reason').on(table.surveyId, table.reason),
		index('survey_skips_contact').on(table.contactId)
	]
);

/**
 * Things that happened which later workflows consume: `response.detractor`
 * (the complaint workflow opens a case), `response.received` (webhooks).
 * Raised once per (type, subject) by a unique index; consumers set `processedAt`.
 */
export const domainEvents = sqliteTable(
	'domain_events',
	{
		id: id(),
		type: text('type').notNull(),
		subjectId: text('subject_id').notNull(),
		payload: text('payload', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
		createdAt: instant('created_at').notNull(),
		processedAt: instant('processed_at')
	},
	(table) => [
		uniqueIndex('domain_events_once').on(table.type, table.subjectId),
		index('domain_events_pending')
			.on(table.type, table.createdAt)
			.where(sql`${table.processedAt} is null`),
		// Outgoing webhooks read the events of the last few minutes, of every type.
		index('domain_events_created').on(table.createdAt)
	]
);

export const suggestionSources = ['survey', 'complaint', 'staff'] as const;
export type SuggestionSource = (typeof suggestionSources)[number];

/** Themes managers tag suggestions with (a managed list, like root causes). */
export const suggestionThemes = sqliteTable('suggestion_themes', {
	id: id(),
	name: text('name').notNull(),
	archivedAt: instant('archived_at'),
	createdAt: instant('created_at').notNull()
});

/**
 * An idea or wish from a customer; open survey answers become one each (kept in step on edit),
 * staff add others, from a complaint or on a customer's behalf. A duplicate merged into another
 * points at it and keeps its own suggester, so everyone who asked hears back.
 */
export const suggestions = sqliteTable(
	'suggestions',
	{
		id: id(),
		source: text('source', { enum: suggestionSources }).notNull(),
		responseId: text('response_id').references(() => surveyResponses.id, { onDelete: 'cascade' }),
		contactId: text('contact_id').references(() => contacts.id, { onDelete: 'set null' }),
		accountId: text('account_id').references(() => accounts.id, { onDelete: 'set null' }),
		text: text('text').notNull(),
		themeId: text('theme_id').references(() => suggestionThemes.id, { onDelete: 'set null' }),
		/** The complaint it came from (source `complaint`); one suggestion per case. */
		caseId: text('case_id'),
		mergedIntoId: text('merged_into_id').references((): AnySQLiteColumn => suggestions.id, {
			onDelete: 'set null'
		}),
		createdById: text('created_by_id').references(() => staffUsers.id, { onDelete: 'set null' }),
		createdAt: instant('created_at').notNull(),
		updatedAt: instant('updated_at').notNull()
	},
	(table) => [
		uniqueIndex('suggestions_response').on(table.responseId),
		index('suggestions_created').on(table.createdAt),
		uniqueIndex('suggestions_case').on(table.caseId),
		index('suggestions_merged_into').on(table.mergedIntoId),
		index('suggestions_theme').on(table.themeId, table.createdAt)
	]
);

/** Ids of provider webhook deliveries already handled, so a replay is refused. */
export const webhookReceipts = sqliteTable(
	'webhook_receipts',
	{
		id: text('id').primaryKey(),
		source: text('source').notNull(),
		receivedAt: instant('received_at').notNull()
	},
	(table) => [index('webhook_receipts_received').on(table.receivedAt)]
);
