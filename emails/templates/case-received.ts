import { z } from 'zod';
import { renderEmail, type Brand, type Inline, type RenderedEmail } from '../render';

/**
 * Sent to the customer right after they file a complaint: the case number, the
 * honest promise of when we will reply, and the private link to follow it.
 * The subject carries only our words and the case number, never customer text.
 */
export const CaseReceivedProps = z.object({
	/** The language to write in; anything but a shipped one falls back to English. */
	locale: z.string().min(1),
	/** Null (or blank) for an anonymous complaint: the greeting then goes without a name. */
	customerName: z.string().nullable(),
	caseNumber: z.number().int().positive(),
	/** The customer's own subject line: shown in the body only, never in the email's subject. */
	subject: z.string(),
	/** When the first reply is due, already formatted for the customer. */
	promise: z.object({
		/** E.g. "Tuesday 10:00". */
		firstReplyBy: z.string().min(1),
		/** E.g. "Europe/Berlin". */
		timeZoneLabel: z.string().min(1)
	}),
	/** The customer's private status page; its link carries the case's token. */
	statusUrl: z.url()
});
export type CaseReceivedProps = z.infer<typeof CaseReceivedProps>;

type Wording = {
	subject: (caseNumber: number) => string;
	preheader: (by: string, zone: string) => string;
	heading: string;
	greeting: (name: string) => string;
	anonymousGreeting: string;
	thanks: string;
	promise: (by: string, zone: string) => Inline[];
	caseLabel: string;
	subjectLabel: string;
	follow: string;
	privateLink: string;
	fallbackLink: string;
	footer: (org: string) => string;
	sentBy: (org: string) => string;
};

const wordings: Record<'en' | 'de' | 'fr', Wording> = {
	en: {
		subject: (caseNumber) => `We have your complaint (case ${caseNumber})`,
		preheader: (by, zone) => `We will reply by ${by} (${zone} time).`,
		heading: 'We have your complaint',
		greeting: (name) => `Hello ${name},`,
		anonymousGreeting: 'Hello,',
		thanks:
			'Thank you for telling us what went wrong. Your complaint is now a case, and our team will look into it.',
		promise: (by, zone) => ['We will reply by ', { strong: by }, ` (${zone} time).`],
		caseLabel: 'Case',
		subjectLabel: 'Your subject',
		follow: 'Follow your case',
		privateLink:
			'This link is private: anyone who has it can read your case, so please do not forward this email.',
		fallbackLink: 'If the button does not work, paste this link into your browser: ',
		footer: (org) => `You received this because you sent a complaint to ${org}.`,
		sentBy: (org) => `Sent by ${org}`
	},
	de: {
		subject: (caseNumber) => `Wir haben Ihre Beschwerde erhalten (Fall ${caseNumber})`,
		preheader: (by, zone) => `Wir antworten Ihnen bis ${by} (Zeitzone ${zone}).`,
		heading: 'Wir haben Ihre Beschwerde erhalten',
		greeting: (name) => `Hallo ${name},`,
		anonymousGreeting: 'Hallo,',
		thanks:
			'Danke, dass Sie uns gesagt haben, was schiefgelaufen ist. Aus Ihrer Beschwerde ist ein Fall geworden, um den sich unser Team kümmert.',
		promise: (by, zone) => ['Wir antworten Ihnen bis ', { strong: by }, ` (Zeitzone ${zone}).`],
		caseLabel: 'Fall',
		subjectLabel: 'Ihr Betreff',
		follow: 'Ihren Fall verfolgen',
		privateLink:
			'Dieser Link ist privat: Wer ihn hat, kann Ihren Fall lesen. Bitte leiten Sie diese E-Mail daher nicht weiter.',
		fallbackLink:
			'Falls die Schaltfläche nicht funktioniert, kopieren Sie diesen Link in Ihren Browser: ',
		footer: (org) =>
			`Sie erhalten diese E-Mail, weil Sie eine Beschwerde an ${org} gesendet haben.`,
		sentBy: (org) => `Gesendet von ${org}`
	},
	fr: {
		subject: (caseNumber) => `Nous avons bien reçu votre réclamation (dossier ${caseNumber})`,
		preheader: (by, zone) => `Nous vous répondrons d’ici ${by} (fuseau horaire ${zone}).`,
		heading: 'Nous avons bien reçu votre réclamation',
		greeting: (name) => `Bonjour ${name},`,
		anonymousGreeting: 'Bonjour,',
		thanks:
			'Merci de nous avoir signalé ce qui n’allait pas. Votre réclamation est désormais un dossier, que notre équipe va examiner.',
		promise: (by, zone) => [
			'Nous vous répondrons d’ici ',
			{ strong: by },
			` (fuseau horaire ${zone}).`
		],
		caseLabel: 'Dossier',
		subjectLabel: 'Votre objet',
		follow: 'Suivre votre dossier',
		privateLink:
			'Ce lien est personnel : toute personne qui le possède peut consulter votre dossier. Merci de ne pas transférer cet e-mail.',
		fallbackLink: 'Si le bouton ne fonctionne pas, copiez ce lien dans votre navigateur : ',
		footer: (org) =>
			`Vous recevez cet e-mail parce que vous avez adressé une réclamation à ${org}.`,
		sentBy: (org) => `Envoyé par ${org}`
	}
};

/** The shipped language for a tag such as `de-CH`, English otherwise. */
function wordingFor(locale: string): { lang: keyof typeof wordings; wording: Wording } {
	const language = locale.toLowerCase().split('-')[0];
	const lang = language === 'de' || language === 'fr' ? language : 'en';
	return { lang, wording: wordings[lang] };
}

/** Customer text meant for one line (a name, a subject): line breaks and runs of space become one space. */
function oneLine(value: string): string {
	return value.replace(/\s+/g, ' ').trim();
}

export function renderCaseReceived(props: CaseReceivedProps, brand: Brand): RenderedEmail {
	const { lang, wording } = wordingFor(props.locale);
	const name = oneLine(props.customerName ?? '');
	const subject = oneLine(props.subject);
	const { firstReplyBy, timeZoneLabel } = props.promise;
	return renderEmail(
		{
			lang,
			subject: wording.subject(props.caseNumber),
			preheader: wording.preheader(firstReplyBy, timeZoneLabel),
			blocks: [
				{ kind: 'heading', text: wording.heading },
				{ kind: 'paragraph', content: [name ? wording.greeting(name) : wording.anonymousGreeting] },
				{ kind: 'paragraph', content: [wording.thanks] },
				{
					kind: 'details',
					rows: [
						[wording.caseLabel, String(props.caseNumber)],
						...(subject ? [[wording.subjectLabel, subject] as [string, string]] : [])
					]
				},
				{ kind: 'paragraph', content: wording.promise(firstReplyBy, timeZoneLabel) },
				{ kind: 'button', label: wording.follow, href: props.statusUrl },
				{ kind: 'note', content: [wording.privateLink] },
				{
					kind: 'note',
					content: [wording.fallbackLink, { text: props.statusUrl, href: props.statusUrl }]
				}
			],
			sentBy: wording.sentBy(brand.name),
			footer: [[wording.footer(brand.name)]]
		},
		brand
	);
}

export const preview = {
	props: {
		locale: 'en',
		customerName: 'Ada <Lovelace>',
		caseNumber: 1042,
		subject: 'My order arrived "broken" <again> & late',
		promise: { firstReplyBy: 'Tuesday 10:00', timeZoneLabel: 'Europe/Berlin' },
		statusUrl: 'https://closeloop.example.com/c/Hk3vQ9pLx2mN7rT0sW4yZa'
	},
	brand: { name: 'Acme "Support"', color: '#0e7490', publicUrl: 'https://closeloop.example.com' }
} satisfies { props: CaseReceivedProps; brand: Brand };
