import { z } from 'zod';
import { renderEmail, type Brand, type Inline, type RenderedEmail } from '../render';
import { textParagraphs } from './case-reply';

/**
 * The recovery question, sent when staff resolve a case: what we did, and
 * whether it is solved for the customer. Both answers link to the status page,
 * where a POST records the answer, so a link scanner opening the email
 * answers nothing. The subject carries only our words and the case number.
 */
export const CaseResolvedProps = z.object({
	/** The language to write in; anything but a shipped one falls back to English. */
	locale: z.string().min(1),
	/** Null (or blank) for an anonymous case: the greeting then goes without a name. */
	customerName: z.string().nullable(),
	caseNumber: z.number().int().positive(),
	/** What staff did, as written; may be multi-line, or empty when they left no note. */
	resolutionNote: z.string(),
	/** The customer's private status page; its link carries the case's token. */
	statusUrl: z.url(),
	/** The status page, set to answer "yes, it is solved". */
	confirmUrl: z.url(),
	/** The status page, set to answer "no, still a problem". */
	rejectUrl: z.url()
});
export type CaseResolvedProps = z.infer<typeof CaseResolvedProps>;

type Wording = {
	subject: (caseNumber: number) => string;
	preheader: string;
	greeting: (name: string) => string;
	anonymousGreeting: string;
	resolved: (caseNumber: number) => string;
	whatWeDid: (caseNumber: number) => string;
	question: string;
	yes: string;
	no: string;
	how: (statusUrl: string) => Inline[];
	answerNote: string;
	footer: (org: string) => string;
	sentBy: (org: string) => string;
};

const wordings: Record<'en' | 'de' | 'fr', Wording> = {
	en: {
		subject: (caseNumber) => `Is your case ${caseNumber} resolved?`,
		preheader: 'Please tell us whether it is solved for you.',
		greeting: (name) => `Hello ${name},`,
		anonymousGreeting: 'Hello,',
		resolved: (caseNumber) => `We think we have solved your case ${caseNumber}.`,
		whatWeDid: (caseNumber) =>
			`We think we have solved your case ${caseNumber}. Here is what we did:`,
		question: 'Is it solved for you?',
		yes: "Yes, it's solved",
		no: 'No, still a problem',
		how: (statusUrl) => [
			'How did we handle it? Tell us in your own words on ',
			{ text: 'your case page', href: statusUrl },
			'.'
		],
		answerNote:
			'Both buttons open your private case page, where one more click records your answer. Please do not forward this email.',
		footer: (org) => `You received this because you have a case open with ${org}.`,
		sentBy: (org) => `Sent by ${org}`
	},
	de: {
		subject: (caseNumber) => `Ist Ihr Fall ${caseNumber} gelöst?`,
		preheader: 'Bitte sagen Sie uns, ob das Problem für Sie gelöst ist.',
		greeting: (name) => `Hallo ${name},`,
		anonymousGreeting: 'Hallo,',
		resolved: (caseNumber) => `Wir glauben, dass wir Ihren Fall ${caseNumber} gelöst haben.`,
		whatWeDid: (caseNumber) =>
			`Wir glauben, dass wir Ihren Fall ${caseNumber} gelöst haben. Das haben wir getan:`,
		question: 'Ist das Problem für Sie gelöst?',
		yes: 'Ja, es ist gelöst',
		no: 'Nein, das Problem besteht noch',
		how: (statusUrl) => [
			'Wie haben wir uns um Ihr Anliegen gekümmert? Sagen Sie es uns in eigenen Worten auf ',
			{ text: 'der Seite Ihres Falls', href: statusUrl },
			'.'
		],
		answerNote:
			'Beide Schaltflächen öffnen die private Seite Ihres Falls; dort speichert ein weiterer Klick Ihre Antwort. Bitte leiten Sie diese E-Mail nicht weiter.',
		footer: (org) => `Sie erhalten diese E-Mail, weil Sie einen offenen Fall bei ${org} haben.`,
		sentBy: (org) => `Gesendet von ${org}`
	},
	fr: {
		subject: (caseNumber) => `Votre dossier ${caseNumber} est-il résolu ?`,
		preheader: 'Dites-nous si le problème est résolu pour vous.',
		greeting: (name) => `Bonjour ${name},`,
		anonymousGreeting: 'Bonjour,',
		resolved: (caseNumber) => `Nous pensons avoir résolu votre dossier ${caseNumber}.`,
		whatWeDid: (caseNumber) =>
			`Nous pensons avoir résolu votre dossier ${caseNumber}. Voici ce que nous avons fait :`,
		question: 'Le problème est-il résolu pour vous ?',
		yes: 'Oui, c’est résolu',
		no: 'Non, le problème persiste',
		how: (statusUrl) => [
			'Comment avons-nous traité votre demande ? Dites-le-nous avec vos propres mots sur ',
			{ text: 'la page de votre dossier', href: statusUrl },
			'.'
		],
		answerNote:
			'Les deux boutons ouvrent la page privée de votre dossier, où un clic de plus enregistre votre réponse. Merci de ne pas transférer cet e-mail.',
		footer: (org) => `Vous recevez cet e-mail parce que vous avez un dossier ouvert chez ${org}.`,
		sentBy: (org) => `Envoyé par ${org}`
	}
};

/** The shipped language for a tag such as `de-CH`, English otherwise. */
function wordingFor(locale: string): { lang: keyof typeof wordings; wording: Wording } {
	const language = locale.toLowerCase().split('-')[0];
	const lang = language === 'de' || language === 'fr' ? language : 'en';
	return { lang, wording: wordings[lang] };
}

export function renderCaseResolved(props: CaseResolvedProps, brand: Brand): RenderedEmail {
	const { lang, wording } = wordingFor(props.locale);
	const name = (props.customerName ?? '').replace(/\s+/g, ' ').trim();
	const note = textParagraphs(props.resolutionNote);
	return renderEmail(
		{
			lang,
			subject: wording.subject(props.caseNumber),
			preheader: wording.preheader,
			blocks: [
				{ kind: 'paragraph', content: [name ? wording.greeting(name) : wording.anonymousGreeting] },
				{
					kind: 'paragraph',
					content: [
						note.length ? wording.whatWeDid(props.caseNumber) : wording.resolved(props.caseNumber)
					]
				},
				...(note.length
					? [{ kind: 'divider' as const }, ...note, { kind: 'divider' as const }]
					: []),
				{ kind: 'paragraph', content: [{ strong: wording.question }] },
				{ kind: 'button', label: wording.yes, href: props.confirmUrl },
				{ kind: 'button', label: wording.no, href: props.rejectUrl },
				{ kind: 'paragraph', content: wording.how(props.statusUrl) },
				{ kind: 'note', content: [wording.answerNote] }
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
		resolutionNote:
			'We refunded the delivery charge & sent a replacement.\n\nThe courier has been told to ring the bell\nand wait at least two minutes.',
		statusUrl: 'https://closeloop.example.com/c/Hk3vQ9pLx2mN7rT0sW4yZa',
		confirmUrl: 'https://closeloop.example.com/c/Hk3vQ9pLx2mN7rT0sW4yZa?answer=yes',
		rejectUrl: 'https://closeloop.example.com/c/Hk3vQ9pLx2mN7rT0sW4yZa?answer=no'
	},
	brand: { name: 'Acme "Support"', color: '#0e7490', publicUrl: 'https://closeloop.example.com' }
} satisfies { props: CaseResolvedProps; brand: Brand };
