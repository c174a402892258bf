import type { SessionUser } from '../auth/session';
import { insertAuditEntry } from '../audit/store';
import { findCase, caseById, findContactById } from '../cases/store';
import type { Deps } from '../deps';
import { AppError } from '../errors';
import { newId } from '../tokens';
import { describeSuggestion } from './describe';
import type { SuggestionInput } from './schemas';
import { findSuggestionByCase, findTheme, insertSuggestion } from './store';

const invalid = (fields: Record<string, string[]>) =>
	new AppError('validation_failed', 'Some fields are missing or invalid.', fields);

/**
 * A suggestion added by staff: on a customer's behalf, or from a complaint
 * (its customer is the suggester unless the case is anonymous; one per case).
 */
export async function addSuggestion({
	deps,
	actor,
	input
}: {
	deps: Deps;
	actor: SessionUser;
	input: SuggestionInput;
}) {
	const { db } = deps;
	const now = deps.clock.now();
	const fromCase = input.caseId ? await findCase(db, caseById(input.caseId)) : null;
	if (input.caseId && !fromCase) throw invalid({ caseId: ['No such case.'] });
	const alreadyIn = () =>
		new AppError('conflict', `Case #${fromCase!.number} is already in the suggestions.`);
	if (fromCase && (await findSuggestionByCase(db, fromCase.id))) throw alreadyIn();
	const contactId =
		input.contactId ?? (fromCase && !fromCase.isAnonymous ? fromCase.contactId : null);
	const contact = contactId ? await findContactById(db, contactId) : null;
	if (contactId && !contact) throw invalid({ contactId: ['No such contact.'] });
	if (input.themeId && !(await findTheme(db, input.themeId)))
		throw invalid({ themeId: ['Choose one of the listed themes.'] });

	const id = newId();
	await db
		.batch([
			insertSuggestion(db, {
				id,
				source: fromCase ? 'complaint' : 'staff',
				caseId: fromCase?.id ?? null,
				contactId: contact?.id ?? null,
				accountId: contact?.accountId ?? null,
				text: input.text,
				themeId: input.themeId ?? null,
				createdById: actor.id,
				createdAt: now,
				updatedAt: now
			}),
			insertAuditEntry(db, {
				actorId: actor.id,
				action: 'suggestion.created',
				entityType: 'suggestion',
				entityId: id,
				detail: fromCase ? { caseNumber: fromCase.number } : {},
				at: now
			})
		])
		.catch((error: unknown) => {
			// Two adds from one case at once: the unique index on the case decides.
			if (
				fromCase &&
				/suggestions_case|suggestions\.case_id/.test(
					String(error) + String((error as { cause?: unknown })?.cause)
				)
			)
				throw alreadyIn();
			throw error;
		});
	const suggestion = await describeSuggestion(db, id);
	if (!suggestion) throw new Error(`suggestion ${id} vanished after being added`);
	return suggestion;
}
