/**
 * The words of the "you said, we did" pages, in the languages the emails and
 * survey pages ship (English, German, French; English is the fallback): the
 * public page of done actions, and the unsubscribe page a news email links to.
 * The API speaks English only in its messages, so these pages carry their own.
 * Placeholders: `{org}`, `{date}`, `{count}`.
 */
import { copyLocale } from '$api/domain/survey-copy';
import type { ShippedLocale } from '$api/domain/survey-definition';

export type NewsCopy = {
	locale: ShippedLocale;
	somethingWentWrong: string;
	unsubscribe: {
		title: string;
		body: string;
		button: string;
		doneTitle: string;
		doneBody: string;
		alreadyBody: string;
		sentBy: string;
	};
	updates: {
		/** The browser tab: `{org}`. */
		pageTitle: string;
		heading: string;
		intro: string;
		/** `{date}`. */
		doneOn: string;
		/** `{count}` customers asked, by plural category (`one`, `other`). */
		askedBy: { one: string; other: string };
		emptyTitle: string;
		emptyBody: string;
		notPublishedTitle: string;
		notPublishedBody: string;
		footer: string;
	};
};

const copies: Record<ShippedLocale, Omit<NewsCopy, 'locale'>> = {
	en: {
		somethingWentWrong: 'Something went wrong on our side. Please try again in a moment.',
		unsubscribe: {
			title: 'Unsubscribe from emails by {org}?',
			body: '{org} will stop sending you updates about suggestions and survey invitations.',
			button: 'Unsubscribe',
			doneTitle: 'You’re unsubscribed',
			doneBody:
				'This took effect at once: {org} will not send you any more updates or survey emails.',
			alreadyBody:
				'You were already unsubscribed: {org} does not send you updates or survey emails.',
			sentBy: 'Updates from {org}'
		},
		updates: {
			pageTitle: 'You said, we did — {org}',
			heading: 'You said, we did',
			intro: 'What {org} has changed because customers asked for it, most recent first.',
			doneOn: 'Done on {date}',
			askedBy: { one: 'Asked for by {count} customer', other: 'Asked for by {count} customers' },
			emptyTitle: 'Nothing to show yet',
			emptyBody: 'When {org} finishes something customers asked for, you will read about it here.',
			notPublishedTitle: 'This page is not published',
			notPublishedBody: '{org} does not share its “you said, we did” updates here.',
			footer: 'Every change here began with a customer’s suggestion. No customer is named.'
		}
	},
	de: {
		somethingWentWrong:
			'Bei uns ist etwas schiefgegangen. Bitte versuchen Sie es gleich noch einmal.',
		unsubscribe: {
			title: 'E-Mails von {org} abbestellen?',
			body: '{org} schickt Ihnen dann keine Neuigkeiten zu Vorschlägen und keine Umfrage-Einladungen mehr.',
			button: 'Abbestellen',
			doneTitle: 'Sie sind abgemeldet',
			doneBody:
				'Das gilt ab sofort: {org} schickt Ihnen keine Neuigkeiten und keine Umfrage-E-Mails mehr.',
			alreadyBody:
				'Sie waren bereits abgemeldet: {org} schickt Ihnen keine Neuigkeiten und keine Umfrage-E-Mails.',
			sentBy: 'Neuigkeiten von {org}'
		},
		updates: {
			pageTitle: 'Sie haben es gesagt, wir haben es getan — {org}',
			heading: 'Sie haben es gesagt, wir haben es getan',
			intro: 'Was {org} geändert hat, weil Kunden es sich gewünscht haben, das Neueste zuerst.',
			doneOn: 'Umgesetzt am {date}',
			askedBy: { one: 'Gewünscht von einem Kunden', other: 'Gewünscht von {count} Kunden' },
			emptyTitle: 'Noch nichts zu sehen',
			emptyBody:
				'Sobald {org} etwas umgesetzt hat, das sich Kunden gewünscht haben, lesen Sie es hier.',
			notPublishedTitle: 'Diese Seite ist nicht veröffentlicht',
			notPublishedBody: '{org} veröffentlicht seine Neuigkeiten hier nicht.',
			footer: 'Jede Änderung hier begann mit dem Vorschlag eines Kunden. Niemand wird genannt.'
		}
	},
	fr: {
		somethingWentWrong:
			'Un problème est survenu de notre côté. Veuillez réessayer dans un instant.',
		unsubscribe: {
			title: 'Se désabonner des e-mails de {org} ?',
			body: '{org} cessera de vous envoyer des nouvelles de vos suggestions et des invitations à ses questionnaires.',
			button: 'Se désabonner',
			doneTitle: 'Vous êtes désabonné',
			doneBody:
				'C’est effectif immédiatement : {org} ne vous enverra plus de nouvelles ni de questionnaires.',
			alreadyBody:
				'Vous étiez déjà désabonné : {org} ne vous envoie ni nouvelles ni questionnaires.',
			sentBy: 'Des nouvelles de {org}'
		},
		updates: {
			pageTitle: 'Vous l’avez dit, nous l’avons fait — {org}',
			heading: 'Vous l’avez dit, nous l’avons fait',
			intro:
				'Ce que {org} a changé parce que ses clients l’ont demandé, des plus récents aux plus anciens.',
			doneOn: 'Réalisé le {date}',
			askedBy: { one: 'Demandé par {count} client', other: 'Demandé par {count} clients' },
			emptyTitle: 'Rien à montrer pour l’instant',
			emptyBody:
				'Quand {org} aura réalisé quelque chose que ses clients ont demandé, vous le lirez ici.',
			notPublishedTitle: 'Cette page n’est pas publiée',
			notPublishedBody: '{org} ne partage pas ses nouvelles ici.',
			footer: 'Chaque changement ici est né de la suggestion d’un client. Aucun client n’est nommé.'
		}
	}
};

/** The words in `locale` (a tag such as `de-CH`; English for anything not shipped). */
export function newsCopy(locale: string): NewsCopy {
	const chosen = copyLocale(locale);
	return { locale: chosen, ...copies[chosen] };
}

/** `template` with each `{key}` replaced. */
export function fill(template: string, values: Record<string, string | number>): string {
	return template.replace(/\{(\w+)\}/g, (whole, key: string) =>
		key in values ? String(values[key]) : whole
	);
}

/** "Asked for by 3 customers", in the page's language and its plural rules. */
export function askedBy(copy: NewsCopy, count: number): string {
	const category = new Intl.PluralRules(copy.locale).select(count);
	const template = category === 'one' ? copy.updates.askedBy.one : copy.updates.askedBy.other;
	return fill(template, { count: new Intl.NumberFormat(copy.locale).format(count) });
}

/** A done date, long: "14 May 2026" (in UTC: the page knows no time zone of its reader). */
export function formatDoneDate(iso: string, locale: string): string {
	return new Intl.DateTimeFormat(locale, {
		day: 'numeric',
		month: 'long',
		year: 'numeric',
		timeZone: 'UTC'
	}).format(new Date(iso));
}

/** An action's description as paragraphs (separated by blank lines, as in the emails). */
export function paragraphs(text: string): string[] {
	return text
		.split(/\n\s*\n/)
		.map((paragraph) => paragraph.trim())
		.filter(Boolean);
}
