import type { Brand } from '../../emails/render';
import { surveyInvitationTemplate } from '../../emails/templates/survey-invitation';
import { localize, surveyScales } from '../domain/survey-definition';
import type { ActiveSurvey, EmailTemplate } from './store';

/**
 * The invitation (or reminder) email of `survey` in `locale`, rendered once
 * with stand-ins that the insert fills in per contact. Cached per survey,
 * language and kind of email for the length of one run.
 */
export function createEmailTemplates(brand: Brand, from: string) {
	const cache = new Map<string, EmailTemplate>();
	return (survey: ActiveSurvey, locale: string, reminder: boolean): EmailTemplate => {
		const key = `${survey.id}\n${locale}\n${reminder}`;
		const cached = cache.get(key);
		if (cached) return cached;
		const { min, max } = surveyScales[survey.kind];
		const question = localize(survey.definition.lead, locale, brand.name);
		const rendered = surveyInvitationTemplate({ locale, kind: survey.kind, min, max, question, reminder }, brand);
		const template: EmailTemplate = {
			template: 'survey-invitation',
			from,
			subject: rendered.named.subject,
			html: { named: rendered.named.html, anonymous: rendered.anonymous.html },
			text: { named: rendered.named.text, anonymous: rendered.anonymous.text },
			headers: JSON.stringify(rendered.named.headers ?? {}),
			tokenMark: rendered.tokenMark,
			nameMark: rendered.nameMark
		};
		cache.set(key, template);
		return template;
	};
}
