import type { SessionUser } from '../auth/session';
import type { Deps } from '../deps';
import { defaultLeadText, surveyScales, type SurveyDefinition, type SurveyKind } from '../domain/survey-definition';
import { AppError, notFound } from '../errors';
import { getSurvey } from './get-survey';
import type { Survey, UpdateSurveyInput } from './schemas';
import { findSurveyRow, insertAuditEntryIfChanged, updateSurvey as updateSurveyRow, type SurveyRow } from './store';
import { ownerErrors, requireNoFieldErrors, scheduleErrors } from './validate-survey';

const editableFields = [
	'name',
	'kind',
	'definition',
	'audience',
	'cadenceDays',
	'reminderAfterDays',
	'sendWindow',
	'detractorThreshold'
] as const;

export function kindLockedError() {
	return new AppError(
		'conflict',
		'This survey has sent invitations, so its kind can no longer change: the answers already given are on its scale. Create a new survey for another kind.',
		{ kind: ['Fixed once invitations have gone out.'] }
	);
}

/** The lead wording where it is still the shipped wording of `from`, moved to the shipped wording of `to`. */
function withShippedLead(definition: SurveyDefinition, from: SurveyKind, to: SurveyKind): SurveyDefinition {
	const lead = { ...definition.lead };
	for (const [locale, text] of Object.entries(lead)) {
		const shippedFrom = defaultLeadText[from][locale as keyof (typeof defaultLeadText)[SurveyKind]];
		const shippedTo = defaultLeadText[to][locale as keyof (typeof defaultLeadText)[SurveyKind]];
		if (shippedFrom && shippedTo && text === shippedFrom) lead[locale] = shippedTo;
	}
	return { ...definition, lead };
}

/**
 * Applies the fields present in `input` to a survey in any status. Changing
 * the kind without new wording or threshold moves both to the new kind's
 * defaults (wording only where it was still the shipped one); the kind is
 * fixed once the survey has invitations (409).
 */
export async function updateSurvey({
	deps,
	actor,
	id,
	input
}: {
	deps: Deps;
	actor: SessionUser;
	id: string;
	input: UpdateSurveyInput;
}): Promise<Survey> {
	const { db } = deps;
	const now = deps.clock.now();
	const current = await findSurveyRow(db, id);
	if (!current) throw notFound('Survey');

	const next: Pick<SurveyRow, (typeof editableFields)[number]> = { ...current };
	for (const field of editableFields) {
		if (input[field] !== undefined) Object.assign(next, { [field]: input[field] });
	}
	const kindChanges = next.kind !== current.kind;
	if (kindChanges) {
		if (input.definition === undefined) next.definition = withShippedLead(current.definition, current.kind, next.kind);
		if (input.detractorThreshold === undefined) next.detractorThreshold = surveyScales[next.kind].detractorThreshold;
	}
	requireNoFieldErrors({
		...scheduleErrors(next),
		...(input.audience ? await ownerErrors(db, input.audience) : {})
	});

	const changes: Record<string, { from: unknown; to: unknown }> = {};
	const values: Partial<SurveyRow> = {};
	for (const field of editableFields) {
		if (JSON.stringify(next[field]) !== JSON.stringify(current[field])) {
			Object.assign(values, { [field]: next[field] });
			changes[field] =
				field === 'definition' ? { from: 'earlier wording', to: 'new wording' } : { from: current[field], to: next[field] };
		}
	}
	if (Object.keys(values).length === 0) return getSurvey(db, id);

	const [updated] = await db.batch([
		updateSurveyRow(db, id, { ...values, updatedAt: now }),
		insertAuditEntryIfChanged(db, {
			actorId: actor.id,
			action: 'survey.updated',
			entityType: 'survey',
			entityId: id,
			detail: { changes },
			at: now
		})
	]);
	if (updated.length === 0) {
		if (!(await findSurveyRow(db, id))) throw notFound('Survey');
		throw kindLockedError();
	}
	return getSurvey(db, id);
}
