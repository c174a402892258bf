import type { Question } from '../domain/survey-definition';
import type { FieldErrors } from '../errors';

/** The longest open or short-text answer we keep. */
export const maxAnswerLength = 2000;

export type AnswerValue = string | number;

/**
 * Checks follow-up answers against the survey's own questions: a choice is an
 * option's index, a rating lies in 1…scaleMax (default 5), a text is at most
 * 2,000 characters. An empty string means unanswered and is not stored. Returns the answers
 * to store, or the field errors (keyed `answers.<question id>`).
 */
export function validateAnswers(
	questions: readonly Question[],
	answers: Record<string, AnswerValue>
): { ok: true; answers: Record<string, AnswerValue> } | { ok: false; fields: FieldErrors } {
	const fields: FieldErrors = {};
	const kept: Record<string, AnswerValue> = {};
	const byId = new Map(questions.map((question) => [question.id, question]));
	for (const [id, value] of Object.entries(answers)) {
		const question = byId.get(id);
		const answer = typeof value === 'string' ? value.trim() : value;
		if (question && answer === '') continue;
		const problem = question ? checkAnswer(question, answer) : 'This survey has no such question.';
		if (problem) fields[`answers.${id}`] = [problem];
		else kept[id] = answer;
	}
	return Object.keys(fields).length ? { ok: false, fields } : { ok: true, answers: kept };
}

function checkAnswer(question: Question, value: AnswerValue): string | null {
	switch (question.type) {
		case 'choice': {
			const options = question.options?.length ?? 0;
			return Number.isInteger(value) && (value as number) >= 0 && (value as number) < options
				? null
				: `Choose one of the ${options} options (0 to ${options - 1}).`;
		}
		case 'rating': {
			const max = question.scaleMax ?? 5;
			return Number.isInteger(value) && (value as number) >= 1 && (value as number) <= max
				? null
				: `Give a whole number from 1 to ${max}.`;
		}
		case 'text':
			if (typeof value !== 'string') return 'Give a text answer.';
			return value.trim().length <= maxAnswerLength
				? null
				: `Keep the answer to ${maxAnswerLength} characters.`;
	}
}
