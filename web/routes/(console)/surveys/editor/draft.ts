/**
 * The survey editor's working copy and its translation to the API's input.
 * The editor keeps every language's text in one object per field; the API
 * drops empty translations, and everything it finds wrong comes back as field
 * errors keyed by the same paths (`definition.questions.1.text.de`).
 */
import {
	defaultDefinition,
	defaultImproveText,
	defaultLeadText,
	defaultSendWindow,
	fallbackLocale,
	shippedLocales,
	surveyScales,
	type SurveyKind
} from '$api/domain/survey-definition';

export type QuestionType = 'choice' | 'rating' | 'text';
export type Texts = Record<string, string>;

export type DraftQuestion = {
	/** Stable key for Svelte's keyed lists; never sent. */
	key: number;
	id: string;
	type: QuestionType;
	text: Texts;
	options: Texts[];
	scaleMax: number;
};

export type Draft = {
	name: string;
	kind: SurveyKind;
	/** Language tabs, English first. */
	languages: string[];
	lead: Texts;
	improve: Texts;
	questions: DraftQuestion[];
	audience: { tiers: string[]; ownerIds: string[]; accountStatuses: string[]; tags: string[] };
	cadenceDays: number;
	hasReminder: boolean;
	reminderAfterDays: number;
	sendWindow: { days: number[]; startHour: number; endHour: number };
	detractorThreshold: number;
};

/** The survey as the API returns it (the parts the editor reads). */
export type SavedSurvey = {
	name: string;
	kind: SurveyKind;
	definition: {
		lead: Texts;
		improve: Texts;
		questions: {
			id: string;
			type: QuestionType;
			text: Texts;
			options?: Texts[];
			scaleMax?: number;
		}[];
	};
	audience: Draft['audience'];
	cadenceDays: number;
	reminderAfterDays: number | null;
	sendWindow: Draft['sendWindow'];
	detractorThreshold: number;
	locales: string[];
};

let nextKey = 1;

export const questionTypeLabels: Record<QuestionType, string> = {
	choice: 'Single choice',
	rating: 'Rating',
	text: 'Short text'
};

export function newDraft(kind: SurveyKind = 'nps'): Draft {
	const definition = defaultDefinition(kind);
	return {
		name: '',
		kind,
		languages: [...shippedLocales],
		lead: definition.lead,
		improve: definition.improve,
		questions: [],
		audience: { tiers: [], ownerIds: [], accountStatuses: [], tags: [] },
		cadenceDays: 90,
		hasReminder: true,
		reminderAfterDays: 7,
		sendWindow: { ...defaultSendWindow, days: [...defaultSendWindow.days] },
		detractorThreshold: surveyScales[kind].detractorThreshold
	};
}

export function draftFromSurvey(survey: SavedSurvey): Draft {
	return {
		name: survey.name,
		kind: survey.kind,
		languages: [...survey.locales],
		lead: { ...survey.definition.lead },
		improve: { ...survey.definition.improve },
		questions: survey.definition.questions.map((question) => ({
			key: nextKey++,
			id: question.id,
			type: question.type,
			text: { ...question.text },
			options: (question.options ?? []).map((option) => ({ ...option })),
			scaleMax: question.scaleMax ?? 5
		})),
		audience: structuredClone(survey.audience),
		cadenceDays: survey.cadenceDays,
		hasReminder: survey.reminderAfterDays !== null,
		reminderAfterDays: survey.reminderAfterDays ?? Math.min(7, Math.max(1, survey.cadenceDays - 1)),
		sendWindow: structuredClone(survey.sendWindow),
		detractorThreshold: survey.detractorThreshold
	};
}

/** A new question of `type` with an id no other question has. */
export function newQuestion(type: QuestionType, existing: DraftQuestion[]): DraftQuestion {
	const taken = new Set(existing.map((question) => question.id));
	let number = existing.length + 1;
	while (taken.has(`q${number}`)) number++;
	return {
		key: nextKey++,
		id: `q${number}`,
		type,
		text: {},
		options: type === 'choice' ? [{}, {}] : [],
		scaleMax: 5
	};
}

/** Keeps only the languages the survey has tabs for. */
function pick(texts: Texts, languages: string[]): Texts {
	const picked: Texts = {};
	for (const language of languages) picked[language] = texts[language] ?? '';
	return picked;
}

/** The draft as `POST /api/surveys` and `PATCH /api/surveys/{id}` take it. */
export function toSurveyInput(draft: Draft) {
	return {
		name: draft.name,
		kind: draft.kind,
		definition: toDefinition(draft),
		audience: draft.audience,
		cadenceDays: draft.cadenceDays,
		reminderAfterDays: draft.hasReminder ? draft.reminderAfterDays : null,
		sendWindow: draft.sendWindow,
		detractorThreshold: draft.detractorThreshold
	};
}

export function toDefinition(draft: Draft) {
	const { languages } = draft;
	return {
		lead: pick(draft.lead, languages),
		improve: pick(draft.improve, languages),
		questions: draft.questions.map((question) => ({
			id: question.id,
			type: question.type,
			text: pick(question.text, languages),
			...(question.type === 'choice'
				? { options: question.options.map((option) => pick(option, languages)) }
				: {}),
			...(question.type === 'rating' ? { scaleMax: question.scaleMax } : {})
		}))
	};
}

function shippedLead(kind: SurveyKind, language: string): string | undefined {
	return (defaultLeadText[kind] as Record<string, string>)[language];
}

/**
 * Switches the lead question's kind: the shipped wording of the new kind
 * replaces the wording wherever it was still the shipped (or no) wording, and
 * the detractor threshold moves to the new scale's default.
 */
export function changeKind(draft: Draft, kind: SurveyKind): void {
	const previous = draft.kind;
	for (const language of draft.languages) {
		const current = draft.lead[language] ?? '';
		const shipped = shippedLead(kind, language);
		if (shipped && (!current.trim() || current === shippedLead(previous, language)))
			draft.lead[language] = shipped;
	}
	draft.kind = kind;
	draft.detractorThreshold = surveyScales[kind].detractorThreshold;
}

/** Adds a language tab; a shipped language arrives with the shipped wording. */
export function addLanguage(draft: Draft, language: string): void {
	if (draft.languages.includes(language)) return;
	draft.languages = [...draft.languages, language];
	const lead = shippedLead(draft.kind, language);
	const improve = (defaultImproveText as Record<string, string>)[language];
	if (lead && !draft.lead[language]) draft.lead[language] = lead;
	if (improve && !draft.improve[language]) draft.improve[language] = improve;
}

export function removeLanguage(draft: Draft, language: string): void {
	if (language === fallbackLocale) return;
	draft.languages = draft.languages.filter((candidate) => candidate !== language);
}

/** Languages the editor offers to add, beyond those the contacts speak. */
export const commonLanguages = [
	'de',
	'fr',
	'es',
	'it',
	'nl',
	'pt',
	'sv',
	'da',
	'nb',
	'fi',
	'pl',
	'cs',
	'ja',
	'zh'
];

/** Field errors exactly at `path`. */
export function errorsAt(
	fields: Record<string, string[]> | undefined,
	...paths: string[]
): string[] {
	return paths.flatMap((path) => fields?.[path] ?? []);
}

/** Whether any field error lies at or below `prefix`, e.g. to mark a tab or a card. */
export function hasErrorsUnder(
	fields: Record<string, string[]> | undefined,
	prefix: string
): boolean {
	return Object.keys(fields ?? {}).some((key) => key === prefix || key.startsWith(`${prefix}.`));
}

/** Errors on a text in `language`: the English one also carries "English text is required" on the whole field. */
export function textErrors(
	fields: Record<string, string[]> | undefined,
	path: string,
	language: string
): string[] {
	return errorsAt(fields, `${path}.${language}`, ...(language === fallbackLocale ? [path] : []));
}
