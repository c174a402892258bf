import type { Database } from '../../db/database';
import { surveyScales, type SurveyAudience, type SurveyKind } from '../domain/survey-definition';
import { AppError, type FieldErrors } from '../errors';
import { findUnknownStaffIds } from './store';

/** The schedule and threshold rules that tie fields together, as field errors (empty when all hold). */
export function scheduleErrors(survey: {
	kind: SurveyKind;
	cadenceDays: number;
	reminderAfterDays: number | null;
	detractorThreshold: number;
}): FieldErrors {
	const fields: FieldErrors = {};
	if (survey.reminderAfterDays !== null && survey.reminderAfterDays >= survey.cadenceDays) {
		fields.reminderAfterDays = [
			`Remind sooner than the next survey: fewer than ${survey.cadenceDays} days, or no reminder.`
		];
	}
	const { min, max } = surveyScales[survey.kind];
	if (survey.detractorThreshold < min || survey.detractorThreshold >= max) {
		fields.detractorThreshold = [
			`Choose a score from ${min} to ${max - 1}: answers at or below it count as detractors.`
		];
	}
	return fields;
}

/** A 422 on `audience.ownerIds.<n>` for every owner id that names no staff member. */
export async function ownerErrors(db: Database, audience: SurveyAudience): Promise<FieldErrors> {
	const unknown = new Set(await findUnknownStaffIds(db, audience.ownerIds));
	const fields: FieldErrors = {};
	audience.ownerIds.forEach((id, index) => {
		if (unknown.has(id)) fields[`audience.ownerIds.${index}`] = ['No staff member has this id.'];
	});
	return fields;
}

/** Throws one 422 listing every field error, or returns when there are none. */
export function requireNoFieldErrors(fields: FieldErrors): void {
	if (Object.keys(fields).length === 0) return;
	throw new AppError('validation_failed', 'Some fields are missing or invalid.', fields);
}
