import type { SessionUser } from '../auth/session';
import { insertAuditEntry } from '../audit/store';
import type { Deps } from '../deps';
import { defaultDefinition, surveyScales } from '../domain/survey-definition';
import { newId } from '../tokens';
import { getSurvey } from './get-survey';
import type { CreateSurveyInput, Survey } from './schemas';
import { insertSurvey } from './store';
import { ownerErrors, requireNoFieldErrors, scheduleErrors } from './validate-survey';

/** Days without an answer before the one reminder, unless the cadence is too short for it. */
export const defaultReminderAfterDays = 7;

/** Creates a draft survey; anything left out gets the shipped defaults for its kind. */
export async function createSurvey({
	deps,
	actor,
	input
}: {
	deps: Deps;
	actor: SessionUser;
	input: CreateSurveyInput;
}): Promise<Survey> {
	const { db } = deps;
	const now = deps.clock.now();
	const values = {
		name: input.name,
		kind: input.kind,
		definition: input.definition ?? defaultDefinition(input.kind),
		audience: input.audience,
		cadenceDays: input.cadenceDays,
		reminderAfterDays:
			input.reminderAfterDays !== undefined
				? input.reminderAfterDays
				: input.cadenceDays > defaultReminderAfterDays
					? defaultReminderAfterDays
					: null,
		sendWindow: input.sendWindow,
		detractorThreshold: input.detractorThreshold ?? surveyScales[input.kind].detractorThreshold
	};
	requireNoFieldErrors({ ...scheduleErrors(values), ...(await ownerErrors(db, values.audience)) });

	const id = newId();
	await db.batch([
		insertSurvey(db, { id, ...values, status: 'draft', createdById: actor.id, createdAt: now, updatedAt: now }),
		insertAuditEntry(db, {
			actorId: actor.id,
			action: 'survey.created',
			entityType: 'survey',
			entityId: id,
			detail: { name: values.name, kind: values.kind },
			at: now
		})
	]);
	return getSurvey(db, id);
}
