import { z } from '@hono/zod-openapi';
import {
	fallbackLocale,
	SendWindow,
	SurveyAudience,
	SurveyDefinition,
	type LocalizedText
} from '../domain/survey-definition';
import { surveyKinds, surveyStatuses } from '../../db/schema/surveys';

export const SurveyKind = z.enum(surveyKinds);
export const SurveyStatus = z.enum(surveyStatuses);

const languageNames = new Intl.DisplayNames(['en'], { type: 'language' });

/** `de` → `German`, for messages; unknown codes come back as they are. */
export function languageName(code: string): string {
	try {
		return languageNames.of(code) ?? code;
	} catch {
		return code;
	}
}

/** A translation left empty is no translation: the contact gets the English text. */
function withoutEmptyTranslations(text: LocalizedText): LocalizedText {
	return Object.fromEntries(Object.entries(text).filter(([, value]) => value.length > 0)) as LocalizedText;
}

/**
 * A survey's questions as the API accepts them. Beyond the shape
 * (`SurveyDefinition`): question ids are unique; a choice question has 2–10
 * options and only choice questions have options; a rating question's scale
 * defaults to 5.
 *
 * Languages: the lead question decides which languages a survey speaks (a
 * contact whose language the lead has gets the survey in it, everyone else in
 * English). The improve question, the further questions and their options may
 * leave any of those languages out; the contact then reads the English text
 * for that one item. Text in a language the lead question does not have would
 * never be shown, so it is refused.
 */
export const SurveyDefinitionInput = SurveyDefinition.transform((definition) => ({
	lead: withoutEmptyTranslations(definition.lead),
	improve: withoutEmptyTranslations(definition.improve),
	questions: definition.questions.map((question) => ({
		...question,
		text: withoutEmptyTranslations(question.text),
		...(question.options ? { options: question.options.map(withoutEmptyTranslations) } : {}),
		...(question.type === 'rating' ? { scaleMax: question.scaleMax ?? 5 } : {})
	}))
}))
	.superRefine((definition, context) => {
		const languages = new Set(Object.keys(definition.lead));
		const requireLeadLanguages = (text: LocalizedText, path: (string | number)[]) => {
			for (const language of Object.keys(text)) {
				if (languages.has(language)) continue;
				context.addIssue({
					code: 'custom',
					path: [...path, language],
					message: `This has ${languageName(language)} text but the lead question has none in ${languageName(language)}. Translate the lead question too, or remove this text.`
				});
			}
		};
		requireLeadLanguages(definition.improve, ['improve']);
		const seen = new Set<string>();
		definition.questions.forEach((question, index) => {
			const path = ['questions', index];
			const id = question.id.toLowerCase();
			if (seen.has(id)) {
				context.addIssue({ code: 'custom', path: [...path, 'id'], message: 'Another question already has this id.' });
			}
			seen.add(id);
			requireLeadLanguages(question.text, [...path, 'text']);
			if (question.type === 'choice') {
				const count = question.options?.length ?? 0;
				if (count < 2 || count > 10) {
					context.addIssue({
						code: 'custom',
						path: [...path, 'options'],
						message: 'Give a single-choice question 2 to 10 options.'
					});
				}
				question.options?.forEach((option, optionIndex) =>
					requireLeadLanguages(option, [...path, 'options', optionIndex])
				);
			} else if (question.options !== undefined) {
				context.addIssue({
					code: 'custom',
					path: [...path, 'options'],
					message: 'Only single-choice questions have options.'
				});
			}
			if (question.type !== 'rating' && question.scaleMax !== undefined) {
				context.addIssue({
					code: 'custom',
					path: [...path, 'scaleMax'],
					message: 'Only rating questions have a scale.'
				});
			}
		});
	})
	.openapi('SurveyDefinition', {
		description: `Questions by language tag. English (\`${fallbackLocale}\`) is required; the lead question's languages are the survey's languages, and anything else missing a translation falls back to English.`
	});
export type SurveyDefinitionInput = z.infer<typeof SurveyDefinitionInput>;

export const AudienceInput = SurveyAudience.transform((audience) => ({
	tiers: [...new Set(audience.tiers)],
	ownerIds: [...new Set(audience.ownerIds)],
	accountStatuses: [...new Set(audience.accountStatuses)],
	tags: [...new Set(audience.tags)]
})).openapi('SurveyAudience', {
	description:
		'Who is asked. Each list narrows the audience (an account must match one value of every list that is not empty); all lists empty means every contact. Archived contacts are never asked.'
});

const SendWindowInput = SendWindow.transform((window) => ({
	...window,
	days: [...new Set(window.days)].sort((a, b) => a - b)
})).openapi('SendWindow', {
	description: 'ISO weekdays (1 = Monday … 7 = Sunday) and local hours [startHour, endHour) in each contact’s own time zone.'
});

const Name = z
	.string({ error: 'Enter a name.' })
	.trim()
	.min(1, 'Enter a name.')
	.max(120, 'Keep the name to 120 characters.');
const CadenceDays = z
	.number({ error: 'Enter a number of days from 1 to 730.' })
	.int('Enter a whole number of days.')
	.min(1, 'Ask at most once a day: enter 1 or more.')
	.max(730, 'Ask at least every two years: enter 730 or fewer.');
const ReminderAfterDays = z
	.number({ error: 'Enter a number of days, or null for no reminder.' })
	.int('Enter a whole number of days.')
	.min(1, 'Remind after 1 day or more.')
	.nullable();
const DetractorThreshold = z.number({ error: 'Enter a score.' }).int('Enter a whole score.');

export const CreateSurveyInput = z
	.object({
		name: Name,
		kind: SurveyKind,
		definition: SurveyDefinitionInput.optional().openapi({
			description: 'Defaults to the shipped wording for the kind in English, German and French.'
		}),
		audience: AudienceInput.default({ tiers: [], ownerIds: [], accountStatuses: [], tags: [] }),
		cadenceDays: CadenceDays.default(90).openapi({ description: 'Ask each contact once per this many days.' }),
		reminderAfterDays: ReminderAfterDays.optional().openapi({
			description: 'One reminder after this many days without an answer (fewer than cadenceDays); null for none. Default 7.'
		}),
		sendWindow: SendWindowInput.default({ days: [1, 2, 3, 4, 5], startHour: 9, endHour: 17 }),
		detractorThreshold: DetractorThreshold.optional().openapi({
			description: 'Lead scores at or below this are detractor answers. Default: NPS 6, CSAT 2, CES 3.'
		})
	})
	.openapi('CreateSurveyInput');
export type CreateSurveyInput = z.infer<typeof CreateSurveyInput>;

export const UpdateSurveyInput = z
	.object({
		name: Name.optional(),
		kind: SurveyKind.optional().openapi({ description: 'Fixed once the survey has sent an invitation.' }),
		definition: SurveyDefinitionInput.optional(),
		audience: AudienceInput.optional(),
		cadenceDays: CadenceDays.optional(),
		reminderAfterDays: ReminderAfterDays.optional(),
		sendWindow: SendWindowInput.optional(),
		detractorThreshold: DetractorThreshold.optional()
	})
	.openapi('UpdateSurveyInput');
export type UpdateSurveyInput = z.infer<typeof UpdateSurveyInput>;

export const SurveyListQuery = z.object({
	status: z
		.union([SurveyStatus, z.literal('')])
		.optional()
		.openapi({ description: 'Only surveys in this status.' })
});

const Instant = z.iso.datetime();
const Scale = z.object({ min: z.number().int(), max: z.number().int() });

export const SurveySummary = z
	.object({
		id: z.string(),
		name: z.string(),
		kind: SurveyKind,
		status: SurveyStatus,
		cadenceDays: z.number().int(),
		reminderAfterDays: z.number().int().nullable(),
		audience: SurveyAudience,
		/** One line for people: "Premium accounts owned by Ana Lima". */
		audienceSummary: z.string(),
		/** Invitations ever created, and how many of them were answered. */
		invited: z.number().int(),
		answered: z.number().int(),
		activatedAt: Instant.nullable(),
		pausedAt: Instant.nullable(),
		updatedAt: Instant
	})
	.openapi('SurveySummary');
export type SurveySummary = z.infer<typeof SurveySummary>;

export const Survey = SurveySummary.extend({
	definition: SurveyDefinition,
	sendWindow: SendWindow,
	detractorThreshold: z.number().int(),
	scale: Scale,
	/** Languages the survey speaks (the lead question's), English first. */
	locales: z.array(z.string()),
	/** True once an invitation exists: the kind can no longer change. */
	kindLocked: z.boolean(),
	createdBy: z.object({ id: z.string(), name: z.string() }).nullable(),
	createdAt: Instant
}).openapi('Survey');
export type Survey = z.infer<typeof Survey>;

export const LocaleQuery = z.object({
	locale: z
		.string()
		.trim()
		.regex(/^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{1,8})*$/, 'Use a language tag such as en, de or de-CH.')
		.default(fallbackLocale)
		.openapi({ example: 'de' })
});

export const DraftPreviewInput = z
	.object({
		kind: SurveyKind,
		definition: SurveyDefinitionInput,
		locale: LocaleQuery.shape.locale
	})
	.openapi('SurveyDraftPreviewInput');
export type DraftPreviewInput = z.infer<typeof DraftPreviewInput>;

const PreviewQuestion = z.object({
	id: z.string(),
	type: z.enum(['choice', 'rating', 'text']),
	text: z.string(),
	options: z.array(z.string()).optional(),
	scaleMax: z.number().int().optional()
});

export const SurveyPreview = z
	.object({
		/** The language shown: the asked one if the survey has it, else English. */
		locale: z.string(),
		locales: z.array(z.string()),
		email: z.object({ subject: z.string(), html: z.string(), text: z.string() }),
		page: z.object({
			lead: z.string(),
			improve: z.string(),
			questions: z.array(PreviewQuestion),
			scale: Scale
		}),
		/** Texts shown in English because they have no translation in `locale` (`improve`, `questions.0.text`…). */
		fallbacks: z.array(z.string())
	})
	.openapi('SurveyPreview');
export type SurveyPreview = z.infer<typeof SurveyPreview>;

const AudienceList = (description: string) =>
	z
		.string()
		.max(4000)
		.optional()
		.transform((value) =>
			(value ?? '')
				.split(',')
				.map((item) => item.trim())
				.filter(Boolean)
		)
		.openapi({ type: 'string', description });

/** An audience in a query string, each list comma-separated, for counting before saving; check it with `AudienceInput`. */
export const AudienceQuery = z.object({
	tiers: AudienceList('Account tiers, e.g. `premium,enterprise`.'),
	ownerIds: AudienceList('Account owner ids.'),
	accountStatuses: AudienceList('`active`, `lost`.'),
	tags: AudienceList('Account tags.')
});

export const AudienceCount = z
	.object({
		/** Contacts, not archived, the audience matches now. */
		matched: z.number().int(),
		/** Of those, how many can be asked at all: consent given, not unsubscribed, bounced or marked as spam. */
		reachable: z.number().int()
	})
	.openapi('SurveyAudienceCount');
export type AudienceCount = z.infer<typeof AudienceCount>;
