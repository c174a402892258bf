/**
 * The words of the public complaint form and the case status page, in the
 * languages the emails and survey pages ship (English, German, French). The
 * API speaks English only in its messages, so these pages carry their own.
 * Placeholders: `{org}`, `{number}`, `{date}`, `{zone}`, `{author}`, `{count}`, `{max}`.
 */
import type { CaseState } from '$api/domain/case-workflow';
import { formatPromise as formatPromiseAt } from '$api/domain/promise-time';
import { negotiateCopyLocale } from '$api/domain/survey-copy';
import type { ShippedLocale } from '$api/domain/survey-definition';

export type ComplaintField =
	'name' | 'email' | 'accountReference' | 'categoryId' | 'subject' | 'description';

export type Stage = 'received' | 'reading' | 'working' | 'solved';

export type ComplaintCopy = {
	locale: ShippedLocale;
	optional: string;
	somethingWentWrong: string;
	makeComplaint: string;
	form: {
		title: string;
		intro: string;
		nameLabel: string;
		emailLabel: string;
		emailHint: string;
		accountLabel: string;
		accountHint: string;
		categoryLabel: string;
		categoryNone: string;
		subjectLabel: string;
		subjectHint: string;
		descriptionLabel: string;
		descriptionHint: string;
		/** `{count}` of `{max}` characters. */
		counter: string;
		anonymousLabel: string;
		anonymousHint: string;
		honeypotLabel: string;
		whatNext: string;
		submit: string;
		sending: string;
		errorSummary: string;
		rateLimited: string;
		notAccepted: string;
		errors: Record<ComplaintField, string> & { descriptionTooLong: string };
		footer: string;
	};
	status: {
		/** `{number}`. */
		title: string;
		caseLabel: string;
		/** `{number}`. */
		newTitle: string;
		newBody: string;
		stateHeading: string;
		states: Record<CaseState, string>;
		progressLabel: string;
		stages: Record<Stage, string>;
		stageDone: string;
		stageCurrent: string;
		stageTodo: string;
		/** `{date}`, `{zone}`. */
		replyBy: string;
		replyLate: string;
		resolveBy: string;
		resolveLate: string;
		waiting: string;
		conversation: string;
		you: string;
		/** `{author}`, `{org}`. */
		staffAuthor: string;
		replyLabel: string;
		replyHint: string;
		replyWaitingHint: string;
		replySend: string;
		replyRequired: string;
		replySent: string;
		recoveryHeading: string;
		recoveryBody: string;
		yes: string;
		no: string;
		/** `{answer}`. */
		preselected: string;
		chooseAgain: string;
		commentLabel: string;
		solvedNotice: string;
		reopenedNotice: string;
		changedNotice: string;
		answerNotWaiting: string;
		closedBody: string;
		unknownTitle: string;
		unknownBody: string;
		privateLink: string;
		footer: string;
	};
};

const copies: Record<ShippedLocale, Omit<ComplaintCopy, 'locale'>> = {
	en: {
		optional: 'optional',
		somethingWentWrong: 'Something went wrong on our side. Please try again in a moment.',
		makeComplaint: 'Make a new complaint',
		form: {
			title: 'Tell us what went wrong',
			intro:
				'We are sorry something went wrong. Tell us what happened and a person on our team will look into it.',
			nameLabel: 'Your name',
			emailLabel: 'Your email address',
			emailHint: 'We send the private link to your case here, and write to you about it.',
			accountLabel: 'Customer or account number',
			accountHint: 'If you have one, it helps us find your details faster.',
			categoryLabel: 'What is it about?',
			categoryNone: 'Choose a topic',
			subjectLabel: 'Subject',
			subjectHint: 'A short title, for example “Invoice charged twice”.',
			descriptionLabel: 'What happened?',
			descriptionHint: 'What went wrong and when, and what would put it right for you.',
			counter: '{count} of {max} characters',
			anonymousLabel: 'Stay anonymous',
			anonymousHint:
				'You still get a private link by email, and you can follow your case and answer us there. Our staff will not see your name, email address or account number.',
			honeypotLabel: 'Leave this field empty',
			whatNext:
				'What happens next: we email you a private link to your case straight away, with the time by which we will reply.',
			submit: 'Send complaint',
			sending: 'Sending…',
			errorSummary: 'Please check the fields marked below.',
			rateLimited:
				'We have received several complaints from you in the last hour. Please try again a little later, or write to us on the page of the case you already opened.',
			notAccepted: 'This form could not be accepted. Please try again.',
			errors: {
				name: 'Use at most 120 characters, on one line.',
				email: 'Enter your email address, like name@example.com.',
				accountReference: 'Use at most 80 characters, on one line.',
				categoryId: 'Choose a topic from the list.',
				subject: 'Give your complaint a short title: 3 to 160 characters, on one line.',
				description: 'Tell us a little more: at least 10 characters.',
				descriptionTooLong: 'Please keep it to 10,000 characters.'
			},
			footer: '{org} reads every complaint and answers it.'
		},
		status: {
			title: 'Case {number}',
			caseLabel: 'Case {number}',
			newTitle: 'Thank you — case {number} is open.',
			newBody:
				'We have emailed you a private link to this page. Keep it to follow your case and write to us.',
			stateHeading: 'Where your case stands',
			states: {
				new: 'We have received your complaint',
				acknowledged: 'We have read it and will reply soon',
				in_progress: 'We are working on it',
				waiting_on_customer: 'We are waiting for your reply',
				resolved: 'We think this is solved — is it?',
				closed: 'This case is closed'
			},
			progressLabel: 'Progress',
			stages: {
				received: 'Received',
				reading: 'Reading',
				working: 'Working on it',
				solved: 'Solved'
			},
			stageDone: 'done',
			stageCurrent: 'current stage',
			stageTodo: 'not yet',
			replyBy: 'We will reply by {date} ({zone} time).',
			replyLate:
				'We promised to reply by {date} ({zone} time) and we are late. We are sorry, and will reply as soon as we can.',
			resolveBy: 'We aim to resolve it by {date} ({zone} time).',
			resolveLate:
				'We aimed to resolve it by {date} ({zone} time). It is taking longer; we are still on it.',
			waiting:
				'We have asked you something. Please answer below; our promised times wait until you do.',
			conversation: 'Conversation',
			you: 'You',
			staffAuthor: '{author}, {org}',
			replyLabel: 'Write to us',
			replyHint: 'We answer here and by email.',
			replyWaitingHint: 'Answer our question here. We answer here and by email.',
			replySend: 'Send message',
			replyRequired: 'Write a message first.',
			replySent: 'Your message is sent. We will answer here and by email.',
			recoveryHeading: 'Is it solved for you?',
			recoveryBody:
				'We think we have solved your case. Please tell us whether that is right: if not, we reopen it and keep working on it.',
			yes: 'Yes, it’s solved',
			no: 'No, still a problem',
			preselected: 'You chose “{answer}”. Press the button to send your answer.',
			chooseAgain: 'Choose the other answer',
			commentLabel: 'Anything you would like to add?',
			solvedNotice: 'Thank you for letting us know. Your case is now closed.',
			reopenedNotice:
				'Thank you for telling us. We have reopened your case and are working on it again.',
			changedNotice: 'Your case changed in the meantime. Here it is as it stands now.',
			answerNotWaiting:
				'This case is no longer waiting for that answer. Here is where it stands now.',
			closedBody:
				'If the problem comes back, please make a new complaint and we will look into it.',
			unknownTitle: 'This link does not work',
			unknownBody:
				'The link may be incomplete or no longer valid. Check that you copied the whole link from our email.',
			privateLink: 'This page is private: anyone with its link can read your case.',
			footer: '{org} keeps this page up to date as your case moves on.'
		}
	},
	de: {
		optional: 'optional',
		somethingWentWrong:
			'Bei uns ist etwas schiefgelaufen. Bitte versuchen Sie es in einem Moment noch einmal.',
		makeComplaint: 'Neue Beschwerde einreichen',
		form: {
			title: 'Sagen Sie uns, was schiefgelaufen ist',
			intro:
				'Es tut uns leid, dass etwas schiefgelaufen ist. Schildern Sie uns, was passiert ist; ein Mensch aus unserem Team kümmert sich darum.',
			nameLabel: 'Ihr Name',
			emailLabel: 'Ihre E-Mail-Adresse',
			emailHint: 'Hierhin senden wir den privaten Link zu Ihrem Fall und schreiben Ihnen dazu.',
			accountLabel: 'Kunden- oder Kontonummer',
			accountHint: 'Falls Sie eine haben: So finden wir Ihre Daten schneller.',
			categoryLabel: 'Worum geht es?',
			categoryNone: 'Thema wählen',
			subjectLabel: 'Betreff',
			subjectHint: 'Ein kurzer Titel, zum Beispiel „Rechnung doppelt abgebucht“.',
			descriptionLabel: 'Was ist passiert?',
			descriptionHint: 'Was ist wann schiefgelaufen, und was würde es für Sie wieder gutmachen?',
			counter: '{count} von {max} Zeichen',
			anonymousLabel: 'Anonym bleiben',
			anonymousHint:
				'Sie erhalten trotzdem einen privaten Link per E-Mail und können Ihren Fall dort verfolgen und uns antworten. Unsere Mitarbeitenden sehen weder Ihren Namen noch Ihre E-Mail-Adresse oder Kontonummer.',
			honeypotLabel: 'Dieses Feld bitte leer lassen',
			whatNext:
				'So geht es weiter: Wir senden Ihnen sofort einen privaten Link zu Ihrem Fall, mit der Zeit, bis zu der wir antworten.',
			submit: 'Beschwerde senden',
			sending: 'Wird gesendet …',
			errorSummary: 'Bitte prüfen Sie die markierten Felder.',
			rateLimited:
				'Wir haben in der letzten Stunde schon mehrere Beschwerden von Ihnen erhalten. Bitte versuchen Sie es etwas später noch einmal, oder schreiben Sie uns auf der Seite des Falls, den Sie bereits eröffnet haben.',
			notAccepted:
				'Dieses Formular konnte nicht angenommen werden. Bitte versuchen Sie es noch einmal.',
			errors: {
				name: 'Höchstens 120 Zeichen, in einer Zeile.',
				email: 'Geben Sie Ihre E-Mail-Adresse ein, etwa name@example.com.',
				accountReference: 'Höchstens 80 Zeichen, in einer Zeile.',
				categoryId: 'Wählen Sie ein Thema aus der Liste.',
				subject:
					'Geben Sie Ihrer Beschwerde einen kurzen Titel: 3 bis 160 Zeichen, in einer Zeile.',
				description: 'Erzählen Sie uns etwas mehr: mindestens 10 Zeichen.',
				descriptionTooLong: 'Bitte höchstens 10.000 Zeichen.'
			},
			footer: '{org} liest jede Beschwerde und beantwortet sie.'
		},
		status: {
			title: 'Fall {number}',
			caseLabel: 'Fall {number}',
			newTitle: 'Danke — Fall {number} ist eröffnet.',
			newBody:
				'Wir haben Ihnen einen privaten Link zu dieser Seite gesendet. Bewahren Sie ihn auf, um Ihren Fall zu verfolgen und uns zu schreiben.',
			stateHeading: 'So steht Ihr Fall',
			states: {
				new: 'Wir haben Ihre Beschwerde erhalten',
				acknowledged: 'Wir haben sie gelesen und antworten bald',
				in_progress: 'Wir arbeiten daran',
				waiting_on_customer: 'Wir warten auf Ihre Antwort',
				resolved: 'Wir glauben, das Problem ist gelöst — stimmt das?',
				closed: 'Dieser Fall ist abgeschlossen'
			},
			progressLabel: 'Fortschritt',
			stages: {
				received: 'Erhalten',
				reading: 'Gelesen',
				working: 'In Arbeit',
				solved: 'Gelöst'
			},
			stageDone: 'erledigt',
			stageCurrent: 'aktueller Schritt',
			stageTodo: 'noch nicht',
			replyBy: 'Wir antworten Ihnen bis {date} (Zeitzone {zone}).',
			replyLate:
				'Wir hatten versprochen, bis {date} (Zeitzone {zone}) zu antworten, und sind spät dran. Das tut uns leid; wir antworten so schnell wir können.',
			resolveBy: 'Wir wollen das Problem bis {date} (Zeitzone {zone}) lösen.',
			resolveLate:
				'Wir wollten das Problem bis {date} (Zeitzone {zone}) lösen. Es dauert länger; wir bleiben dran.',
			waiting:
				'Wir haben Ihnen eine Frage gestellt. Bitte antworten Sie unten; unsere zugesagten Zeiten warten so lange.',
			conversation: 'Verlauf',
			you: 'Sie',
			staffAuthor: '{author}, {org}',
			replyLabel: 'Schreiben Sie uns',
			replyHint: 'Wir antworten hier und per E-Mail.',
			replyWaitingHint: 'Beantworten Sie unsere Frage hier. Wir antworten hier und per E-Mail.',
			replySend: 'Nachricht senden',
			replyRequired: 'Schreiben Sie zuerst eine Nachricht.',
			replySent: 'Ihre Nachricht ist gesendet. Wir antworten hier und per E-Mail.',
			recoveryHeading: 'Ist das Problem für Sie gelöst?',
			recoveryBody:
				'Wir glauben, dass wir Ihren Fall gelöst haben. Bitte sagen Sie uns, ob das stimmt: Wenn nicht, öffnen wir ihn wieder und arbeiten weiter daran.',
			yes: 'Ja, es ist gelöst',
			no: 'Nein, das Problem besteht noch',
			preselected:
				'Sie haben „{answer}“ gewählt. Drücken Sie die Schaltfläche, um Ihre Antwort zu senden.',
			chooseAgain: 'Die andere Antwort wählen',
			commentLabel: 'Möchten Sie noch etwas hinzufügen?',
			solvedNotice: 'Danke für Ihre Rückmeldung. Ihr Fall ist jetzt abgeschlossen.',
			reopenedNotice:
				'Danke, dass Sie es uns sagen. Wir haben Ihren Fall wieder geöffnet und arbeiten weiter daran.',
			changedNotice: 'Ihr Fall hat sich inzwischen geändert. Hier sehen Sie den aktuellen Stand.',
			answerNotWaiting:
				'Dieser Fall wartet nicht mehr auf diese Antwort. Hier sehen Sie den aktuellen Stand.',
			closedBody:
				'Falls das Problem wieder auftritt, reichen Sie bitte eine neue Beschwerde ein; wir kümmern uns darum.',
			unknownTitle: 'Dieser Link funktioniert nicht',
			unknownBody:
				'Der Link ist vielleicht unvollständig oder nicht mehr gültig. Prüfen Sie, ob Sie den ganzen Link aus unserer E-Mail kopiert haben.',
			privateLink: 'Diese Seite ist privat: Wer ihren Link hat, kann Ihren Fall lesen.',
			footer: '{org} hält diese Seite auf dem neuesten Stand, während Ihr Fall vorankommt.'
		}
	},
	fr: {
		optional: 'facultatif',
		somethingWentWrong:
			'Un problème est survenu de notre côté. Veuillez réessayer dans un instant.',
		makeComplaint: 'Faire une nouvelle réclamation',
		form: {
			title: 'Dites-nous ce qui n’a pas été',
			intro:
				'Nous sommes désolés que quelque chose se soit mal passé. Racontez-nous ce qui est arrivé : une personne de notre équipe va s’en occuper.',
			nameLabel: 'Votre nom',
			emailLabel: 'Votre adresse e-mail',
			emailHint:
				'Nous y envoyons le lien personnel vers votre dossier et vous écrivons à son sujet.',
			accountLabel: 'Numéro de client ou de compte',
			accountHint: 'Si vous en avez un, il nous aide à retrouver vos informations plus vite.',
			categoryLabel: 'De quoi s’agit-il ?',
			categoryNone: 'Choisissez un sujet',
			subjectLabel: 'Objet',
			subjectHint: 'Un titre court, par exemple « Facture prélevée deux fois ».',
			descriptionLabel: 'Que s’est-il passé ?',
			descriptionHint: 'Ce qui n’a pas été et quand, et ce qui arrangerait les choses pour vous.',
			counter: '{count} sur {max} caractères',
			anonymousLabel: 'Rester anonyme',
			anonymousHint:
				'Vous recevez quand même un lien personnel par e-mail, où vous pouvez suivre votre dossier et nous répondre. Notre personnel ne verra ni votre nom, ni votre adresse e-mail, ni votre numéro de compte.',
			honeypotLabel: 'Laissez ce champ vide',
			whatNext:
				'Et ensuite : nous vous envoyons aussitôt par e-mail un lien personnel vers votre dossier, avec l’heure à laquelle nous vous répondrons au plus tard.',
			submit: 'Envoyer la réclamation',
			sending: 'Envoi…',
			errorSummary: 'Veuillez vérifier les champs signalés ci-dessous.',
			rateLimited:
				'Nous avons reçu plusieurs réclamations de votre part au cours de la dernière heure. Veuillez réessayer un peu plus tard, ou écrivez-nous sur la page du dossier que vous avez déjà ouvert.',
			notAccepted: 'Ce formulaire n’a pas pu être accepté. Veuillez réessayer.',
			errors: {
				name: '120 caractères au plus, sur une seule ligne.',
				email: 'Saisissez votre adresse e-mail, par exemple nom@example.com.',
				accountReference: '80 caractères au plus, sur une seule ligne.',
				categoryId: 'Choisissez un sujet dans la liste.',
				subject:
					'Donnez un titre court à votre réclamation : 3 à 160 caractères, sur une seule ligne.',
				description: 'Dites-nous-en un peu plus : au moins 10 caractères.',
				descriptionTooLong: '10 000 caractères au plus, s’il vous plaît.'
			},
			footer: '{org} lit chaque réclamation et y répond.'
		},
		status: {
			title: 'Dossier {number}',
			caseLabel: 'Dossier {number}',
			newTitle: 'Merci — le dossier {number} est ouvert.',
			newBody:
				'Nous vous avons envoyé par e-mail un lien personnel vers cette page. Gardez-le pour suivre votre dossier et nous écrire.',
			stateHeading: 'Où en est votre dossier',
			states: {
				new: 'Nous avons bien reçu votre réclamation',
				acknowledged: 'Nous l’avons lue et vous répondrons bientôt',
				in_progress: 'Nous nous en occupons',
				waiting_on_customer: 'Nous attendons votre réponse',
				resolved: 'Nous pensons que c’est résolu — est-ce le cas ?',
				closed: 'Ce dossier est clos'
			},
			progressLabel: 'Avancement',
			stages: {
				received: 'Reçue',
				reading: 'Lue',
				working: 'En cours',
				solved: 'Résolue'
			},
			stageDone: 'terminé',
			stageCurrent: 'étape actuelle',
			stageTodo: 'pas encore',
			replyBy: 'Nous vous répondrons d’ici {date} (fuseau horaire {zone}).',
			replyLate:
				'Nous avions promis de vous répondre d’ici {date} (fuseau horaire {zone}) et nous sommes en retard. Veuillez nous en excuser ; nous vous répondons dès que possible.',
			resolveBy: 'Nous visons une solution d’ici {date} (fuseau horaire {zone}).',
			resolveLate:
				'Nous visions une solution d’ici {date} (fuseau horaire {zone}). Cela prend plus de temps ; nous continuons.',
			waiting:
				'Nous vous avons posé une question. Veuillez répondre ci-dessous ; nos délais promis attendent votre réponse.',
			conversation: 'Échanges',
			you: 'Vous',
			staffAuthor: '{author}, {org}',
			replyLabel: 'Écrivez-nous',
			replyHint: 'Nous répondons ici et par e-mail.',
			replyWaitingHint: 'Répondez à notre question ici. Nous répondons ici et par e-mail.',
			replySend: 'Envoyer le message',
			replyRequired: 'Écrivez d’abord un message.',
			replySent: 'Votre message est envoyé. Nous répondrons ici et par e-mail.',
			recoveryHeading: 'Le problème est-il résolu pour vous ?',
			recoveryBody:
				'Nous pensons avoir résolu votre dossier. Dites-nous si c’est bien le cas : sinon, nous le rouvrons et continuons à nous en occuper.',
			yes: 'Oui, c’est résolu',
			no: 'Non, le problème persiste',
			preselected:
				'Vous avez choisi « {answer} ». Appuyez sur le bouton pour envoyer votre réponse.',
			chooseAgain: 'Choisir l’autre réponse',
			commentLabel: 'Souhaitez-vous ajouter quelque chose ?',
			solvedNotice: 'Merci de nous l’avoir dit. Votre dossier est maintenant clos.',
			reopenedNotice:
				'Merci de nous l’avoir dit. Nous avons rouvert votre dossier et nous nous en occupons à nouveau.',
			changedNotice: 'Votre dossier a changé entre-temps. Le voici tel qu’il est maintenant.',
			answerNotWaiting:
				'Ce dossier n’attend plus cette réponse. Le voici tel qu’il est maintenant.',
			closedBody:
				'Si le problème revient, faites une nouvelle réclamation et nous nous en occuperons.',
			unknownTitle: 'Ce lien ne fonctionne pas',
			unknownBody:
				'Le lien est peut-être incomplet ou n’est plus valable. Vérifiez que vous avez copié le lien entier depuis notre e-mail.',
			privateLink:
				'Cette page est personnelle : toute personne qui a son lien peut lire votre dossier.',
			footer: '{org} tient cette page à jour à mesure que votre dossier avance.'
		}
	}
};

/**
 * The language for a page: `?lang=` when it names a shipped one (a website
 * can link to its own language), else the browser's `Accept-Language`.
 */
export function pageLocale(url: URL, request: Request): ShippedLocale {
	const asked = url.searchParams.get('lang') ?? '';
	const chosen = negotiateCopyLocale(asked.slice(0, 35));
	if (asked && chosen === asked.toLowerCase().split('-')[0]) return chosen;
	return negotiateCopyLocale((request.headers.get('accept-language') ?? '').slice(0, 200));
}

export function complaintCopy(locale: ShippedLocale): ComplaintCopy {
	return { locale, ...copies[locale] };
}

/** `template` with each `{key}` replaced. */
export function fill(template: string, values: Record<string, string | number>): string {
	return template.replace(/\{(\w+)\}/g, (whole, key: string) =>
		key in values ? String(values[key]) : whole
	);
}

/** A promised time, worded as in the emails ("Tuesday 10:00", with the date when it is more than six days from `now`). */
export function formatPromise(iso: string, locale: string, timeZone: string, now: string): string {
	return formatPromiseAt(new Date(iso), timeZone, locale, new Date(now));
}

/** A message's time, short: "14 May, 09:12". */
export function formatMessageTime(iso: string, locale: string, timeZone: string): string {
	const options: Intl.DateTimeFormatOptions = {
		day: 'numeric',
		month: 'short',
		year: 'numeric',
		hour: '2-digit',
		minute: '2-digit',
		hourCycle: 'h23'
	};
	try {
		return new Intl.DateTimeFormat(locale, { ...options, timeZone }).format(new Date(iso));
	} catch {
		return new Intl.DateTimeFormat(locale, { ...options, timeZone: 'UTC' }).format(new Date(iso));
	}
}

/** The stage of the progress indicator a state belongs to, and whether the last one is reached. */
export const stages: Stage[] = ['received', 'reading', 'working', 'solved'];

export function stageOf(state: string): { current: number; complete: boolean } {
	switch (state) {
		case 'new':
			return { current: 0, complete: false };
		case 'acknowledged':
			return { current: 1, complete: false };
		case 'in_progress':
		case 'waiting_on_customer':
			return { current: 2, complete: false };
		case 'resolved':
			return { current: 3, complete: false };
		case 'closed':
			return { current: 3, complete: true };
		default:
			return { current: 0, complete: false };
	}
}
