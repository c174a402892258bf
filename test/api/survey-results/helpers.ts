import type { Database } from '../../../db/database';
import { accounts, contacts } from '../../../db/schema/accounts';
import { outbox, type OutboxStatus } from '../../../db/schema/outbox';
import {
	surveyInvitations,
	surveyResponses,
	surveys,
	surveySkips,
	type SkipReason,
	type SurveyKind
} from '../../../db/schema/surveys';
import {
	defaultDefinition,
	defaultSendWindow,
	surveyScales,
	type SurveyDefinition
} from '../../../api/domain/survey-definition';
import { hashToken, newId } from '../../../api/tokens';

/**
 * Rows written straight into the database, the way the scheduler and the
 * public answer page will write them, so the results can be tested on their own.
 */

const dayMs = 24 * 60 * 60 * 1000;
export const daysBefore = (now: Date, days: number) => new Date(now.getTime() - days * dayMs);

let counter = 0;

export async function givenAccountRow(
	db: Database,
	values: Partial<typeof accounts.$inferInsert> = {}
) {
	counter += 1;
	const now = new Date('2025-01-01T00:00:00Z');
	const row = {
		id: newId(),
		name: `Account ${counter}`,
		wonAt: now,
		createdAt: now,
		updatedAt: now,
		...values
	};
	await db.insert(accounts).values(row);
	return row;
}

export async function givenContactRow(
	db: Database,
	accountId: string,
	values: Partial<typeof contacts.$inferInsert> = {}
) {
	counter += 1;
	const now = new Date('2025-01-01T00:00:00Z');
	const row = {
		id: newId(),
		accountId,
		email: `person${counter}@example.test`,
		name: `Person ${counter}`,
		createdAt: now,
		updatedAt: now,
		...values
	};
	await db.insert(contacts).values(row);
	return row;
}

export async function givenSurvey(
	db: Database,
	values: Partial<typeof surveys.$inferInsert> & {
		kind?: SurveyKind;
		definition?: SurveyDefinition;
	} = {}
) {
	const kind = values.kind ?? 'nps';
	const now = new Date('2025-06-01T00:00:00Z');
	const row = {
		id: newId(),
		name: 'Quarterly NPS',
		kind,
		status: 'active' as const,
		definition: defaultDefinition(kind),
		audience: { tiers: [], ownerIds: [], accountStatuses: [], tags: [] },
		cadenceDays: 90,
		reminderAfterDays: 5,
		sendWindow: defaultSendWindow,
		detractorThreshold: surveyScales[kind].detractorThreshold,
		activatedAt: now,
		createdAt: now,
		updatedAt: now,
		...values
	};
	await db.insert(surveys).values(row);
	return row;
}

/** An invitation sent at `at`, with its outbox email (same id) in `email` state unless `email` is null. */
export async function givenInvitation(
	db: Database,
	input: {
		surveyId: string;
		contactId: string;
		at: Date;
		cycle?: number;
		remindedAt?: Date | null;
		respondedAt?: Date | null;
		email?: OutboxStatus | null;
	}
) {
	counter += 1;
	const row = {
		id: newId(),
		surveyId: input.surveyId,
		contactId: input.contactId,
		cycle: input.cycle ?? counter,
		tokenHash: hashToken(`token-${newId()}`),
		locale: 'en',
		createdAt: input.at,
		remindedAt: input.remindedAt ?? null,
		respondedAt: input.respondedAt ?? null
	};
	await db.insert(surveyInvitations).values(row);
	if (input.email !== null) {
		await db.insert(outbox).values({
			id: row.id,
			template: 'survey-invitation',
			toAddress: 'someone@example.test',
			fromAddress: 'Acme <feedback@acme.example>',
			subject: 'How are we doing?',
			html: '<p>How are we doing?</p>',
			text: 'How are we doing?',
			contactId: input.contactId,
			status: input.email ?? 'sent',
			nextAttemptAt: input.at,
			createdAt: input.at,
			sentAt: (input.email ?? 'sent') === 'sent' ? input.at : null
		});
	}
	return row;
}

/**
 * An answer: its invitation (sent an hour before, unless given) and the
 * response, the way the public page writes them.
 */
export async function givenResponse(
	db: Database,
	input: {
		surveyId: string;
		contact: { id: string; accountId: string };
		score: number;
		at: Date;
		comment?: string | null;
		answers?: Record<string, string | number>;
		editedAt?: Date;
		locale?: string;
		invitationId?: string;
		cycle?: number;
	}
) {
	const invitationId =
		input.invitationId ??
		(
			await givenInvitation(db, {
				surveyId: input.surveyId,
				contactId: input.contact.id,
				at: new Date(input.at.getTime() - 60 * 60 * 1000),
				respondedAt: input.at,
				...(input.cycle === undefined ? {} : { cycle: input.cycle })
			})
		).id;
	const row = {
		id: newId(),
		invitationId,
		surveyId: input.surveyId,
		contactId: input.contact.id,
		accountId: input.contact.accountId,
		score: input.score,
		comment: input.comment ?? null,
		answers: input.answers ?? {},
		locale: input.locale ?? 'en',
		detractor: input.score <= 6,
		createdAt: input.at,
		updatedAt: input.editedAt ?? input.at,
		editableUntil: new Date(input.at.getTime() + 7 * dayMs)
	};
	await db.insert(surveyResponses).values(row);
	return row;
}

export async function givenSkip(
	db: Database,
	input: {
		surveyId: string;
		contactId: string;
		reason: SkipReason;
		at: Date;
		cycle?: number;
		nextPossibleAt?: Date | null;
	}
) {
	const row = {
		surveyId: input.surveyId,
		contactId: input.contactId,
		cycle: input.cycle ?? 3,
		reason: input.reason,
		nextPossibleAt: input.nextPossibleAt ?? null,
		recheckAt: new Date(input.at.getTime() + dayMs),
		at: input.at
	};
	await db.insert(surveySkips).values(row);
	return row;
}
