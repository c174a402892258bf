import type { SessionUser } from '../auth/session';
import { insertAuditEntry } from '../audit/store';
import type { Deps } from '../deps';
import type { Question } from '../domain/survey-definition';
import { redactLinkTokens } from '../domain/personal-data';
import { notFound } from '../errors';
import { describeFurtherAnswers } from '../survey-results/answer-text';
import { hashToken } from '../tokens';
import { contactStatus } from './contact-status';
import {
	listAuditEntriesOf,
	listCaseEmailsSince,
	listCasesOf,
	listEmailsOf,
	listEventsOfCases,
	listInvitationsOf,
	listLinksOfCases,
	listNoticesOf,
	listResponsesOf,
	listSkipsOf,
	listSuggestionsOf,
	type EmailRow
} from './personal-data-store';
import type { ContactDataExport } from './schemas';
import { findAccountForContact, findContactRow } from './store';

const iso = (at: Date | null) => at?.toISOString() ?? null;

/**
 * Everything held on one contact, for the contact (a subject access request)
 * or for moving them elsewhere, and an audit entry saying who took it. Link
 * tokens never leave: invitations and case links go without their hashes, and
 * links in email texts lose their tokens. Cases filed anonymously are left
 * out, with their emails: the promise was that no one sees who filed them.
 * Of a case's timeline, what the customer saw or wrote goes; internal notes
 * are staff data.
 */
export async function exportContactData({
	deps,
	actor,
	id,
	format
}: {
	deps: Deps;
	actor: SessionUser;
	id: string;
	format: 'json' | 'csv';
}): Promise<ContactDataExport> {
	const { db } = deps;
	const now = deps.clock.now();
	const contact = await findContactRow(db, id);
	if (!contact) throw notFound('Contact');
	const [account, invitations, responses, suggestions, caseRows, notices, linkedEmails, skips] =
		await Promise.all([
			findAccountForContact(db, contact.accountId),
			listInvitationsOf(db, id),
			listResponsesOf(db, id),
			listSuggestionsOf(db, id),
			listCasesOf(db, contact),
			listNoticesOf(db, id),
			listEmailsOf(db, id),
			listSkipsOf(db, id)
		]);
	const shown = caseRows.filter((row) => !row.isAnonymous);
	const numbers = new Map(caseRows.map((row) => [row.id, row.number]));
	const [events, links] = await Promise.all([
		listEventsOfCases(
			db,
			shown.map((row) => row.id)
		),
		listLinksOfCases(
			db,
			caseRows.map((row) => row.id)
		)
	]);
	const isAboutAnonymousCase = anonymousCaseEmails(caseRows, links);
	const emails = [...linkedEmails, ...(await unlinkedEmails(deps, contact, caseRows))].filter(
		(email) => !isAboutAnonymousCase(email)
	);
	const audit = await listAuditEntriesOf(
		db,
		id,
		emails.map((email) => email.id)
	);
	const shownIds = new Set(shown.map((row) => row.id));

	const document: ContactDataExport = {
		exportedAt: now.toISOString(),
		contact: {
			id: contact.id,
			name: contact.name,
			email: contact.email,
			account: { id: contact.accountId, name: account?.name ?? '' },
			locale: contact.locale,
			timeZone: contact.timeZone,
			consent: contact.consent,
			status: contactStatus(contact),
			unsubscribedAt: iso(contact.unsubscribedAt),
			bouncedAt: iso(contact.bouncedAt),
			complainedAt: iso(contact.complainedAt),
			archivedAt: iso(contact.archivedAt),
			lastSurveyedAt: iso(contact.lastSurveyedAt),
			openCaseCount: contact.openCaseCount,
			lastCaseClosedAt: iso(contact.lastCaseClosedAt),
			createdAt: contact.createdAt.toISOString(),
			updatedAt: contact.updatedAt.toISOString()
		},
		invitations: invitations.map((row) => ({
			id: row.id,
			survey: row.survey,
			cycle: row.cycle,
			locale: row.locale,
			sentAt: row.createdAt.toISOString(),
			remindedAt: iso(row.remindedAt),
			answeredAt: iso(row.respondedAt)
		})),
		responses: responses.map((row) => ({
			id: row.id,
			invitationId: row.invitationId,
			survey: row.survey,
			score: row.score,
			comment: row.comment,
			answers: readableAnswers(row.questions, row.answers),
			locale: row.locale,
			answeredAt: row.createdAt.toISOString(),
			updatedAt: row.updatedAt.toISOString()
		})),
		suggestions: suggestions.map((row) => ({
			id: row.id,
			source: row.source,
			text: row.text,
			theme: row.theme,
			responseId: row.responseId,
			caseNumber: row.caseNumber,
			createdAt: row.createdAt.toISOString(),
			updatedAt: row.updatedAt.toISOString()
		})),
		cases: shown.map((row) => ({
			id: row.id,
			number: row.number,
			state: row.state,
			source: row.source,
			priority: row.priority,
			category: row.category,
			subject: row.subject,
			description: row.description,
			reporterName: row.reporterName,
			reporterEmail: row.reporterEmail,
			resolutionNote: row.resolutionNote,
			createdAt: row.createdAt.toISOString(),
			resolvedAt: iso(row.resolvedAt),
			closedAt: iso(row.closedAt)
		})),
		caseEvents: events
			.filter((event) => event.isPublic || event.actorType === 'customer')
			.map((event) => ({
				id: event.id,
				caseId: event.caseId,
				caseNumber: numbers.get(event.caseId)!,
				type: event.type,
				author: event.actorType,
				body: event.body,
				at: event.createdAt.toISOString()
			})),
		caseLinks: links
			.filter((link) => shownIds.has(link.caseId))
			.map((link) => ({
				caseId: link.caseId,
				caseNumber: numbers.get(link.caseId)!,
				createdAt: link.createdAt.toISOString()
			})),
		notices: notices.map((row) => ({
			id: row.id,
			outcome: row.outcome,
			sentAt: row.createdAt.toISOString(),
			action: {
				...row.action,
				declineReason: row.outcome === 'declined' ? row.action.declineReason : null
			}
		})),
		emails: emails.map((row) => ({
			id: row.id,
			template: row.template,
			to: row.toAddress,
			from: row.fromAddress,
			subject: redactLinkTokens(row.subject),
			text: redactLinkTokens(row.text),
			status: row.status,
			lastError: row.lastError,
			createdAt: row.createdAt.toISOString(),
			sentAt: iso(row.sentAt)
		})),
		skips: skips.map((row) => ({
			survey: row.survey,
			cycle: row.cycle,
			reason: row.reason,
			nextPossibleAt: iso(row.nextPossibleAt),
			at: row.at.toISOString()
		})),
		auditEntries: audit.map((entry) => ({
			action: entry.action,
			about: entry.entityType === 'email' ? 'email' : 'contact',
			detail: entry.detail,
			at: entry.at.toISOString()
		}))
	};

	await insertAuditEntry(db, {
		actorId: actor.id,
		action: 'contact.exported',
		entityType: 'contact',
		entityId: id,
		detail: { format, note: `Downloaded as ${format.toUpperCase()}` },
		at: now
	});
	return document;
}

/**
 * Emails to the contact's address that carry no link to them: those of cases
 * filed from the address without a contact (anonymously, or before the
 * contact existed), written since the first of them.
 */
async function unlinkedEmails(
	deps: Deps,
	contact: { id: string; email: string },
	caseRows: { contactId: string | null; createdAt: Date }[]
): Promise<EmailRow[]> {
	const unlinkedCases = caseRows.filter((row) => row.contactId !== contact.id);
	if (unlinkedCases.length === 0) return [];
	return listCaseEmailsSince(deps.db, {
		contactId: contact.id,
		email: contact.email,
		since: new Date(Math.min(...unlinkedCases.map((row) => row.createdAt.getTime()))),
		caseIds: []
	});
}

/** Whether an email is about an anonymous case: the status link it carries hashes to one of the case's links. */
function anonymousCaseEmails(
	caseRows: { id: string; isAnonymous: boolean }[],
	links: { caseId: string; tokenHash: string }[]
) {
	const anonymous = new Set(caseRows.filter((row) => row.isAnonymous).map((row) => row.id));
	const caseOfToken = new Map(links.map((link) => [link.tokenHash, link.caseId]));
	return (email: { text: string }) => {
		if (anonymous.size === 0) return false;
		const token = /\/c\/([A-Za-z0-9_-]{16,})/.exec(email.text)?.[1];
		const caseId = token ? caseOfToken.get(hashToken(token)) : undefined;
		return caseId !== undefined && anonymous.has(caseId);
	};
}

/** Further answers as the person gave them: question wording and answer, the answer alone for a question since removed. */
function readableAnswers(
	questionsJson: string | null,
	answers: Record<string, string | number>
): { question: string; answer: string }[] {
	const questions = (questionsJson ? JSON.parse(questionsJson) : []) as Question[];
	const known = new Set(questions.map((question) => question.id));
	return [
		...describeFurtherAnswers(questions, answers).map(({ question, answer }) => ({
			question,
			answer
		})),
		...Object.entries(answers)
			.filter(([questionId]) => !known.has(questionId))
			.map(([questionId, answer]) => ({ question: questionId, answer: String(answer) }))
	];
}
