import { and, eq, isNull, or, sql } from 'drizzle-orm';
import type { Database } from '../../db/database';
import { contacts } from '../../db/schema/accounts';
import { auditLog } from '../../db/schema/audit';
import { organization } from '../../db/schema/organization';
import {
	domainEvents,
	suggestions,
	surveyInvitations,
	surveyResponses,
	surveys
} from '../../db/schema/surveys';
import { newId } from '../tokens';

/**
 * Everything a token names, in one indexed query: the invitation (by its own
 * or its reminder's token hash), its survey, the contact, the response if
 * any, and the organisation's name and colour (null until an admin saves them).
 */
export async function findInvitationByToken(db: Database, tokenHash: string) {
	const [row] = await invitationByToken(db).execute({ tokenHash });
	return row ?? null;
}

/** Every public page and answer starts here: the query is built once per database, not per request. */
const preparedLookups = new WeakMap<Database, ReturnType<typeof prepareInvitationLookup>>();

function invitationByToken(db: Database) {
	let prepared = preparedLookups.get(db);
	if (!prepared) preparedLookups.set(db, (prepared = prepareInvitationLookup(db)));
	return prepared;
}

function prepareInvitationLookup(db: Database) {
	const tokenHash = sql.placeholder('tokenHash');
	return db
		.select({
			invitationId: surveyInvitations.id,
			createdAt: surveyInvitations.createdAt,
			locale: surveyInvitations.locale,
			surveyId: surveys.id,
			kind: surveys.kind,
			definition: surveys.definition,
			detractorThreshold: surveys.detractorThreshold,
			contactId: contacts.id,
			accountId: contacts.accountId,
			timeZone: contacts.timeZone,
			unsubscribedAt: contacts.unsubscribedAt,
			responseId: surveyResponses.id,
			score: surveyResponses.score,
			comment: surveyResponses.comment,
			answers: surveyResponses.answers,
			answeredAt: surveyResponses.createdAt,
			updatedAt: surveyResponses.updatedAt,
			editableUntil: surveyResponses.editableUntil,
			orgName: organization.name,
			brandColor: organization.brandColor
		})
		.from(surveyInvitations)
		.innerJoin(surveys, eq(surveys.id, surveyInvitations.surveyId))
		.innerJoin(contacts, eq(contacts.id, surveyInvitations.contactId))
		.leftJoin(surveyResponses, eq(surveyResponses.invitationId, surveyInvitations.id))
		.leftJoin(organization, eq(organization.id, 1))
		.where(
			or(
				eq(surveyInvitations.tokenHash, tokenHash),
				eq(surveyInvitations.reminderTokenHash, tokenHash)
			)
		)
		.limit(1)
		.prepare();
}

export type FoundInvitation = NonNullable<Awaited<ReturnType<typeof findInvitationByToken>>>;

const responseColumns = {
	id: surveyResponses.id,
	score: surveyResponses.score,
	comment: surveyResponses.comment,
	answers: surveyResponses.answers,
	createdAt: surveyResponses.createdAt,
	updatedAt: surveyResponses.updatedAt,
	editableUntil: surveyResponses.editableUntil
};

export type ResponseRow = {
	[K in keyof typeof responseColumns]: (typeof surveyResponses.$inferSelect)[K];
};

/**
 * Creates the invitation's response, or changes its score while it is still
 * editable (compare-and-set in the upsert: a closed response returns no row).
 * Two first answers at once end as one row: the unique invitation id decides.
 */
export function upsertResponseScore(
	db: Database,
	input: {
		invitation: FoundInvitation;
		score: number;
		detractor: boolean;
		now: Date;
		editableUntil: Date;
	}
) {
	const { invitation, score, detractor, now } = input;
	return db
		.insert(surveyResponses)
		.values({
			id: newId(),
			invitationId: invitation.invitationId,
			surveyId: invitation.surveyId,
			contactId: invitation.contactId,
			accountId: invitation.accountId,
			score,
			locale: invitation.locale,
			detractor,
			createdAt: now,
			updatedAt: now,
			editableUntil: input.editableUntil
		})
		.onConflictDoUpdate({
			target: surveyResponses.invitationId,
			set: { score, detractor, updatedAt: now },
			setWhere: sql`${surveyResponses.editableUntil} > ${now.getTime()}`
		})
		.returning(responseColumns);
}

/** Stamps the invitation answered, once. */
export function markInvitationResponded(db: Database, invitationId: string, now: Date) {
	return db
		.update(surveyInvitations)
		.set({ respondedAt: now })
		.where(and(eq(surveyInvitations.id, invitationId), isNull(surveyInvitations.respondedAt)));
}

/**
 * Raises `type` for the invitation's response, read from the row itself so the
 * event names the response that won a race. Once per (type, response): the
 * unique index ignores a repeat. `maxScore` limits it to scores at or below.
 */
export function raiseResponseEvent(
	db: Database,
	input: {
		type: 'response.received' | 'response.detractor';
		invitationId: string;
		now: Date;
		maxScore?: number;
	}
) {
	const conditions = [eq(surveyResponses.invitationId, input.invitationId)];
	if (input.maxScore !== undefined)
		conditions.push(sql`${surveyResponses.score} <= ${input.maxScore}`);
	return db
		.insert(domainEvents)
		.select(
			db
				.select({
					id: sql<string>`${newId()}`.as('id'),
					type: sql<string>`${input.type}`.as('type'),
					subjectId: surveyResponses.id,
					payload: sql<
						Record<string, unknown>
					>`json_object('responseId', ${surveyResponses.id}, 'invitationId', ${surveyResponses.invitationId}, 'surveyId', ${surveyResponses.surveyId}, 'contactId', ${surveyResponses.contactId}, 'accountId', ${surveyResponses.accountId}, 'score', ${surveyResponses.score})`.as(
						'payload'
					),
					createdAt: sql<Date>`${input.now.getTime()}`.as('createdAt'),
					processedAt: sql<Date | null>`null`.as('processedAt')
				})
				.from(surveyResponses)
				.where(and(...conditions))
		)
		.onConflictDoNothing();
}

/** Replaces the follow-up answers while the response is still editable; returns no row otherwise. */
export function updateResponseAnswers(
	db: Database,
	input: {
		invitationId: string;
		comment?: string | null;
		answers?: Record<string, string | number>;
		now: Date;
	}
) {
	return db
		.update(surveyResponses)
		.set({
			...(input.comment !== undefined ? { comment: input.comment } : {}),
			...(input.answers !== undefined ? { answers: input.answers } : {}),
			updatedAt: input.now
		})
		.where(
			and(
				eq(surveyResponses.invitationId, input.invitationId),
				sql`${surveyResponses.editableUntil} > ${input.now.getTime()}`
			)
		)
		.returning(responseColumns);
}

/** The open answer as a suggestion: created once, its text kept in step when the answer is edited. */
export function upsertSurveySuggestion(
	db: Database,
	input: { responseId: string; contactId: string; accountId: string; text: string; now: Date }
) {
	return db
		.insert(suggestions)
		.values({
			id: newId(),
			source: 'survey',
			responseId: input.responseId,
			contactId: input.contactId,
			accountId: input.accountId,
			text: input.text,
			createdAt: input.now,
			updatedAt: input.now
		})
		.onConflictDoUpdate({
			target: suggestions.responseId,
			set: { text: input.text, updatedAt: input.now },
			setWhere: sql`${suggestions.text} <> ${input.text}`
		});
}

/** A customer who empties the open answer withdraws its suggestion. */
export function deleteSurveySuggestion(db: Database, responseId: string) {
	return db.delete(suggestions).where(eq(suggestions.responseId, responseId));
}

/**
 * The audit entry for a contact that is not yet unsubscribed, read in the
 * same batch just before `unsubscribeContact`, so it is written exactly when
 * the unsubscribe changes something.
 */
export function auditUnsubscribe(
	db: Database,
	contactId: string,
	via: 'one-click' | 'page',
	now: Date
) {
	return db.insert(auditLog).select(
		db
			.select({
				id: sql<number>`null`.as('id'),
				actorId: sql<string | null>`null`.as('actorId'),
				action: sql<string>`'contact.unsubscribed'`.as('action'),
				entityType: sql<string>`'contact'`.as('entityType'),
				entityId: contacts.id,
				detail: sql<Record<string, unknown>>`json_object('via', ${via})`.as('detail'),
				at: sql<Date>`${now.getTime()}`.as('at')
			})
			.from(contacts)
			.where(and(eq(contacts.id, contactId), isNull(contacts.unsubscribedAt)))
	);
}

/** Unsubscribes the contact unless it already is (compare-and-set); returns the row when it changed. */
export function unsubscribeContact(db: Database, contactId: string, now: Date) {
	return db
		.update(contacts)
		.set({ unsubscribedAt: now, updatedAt: now })
		.where(and(eq(contacts.id, contactId), isNull(contacts.unsubscribedAt)))
		.returning({ unsubscribedAt: contacts.unsubscribedAt });
}
