import type { Deps } from '../deps';
import {
	chooseLocale,
	definitionLocales,
	fallbackLocale,
	localize,
	surveyScales,
	type LocalizedText,
	type SurveyDefinition,
	type SurveyKind
} from '../domain/survey-definition';
import { brandOf, getOrganization } from '../organization/store';
import { renderSurveyInvitation, surveyInvitationUrls } from '../../emails/templates/survey-invitation';
import type { SurveyPreview } from './schemas';

/** Stands in for a contact's token in previewed links: a real survey page says the link does not work. */
const previewToken = 'preview';
const sampleContactName = 'Alex Morgan';

/** The survey's languages, English first. */
export function surveyLocales(definition: SurveyDefinition): string[] {
	const others = definitionLocales(definition).filter((locale) => locale !== fallbackLocale);
	return [fallbackLocale, ...others.sort()];
}

/**
 * What a contact whose language is `locale` would get: the invitation email
 * (with stand-in links) and the survey page's questions, in the language the
 * scheduler would choose, each text falling back to English where it has no
 * translation. `fallbacks` names those texts, so the editor can point at them.
 */
export async function previewSurvey({
	deps,
	kind,
	definition,
	locale
}: {
	deps: Deps;
	kind: SurveyKind;
	definition: SurveyDefinition;
	locale: string;
}): Promise<SurveyPreview> {
	const organization = await getOrganization(deps.db, deps.config);
	const locales = surveyLocales(definition);
	const chosen = chooseLocale(locale, locales);
	const { min, max } = surveyScales[kind];
	const fallbacks: string[] = [];
	const text = (value: LocalizedText, path: string) => {
		if (chosen !== fallbackLocale && !value[chosen]) fallbacks.push(path);
		return localize(value, chosen, organization.name);
	};

	const lead = text(definition.lead, 'lead');
	const email = renderSurveyInvitation(
		{
			locale: chosen,
			contactName: sampleContactName,
			question: lead,
			kind,
			min,
			max,
			...surveyInvitationUrls(deps.config.publicUrl, previewToken),
			reminder: false
		},
		brandOf(organization, deps.config)
	);
	return {
		locale: chosen,
		locales,
		email: { subject: email.subject, html: email.html, text: email.text },
		page: {
			lead,
			improve: text(definition.improve, 'improve'),
			questions: definition.questions.map((question, index) => ({
				id: question.id,
				type: question.type,
				text: text(question.text, `questions.${index}.text`),
				...(question.options
					? {
							options: question.options.map((option, optionIndex) =>
								text(option, `questions.${index}.options.${optionIndex}`)
							)
						}
					: {}),
				...(question.type === 'rating' ? { scaleMax: question.scaleMax ?? 5 } : {})
			})),
			scale: { min, max }
		},
		fallbacks
	};
}
