import { z } from 'zod';
import { renderEmail, type Brand, type RenderedEmail } from '../render';
import { textParagraphs } from './case-reply';

/**
 * "You said, we did": what the organisation did about a customer's
 * suggestion, or (when a manager chooses to say so) why it will not, in the
 * customer's language. Their own words are quoted back; the subject carries
 * only our words. A news email: it has an unsubscribe link and RFC 8058
 * one-click headers.
 */
export const YouSaidWeDidProps = z.object({
	locale: z.string().min(1),
	/** Null (or blank) when we do not know their name. */
	contactName: z.string().nullable(),
	/** What they told us, quoted (shortened past 300 characters). */
	suggestion: z.string().min(1),
	outcome: z.enum(['done', 'declined']),
	actionTitle: z.string().min(1),
	/** What was done, or why not: paragraphs separated by blank lines. */
	details: z.string(),
	/** The public "you said, we did" page, when the organisation publishes one. */
	updatesUrl: z.url().nullable(),
	unsubscribeUrl: z.url(),
	oneClickUnsubscribeUrl: z.url()
});
export type YouSaidWeDidProps = z.infer<typeof YouSaidWeDidProps>;

type Wording = {
	subject: { done: (org: string) => string; declined: (org: string) => string };
	greeting: (name: string) => string;
	anonymousGreeting: string;
	youSaid: string;
	done: string;
	declined: string;
	thanks: string;
	more: string;
	unsubscribe: string;
	unsubscribeLink: string;
	sentBy: (org: string) => string;
};

const wordings: Record<'en' | 'de' | 'fr', Wording> = {
	en: {
		subject: {
			done: (org) => `You said, we did: an update from ${org}`,
			declined: (org) => `About your suggestion to ${org}`
		},
		greeting: (name) => `Hello ${name},`,
		anonymousGreeting: 'Hello,',
		youSaid: 'You told us:',
		done: 'We listened, and it is done:',
		declined: 'We looked at it carefully, and we have decided not to do it for now:',
		thanks:
			'Thank you for taking the time to tell us. Suggestions like yours decide what we work on.',
		more: 'See everything we changed',
		unsubscribe: 'You received this because you made a suggestion. ',
		unsubscribeLink: 'Unsubscribe from our updates and surveys',
		sentBy: (org) => `Sent by ${org}`
	},
	de: {
		subject: {
			done: (org) => `Sie haben es gesagt, wir haben es getan: Neues von ${org}`,
			declined: (org) => `Zu Ihrem Vorschlag an ${org}`
		},
		greeting: (name) => `Hallo ${name},`,
		anonymousGreeting: 'Hallo,',
		youSaid: 'Sie haben uns geschrieben:',
		done: 'Wir haben zugehört, und es ist umgesetzt:',
		declined: 'Wir haben es sorgfältig geprüft und uns entschieden, es vorerst nicht umzusetzen:',
		thanks:
			'Vielen Dank, dass Sie sich die Zeit genommen haben. Vorschläge wie Ihrer bestimmen, woran wir arbeiten.',
		more: 'Alles ansehen, was wir geändert haben',
		unsubscribe: 'Sie erhalten diese E-Mail, weil Sie uns einen Vorschlag gemacht haben. ',
		unsubscribeLink: 'Neuigkeiten und Umfragen abbestellen',
		sentBy: (org) => `Gesendet von ${org}`
	},
	fr: {
		subject: {
			done: (org) => `Vous l’avez dit, nous l’avons fait : des nouvelles de ${org}`,
			declined: (org) => `À propos de votre suggestion à ${org}`
		},
		greeting: (name) => `Bonjour ${name},`,
		anonymousGreeting: 'Bonjour,',
		youSaid: 'Vous nous avez écrit :',
		done: 'Nous vous avons écouté, et c’est fait :',
		declined:
			'Nous l’avons étudiée avec soin et avons décidé de ne pas la mettre en œuvre pour le moment :',
		thanks:
			'Merci d’avoir pris le temps de nous écrire. Ce sont des suggestions comme la vôtre qui décident de nos priorités.',
		more: 'Voir tout ce que nous avons changé',
		unsubscribe: 'Vous recevez cet e-mail parce que vous nous avez fait une suggestion. ',
		unsubscribeLink: 'Se désabonner de nos nouvelles et enquêtes',
		sentBy: (org) => `Envoyé par ${org}`
	}
};

function wordingFor(locale: string): { lang: keyof typeof wordings; wording: Wording } {
	const language = locale.toLowerCase().split('-')[0];
	const lang = language === 'de' || language === 'fr' ? language : 'en';
	return { lang, wording: wordings[lang] };
}

/** A customer's words, on one line and at most 300 characters. */
function quote(text: string): string {
	const line = text.replace(/\s+/g, ' ').trim();
	return line.length > 300 ? `${line.slice(0, 299).trimEnd()}…` : line;
}

export function renderYouSaidWeDid(props: YouSaidWeDidProps, brand: Brand): RenderedEmail {
	const { lang, wording } = wordingFor(props.locale);
	const name = (props.contactName ?? '').replace(/\s+/g, ' ').trim();
	const subject = wording.subject[props.outcome](brand.name);
	return renderEmail(
		{
			lang,
			subject,
			preheader: props.actionTitle,
			blocks: [
				{ kind: 'paragraph', content: [name ? wording.greeting(name) : wording.anonymousGreeting] },
				{ kind: 'paragraph', content: [wording.youSaid] },
				{ kind: 'note', content: [`“${quote(props.suggestion)}”`] },
				{
					kind: 'paragraph',
					content: [props.outcome === 'done' ? wording.done : wording.declined]
				},
				{ kind: 'heading', text: props.actionTitle },
				...textParagraphs(props.details),
				{ kind: 'paragraph', content: [wording.thanks] },
				...(props.updatesUrl
					? [{ kind: 'button' as const, label: wording.more, href: props.updatesUrl }]
					: [])
			],
			sentBy: wording.sentBy(brand.name),
			footer: [
				[wording.unsubscribe, { text: wording.unsubscribeLink, href: props.unsubscribeUrl }]
			],
			headers: {
				'List-Unsubscribe': `<${props.oneClickUnsubscribeUrl}>`,
				'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click'
			}
		},
		brand
	);
}

export const preview = {
	props: {
		locale: 'en',
		contactName: 'Ada <Lovelace>',
		suggestion:
			'It would help a lot if the delivery notes showed the order number & the PO number, so our warehouse can match them.',
		outcome: 'done',
		actionTitle: 'Order and PO numbers on every delivery note',
		details:
			'From this week every delivery note shows your order number and your purchase order number at the top.\n\nThank you to the 14 customers who asked for it.',
		updatesUrl: 'https://closeloop.example.com/you-said-we-did',
		unsubscribeUrl: 'https://closeloop.example.com/n/q8V2kXb0Zr4mT1sLw9YcHg',
		oneClickUnsubscribeUrl:
			'https://closeloop.example.com/api/public/news/q8V2kXb0Zr4mT1sLw9YcHg/unsubscribe'
	},
	brand: { name: 'Acme "Support"', color: '#0e7490', publicUrl: 'https://closeloop.example.com' }
} satisfies { props: YouSaidWeDidProps; brand: Brand };
