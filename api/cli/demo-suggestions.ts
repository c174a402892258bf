/**
 * The demo's words for suggestions: eight themes, the 26 improvements
 * Northwind's customers keep asking for (each said a few ways, in the
 * languages the demo surveys ship, and once as staff would note it down), and
 * the year's plan of actions that answer them. Survey comments are drawn from
 * this vocabulary (so duplicates are real duplicates and merging them makes
 * sense), and a request is asked for less once its action is done.
 */
import type { ActionStatus } from '../domain/action-workflow';
import type { Random } from './demo-random';

export const demoThemes = [
	'Delivery & tracking',
	'Invoices & payment',
	'Ordering portal',
	'Packaging',
	'Customer support',
	'Prices & terms',
	'Product range',
	'Sustainability'
] as const;
export type DemoTheme = (typeof demoThemes)[number];

export type Language = 'en' | 'de' | 'fr';
type Mood = 'low' | 'mid' | 'high';

/** The complaint themes of demo-cases.ts, so a detractor case and a complaint's suggestion agree. */
export type CaseTheme =
	'delivery' | 'damaged' | 'billing' | 'quality' | 'service' | 'website' | 'other' | 'general';

export type DemoRequest = {
	key: string;
	theme: DemoTheme;
	caseTheme: CaseTheme;
	/** How often customers in each mood ask for it (relative weights). */
	weights: Record<Mood, number>;
	/** As customers write it, by language. */
	says: Record<Language, string[]>;
	/** As staff note it down from a call or a complaint. */
	staff: string;
};

export const demoRequests: DemoRequest[] = [
	{
		key: 'tracking',
		theme: 'Delivery & tracking',
		caseTheme: 'delivery',
		weights: { low: 1, mid: 3, high: 2 },
		says: {
			en: [
				'Please send a tracking link for every shipment, not just the big ones.',
				'A tracking link in the dispatch email would save us a lot of calls.',
				'We never know where our order is. Tracking for every delivery, please.'
			],
			de: [
				'Bitte einen Tracking-Link für jede Sendung, nicht nur für große Lieferungen.',
				'Wir wissen nie, wo unsere Bestellung gerade ist. Bitte Sendungsverfolgung für jede Lieferung.'
			],
			fr: [
				'Merci d’envoyer un lien de suivi pour chaque envoi, pas seulement pour les gros.',
				'Nous ne savons jamais où en est notre commande. Un suivi pour chaque livraison, svp.'
			]
		},
		staff: 'Send a tracking link with every shipment, parcels and pallets alike.'
	},
	{
		key: 'delayNotice',
		theme: 'Delivery & tracking',
		caseTheme: 'delivery',
		weights: { low: 4, mid: 1, high: 0.3 },
		says: {
			en: [
				'Deliveries keep arriving late and nobody tells us in advance.',
				'Tell us as soon as an order is delayed, not when we call to ask.',
				'When a delivery is going to be late, warn us the day before so we can plan.'
			],
			de: [
				'Lieferungen kommen ständig zu spät, und niemand sagt vorher Bescheid.',
				'Bitte sagen Sie uns sofort Bescheid, wenn sich eine Lieferung verzögert.'
			],
			fr: [
				'Les livraisons arrivent souvent en retard sans prévenir.',
				'Prévenez-nous dès qu’une commande a du retard, pas quand nous appelons.'
			]
		},
		staff: 'Tell the customer as soon as an order is delayed, before they have to ask.'
	},
	{
		key: 'slots',
		theme: 'Delivery & tracking',
		caseTheme: 'delivery',
		weights: { low: 1, mid: 3, high: 1 },
		says: {
			en: [
				'Delivery windows are too wide; a two-hour slot would help us plan.',
				'Could we choose a delivery time slot? Waiting in all morning is a pain.',
				'A fixed two-hour delivery window would make our mornings much easier.'
			],
			de: [
				'Engere Lieferfenster würden uns die Planung erleichtern.',
				'Ein festes Zeitfenster von zwei Stunden für die Lieferung wäre ideal.'
			],
			fr: [
				'Des créneaux de livraison plus courts nous aideraient.',
				'Pouvoir choisir un créneau de deux heures pour la livraison serait idéal.'
			]
		},
		staff: 'Offer a two-hour delivery slot instead of a whole morning.'
	},
	{
		key: 'saturday',
		theme: 'Delivery & tracking',
		caseTheme: 'delivery',
		weights: { low: 0.3, mid: 1, high: 1 },
		says: {
			en: [
				'Saturday deliveries would help our shops a lot.',
				'Please offer delivery on Saturdays; we are open and have staff to receive goods.'
			],
			de: ['Eine Lieferung am Samstag wäre für unsere Filialen sehr hilfreich.'],
			fr: ['Une livraison le samedi serait très utile pour nos magasins.']
		},
		staff: 'Deliver on Saturdays for shops that are open at the weekend.'
	},
	{
		key: 'monthlyInvoice',
		theme: 'Invoices & payment',
		caseTheme: 'billing',
		weights: { low: 0.5, mid: 3, high: 1 },
		says: {
			en: [
				'Would like a single monthly invoice instead of one per delivery.',
				'One invoice a month would save our accounts team hours.',
				'Please offer a monthly statement instead of dozens of small invoices.'
			],
			de: [
				'Eine Sammelrechnung pro Monat wäre praktischer.',
				'Bitte eine Monatsrechnung statt einer Rechnung pro Lieferung.'
			],
			fr: [
				'Une facture mensuelle unique serait plus pratique.',
				'Merci de proposer une facture récapitulative par mois.'
			]
		},
		staff: 'One collective invoice a month instead of one per delivery.'
	},
	{
		key: 'clearInvoice',
		theme: 'Invoices & payment',
		caseTheme: 'billing',
		weights: { low: 3, mid: 1.5, high: 0.3 },
		says: {
			en: [
				'Invoices are hard to read and often wrong; we spend hours reconciling them.',
				'Please put our PO number on every invoice line so we can match them.',
				'Invoices should show the order number and delivery date for each line.'
			],
			de: [
				'Die Rechnungen sind schwer zu lesen und oft falsch.',
				'Bitte unsere Bestellnummer auf jede Rechnungsposition schreiben.'
			],
			fr: [
				'Les factures sont difficiles à lire et souvent erronées.',
				'Merci d’indiquer notre numéro de commande sur chaque ligne de facture.'
			]
		},
		staff: 'Put the customer’s PO number on every invoice line.'
	},
	{
		key: 'eInvoice',
		theme: 'Invoices & payment',
		caseTheme: 'billing',
		weights: { low: 0.3, mid: 1.5, high: 1 },
		says: {
			en: [
				'Can you send invoices as e-invoices our accounting software can read?',
				'We need invoices in a machine-readable format (XRechnung or PEPPOL).'
			],
			de: ['Bitte Rechnungen als E-Rechnung (XRechnung oder ZUGFeRD) schicken.'],
			fr: ['Pourriez-vous envoyer des factures électroniques (Factur-X) ?']
		},
		staff: 'Send invoices as e-invoices the customer’s accounting software can read.'
	},
	{
		key: 'creditNotes',
		theme: 'Invoices & payment',
		caseTheme: 'billing',
		weights: { low: 2.5, mid: 1, high: 0.2 },
		says: {
			en: [
				'Credit notes for returns take far too long.',
				'We wait weeks for credit notes after a return. Please speed this up.'
			],
			de: ['Gutschriften für Retouren dauern viel zu lange.'],
			fr: ['Les avoirs pour les retours prennent beaucoup trop de temps.']
		},
		staff: 'Issue credit notes for returns within a week.'
	},
	{
		key: 'largeOrders',
		theme: 'Ordering portal',
		caseTheme: 'website',
		weights: { low: 3, mid: 1.5, high: 0.3 },
		says: {
			en: [
				'The ordering portal times out when we upload a large order.',
				'Let us upload big orders as a spreadsheet; the portal gives up after a few hundred lines.',
				'Large orders fail in the portal every week. Please fix the upload.'
			],
			de: [
				'Das Bestellportal bricht bei großen Bestellungen ab.',
				'Bitte den Upload großer Bestellungen als Excel-Datei ermöglichen.'
			],
			fr: [
				'Le portail de commande plante avec les grosses commandes.',
				'Permettez l’import des grosses commandes depuis un fichier Excel.'
			]
		},
		staff: 'Let customers upload large orders as a spreadsheet; the portal times out.'
	},
	{
		key: 'search',
		theme: 'Ordering portal',
		caseTheme: 'website',
		weights: { low: 0.5, mid: 3, high: 1 },
		says: {
			en: [
				'Good products, but the portal search could be smarter.',
				'Searching by our own product codes in the portal would save time.',
				'The portal search never finds anything unless you type the exact name.'
			],
			de: [
				'Die Suche im Portal findet nur etwas, wenn man den genauen Namen eingibt.',
				'Bitte eine Suche nach Artikelnummer im Portal.'
			],
			fr: [
				'La recherche du portail ne trouve rien sans le nom exact.',
				'Pouvoir chercher par référence article dans le portail serait utile.'
			]
		},
		staff: 'Portal search by product code, and forgiving of typos.'
	},
	{
		key: 'reorder',
		theme: 'Ordering portal',
		caseTheme: 'website',
		weights: { low: 0.3, mid: 2.5, high: 1.5 },
		says: {
			en: [
				'A "reorder" button for past orders would be great.',
				'Let us save order lists; we order the same things every week.'
			],
			de: [
				'Ein Button „Erneut bestellen“ für frühere Bestellungen wäre super.',
				'Bitte Bestelllisten speichern können, wir bestellen jede Woche dasselbe.'
			],
			fr: ['Un bouton « commander à nouveau » pour les anciennes commandes serait génial.']
		},
		staff: 'Reorder from past orders, or from a saved order list.'
	},
	{
		key: 'stockLevels',
		theme: 'Ordering portal',
		caseTheme: 'website',
		weights: { low: 1, mid: 2.5, high: 1 },
		says: {
			en: [
				'An API for stock levels would save us a lot of phone calls.',
				'Show real stock levels in the portal; items marked in stock are often back-ordered.',
				'We would love live stock information before we order.'
			],
			de: [
				'Bitte echte Lagerbestände im Portal anzeigen.',
				'Eine Schnittstelle für Lagerbestände würde uns viele Anrufe sparen.'
			],
			fr: ['Affichez les vrais niveaux de stock dans le portail.']
		},
		staff: 'Show live stock levels in the portal, and offer them by API.'
	},
	{
		key: 'mobile',
		theme: 'Ordering portal',
		caseTheme: 'website',
		weights: { low: 0.3, mid: 1.5, high: 1.5 },
		says: {
			en: [
				'The portal is hard to use on a phone; our drivers order from the road.',
				'A mobile app, or at least a portal that works on a tablet, please.'
			],
			de: ['Das Portal ist auf dem Handy kaum zu bedienen.'],
			fr: ['Le portail est difficile à utiliser sur mobile.']
		},
		staff: 'Make the portal work on phones and tablets.'
	},
	{
		key: 'sturdyPackaging',
		theme: 'Packaging',
		caseTheme: 'damaged',
		weights: { low: 3, mid: 1, high: 0.3 },
		says: {
			en: [
				'Damaged packaging on the last three shipments.',
				'Glass items need better padding; too many arrive broken.',
				'Please pack fragile goods more carefully.'
			],
			de: ['Zerbrechliche Ware bitte besser polstern, zu viel kommt kaputt an.'],
			fr: ['Merci de mieux protéger les articles fragiles ; trop arrivent cassés.']
		},
		staff: 'Pack glass and other fragile goods so they survive the trip.'
	},
	{
		key: 'palletLabels',
		theme: 'Packaging',
		caseTheme: 'delivery',
		weights: { low: 0.5, mid: 1.5, high: 0.5 },
		says: {
			en: [
				'Label each pallet with our PO number, so our warehouse can book it in quickly.',
				'Put a packing list on the outside of every pallet, please.'
			],
			de: ['Bitte jede Palette mit unserer Bestellnummer beschriften.'],
			fr: ['Merci d’étiqueter chaque palette avec notre numéro de commande.']
		},
		staff: 'Label every pallet with the customer’s PO number and a packing list.'
	},
	{
		key: 'fasterSupport',
		theme: 'Customer support',
		caseTheme: 'service',
		weights: { low: 4, mid: 1, high: 0.2 },
		says: {
			en: [
				'Support takes days to answer even urgent tickets.',
				'Urgent questions need an answer the same day, not next week.',
				'Answer our emails faster, please; we often wait three days.'
			],
			de: [
				'Der Support braucht Tage, selbst bei dringenden Anfragen.',
				'Dringende Anfragen bitte am selben Tag beantworten.'
			],
			fr: [
				'Le support met plusieurs jours à répondre.',
				'Les demandes urgentes méritent une réponse le jour même.'
			]
		},
		staff: 'Answer urgent support requests the same day.'
	},
	{
		key: 'phoneHours',
		theme: 'Customer support',
		caseTheme: 'service',
		weights: { low: 1, mid: 1.5, high: 1 },
		says: {
			en: [
				'The hotline closes at 16:00; we need someone until 18:00.',
				'Longer phone hours would help; our shifts start at 7.'
			],
			de: ['Die Hotline sollte länger als bis 16 Uhr erreichbar sein.'],
			fr: ['La hotline devrait rester ouverte après 16 h.']
		},
		staff: 'Keep the hotline open until 18:00.'
	},
	{
		key: 'namedContact',
		theme: 'Customer support',
		caseTheme: 'service',
		weights: { low: 1.5, mid: 2, high: 1.5 },
		says: {
			en: [
				'We would like one named contact instead of a different person each time.',
				'Give us a direct contact who knows our account.'
			],
			de: ['Wir hätten gern einen festen Ansprechpartner statt jedes Mal jemand anderen.'],
			fr: ['Nous aimerions un interlocuteur unique qui connaît notre compte.']
		},
		staff: 'One named contact who knows the account, instead of whoever picks up.'
	},
	{
		key: 'chat',
		theme: 'Customer support',
		caseTheme: 'service',
		weights: { low: 0.3, mid: 1.5, high: 1.5 },
		says: {
			en: [
				'A live chat in the portal would be handy for quick questions.',
				'Please add chat support; phoning for small things takes too long.'
			],
			de: ['Ein Live-Chat im Portal wäre praktisch für kurze Fragen.'],
			fr: ['Un chat en direct dans le portail serait pratique.']
		},
		staff: 'Live chat in the portal for quick questions.'
	},
	{
		key: 'priceNotice',
		theme: 'Prices & terms',
		caseTheme: 'billing',
		weights: { low: 3, mid: 1, high: 0.2 },
		says: {
			en: [
				'Prices went up twice this year without any explanation.',
				'Give us notice before prices change, so we can adjust our own prices.',
				'Please announce price changes at least a month in advance.'
			],
			de: [
				'Die Preise sind dieses Jahr zweimal ohne Erklärung gestiegen.',
				'Bitte Preisänderungen mindestens einen Monat vorher ankündigen.'
			],
			fr: [
				'Les prix ont augmenté deux fois cette année sans explication.',
				'Merci d’annoncer les hausses de prix un mois à l’avance.'
			]
		},
		staff: 'Announce price changes well in advance, with the reasons.'
	},
	{
		key: 'volumeDiscount',
		theme: 'Prices & terms',
		caseTheme: 'billing',
		weights: { low: 1, mid: 2, high: 1 },
		says: {
			en: [
				'Volume discounts for smaller customers like us would be fair.',
				'We order every week; a loyalty or volume discount would be nice.'
			],
			de: ['Mengenrabatte auch für kleinere Kunden wären fair.'],
			fr: ['Des remises sur volume pour les petits clients seraient appréciées.']
		},
		staff: 'Volume discounts for smaller customers who order every week.'
	},
	{
		key: 'shelfLife',
		theme: 'Product range',
		caseTheme: 'quality',
		weights: { low: 2, mid: 1.5, high: 0.5 },
		says: {
			en: [
				'Some goods arrive close to their expiry date; please guarantee a minimum shelf life.',
				'We need at least three months of shelf life on food items.'
			],
			de: ['Bitte eine Mindesthaltbarkeit von drei Monaten garantieren.'],
			fr: ['Merci de garantir une durée de conservation minimale de trois mois.']
		},
		staff: 'Guarantee a minimum shelf life on food items.'
	},
	{
		key: 'stockAlerts',
		theme: 'Product range',
		caseTheme: 'website',
		weights: { low: 0.5, mid: 2, high: 1 },
		says: {
			en: [
				'Email us when a back-ordered item is back in stock.',
				'A back-in-stock alert would stop us checking the portal every day.'
			],
			de: ['Bitte eine Benachrichtigung, wenn ein Artikel wieder lieferbar ist.'],
			fr: ['Prévenez-nous par e-mail quand un article revient en stock.']
		},
		staff: 'Email the customer when a back-ordered item is in stock again.'
	},
	{
		key: 'organic',
		theme: 'Product range',
		caseTheme: 'other',
		weights: { low: 0.2, mid: 1, high: 2 },
		says: {
			en: [
				'We would love an organic range of cleaning products.',
				'More eco-certified products in the catalogue, please.'
			],
			de: ['Mehr Bio- und Öko-Produkte im Sortiment, bitte.'],
			fr: ['Plus de produits bio et écolabellisés au catalogue, svp.']
		},
		staff: 'An organic, eco-certified range of cleaning products.'
	},
	{
		key: 'lessPlastic',
		theme: 'Sustainability',
		caseTheme: 'damaged',
		weights: { low: 0.3, mid: 1.5, high: 2 },
		says: {
			en: [
				'Too much plastic in the packaging; paper filling would be better.',
				'Please cut the plastic air cushions; we have to pay to dispose of them.'
			],
			de: ['Zu viel Plastik in der Verpackung, Papierpolster wären besser.'],
			fr: ['Trop de plastique dans les emballages ; du papier serait mieux.']
		},
		staff: 'Less plastic in the packaging: paper padding instead of air cushions.'
	},
	{
		key: 'co2Delivery',
		theme: 'Sustainability',
		caseTheme: 'delivery',
		weights: { low: 0.2, mid: 1, high: 1.5 },
		says: {
			en: [
				'We would pay a little more for CO2-neutral delivery.',
				'Fewer, bundled deliveries would be better for the climate and for us.'
			],
			de: ['Wir würden für eine CO2-neutrale Lieferung etwas mehr zahlen.'],
			fr: ['Nous paierions un peu plus pour une livraison neutre en CO2.']
		},
		staff: 'A CO2-neutral delivery option, even at a small surcharge.'
	}
];

/** Comments that are no request: thanks, and words too vague to act on. Nobody tags them. */
const praise: Record<Language, string[]> = {
	en: [
		'Our account manager is fantastic; keep it up.',
		'Fast, reliable deliveries. Nothing to improve right now.',
		'Support solved our issue within the hour. Impressive.',
		'Keep the weekly delivery slot; it works perfectly for us.',
		'Honestly, nothing. Keep doing what you do.'
	],
	de: ['Unser Kundenbetreuer ist großartig.', 'Schnelle, zuverlässige Lieferungen. Weiter so!'],
	fr: [
		'Notre chargée de compte est formidable.',
		'Livraisons rapides et fiables. Continuez ainsi !'
	]
};
const vague: Record<Language, string[]> = {
	en: [
		'Hard to say. Generally, be more reliable.',
		'Everything has got slower this year.',
		'Communication.'
	],
	de: ['Alles ein bisschen zuverlässiger machen.'],
	fr: ['La communication, en général.']
};

const requestByKey = new Map(demoRequests.map((request) => [request.key, request]));
const requestByText = new Map(
	demoRequests.flatMap((request) => [
		...Object.values(request.says)
			.flat()
			.map((text) => [text, request] as const),
		[request.staff, request] as const
	])
);

export function demoRequest(key: string): DemoRequest {
	const request = requestByKey.get(key);
	if (!request) throw new Error(`The demo has no request ${key}.`);
	return request;
}

/** The request a comment (or a staff note) says, if it is one of the vocabulary's. */
export function requestOfText(text: string | null | undefined): DemoRequest | null {
	return text ? (requestByText.get(text.trim()) ?? null) : null;
}

// ---------------------------------------------------------------------------
// The year's actions

export type PlannedAction = {
	request: string;
	title: string;
	/** What customers read in the "you said, we did" email when it is done. */
	description: string;
	owner: string;
	status: ActionStatus;
	/** Days before the demo's `now`. */
	createdDaysAgo: number;
	startedDaysAgo?: number;
	/** Done or declined. */
	finishedDaysAgo?: number;
	/** Days before `now` (negative: still ahead); none for no due date. */
	dueDaysAgo?: number;
	/** A later edit moved the due date here. */
	dueMovedTo?: { daysAgo: number; dueDaysAgo: number };
	declineReason?: string;
	/** The manager chose to tell the customers why it was declined. */
	shareDecline?: boolean;
};

export const actionPlan: PlannedAction[] = [
	{
		request: 'tracking',
		title: 'A tracking link in every dispatch email',
		description:
			'Every dispatch email now carries the carrier’s tracking link, for parcels and pallets alike, and the portal shows where each open order is.',
		owner: 'Jonas Becker',
		status: 'done',
		createdDaysAgo: 340,
		startedDaysAgo: 330,
		finishedDaysAgo: 262,
		dueDaysAgo: 270
	},
	{
		request: 'delayNotice',
		title: 'Tell customers the same day when an order is delayed',
		description:
			'When an order is held back or a delivery will miss its date, you now get an email the same day with the new date, and your account manager hears of it too.',
		owner: 'Carmen Ortega',
		status: 'done',
		createdDaysAgo: 335,
		startedDaysAgo: 325,
		finishedDaysAgo: 250,
		dueDaysAgo: 255
	},
	{
		request: 'monthlyInvoice',
		title: 'A monthly collective invoice on request',
		description:
			'You can now choose one collective invoice a month instead of one per delivery. Switch it on in the portal under Billing, or ask your account manager.',
		owner: 'Jonas Becker',
		status: 'done',
		createdDaysAgo: 265,
		startedDaysAgo: 250,
		finishedDaysAgo: 175,
		dueDaysAgo: 200
	},
	{
		request: 'largeOrders',
		title: 'Upload large orders as a spreadsheet',
		description:
			'Orders of up to 2,000 lines can now be uploaded as an Excel or CSV file in the portal, and large orders no longer time out.',
		owner: 'Marco Conti',
		status: 'done',
		createdDaysAgo: 268,
		startedDaysAgo: 260,
		finishedDaysAgo: 185,
		dueDaysAgo: 190
	},
	{
		request: 'sturdyPackaging',
		title: 'Reinforced packaging for fragile goods',
		description:
			'Glass and other fragile goods now ship in double-walled cartons with paper padding, and every pallet gets corner protection.',
		owner: 'Greta Lindqvist',
		status: 'done',
		createdDaysAgo: 275,
		startedDaysAgo: 268,
		finishedDaysAgo: 240,
		dueDaysAgo: 245
	},
	{
		request: 'priceNotice',
		title: '30 days’ notice of every price change',
		description:
			'We now announce every price change by email at least 30 days before it takes effect, with the new price list and the reasons.',
		owner: 'Priya Natarajan',
		status: 'done',
		createdDaysAgo: 272,
		startedDaysAgo: 270,
		finishedDaysAgo: 255,
		dueDaysAgo: 255
	},
	{
		request: 'organic',
		title: 'An organic range of cleaning products',
		description: 'Source an eco-certified range of cleaning products for the catalogue.',
		owner: 'Ines Costa',
		status: 'declined',
		createdDaysAgo: 260,
		startedDaysAgo: 240,
		finishedDaysAgo: 158,
		dueDaysAgo: 150,
		declineReason:
			'Our suppliers could not guarantee certified organic products at prices our customers would pay. We will look at it again in next year’s range review.',
		shareDecline: true
	},
	{
		request: 'namedContact',
		title: 'A named contact for every key account',
		description:
			'Every premium and enterprise account now has a named contact in our Key Accounts team, with a direct line and a deputy for holidays.',
		owner: 'Priya Natarajan',
		status: 'done',
		createdDaysAgo: 255,
		startedDaysAgo: 240,
		finishedDaysAgo: 150,
		dueDaysAgo: 150
	},
	{
		request: 'creditNotes',
		title: 'Credit notes within five working days of a return',
		description:
			'Returns are now booked the day they reach our warehouse, and the credit note follows within five working days.',
		owner: 'Jonas Becker',
		status: 'done',
		createdDaysAgo: 180,
		startedDaysAgo: 172,
		finishedDaysAgo: 118,
		dueDaysAgo: 130
	},
	{
		request: 'chat',
		title: 'Live chat in the portal',
		description: 'A chat window in the portal, staffed in business hours.',
		owner: 'Carmen Ortega',
		status: 'declined',
		createdDaysAgo: 178,
		finishedDaysAgo: 139,
		dueDaysAgo: 100,
		declineReason:
			'To answer chats well all day we would need a new team. We would rather put that effort into faster answers by email and phone, and are working on it now.',
		shareDecline: true
	},
	{
		request: 'reorder',
		title: 'Reorder from your order history',
		description:
			'Every past order in the portal now has a “Reorder” button, and you can save order lists for the things you order every week.',
		owner: 'Marco Conti',
		status: 'done',
		createdDaysAgo: 175,
		startedDaysAgo: 165,
		finishedDaysAgo: 77,
		dueDaysAgo: 90
	},
	{
		request: 'volumeDiscount',
		title: 'Volume discounts for all tiers',
		description: 'Extend the volume discount scale to basic and standard accounts.',
		owner: 'Priya Natarajan',
		status: 'declined',
		createdDaysAgo: 172,
		finishedDaysAgo: 101,
		dueDaysAgo: 90,
		declineReason: 'Discount rules are set in the yearly price review; raised there instead.'
	},
	{
		request: 'search',
		title: 'Portal search by product code and synonyms',
		description:
			'The portal search now finds products by our code, your own code and common synonyms, and forgives typos.',
		owner: 'Hugo Rossi',
		status: 'done',
		createdDaysAgo: 165,
		startedDaysAgo: 150,
		finishedDaysAgo: 58,
		dueDaysAgo: 60
	},
	{
		request: 'lessPlastic',
		title: 'Paper padding instead of plastic air cushions',
		description:
			'All parcels are now padded with recycled paper instead of plastic air cushions; the paper goes into your usual paper recycling.',
		owner: 'Greta Lindqvist',
		status: 'done',
		createdDaysAgo: 160,
		startedDaysAgo: 140,
		finishedDaysAgo: 41,
		dueDaysAgo: 45
	},
	{
		request: 'fasterSupport',
		title: 'Same-day answers to urgent support requests',
		description:
			'A triage desk now reads every new request within two hours, and urgent ones are answered the same working day.',
		owner: 'Carmen Ortega',
		status: 'done',
		createdDaysAgo: 150,
		startedDaysAgo: 120,
		finishedDaysAgo: 19,
		dueDaysAgo: 30
	},
	{
		request: 'saturday',
		title: 'Saturday deliveries',
		description: 'Deliver on Saturdays to shops that are open at the weekend.',
		owner: 'Jonas Becker',
		status: 'declined',
		createdDaysAgo: 90,
		finishedDaysAgo: 62,
		dueDaysAgo: 30,
		declineReason:
			'Our carriers charge a weekend surcharge that would raise delivery costs for everyone. We are piloting two-hour delivery slots on weekdays instead.',
		shareDecline: true
	},
	{
		request: 'slots',
		title: 'Two-hour delivery slots',
		description:
			'Choose a two-hour delivery slot when you order; a pilot runs in the DACH region first.',
		owner: 'Jonas Becker',
		status: 'in_progress',
		createdDaysAgo: 88,
		startedDaysAgo: 61,
		dueDaysAgo: -35
	},
	{
		request: 'stockLevels',
		title: 'Live stock levels in the portal and by API',
		description: 'Show live stock levels on every product page, and offer them through an API.',
		owner: 'Marco Conti',
		status: 'in_progress',
		createdDaysAgo: 85,
		startedDaysAgo: 44,
		dueDaysAgo: -50
	},
	{
		request: 'co2Delivery',
		title: 'A CO2-neutral delivery option',
		description:
			'Offer CO2-neutral delivery at checkout, through a carrier that offsets and bundles.',
		owner: 'Greta Lindqvist',
		status: 'in_progress',
		createdDaysAgo: 80,
		startedDaysAgo: 26,
		dueDaysAgo: -75
	},
	{
		request: 'clearInvoice',
		title: 'Your PO number on every invoice line',
		description: 'Print the customer’s PO number and delivery date on every invoice line.',
		owner: 'Farid Haddad',
		status: 'in_progress',
		createdDaysAgo: 78,
		startedDaysAgo: 33,
		dueDaysAgo: 12,
		dueMovedTo: { daysAgo: 10, dueDaysAgo: -21 }
	},
	{
		request: 'stockAlerts',
		title: 'Back-in-stock emails',
		description: 'Email customers who asked when a back-ordered item is in stock again.',
		owner: 'Hugo Rossi',
		status: 'in_progress',
		createdDaysAgo: 75,
		startedDaysAgo: 21,
		dueDaysAgo: -40
	},
	{
		request: 'phoneHours',
		title: 'Hotline open until 18:00',
		description: 'Staff the hotline until 18:00 on weekdays, with a late shift in Customer Care.',
		owner: 'Carmen Ortega',
		status: 'in_progress',
		createdDaysAgo: 72,
		startedDaysAgo: 9,
		dueDaysAgo: -24
	},
	{
		request: 'mobile',
		title: 'A portal that works on phones and tablets',
		description: 'Rework the portal’s order pages for small screens.',
		owner: 'Marco Conti',
		status: 'planned',
		createdDaysAgo: 8,
		dueDaysAgo: -120
	},
	{
		request: 'shelfLife',
		title: 'A guaranteed minimum shelf life of three months',
		description: 'Guarantee at least three months of shelf life on food items, or a credit.',
		owner: 'Ines Costa',
		status: 'planned',
		createdDaysAgo: 6,
		dueDaysAgo: -60
	},
	{
		request: 'eInvoice',
		title: 'E-invoices (XRechnung, ZUGFeRD, Factur-X)',
		description: 'Send invoices in the e-invoice formats our customers’ accounting software reads.',
		owner: 'Jonas Becker',
		status: 'planned',
		createdDaysAgo: 4,
		dueDaysAgo: -90
	},
	{
		request: 'palletLabels',
		title: 'Your PO number on every pallet label',
		description:
			'Label every pallet with the customer’s PO number and put the packing list outside.',
		owner: 'Greta Lindqvist',
		status: 'planned',
		createdDaysAgo: 2
	}
];

const finishedByRequest = new Map(
	actionPlan
		.filter((action) => action.status === 'done' && action.finishedDaysAgo !== undefined)
		.map((action) => [action.request, action.finishedDaysAgo!])
);

/**
 * What a customer writes as the open answer: one of the requests (less often
 * once its action is done), thanks, or something too vague to act on.
 */
export function pickComment(
	random: Random,
	mood: Mood,
	language: Language,
	daysAgo: number
): { text: string; request: DemoRequest | null } {
	const other = random.next();
	if (mood === 'high' && other < 0.38)
		return { text: random.pick(praise[language]), request: null };
	if (mood !== 'high' && other < 0.06) return { text: random.pick(vague[language]), request: null };
	const weights = demoRequests.map((request) => {
		const done = finishedByRequest.get(request.key);
		return request.weights[mood] * (done !== undefined && daysAgo < done ? 0.35 : 1);
	});
	let roll = random.next() * weights.reduce((sum, weight) => sum + weight, 0);
	const request =
		demoRequests.find((_, index) => (roll -= weights[index]!) < 0) ?? demoRequests[0]!;
	return { text: random.pick(request.says[language]), request };
}
