/**
 * What a survey is, as data: the questions in each language, the audience,
 * the send window, and the scales of the three lead-question kinds. Pure and
 * shared by the API's validation, the scheduler, the email and the public page.
 */
import { z } from 'zod';

export type SurveyKind = 'nps' | 'csat' | 'ces';

/** The lead question's scale per kind, lowest to highest, and its default detractor threshold. */
export const surveyScales: Record<SurveyKind, { min: number; max: number; detractorThreshold: number }> = {
	nps: { min: 0, max: 10, detractorThreshold: 6 },
	csat: { min: 1, max: 5, detractorThreshold: 2 },
	ces: { min: 1, max: 7, detractorThreshold: 3 }
};

/** The languages Closeloop ships survey wording and page text in; English is the fallback. */
export const shippedLocales = ['en', 'de', 'fr'] as const;
export type ShippedLocale = (typeof shippedLocales)[number];
export const fallbackLocale = 'en';

/** Text in several languages by language tag (`en`, `de`…); `en` is always present. */
export const LocalizedText = z
	.record(z.string().regex(/^[a-z]{2,3}$/, 'Use a two- or three-letter language code such as en or de.'), z.string().trim().max(500))
	.refine((text) => typeof text.en === 'string' && text.en.length > 0, { message: 'English text is required.' });
export type LocalizedText = z.infer<typeof LocalizedText>;

export const questionTypes = ['choice', 'rating', 'text'] as const;
export const Question = z.object({
	/** Stable key for answers, e.g. `q1`. */
	id: z.string().regex(/^[a-z0-9_-]{1,32}$/i, 'Use letters, digits, - or _ (at most 32).'),
	type: z.enum(questionTypes),
	text: LocalizedText,
	/** For `choice`: the options, each in the same languages. */
	options: z.array(LocalizedText).max(10).optional(),
	/** For `rating`: 1 to this (3–10, default 5). */
	scaleMax: z.number().int().min(3).max(10).optional()
});
export type Question = z.infer<typeof Question>;

export const SurveyDefinition = z.object({
	/** The lead question's wording (the scale comes from the kind). */
	lead: LocalizedText,
	/** The open "What should we improve?" question. */
	improve: LocalizedText,
	/** Optional further questions, shown after the lead and the open question. */
	questions: z.array(Question).max(10).default([])
});
export type SurveyDefinition = z.infer<typeof SurveyDefinition>;

/** Who a survey asks; every empty list means "any". Archived contacts are never asked. */
export const SurveyAudience = z.object({
	tiers: z.array(z.enum(['basic', 'standard', 'premium', 'enterprise'])).default([]),
	ownerIds: z.array(z.string().min(1)).max(100).default([]),
	accountStatuses: z.array(z.enum(['active', 'lost'])).default([]),
	/** Account tags, lower case; a contact matches if its account has any of them. */
	tags: z.array(z.string().trim().toLowerCase().min(1).max(40)).max(50).default([])
});
export type SurveyAudience = z.infer<typeof SurveyAudience>;

/**
 * When invitations may go out, in the contact's own time zone: ISO weekdays
 * (1 = Monday … 7 = Sunday) and a span of local hours [startHour, endHour).
 */
export const SendWindow = z
	.object({
		days: z.array(z.number().int().min(1).max(7)).min(1, 'Choose at least one day.').max(7),
		startHour: z.number().int().min(0).max(23),
		endHour: z.number().int().min(1).max(24)
	})
	.refine((window) => window.endHour > window.startHour, {
		message: 'The window must end after it starts.',
		path: ['endHour']
	});
export type SendWindow = z.infer<typeof SendWindow>;

export const defaultSendWindow: SendWindow = { days: [1, 2, 3, 4, 5], startHour: 9, endHour: 17 };

/** Shipped wording of the lead question per kind and language. */
export const defaultLeadText: Record<SurveyKind, Record<ShippedLocale, string>> = {
	nps: {
		en: 'How likely are you to recommend {org} to a friend or colleague?',
		de: 'Wie wahrscheinlich ist es, dass Sie {org} einem Freund oder Kollegen empfehlen?',
		fr: 'Quelle est la probabilité que vous recommandiez {org} à un ami ou un collègue ?'
	},
	csat: {
		en: 'How satisfied are you with {org}?',
		de: 'Wie zufrieden sind Sie mit {org}?',
		fr: 'Dans quelle mesure êtes-vous satisfait de {org} ?'
	},
	ces: {
		en: '{org} made it easy for me to handle my issue.',
		de: '{org} hat es mir leicht gemacht, mein Anliegen zu erledigen.',
		fr: '{org} m’a facilité le traitement de ma demande.'
	}
};

export const defaultImproveText: Record<ShippedLocale, string> = {
	en: 'What should we improve?',
	de: 'Was sollten wir verbessern?',
	fr: 'Que devrions-nous améliorer ?'
};

/** A new survey's definition with the shipped wording in every shipped language. */
export function defaultDefinition(kind: SurveyKind): SurveyDefinition {
	return { lead: { ...defaultLeadText[kind] }, improve: { ...defaultImproveText }, questions: [] };
}

/**
 * The language to write to a contact in: the contact's language (`de-CH` → `de`)
 * if the survey has text in it, else English.
 */
export function chooseLocale(contactLocale: string, available: Iterable<string>): string {
	const language = contactLocale.toLowerCase().split('-')[0] ?? fallbackLocale;
	for (const candidate of available) if (candidate === language) return language;
	return fallbackLocale;
}

/** `text` in `locale`, falling back to English, with `{org}` filled in. */
export function localize(text: LocalizedText, locale: string, orgName: string): string {
	const chosen = text[locale] || text[fallbackLocale] || '';
	return chosen.replaceAll('{org}', orgName);
}

/** The languages a definition has text in (every lead translation counts). */
export function definitionLocales(definition: SurveyDefinition): string[] {
	return Object.keys(definition.lead).filter((locale) => definition.lead[locale]);
}

/**
 * Why a due contact was not invited. Complaints: `open_complaint` while one is
 * open, `recent_complaint` within the cool-down after one closed.
 * `complained`: the address reported our mail as spam.
 */
export const skipReasons = [
	'throttled',
	'open_complaint',
	'recent_complaint',
	'outside_send_window',
	'unsubscribed',
	'bounced',
	'complained',
	'no_consent'
] as const;
export type SkipReason = (typeof skipReasons)[number];

export function isDetractorScore(score: number, threshold: number): boolean {
	return score <= threshold;
}
