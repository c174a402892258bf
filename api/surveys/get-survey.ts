import type { Database } from '../../db/database';
import type { SurveyStatus } from '../../db/schema/surveys';
import { surveyScales } from '../domain/survey-definition';
import { notFound } from '../errors';
import { describeAudience } from './describe-audience';
import { surveyLocales } from './preview-survey';
import type { Survey, SurveySummary } from './schemas';
import { findSurvey, listStaffNamesById, listSurveys, type SurveyWithCounts } from './store';

function toSummary({ survey, invited, answered }: SurveyWithCounts, ownerNames: Map<string, string>): SurveySummary {
	return {
		id: survey.id,
		name: survey.name,
		kind: survey.kind,
		status: survey.status,
		cadenceDays: survey.cadenceDays,
		reminderAfterDays: survey.reminderAfterDays,
		audience: survey.audience,
		audienceSummary: describeAudience(survey.audience, ownerNames),
		invited,
		answered,
		activatedAt: survey.activatedAt?.toISOString() ?? null,
		pausedAt: survey.pausedAt?.toISOString() ?? null,
		updatedAt: survey.updatedAt.toISOString()
	};
}

/** The survey list, each with its audience in words and its invited/answered counts. */
export async function listSurveySummaries(db: Database, status?: SurveyStatus): Promise<SurveySummary[]> {
	const rows = await listSurveys(db, status);
	const names = await listStaffNamesById(
		db,
		rows.flatMap((row) => row.survey.audience.ownerIds)
	);
	return rows.map((row) => toSummary(row, names));
}

/** One survey with everything the editor needs; a 404 when there is none. */
export async function getSurvey(db: Database, id: string): Promise<Survey> {
	const row = await findSurvey(db, id);
	if (!row) throw notFound('Survey');
	const { survey } = row;
	const names = await listStaffNamesById(db, survey.audience.ownerIds);
	const { min, max } = surveyScales[survey.kind];
	return {
		...toSummary(row, names),
		definition: survey.definition,
		sendWindow: survey.sendWindow,
		detractorThreshold: survey.detractorThreshold,
		scale: { min, max },
		locales: surveyLocales(survey.definition),
		kindLocked: row.invited > 0,
		createdBy: survey.createdById && row.createdByName ? { id: survey.createdById, name: row.createdByName } : null,
		createdAt: survey.createdAt.toISOString()
	};
}
