import type { Database } from '../../../db/database';
import { accounts, contacts } from '../../../db/schema/accounts';
import { auditLog } from '../../../db/schema/audit';
import {
	domainEvents,
	suggestions,
	surveyInvitations,
	surveyResponses,
	surveys,
	webhookReceipts
} from '../../../db/schema/surveys';
import {
	defaultDefinition,
	defaultSendWindow,
	surveyScales,
	type Question,
	type SurveyKind
} from '../../../api/domain/survey-definition';
import { createToken, hashToken, newId } from '../../../api/tokens';

/** Further questions in English and German, one of each type. */
export const sampleQuestions: Question[] = [
	{
		id: 'channel',
		type: 'choice',
		text: { en: 'How did you reach us?', de: 'Wie haben Sie uns erreicht?' },
		options: [
			{ en: 'Email', de: 'E-Mail' },
			{ en: 'Phone', de: 'Telefon' },
			{ en: 'Chat', de: 'Chat' }
		]
	},
	{
		id: 'speed',
		type: 'rating',
		text: { en: 'How quickly did we reply?', de: 'Wie schnell haben wir geantwortet?' },
		scaleMax: 5
	},
	{ id: 'role', type: 'text', text: { en: 'What is your role?', de: 'Was ist Ihre Rolle?' } }
];

let counter = 0;

export type GivenInvitation = Awaited<ReturnType<typeof givenInvitation>>;

/**
 * An account, a contact, an active survey and an invitation to it written
 * straight into the database, as the scheduler would leave them; returns the
 * raw token the email would carry (and the reminder's, if asked for).
 */
export async function givenInvitation(
	db: Database,
	options: {
		now: Date;
		kind?: SurveyKind;
		/** The invitation's language (the scheduler picks it from the contact's). */
		locale?: string;
		questions?: Question[];
		createdAt?: Date;
		withReminder?: boolean;
		email?: string;
		detractorThreshold?: number;
	}
) {
	counter += 1;
	const { now } = options;
	const kind = options.kind ?? 'nps';
	const locale = options.locale ?? 'en';
	const accountId = newId();
	const contactId = newId();
	const surveyId = newId();
	const invitationId = newId();
	const token = createToken(16);
	const reminderToken = options.withReminder ? createToken(16) : null;
	const email = options.email ?? `customer${counter}-${accountId.slice(0, 6)}@example.test`;
	await db.batch([
		db
			.insert(accounts)
			.values({
				id: accountId,
				name: `Account ${counter}`,
				wonAt: now,
				createdAt: now,
				updatedAt: now
			}),
		db.insert(contacts).values({
			id: contactId,
			accountId,
			email,
			name: `Customer ${counter}`,
			locale,
			timeZone: 'Europe/Berlin',
			createdAt: now,
			updatedAt: now
		}),
		db.insert(surveys).values({
			id: surveyId,
			name: `Survey ${counter}`,
			kind,
			status: 'active',
			definition: { ...defaultDefinition(kind), questions: options.questions ?? sampleQuestions },
			audience: { tiers: [], ownerIds: [], accountStatuses: [], tags: [] },
			sendWindow: defaultSendWindow,
			detractorThreshold: options.detractorThreshold ?? surveyScales[kind].detractorThreshold,
			activatedAt: now,
			createdAt: now,
			updatedAt: now
		}),
		db.insert(surveyInvitations).values({
			id: invitationId,
			surveyId,
			contactId,
			cycle: 0,
			tokenHash: hashToken(token),
			reminderTokenHash: reminderToken ? hashToken(reminderToken) : null,
			locale,
			createdAt: options.createdAt ?? now,
			remindedAt: reminderToken ? now : null
		})
	]);
	return { token, reminderToken, invitationId, contactId, accountId, surveyId, email };
}

/**
 * Every row a customer-facing request could change, to compare before and
 * after: responses, events, suggestions, audit entries, webhook receipts,
 * invitations and contacts.
 */
export async function snapshot(db: Database) {
	return {
		responses: await db.select().from(surveyResponses).orderBy(surveyResponses.id),
		events: await db.select().from(domainEvents).orderBy(domainEvents.id),
		suggestions: await db.select().from(suggestions).orderBy(suggestions.id),
		audit: await db.select().from(auditLog).orderBy(auditLog.id),
		receipts: await db.select().from(webhookReceipts).orderBy(webhookReceipts.id),
		invitations: await db.select().from(surveyInvitations).orderBy(surveyInvitations.id),
		contacts: await db.select().from(contacts).orderBy(contacts.id)
	};
}
