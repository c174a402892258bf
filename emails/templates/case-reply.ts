import { z } from 'zod';
import { renderEmail, type Block, type Brand, type Inline, type RenderedEmail } from '../render';

/**
 * A public reply from staff on a case, in the customer's language, or the news
 * that staff reopened it (with their words, if they wrote any). The reply
 * body is shown in the email's body only; the subject carries only our words
 * and the case number.
 */
export const CaseReplyProps = z.object({
	/** The language to write in; anything but a shipped one falls back to English. */
	locale: z.string().min(1),
	/** Null (or blank) for an anonymous case: the greeting then goes without a name. */
	customerName: z.string().nullable(),
	caseNumber: z.number().int().positive(),
	/** Who replied, as the customer should see them; blank reads as "our team". */
	agentName: z.string(),
	/** The reply as written: a paragraph per blank-line-separated chunk, line breaks kept in the text part. Blank only for a reopening without words. */
	body: z.string(),
	/** The customer's private status page; its link carries the case's token. */
	statusUrl: z.url(),
	/** The case waits for the customer: ask them to answer on their case page. */
	waitingOnCustomer: z.boolean(),
	/** Staff reopened the case: say so, in the subject too. */
	reopened: z.boolean().default(false)
});
export type CaseReplyProps = z.input<typeof CaseReplyProps>;

type Wording = {
	subject: (caseNumber: number) => string;
	preheader: (caseNumber: number) => string;
	greeting: (name: string) => string;
	anonymousGreeting: string;
	replied: (agent: string, caseNumber: number) => Inline[];
	reopenedSubject: (caseNumber: number) => string;
	reopened: (agent: string, caseNumber: number) => Inline[];
	team: string;
	waiting: string;
	open: string;
	privateLink: string;
	fallbackLink: string;
	footer: (org: string) => string;
	sentBy: (org: string) => string;
};

const wordings: Record<'en' | 'de' | 'fr', Wording> = {
	en: {
		subject: (caseNumber) => `Re: your case ${caseNumber}`,
		preheader: (caseNumber) => `There is a new reply on your case ${caseNumber}.`,
		greeting: (name) => `Hello ${name},`,
		anonymousGreeting: 'Hello,',
		replied: (agent, caseNumber) => [{ strong: agent }, ` replied on your case ${caseNumber}:`],
		reopenedSubject: (caseNumber) => `Your case ${caseNumber} is open again`,
		reopened: (agent, caseNumber) => [
			{ strong: agent },
			` reopened your case ${caseNumber}: we are working on it again.`
		],
		team: 'Our team',
		waiting: 'Please reply on your case page so we can carry on.',
		open: 'Open your case',
		privateLink:
			'This link is private: anyone who has it can read your case, so please do not forward this email.',
		fallbackLink: 'If the button does not work, paste this link into your browser: ',
		footer: (org) => `You received this because you have a case open with ${org}.`,
		sentBy: (org) => `Sent by ${org}`
	},
	de: {
		subject: (caseNumber) => `Re: Ihr Fall ${caseNumber}`,
		preheader: (caseNumber) => `Es gibt eine neue Antwort zu Ihrem Fall ${caseNumber}.`,
		greeting: (name) => `Hallo ${name},`,
		anonymousGreeting: 'Hallo,',
		replied: (agent, caseNumber) => [
			{ strong: agent },
			` hat auf Ihren Fall ${caseNumber} geantwortet:`
		],
		reopenedSubject: (caseNumber) => `Ihr Fall ${caseNumber} ist wieder geöffnet`,
		reopened: (agent, caseNumber) => [
			{ strong: agent },
			` hat Ihren Fall ${caseNumber} wieder geöffnet: Wir arbeiten erneut daran.`
		],
		team: 'Unser Team',
		waiting: 'Bitte antworten Sie auf der Seite Ihres Falls, damit wir weitermachen können.',
		open: 'Ihren Fall öffnen',
		privateLink:
			'Dieser Link ist privat: Wer ihn hat, kann Ihren Fall lesen. Bitte leiten Sie diese E-Mail daher nicht weiter.',
		fallbackLink:
			'Falls die Schaltfläche nicht funktioniert, kopieren Sie diesen Link in Ihren Browser: ',
		footer: (org) => `Sie erhalten diese E-Mail, weil Sie einen offenen Fall bei ${org} haben.`,
		sentBy: (org) => `Gesendet von ${org}`
	},
	fr: {
		subject: (caseNumber) => `Re: votre dossier ${caseNumber}`,
		preheader: (caseNumber) =>
			`Vous avez une nouvelle réponse concernant votre dossier ${caseNumber}.`,
		greeting: (name) => `Bonjour ${name},`,
		anonymousGreeting: 'Bonjour,',
		replied: (agent, caseNumber) => [
			{ strong: agent },
			` a répondu concernant votre dossier ${caseNumber} :`
		],
		reopenedSubject: (caseNumber) => `Votre dossier ${caseNumber} est rouvert`,
		reopened: (agent, caseNumber) => [
			{ strong: agent },
			` a rouvert votre dossier ${caseNumber} : nous y travaillons à nouveau.`
		],
		team: 'Notre équipe',
		waiting: 'Merci de répondre depuis la page de votre dossier pour que nous puissions avancer.',
		open: 'Ouvrir votre dossier',
		privateLink:
			'Ce lien est personnel : toute personne qui le possède peut consulter votre dossier. Merci de ne pas transférer cet e-mail.',
		fallbackLink: 'Si le bouton ne fonctionne pas, copiez ce lien dans votre navigateur : ',
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

/**
 * Multi-line text as paragraph blocks: one per chunk between blank lines, the
 * line breaks inside a chunk kept (the text part shows them; HTML folds them
 * into spaces). The blocks escape the text for HTML.
 */
export function textParagraphs(value: string): Block[] {
	return value
		.replace(/\r\n?/g, '\n')
		.split(/\n[ \t]*\n/)
		.map((chunk) => chunk.replace(/^\s*\n|\s+$/g, ''))
		.filter((chunk) => chunk.trim() !== '')
		.map((chunk) => ({ kind: 'paragraph', content: [chunk] }));
}

export function renderCaseReply(props: CaseReplyProps, brand: Brand): RenderedEmail {
	const { lang, wording } = wordingFor(props.locale);
	const name = (props.customerName ?? '').replace(/\s+/g, ' ').trim();
	const agent = props.agentName.replace(/\s+/g, ' ').trim() || wording.team;
	const body = textParagraphs(props.body);
	const lead = props.reopened
		? wording.reopened(agent, props.caseNumber)
		: wording.replied(agent, props.caseNumber);
	return renderEmail(
		{
			lang,
			subject: props.reopened
				? wording.reopenedSubject(props.caseNumber)
				: wording.subject(props.caseNumber),
			preheader: props.reopened
				? wording.reopenedSubject(props.caseNumber)
				: wording.preheader(props.caseNumber),
			blocks: [
				{ kind: 'paragraph', content: [name ? wording.greeting(name) : wording.anonymousGreeting] },
				{ kind: 'paragraph', content: lead },
				...(body.length > 0
					? [{ kind: 'divider' as const }, ...body, { kind: 'divider' as const }]
					: []),
				...(props.waitingOnCustomer
					? [{ kind: 'paragraph' as const, content: [{ strong: wording.waiting }] }]
					: []),
				{ kind: 'button', label: wording.open, href: props.statusUrl },
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
		agentName: 'Grace "Support" Hopper',
		body: 'Thank you for your patience & sorry for the trouble.\n\nWe have sent a replacement today; it should arrive by Friday.\nThe tracking number is on your case page.\n\nCould you confirm the delivery address is still right?',
		statusUrl: 'https://closeloop.example.com/c/Hk3vQ9pLx2mN7rT0sW4yZa',
		waitingOnCustomer: true
	},
	brand: { name: 'Acme "Support"', color: '#0e7490', publicUrl: 'https://closeloop.example.com' }
} satisfies { props: CaseReplyProps; brand: Brand };
