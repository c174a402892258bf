import type { Question } from '../domain/survey-definition';

/**
 * A further question's stored answer as a person reads it: a choice (stored as
 * the option's index) becomes the option's English text; ratings and texts
 * stay as they are. Shared by the responses list and the CSV so both say the same.
 */
export function answerValue(question: Question, answer: string | number | undefined) {
	if (answer === undefined) return null;
	if (question.type === 'choice' && question.options) {
		const index = typeof answer === 'number' ? answer : /^\d+$/.test(answer) ? Number(answer) : NaN;
		const option = question.options[index];
		if (option) return option.en ?? String(answer);
	}
	return answer;
}

/** The answered further questions in the survey's order, for display: a rating reads "4 of 5". */
export function describeFurtherAnswers(
	questions: readonly Question[],
	answers: Record<string, string | number>
): { id: string; question: string; answer: string }[] {
	return questions.flatMap((question) => {
		const value = answerValue(question, answers[question.id]);
		if (value === null || value === '') return [];
		const answer =
			question.type === 'rating' ? `${value} of ${question.scaleMax ?? 5}` : String(value);
		return [{ id: question.id, question: question.text.en ?? question.id, answer }];
	});
}
