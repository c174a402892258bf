import type { BatchItem } from 'drizzle-orm/batch';
import { quotedCaseSubject } from '../../emails/templates/case-staff-alert';
import type { SessionUser } from '../auth/session';
import { insertAuditEntry } from '../audit/store';
import type { Deps } from '../deps';
import { erasedContactName, erasedEmail, isErasedContact } from '../domain/personal-data';
import { AppError, notFound } from '../errors';
import {
	cancelledByErasure,
	deleteCaseLinks,
	deleteNewsLinks,
	deleteRateLimitsOf,
	eraseCaseEventBodies,
	eraseCases,
	eraseCaseSuggestions,
	eraseContactEmails,
	eraseContactRow,
	eraseContactSuggestions,
	eraseEmails,
	eraseQuotedText,
	eraseResponses,
	inSlices,
	isChangedContactError,
	listCaseEmailsSince,
	listCasesOf,
	requireContactEmail,
	retireInvitationTokens,
	scrubContactAudit,
	scrubEmailAudit,
	scrubLinkedEmailAudit,
	settleDetractorEvents
} from './personal-data-store';
import type { EraseContactInput, ErasureReport } from './schemas';
import { findContact, findContactRow } from './store';

const alreadyErased = () => new AppError('conflict', 'This contact has already been erased.');

/**
 * Erases a contact's personal data and keeps the figures built on it. The
 * contact row stays, named "Erased contact" at an address in `.invalid`,
 * unsubscribed, without consent and archived, so nothing is sent to it and
 * every count that joins it still does. Answers keep their scores, choices,
 * ratings and dates (NPS and counts stay right) and lose comments and text
 * answers; suggestions keep their rows, themes, links and contact (the
 * "customers who asked" counts) and lose their words; cases they filed keep
 * state, clocks and dates for the SLA figures and lose the reporter, the
 * subject, the description and every message; emails to them lose address,
 * subject and bodies, and pending ones are cancelled; staff alerts lose the
 * quoted case subject; audit details about them are dropped. Private links
 * (surveys, case status, news) stop working. All in one batch; a second
 * erasure is a 409.
 */
export async function eraseContact({
	deps,
	actor,
	id,
	input
}: {
	deps: Deps;
	actor: SessionUser;
	id: string;
	input: EraseContactInput;
}): Promise<ErasureReport> {
	const { db } = deps;
	const now = deps.clock.now();
	const contact = await findContactRow(db, id);
	if (!contact) throw notFound('Contact');
	if (isErasedContact(contact)) throw alreadyErased();
	if (input.confirm.trim().toLowerCase() !== contact.email) {
		throw new AppError('validation_failed', 'Type the contact’s email address to confirm.', {
			confirm: [`Type ${contact.email} to erase this contact.`]
		});
	}

	const address = { email: contact.email, erasedEmail: erasedEmail(id) };
	const caseRows = await listCasesOf(db, contact);
	const caseIds = caseRows.map((row) => row.id);
	const unlinked =
		caseRows.length === 0
			? []
			: await listCaseEmailsSince(db, {
					contactId: id,
					email: contact.email,
					since: new Date(Math.min(...caseRows.map((row) => row.createdAt.getTime()))),
					caseIds
				});
	const toThem = unlinked.filter((email) => email.toAddress === contact.email).map((row) => row.id);
	const alerts = unlinked.filter((email) => email.toAddress !== contact.email);

	type Counted = 'responses' | 'suggestions' | 'cases' | 'emails';
	const writes: { statement: BatchItem<'sqlite'>; counts?: Counted }[] = [
		{ statement: requireContactEmail(db, id, contact.email) },
		{
			statement: eraseContactRow(db, {
				id,
				email: contact.email,
				name: erasedContactName,
				erasedEmail: address.erasedEmail,
				now
			})
		},
		{ statement: eraseResponses(db, id, now), counts: 'responses' },
		{ statement: retireInvitationTokens(db, id) },
		{ statement: settleDetractorEvents(db, id, now) },
		{ statement: eraseContactSuggestions(db, id), counts: 'suggestions' }
	];
	for (const slice of inSlices(caseIds)) {
		writes.push(
			{ statement: eraseCaseSuggestions(db, slice), counts: 'suggestions' },
			{ statement: eraseCases(db, slice), counts: 'cases' },
			{ statement: eraseCaseEventBodies(db, slice) },
			{ statement: deleteCaseLinks(db, slice) }
		);
	}
	writes.push({ statement: scrubLinkedEmailAudit(db, id) });
	for (const slice of inSlices(toThem)) writes.push({ statement: scrubEmailAudit(db, slice) });
	writes.push({
		statement: eraseContactEmails(db, { contactId: id, ...address }),
		counts: 'emails'
	});
	for (const slice of inSlices(toThem))
		writes.push({ statement: eraseEmails(db, slice, address), counts: 'emails' });
	for (const row of caseRows) {
		const quoted = quotedCaseSubject(row.subject);
		const ids = alerts
			.filter((email) => email.text.includes(`/cases/${row.id}`))
			.map((email) => email.id);
		if (!quoted.text) continue;
		for (const slice of inSlices(ids))
			writes.push({ statement: eraseQuotedText(db, slice, quoted) });
	}
	writes.push(
		{ statement: deleteNewsLinks(db, id) },
		{ statement: deleteRateLimitsOf(db, contact.email) },
		// After the scrub, which would otherwise clear this entry's detail too.
		{ statement: scrubContactAudit(db, id) },
		{
			statement: insertAuditEntry(db, {
				actorId: actor.id,
				action: 'contact.erased',
				entityType: 'contact',
				entityId: id,
				detail: { note: 'Personal data erased; scores, dates and counts kept.' },
				at: now
			})
		}
	);

	let results: unknown[];
	try {
		const [first, ...rest] = writes.map((write) => write.statement);
		results = await db.batch([first!, ...rest]);
	} catch (error) {
		if (!isChangedContactError(error)) throw error;
		const current = await findContactRow(db, id);
		if (current && isErasedContact(current)) throw alreadyErased();
		throw new AppError(
			'conflict',
			'Someone changed this contact a moment ago. Reload it and try again.'
		);
	}
	const touched: Record<Counted, Set<string>> = {
		responses: new Set(),
		suggestions: new Set(),
		cases: new Set(),
		emails: new Set()
	};
	let cancelledEmails = 0;
	writes.forEach((write, index) => {
		if (!write.counts) return;
		for (const row of results[index] as { id: string; lastError?: string | null }[]) {
			touched[write.counts].add(row.id);
			if (write.counts === 'emails' && row.lastError === cancelledByErasure) cancelledEmails++;
		}
	});
	return {
		contact: (await findContact(db, id))!,
		erased: {
			responses: touched.responses.size,
			suggestions: touched.suggestions.size,
			cases: touched.cases.size,
			emails: touched.emails.size,
			cancelledEmails
		}
	};
}
