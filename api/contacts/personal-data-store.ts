import { and, asc, eq, gte, inArray, isNotNull, isNull, ne, or, sql } from 'drizzle-orm';
import type { Database } from '../../db/database';
import { contacts } from '../../db/schema/accounts';
import { actionNotices, actions, newsLinks } from '../../db/schema/actions';
import { auditLog } from '../../db/schema/audit';
import { caseCategories, caseEvents, caseLinks, cases, rateLimits } from '../../db/schema/cases';
import { outbox } from '../../db/schema/outbox';
import {
	domainEvents,
	suggestions,
	suggestionThemes,
	surveyInvitations,
	surveyResponses,
	surveys,
	surveySkips
} from '../../db/schema/surveys';
import { erasedText } from '../domain/personal-data';

/**
 * The reads and writes of a contact's data export and erasure: every table
 * that holds something of one contact, by their id or by their address.
 */

/** D1 binds at most 100 parameters per statement: id lists go in slices of this many, with room for the rest. */
const idsPerStatement = 80;

export function inSlices<T>(items: readonly T[], size = idsPerStatement): T[][] {
	const slices: T[][] = [];
	for (let start = 0; start < items.length; start += size)
		slices.push(items.slice(start, start + size));
	return slices;
}

/** Rows for every slice of `ids`, in one list; none for no ids. */
async function readInSlices<Row>(
	ids: readonly string[],
	read: (slice: string[]) => Promise<Row[]>
): Promise<Row[]> {
	const rows: Row[] = [];
	for (const slice of inSlices(ids)) rows.push(...(await read(slice)));
	return rows;
}

const surveyHeader = { id: surveys.id, name: surveys.name, kind: surveys.kind };

export function listInvitationsOf(db: Database, contactId: string) {
	return db
		.select({
			id: surveyInvitations.id,
			survey: surveyHeader,
			cycle: surveyInvitations.cycle,
			locale: surveyInvitations.locale,
			createdAt: surveyInvitations.createdAt,
			remindedAt: surveyInvitations.remindedAt,
			respondedAt: surveyInvitations.respondedAt
		})
		.from(surveyInvitations)
		.innerJoin(surveys, eq(surveys.id, surveyInvitations.surveyId))
		.where(eq(surveyInvitations.contactId, contactId))
		.orderBy(asc(surveyInvitations.createdAt), asc(surveyInvitations.id));
}

export function listResponsesOf(db: Database, contactId: string) {
	return db
		.select({
			id: surveyResponses.id,
			invitationId: surveyResponses.invitationId,
			survey: surveyHeader,
			questions: sql<string>`json_extract(${surveys.definition}, '$.questions')`,
			score: surveyResponses.score,
			comment: surveyResponses.comment,
			answers: surveyResponses.answers,
			locale: surveyResponses.locale,
			createdAt: surveyResponses.createdAt,
			updatedAt: surveyResponses.updatedAt
		})
		.from(surveyResponses)
		.innerJoin(surveys, eq(surveys.id, surveyResponses.surveyId))
		.where(eq(surveyResponses.contactId, contactId))
		.orderBy(asc(surveyResponses.createdAt), asc(surveyResponses.id));
}

export function listSuggestionsOf(db: Database, contactId: string) {
	return db
		.select({
			id: suggestions.id,
			source: suggestions.source,
			text: suggestions.text,
			theme: suggestionThemes.name,
			responseId: suggestions.responseId,
			caseNumber: cases.number,
			createdAt: suggestions.createdAt,
			updatedAt: suggestions.updatedAt
		})
		.from(suggestions)
		.leftJoin(suggestionThemes, eq(suggestionThemes.id, suggestions.themeId))
		.leftJoin(cases, eq(cases.id, suggestions.caseId))
		.where(eq(suggestions.contactId, contactId))
		.orderBy(asc(suggestions.createdAt), asc(suggestions.id));
}

/**
 * Cases linked to the contact or filed from their address (anonymous ones
 * included: callers decide what to show). The address has no index: this
 * reads every case, which an erasure or an export, rare admin acts, can afford.
 */
export function listCasesOf(db: Database, contact: { id: string; email: string }) {
	return db
		.select({
			id: cases.id,
			number: cases.number,
			state: cases.state,
			source: cases.source,
			priority: cases.priority,
			category: caseCategories.name,
			subject: cases.subject,
			description: cases.description,
			reporterName: cases.reporterName,
			reporterEmail: cases.reporterEmail,
			isAnonymous: cases.isAnonymous,
			contactId: cases.contactId,
			resolutionNote: cases.resolutionNote,
			createdAt: cases.createdAt,
			resolvedAt: cases.resolvedAt,
			closedAt: cases.closedAt
		})
		.from(cases)
		.leftJoin(caseCategories, eq(caseCategories.id, cases.categoryId))
		.where(or(eq(cases.contactId, contact.id), eq(cases.reporterEmail, contact.email)))
		.orderBy(asc(cases.createdAt), asc(cases.number));
}

export function listEventsOfCases(db: Database, caseIds: readonly string[]) {
	return readInSlices(caseIds, (slice) =>
		db
			.select({
				id: caseEvents.id,
				caseId: caseEvents.caseId,
				type: caseEvents.type,
				actorType: caseEvents.actorType,
				body: caseEvents.body,
				isPublic: caseEvents.isPublic,
				createdAt: caseEvents.createdAt
			})
			.from(caseEvents)
			.where(inArray(caseEvents.caseId, slice))
			.orderBy(asc(caseEvents.createdAt), asc(sql`${caseEvents}.rowid`))
	);
}

export function listLinksOfCases(db: Database, caseIds: readonly string[]) {
	return readInSlices(caseIds, (slice) =>
		db
			.select({
				caseId: caseLinks.caseId,
				tokenHash: caseLinks.tokenHash,
				createdAt: caseLinks.createdAt
			})
			.from(caseLinks)
			.where(inArray(caseLinks.caseId, slice))
			.orderBy(asc(caseLinks.createdAt))
	);
}

export function listNoticesOf(db: Database, contactId: string) {
	return db
		.select({
			id: actionNotices.id,
			outcome: actionNotices.outcome,
			createdAt: actionNotices.createdAt,
			action: {
				id: actions.id,
				title: actions.title,
				description: actions.description,
				status: actions.status,
				declineReason: actions.declineReason
			}
		})
		.from(actionNotices)
		.innerJoin(actions, eq(actions.id, actionNotices.actionId))
		.where(eq(actionNotices.contactId, contactId))
		.orderBy(asc(actionNotices.createdAt), asc(actionNotices.id));
}

const emailColumns = {
	id: outbox.id,
	template: outbox.template,
	toAddress: outbox.toAddress,
	fromAddress: outbox.fromAddress,
	subject: outbox.subject,
	text: outbox.text,
	contactId: outbox.contactId,
	status: outbox.status,
	lastError: outbox.lastError,
	createdAt: outbox.createdAt,
	sentAt: outbox.sentAt
};

export type EmailRow = Awaited<ReturnType<typeof listEmailsOf>>[number];

/** Every email written for the contact (the outbox links them by id). */
export function listEmailsOf(db: Database, contactId: string) {
	return db
		.select(emailColumns)
		.from(outbox)
		.where(eq(outbox.contactId, contactId))
		.orderBy(asc(outbox.createdAt), asc(outbox.id));
}

/**
 * The emails about the given cases that carry no link to the contact: those
 * to `email` written since the first case (an anonymous complainant's, or one
 * filed before the contact existed), and the staff alerts about the cases
 * (they quote the case's subject and link to `/cases/<id>`). Reads the outbox
 * by time from the first case on, not all of it.
 */
export async function listCaseEmailsSince(
	db: Database,
	input: { contactId: string; email: string; since: Date; caseIds: readonly string[] }
) {
	const rows = new Map<string, EmailRow>();
	const unlinked = and(
		gte(outbox.createdAt, input.since),
		or(isNull(outbox.contactId), ne(outbox.contactId, input.contactId))
	);
	for (const row of await db
		.select(emailColumns)
		.from(outbox)
		.where(and(unlinked, eq(outbox.toAddress, input.email))))
		rows.set(row.id, row);
	for (const slice of inSlices(input.caseIds, 40)) {
		const mentionsCase = or(
			...slice.map((id) => sql`instr(${outbox.text}, ${`/cases/${id}`}) > 0`)
		);
		for (const row of await db
			.select(emailColumns)
			.from(outbox)
			.where(and(unlinked, eq(outbox.template, 'case-staff-alert'), mentionsCase)))
			rows.set(row.id, row);
	}
	return [...rows.values()].sort(
		(a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id.localeCompare(b.id)
	);
}

export function listSkipsOf(db: Database, contactId: string) {
	return db
		.select({
			survey: surveyHeader,
			cycle: surveySkips.cycle,
			reason: surveySkips.reason,
			nextPossibleAt: surveySkips.nextPossibleAt,
			at: surveySkips.at
		})
		.from(surveySkips)
		.innerJoin(surveys, eq(surveys.id, surveySkips.surveyId))
		.where(eq(surveySkips.contactId, contactId))
		.orderBy(asc(surveySkips.at));
}

/** Audit entries about the contact and about emails written to them. */
export async function listAuditEntriesOf(
	db: Database,
	contactId: string,
	emailIds: readonly string[]
) {
	const columns = {
		id: auditLog.id,
		action: auditLog.action,
		entityType: auditLog.entityType,
		entityId: auditLog.entityId,
		detail: auditLog.detail,
		at: auditLog.at
	};
	const [own, aboutEmails] = await Promise.all([
		db
			.select(columns)
			.from(auditLog)
			.where(and(eq(auditLog.entityType, 'contact'), eq(auditLog.entityId, contactId))),
		readInSlices(emailIds, (slice) =>
			db
				.select(columns)
				.from(auditLog)
				.where(and(eq(auditLog.entityType, 'email'), inArray(auditLog.entityId, slice)))
		)
	]);
	return [...own, ...aboutEmails].sort((a, b) => a.at.getTime() - b.at.getTime() || a.id - b.id);
}

/** An invalid JSON text whose error message tells that the contact changed under the erasure. */
const changedContactMarker = '{"closeloop": contact changed';

/**
 * Runs first in the erasure's batch: fails the whole batch unless the contact
 * still has `email`, so an erasure that raced an edit, or another erasure,
 * writes nothing.
 */
export function requireContactEmail(db: Database, id: string, email: string) {
	return db
		.select({ changed: sql`json(${contacts.email} || ${changedContactMarker})` })
		.from(contacts)
		.where(and(eq(contacts.id, id), ne(contacts.email, email)));
}

export function isChangedContactError(error: unknown): boolean {
	const messages = [
		String((error as Error)?.message),
		String((error as { cause?: Error })?.cause?.message)
	];
	return messages.some((message) => /malformed JSON/i.test(message));
}

/** Name and address replaced, unsubscribed, without consent and archived (dates already set are kept). */
export function eraseContactRow(
	db: Database,
	input: { id: string; email: string; name: string; erasedEmail: string; now: Date }
) {
	const at = input.now.getTime();
	return db
		.update(contacts)
		.set({
			name: input.name,
			email: input.erasedEmail,
			consent: false,
			unsubscribedAt: sql`coalesce(${contacts.unsubscribedAt}, ${at})`,
			archivedAt: sql`coalesce(${contacts.archivedAt}, ${at})`,
			updatedAt: input.now
		})
		.where(and(eq(contacts.id, input.id), eq(contacts.email, input.email)));
}

/**
 * The comment goes, and so do text answers; scores, choices and ratings stay
 * (they are the aggregates), as do the dates. Editing closes.
 */
export function eraseResponses(db: Database, contactId: string, now: Date) {
	return db
		.update(surveyResponses)
		.set({
			comment: null,
			answers: sql`(select coalesce(json_group_object(key, value), '{}') from json_each(${surveyResponses.answers}) where type in ('integer', 'real'))`,
			editableUntil: sql`min(${surveyResponses.editableUntil}, ${now.getTime()})`
		})
		.where(eq(surveyResponses.contactId, contactId))
		.returning({ id: surveyResponses.id });
}

/** The survey links in the contact's emails stop working: the stored hashes match no token. */
export function retireInvitationTokens(db: Database, contactId: string) {
	return db
		.update(surveyInvitations)
		.set({
			tokenHash: sql`'erased:' || ${surveyInvitations.id}`,
			reminderTokenHash: null
		})
		.where(eq(surveyInvitations.contactId, contactId));
}

/** Detractor answers not yet taken up open no case once the contact is erased. */
export function settleDetractorEvents(db: Database, contactId: string, now: Date) {
	return db
		.update(domainEvents)
		.set({ processedAt: now })
		.where(
			and(
				eq(domainEvents.type, 'response.detractor'),
				isNull(domainEvents.processedAt),
				inArray(
					domainEvents.subjectId,
					db
						.select({ id: surveyResponses.id })
						.from(surveyResponses)
						.where(eq(surveyResponses.contactId, contactId))
				)
			)
		);
}

/** The contact's suggestions, and those from their answers, keep their rows, theme and links; the words go. */
export function eraseContactSuggestions(db: Database, contactId: string) {
	return db
		.update(suggestions)
		.set({ text: erasedText })
		.where(
			or(
				eq(suggestions.contactId, contactId),
				inArray(
					suggestions.responseId,
					db
						.select({ id: surveyResponses.id })
						.from(surveyResponses)
						.where(eq(surveyResponses.contactId, contactId))
				)
			)
		)
		.returning({ id: suggestions.id });
}

export function eraseCaseSuggestions(db: Database, caseIds: string[]) {
	return db
		.update(suggestions)
		.set({ text: erasedText })
		.where(inArray(suggestions.caseId, caseIds))
		.returning({ id: suggestions.id });
}

/** The case stays (state, dates, clocks, category, root cause) for the SLA figures; who and what goes. */
export function eraseCases(db: Database, caseIds: string[]) {
	return db
		.update(cases)
		.set({
			subject: erasedText,
			description: erasedText,
			reporterName: null,
			reporterEmail: null,
			resolutionNote: sql`case when ${cases.resolutionNote} is null then null else ${erasedText} end`
		})
		.where(inArray(cases.id, caseIds))
		.returning({ id: cases.id });
}

/** Every message and note on the cases: staff notes quote the customer as often as replies do. */
export function eraseCaseEventBodies(db: Database, caseIds: string[]) {
	return db
		.update(caseEvents)
		.set({ body: erasedText })
		.where(and(inArray(caseEvents.caseId, caseIds), isNotNull(caseEvents.body)));
}

/** The private status links stop working. */
export function deleteCaseLinks(db: Database, caseIds: string[]) {
	return db.delete(caseLinks).where(inArray(caseLinks.caseId, caseIds));
}

export function deleteNewsLinks(db: Database, contactId: string) {
	return db.delete(newsLinks).where(eq(newsLinks.contactId, contactId));
}

export const cancelledByErasure = 'Cancelled: the contact was erased.';

/** Emails to the contact: address, subject and bodies replaced; pending ones failed, so never sent. */
function erasedEmailValues(input: { email: string; erasedEmail: string }) {
	const isPending = sql`${outbox.status} = 'pending'`;
	return {
		toAddress: input.erasedEmail,
		subject: erasedText,
		html: erasedText,
		text: erasedText,
		headers: null,
		secret: null,
		status: sql<'failed'>`case when ${isPending} then 'failed' else ${outbox.status} end`,
		lastError: sql<string>`case when ${isPending} then ${cancelledByErasure} else replace(${outbox.lastError}, ${input.email}, ${input.erasedEmail}) end`,
		claimedUntil: sql<Date>`case when ${isPending} then null else ${outbox.claimedUntil} end`
	};
}

const erasedEmailResult = { id: outbox.id, lastError: outbox.lastError };

export function eraseContactEmails(
	db: Database,
	input: { contactId: string; email: string; erasedEmail: string }
) {
	return db
		.update(outbox)
		.set(erasedEmailValues(input))
		.where(eq(outbox.contactId, input.contactId))
		.returning(erasedEmailResult);
}

export function eraseEmails(
	db: Database,
	ids: string[],
	input: { email: string; erasedEmail: string }
) {
	return db
		.update(outbox)
		.set(erasedEmailValues(input))
		.where(inArray(outbox.id, ids))
		.returning(erasedEmailResult);
}

/** A staff alert keeps its words (its subject names only the case number); the case's subject in its body goes. */
export function eraseQuotedText(
	db: Database,
	ids: string[],
	quoted: { text: string; html: string }
) {
	return db
		.update(outbox)
		.set({
			text: sql`replace(${outbox.text}, ${quoted.text}, ${erasedText})`,
			html: sql`replace(${outbox.html}, ${quoted.html}, ${erasedText})`
		})
		.where(inArray(outbox.id, ids));
}

const clearDetail = { detail: null };

/** Audit details about the contact held their address and name (created, edited): dropped; the entries stay. */
export function scrubContactAudit(db: Database, contactId: string) {
	return db
		.update(auditLog)
		.set(clearDetail)
		.where(and(eq(auditLog.entityType, 'contact'), eq(auditLog.entityId, contactId)));
}

/** Audit details about emails to the contact (a retry names the address). */
export function scrubLinkedEmailAudit(db: Database, contactId: string) {
	return db
		.update(auditLog)
		.set(clearDetail)
		.where(
			and(
				eq(auditLog.entityType, 'email'),
				inArray(
					auditLog.entityId,
					db.select({ id: outbox.id }).from(outbox).where(eq(outbox.contactId, contactId))
				)
			)
		);
}

export function scrubEmailAudit(db: Database, emailIds: string[]) {
	return db
		.update(auditLog)
		.set(clearDetail)
		.where(and(eq(auditLog.entityType, 'email'), inArray(auditLog.entityId, emailIds)));
}

/** Rate-limit counters keyed by the address (the complaint form's); they hold nothing else. */
export function deleteRateLimitsOf(db: Database, email: string) {
	const pattern = `%:${email.replace(/[\\%_]/g, (character) => `\\${character}`)}`;
	return db.delete(rateLimits).where(sql`${rateLimits.key} like ${pattern} escape '\\'`);
}
