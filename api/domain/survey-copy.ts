/**
 * The words of the public survey and unsubscribe pages in every shipped
 * language, as data. The API hands them to the page with the invitation, so
 * the page, the API and the email speak with one voice and the web app needs
 * no dictionary of its own. Placeholders left for the page: `{date}`, `{score}`.
 */
import {
	fallbackLocale,
	shippedLocales,
	type ShippedLocale,
	type SurveyKind
} from './survey-definition';

export type SurveyCopy = {
	/** The language of these strings (a shipped one). */
	locale: ShippedLocale;
	/** Meaning of the lowest and highest score of each lead-question kind. */
	scaleEnds: Record<SurveyKind, [low: string, high: string]>;
	/** Browser tab title. */
	pageTitle: string;
	/** Under the lead question, before a score is chosen. */
	chooseScore: string;
	submitScore: string;
	/** While the page records the score by itself. */
	recordingScore: string;
	scoreSaved: string;
	tellUsMore: string;
	optional: string;
	improveHint: string;
	textHint: string;
	send: string;
	thanksTitle: string;
	thanksBody: string;
	/** `{date}`: when the answer stops being changeable. */
	editableUntil: string;
	changeAnswer: string;
	closedTitle: string;
	closedBody: string;
	/** `{score}`: the recorded score. */
	answeredClosedBody: string;
	unknownTitle: string;
	unknownBody: string;
	unsubscribeTitle: string;
	unsubscribeBody: string;
	unsubscribeButton: string;
	unsubscribedTitle: string;
	unsubscribedBody: string;
	alreadyUnsubscribedBody: string;
	unsubscribeLink: string;
	sentBy: string;
	scoreRequired: string;
	somethingWentWrong: string;
};

const copies: Record<ShippedLocale, Omit<SurveyCopy, 'locale'>> = {
	en: {
		scaleEnds: {
			nps: ['Not at all likely', 'Extremely likely'],
			csat: ['Very dissatisfied', 'Very satisfied'],
			ces: ['Strongly disagree', 'Strongly agree']
		},
		pageTitle: 'Your feedback for {org}',
		chooseScore: 'Choose a score.',
		submitScore: 'Submit my score',
		recordingScore: 'Saving your score…',
		scoreSaved: 'Thank you! Your score is saved.',
		tellUsMore: 'Would you tell us a little more? Every question below is optional.',
		optional: 'optional',
		improveHint: 'Anything, big or small. Up to 2,000 characters.',
		textHint: 'Up to 2,000 characters.',
		send: 'Send',
		thanksTitle: 'Thank you!',
		thanksBody: 'Your answer helps {org} decide what to improve next.',
		editableUntil: 'You can change your answer until {date}.',
		changeAnswer: 'Change my answer',
		closedTitle: 'This survey has closed',
		closedBody: 'Thank you for opening it. This survey no longer takes answers.',
		answeredClosedBody:
			'Your score of {score} is recorded and can no longer be changed. Thank you!',
		unknownTitle: 'This link does not work',
		unknownBody:
			'It may be incomplete or no longer valid. If you copied it from an email, check that you copied all of it.',
		unsubscribeTitle: 'Unsubscribe from survey emails?',
		unsubscribeBody: '{org} will stop sending you survey invitations.',
		unsubscribeButton: 'Unsubscribe',
		unsubscribedTitle: 'You’re unsubscribed',
		unsubscribedBody: 'This took effect at once: {org} will not send you any more survey emails.',
		alreadyUnsubscribedBody:
			'You were already unsubscribed: {org} does not send you survey emails.',
		unsubscribeLink: 'Unsubscribe from these surveys',
		sentBy: 'A survey by {org}',
		scoreRequired: 'Choose a score first.',
		somethingWentWrong: 'Something went wrong on our side. Please try again in a moment.'
	},
	de: {
		scaleEnds: {
			nps: ['Sehr unwahrscheinlich', 'Äußerst wahrscheinlich'],
			csat: ['Sehr unzufrieden', 'Sehr zufrieden'],
			ces: ['Stimme überhaupt nicht zu', 'Stimme voll und ganz zu']
		},
		pageTitle: 'Ihre Meinung für {org}',
		chooseScore: 'Wählen Sie eine Bewertung.',
		submitScore: 'Bewertung senden',
		recordingScore: 'Ihre Bewertung wird gespeichert…',
		scoreSaved: 'Vielen Dank! Ihre Bewertung ist gespeichert.',
		tellUsMore: 'Möchten Sie uns noch etwas mehr erzählen? Alle folgenden Fragen sind freiwillig.',
		optional: 'freiwillig',
		improveHint: 'Ob groß oder klein – bis zu 2.000 Zeichen.',
		textHint: 'Bis zu 2.000 Zeichen.',
		send: 'Senden',
		thanksTitle: 'Vielen Dank!',
		thanksBody: 'Ihre Antwort hilft {org} zu entscheiden, was als Nächstes besser werden soll.',
		editableUntil: 'Sie können Ihre Antwort bis {date} ändern.',
		changeAnswer: 'Antwort ändern',
		closedTitle: 'Diese Umfrage ist beendet',
		closedBody: 'Danke, dass Sie sie geöffnet haben. Diese Umfrage nimmt keine Antworten mehr an.',
		answeredClosedBody:
			'Ihre Bewertung {score} ist gespeichert und kann nicht mehr geändert werden. Vielen Dank!',
		unknownTitle: 'Dieser Link funktioniert nicht',
		unknownBody:
			'Er ist vielleicht unvollständig oder nicht mehr gültig. Wenn Sie ihn aus einer E-Mail kopiert haben, prüfen Sie, ob er vollständig ist.',
		unsubscribeTitle: 'Von Umfrage-E-Mails abmelden?',
		unsubscribeBody: '{org} schickt Ihnen dann keine Umfrage-Einladungen mehr.',
		unsubscribeButton: 'Abmelden',
		unsubscribedTitle: 'Sie sind abgemeldet',
		unsubscribedBody: 'Das gilt ab sofort: {org} schickt Ihnen keine Umfrage-E-Mails mehr.',
		alreadyUnsubscribedBody:
			'Sie waren bereits abgemeldet: {org} schickt Ihnen keine Umfrage-E-Mails.',
		unsubscribeLink: 'Von diesen Umfragen abmelden',
		sentBy: 'Eine Umfrage von {org}',
		scoreRequired: 'Wählen Sie zuerst eine Bewertung.',
		somethingWentWrong:
			'Bei uns ist etwas schiefgegangen. Bitte versuchen Sie es gleich noch einmal.'
	},
	fr: {
		scaleEnds: {
			nps: ['Pas du tout probable', 'Très probable'],
			csat: ['Très insatisfait', 'Très satisfait'],
			ces: ['Pas du tout d’accord', 'Tout à fait d’accord']
		},
		pageTitle: 'Votre avis pour {org}',
		chooseScore: 'Choisissez une note.',
		submitScore: 'Envoyer ma note',
		recordingScore: 'Enregistrement de votre note…',
		scoreSaved: 'Merci ! Votre note est enregistrée.',
		tellUsMore:
			'Voulez-vous nous en dire un peu plus ? Toutes les questions ci-dessous sont facultatives.',
		optional: 'facultatif',
		improveHint: 'Petite ou grande chose, jusqu’à 2 000 caractères.',
		textHint: 'Jusqu’à 2 000 caractères.',
		send: 'Envoyer',
		thanksTitle: 'Merci !',
		thanksBody: 'Votre réponse aide {org} à choisir ce qu’il faut améliorer en priorité.',
		editableUntil: 'Vous pouvez modifier votre réponse jusqu’au {date}.',
		changeAnswer: 'Modifier ma réponse',
		closedTitle: 'Ce questionnaire est clos',
		closedBody: 'Merci de l’avoir ouvert. Ce questionnaire n’accepte plus de réponses.',
		answeredClosedBody:
			'Votre note de {score} est enregistrée et ne peut plus être modifiée. Merci !',
		unknownTitle: 'Ce lien ne fonctionne pas',
		unknownBody:
			'Il est peut-être incomplet ou n’est plus valable. Si vous l’avez copié depuis un e-mail, vérifiez que vous l’avez copié en entier.',
		unsubscribeTitle: 'Se désabonner des questionnaires ?',
		unsubscribeBody: '{org} cessera de vous envoyer des invitations à ses questionnaires.',
		unsubscribeButton: 'Se désabonner',
		unsubscribedTitle: 'Vous êtes désabonné',
		unsubscribedBody:
			'C’est effectif immédiatement : {org} ne vous enverra plus de questionnaires.',
		alreadyUnsubscribedBody:
			'Vous étiez déjà désabonné : {org} ne vous envoie pas de questionnaires.',
		unsubscribeLink: 'Se désabonner de ces questionnaires',
		sentBy: 'Un questionnaire de {org}',
		scoreRequired: 'Choisissez d’abord une note.',
		somethingWentWrong: 'Un problème est survenu de notre côté. Veuillez réessayer dans un instant.'
	}
};

function isShipped(language: string): language is ShippedLocale {
	return (shippedLocales as readonly string[]).includes(language);
}

/** The shipped language for a tag such as `de-CH`; English for anything else. */
export function copyLocale(locale: string): ShippedLocale {
	const language = locale.toLowerCase().split('-')[0] ?? '';
	return isShipped(language) ? language : fallbackLocale;
}

/**
 * The best shipped language for an `Accept-Language` header
 * (`de-CH,de;q=0.9,en;q=0.8`), by quality then order; English when none fits.
 */
export function negotiateCopyLocale(acceptLanguage: string | undefined): ShippedLocale {
	if (!acceptLanguage) return fallbackLocale;
	const ranked = acceptLanguage
		.split(',')
		.slice(0, 20)
		.map((part, index) => {
			const [tag = '', ...parameters] = part.trim().split(';');
			const quality = parameters
				.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1])
				.find((q) => q !== undefined);
			return {
				language: tag.trim().toLowerCase().split('-')[0] ?? '',
				quality: quality ? Number(quality) : 1,
				index
			};
		})
		.filter((entry) => entry.quality > 0)
		.sort((a, b) => b.quality - a.quality || a.index - b.index);
	const best = ranked.find((entry) => isShipped(entry.language))?.language;
	return best && isShipped(best) ? best : fallbackLocale;
}

/** The page strings in `locale` (falling back to English) with the organisation's name filled in. */
export function surveyCopy(locale: string, orgName: string): SurveyCopy {
	const chosen = copyLocale(locale);
	const strings = copies[chosen];
	const filled = Object.fromEntries(
		Object.entries(strings).map(([key, value]) => [
			key,
			typeof value === 'string' ? value.split('{org}').join(orgName) : value
		])
	) as Omit<SurveyCopy, 'locale'>;
	return { locale: chosen, ...filled };
}
