import { toCsv, type CsvColumn } from '../domain/csv';
import { answerValue } from './answer-text';
import type { SurveyResponse } from './schemas';
import type { SurveyRow } from './store';

/**
 * A survey's answers as CSV: one row per answer, one column per further
 * question (headed by its id and English wording), choice answers written as
 * the option's English text. Cells a spreadsheet would run as a formula are
 * defused by `toCsv`.
 */
export function surveyResponsesCsv(survey: SurveyRow, responses: SurveyResponse[]): string {
	const columns: CsvColumn<SurveyResponse>[] = [
		{ header: 'response_id', value: (r) => r.id },
		{ header: 'answered_at', value: (r) => r.answeredAt },
		{ header: 'edited_at', value: (r) => r.editedAt },
		{ header: 'contact', value: (r) => r.contact.name },
		{ header: 'email', value: (r) => r.contact.email },
		{ header: 'account', value: (r) => r.account.name },
		{ header: 'score', value: (r) => r.score },
		{ header: 'group', value: (r) => r.band },
		{ header: 'comment', value: (r) => r.comment },
		{ header: 'locale', value: (r) => r.locale },
		...survey.definition.questions.map((question): CsvColumn<SurveyResponse> => ({
			header: `${question.id}: ${question.text.en ?? ''}`.trim(),
			value: (r) => answerValue(question, r.answers[question.id])
		}))
	];
	return toCsv(columns, responses);
}
