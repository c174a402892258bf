import { z } from 'zod';
import { escapeHtml, renderEmail, type Brand, type RenderedEmail } from '../render';

/**
 * A survey invitation (or its one reminder): the lead question with one link
 * per score, so answering takes one click, in the contact's language.
 */
export const SurveyInvitationProps = z.object({
	/** The language to write in; anything but a shipped one falls back to English. */
	locale: z.string().min(1),
	/** May be empty: the greeting then goes without a name. */
	contactName: z.string(),
	/** The lead question, already localized and with the organisation's name filled in. */
	question: z.string().min(1),
	kind: z.enum(['nps', 'csat', 'ces']),
	min: z.number().int(),
	max: z.number().int(),
	/** `P/s/<token>`; a score's link is `${surveyUrl}/${score}`. */
	surveyUrl: z.url(),
	/** The unsubscribe page, `P/u/<token>`. */
	unsubscribeUrl: z.url(),
	/** The RFC 8058 one-click endpoint, `P/api/public/unsubscribe/<token>`. */
	oneClickUnsubscribeUrl: z.url(),
	reminder: z.boolean().default(false)
});
export type SurveyInvitationProps = z.infer<typeof SurveyInvitationProps>;

type Wording = {
	subject: (org: string) => string;
	reminderSubject: (org: string) => string;
	preheader: string;
	greeting: (name: string) => string;
	anonymousGreeting: string;
	reminder: string;
	instruction: string;
	why: string;
	openSurvey: string;
	unsubscribe: string;
	unsubscribeLink: string;
	sentBy: (org: string) => string;
	ends: Record<'nps' | 'csat' | 'ces', [low: string, high: string]>;
};

const wordings: Record<'en' | 'de' | 'fr', Wording> = {
	en: {
		subject: (org) => `A quick question from ${org}`,
		reminderSubject: (org) => `A reminder: a quick question from ${org}`,
		preheader: 'One click is all it takes.',
		greeting: (name) => `Hello ${name},`,
		anonymousGreeting: 'Hello,',
		reminder: 'A reminder: we asked you this a few days ago and would still like to hear from you.',
		instruction: 'Click a number to answer:',
		why: 'We read every answer; it takes one click and decides what we fix next.',
		openSurvey: 'Open the survey',
		unsubscribe: 'Prefer not to get these surveys? ',
		unsubscribeLink: 'Unsubscribe',
		sentBy: (org) => `Sent by ${org}`,
		ends: {
			nps: ['Not at all likely', 'Extremely likely'],
			csat: ['Very dissatisfied', 'Very satisfied'],
			ces: ['Strongly disagree', 'Strongly agree']
		}
	},
	de: {
		subject: (org) => `Eine kurze Frage von ${org}`,
		reminderSubject: (org) => `Eine Erinnerung: eine kurze Frage von ${org}`,
		preheader: 'Ein Klick genügt.',
		greeting: (name) => `Hallo ${name},`,
		anonymousGreeting: 'Hallo,',
		reminder: 'Eine Erinnerung: Wir haben Sie vor ein paar Tagen gefragt und würden uns noch immer über Ihre Antwort freuen.',
		instruction: 'Klicken Sie auf eine Zahl, um zu antworten:',
		why: 'Wir lesen jede Antwort; sie kostet einen Klick und entscheidet, was wir als Nächstes verbessern.',
		openSurvey: 'Umfrage öffnen',
		unsubscribe: 'Sie möchten diese Umfragen nicht mehr erhalten? ',
		unsubscribeLink: 'Abmelden',
		sentBy: (org) => `Gesendet von ${org}`,
		ends: {
			nps: ['Sehr unwahrscheinlich', 'Äußerst wahrscheinlich'],
			csat: ['Sehr unzufrieden', 'Sehr zufrieden'],
			ces: ['Stimme überhaupt nicht zu', 'Stimme voll und ganz zu']
		}
	},
	fr: {
		subject: (org) => `Une petite question de la part de ${org}`,
		reminderSubject: (org) => `Un rappel : une petite question de la part de ${org}`,
		preheader: 'Un seul clic suffit.',
		greeting: (name) => `Bonjour ${name},`,
		anonymousGreeting: 'Bonjour,',
		reminder: 'Un rappel : nous vous avons posé cette question il y a quelques jours et votre avis nous intéresse toujours.',
		instruction: 'Cliquez sur un chiffre pour répondre :',
		why: 'Nous lisons chaque réponse ; il suffit d’un clic, et elle décide de ce que nous corrigerons ensuite.',
		openSurvey: 'Ouvrir le questionnaire',
		unsubscribe: 'Vous ne souhaitez plus recevoir ces questionnaires ? ',
		unsubscribeLink: 'Se désabonner',
		sentBy: (org) => `Envoyé par ${org}`,
		ends: {
			nps: ['Pas du tout probable', 'Très probable'],
			csat: ['Très insatisfait', 'Très satisfait'],
			ces: ['Pas du tout d’accord', 'Tout à fait d’accord']
		}
	}
};

/** The shipped language for a tag such as `de-CH`, English otherwise. */
function wordingFor(locale: string): { lang: keyof typeof wordings; wording: Wording } {
	const language = locale.toLowerCase().split('-')[0];
	const lang = language === 'de' || language === 'fr' ? language : 'en';
	return { lang, wording: wordings[lang] };
}

/** Renders the invitation, or its reminder, with its RFC 8058 one-click unsubscribe headers. */
export function renderSurveyInvitation(props: SurveyInvitationProps, brand: Brand): RenderedEmail {
	const { lang, wording } = wordingFor(props.locale);
	const name = props.contactName.trim();
	const [low, high] = wording.ends[props.kind];
	const scores = [];
	for (let score = props.min; score <= props.max; score++) {
		scores.push({ label: String(score), href: `${props.surveyUrl}/${score}` });
	}
	return renderEmail(
		{
			lang,
			subject: props.reminder ? wording.reminderSubject(brand.name) : wording.subject(brand.name),
			preheader: `${props.question} ${wording.preheader}`,
			blocks: [
				{ kind: 'paragraph', content: [name ? wording.greeting(name) : wording.anonymousGreeting] },
				...(props.reminder ? [{ kind: 'paragraph' as const, content: [wording.reminder] }] : []),
				{ kind: 'paragraph', content: [{ strong: props.question }] },
				{ kind: 'note', content: [wording.instruction] },
				{ kind: 'scale', scores, lowLabel: `${props.min} – ${low}`, highLabel: `${props.max} – ${high}` },
				{ kind: 'paragraph', content: [wording.why] },
				{ kind: 'note', content: [{ text: wording.openSurvey, href: props.surveyUrl }] }
			],
			sentBy: wording.sentBy(brand.name),
			footer: [[wording.unsubscribe, { text: wording.unsubscribeLink, href: props.unsubscribeUrl }]],
			headers: {
				'List-Unsubscribe': `<${props.oneClickUnsubscribeUrl}>`,
				'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click'
			}
		},
		brand
	);
}

/** Everything of an invitation except the contact's name and token, shared by many invitations. */
export type SurveyInvitationLayout = Omit<SurveyInvitationProps, 'contactName' | 'surveyUrl' | 'unsubscribeUrl' | 'oneClickUnsubscribeUrl'>;

/**
 * The invitation rendered with stand-ins for the token and the contact's name,
 * once with a name and once without (the greeting differs). Filling in
 * `tokenMark` with the token and `nameMark` with the name (HTML-escaped in the
 * HTML) gives exactly what `renderSurveyInvitation` gives. The stand-ins are
 * private-use characters, which real text does not contain.
 */
export function surveyInvitationTemplate(layout: SurveyInvitationLayout, brand: Brand) {
	const urls = surveyInvitationUrls(brand.publicUrl, tokenMark);
	return {
		tokenMark,
		nameMark,
		named: renderSurveyInvitation({ ...layout, ...urls, contactName: nameMark }, brand),
		anonymous: renderSurveyInvitation({ ...layout, ...urls, contactName: '' }, brand)
	};
}

const tokenMark = '\uE000token\uE000';
const nameMark = '\uE000name\uE000';

/**
 * Renders the invitation once and returns a function that fills in token and
 * name: the scheduler writes thousands of invitations per tick, and string
 * replacement is far cheaper than rendering. The result is the same, byte for
 * byte, as `renderSurveyInvitation`.
 */
export function compileSurveyInvitation(
	layout: SurveyInvitationLayout,
	brand: Brand
): (input: { token: string; contactName: string }) => RenderedEmail {
	const template = surveyInvitationTemplate(layout, brand);
	return ({ token, contactName }) => {
		const name = contactName.trim();
		const email = name ? template.named : template.anonymous;
		// Split and join, not replaceAll: a name may hold `$&` and other replacement patterns.
		const fill = (value: string, filledName: string) => value.split(tokenMark).join(token).split(nameMark).join(filledName);
		return {
			subject: fill(email.subject, name),
			html: fill(email.html, escapeHtml(name)),
			text: fill(email.text, name),
			...(email.headers
				? { headers: Object.fromEntries(Object.entries(email.headers).map(([key, value]) => [key, fill(value, name)])) }
				: {})
		};
	};
}

/** The links an invitation carries for `token` under the public base URL. */
export function surveyInvitationUrls(publicUrl: string, token: string) {
	const base = publicUrl.replace(/\/+$/, '');
	return {
		surveyUrl: `${base}/s/${token}`,
		unsubscribeUrl: `${base}/u/${token}`,
		oneClickUnsubscribeUrl: `${base}/api/public/unsubscribe/${token}`
	};
}

export const preview = {
	props: {
		locale: 'en',
		contactName: 'Ada <Lovelace>',
		question: 'How likely are you to recommend "Acme" <Support> to a friend or colleague?',
		kind: 'nps',
		min: 0,
		max: 10,
		surveyUrl: 'https://closeloop.example.com/s/q8V2kXb0Zr4mT1sLw9YcHg',
		unsubscribeUrl: 'https://closeloop.example.com/u/q8V2kXb0Zr4mT1sLw9YcHg',
		oneClickUnsubscribeUrl: 'https://closeloop.example.com/api/public/unsubscribe/q8V2kXb0Zr4mT1sLw9YcHg',
		reminder: false
	},
	brand: { name: 'Acme "Support"', color: '#0e7490', publicUrl: 'https://closeloop.example.com' }
} satisfies { props: SurveyInvitationProps; brand: Brand };
