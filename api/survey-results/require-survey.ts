import type { Database } from '../../db/database';
import { notFound } from '../errors';
import { findSurveyRow, type SurveyRow } from './store';

/** The survey with this id, or the one 404. */
export async function requireSurvey(db: Database, id: string): Promise<SurveyRow> {
	const survey = await findSurveyRow(db, id);
	if (!survey) throw notFound('Survey');
	return survey;
}
