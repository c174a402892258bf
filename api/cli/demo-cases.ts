/**
 * A year of complaint recovery for the demo organisation, from a fixed seed,
 * written by the product's own code: SLA & routing are set up as a manager
 * would (a Berlin business calendar, a tighter policy for key accounts, a
 * standard one for the rest, complaint categories routed to the teams), then
 * the year is replayed in time order on a simulated clock. Every detractor
 * answer, every public-form complaint and every case staff opened goes
 * through `openCase`; every acknowledgement, reply, note, wait, resolution
 * and recovery answer through `applyCaseEvent`; and before each step the SLA
 * sweep and the auto-close run at the moments the tick would have run them.
 * So cases, timelines, clocks, SLA events and emails are exactly what the
 * product would have produced. Detractor cases, which intake leaves without
 * an assignee, are assigned as the console's reassignment does it. The last
 * weeks are left with work in the queue; the emails are marked as sent.
 */
import { asc, count, eq, isNull, min, sql } from 'drizzle-orm';
import type { Database } from '../../db/database';
import {
	businessCalendars,
	caseCategories,
	cases,
	rootCauses,
	slaClocks,
	slaEvents,
	slaPolicies
} from '../../db/schema/cases';
import { auditLog } from '../../db/schema/audit';
import { outbox } from '../../db/schema/outbox';
import { surveyResponses, surveys } from '../../db/schema/surveys';
import { createLocalMailer, localProviderId } from '../../emails/local-mailer';
import { applyCaseEvent, type CaseActor } from '../cases/apply-case-event';
import { closeUnansweredCases } from '../cases/close-unanswered';
import { openCase, type OpenCaseInput } from '../cases/open-case';
import {
	assignCases,
	caseById,
	findCase,
	insertCaseEvent,
	pickTeamAssignee,
	type CaseRow
} from '../cases/store';
import { sweepSla } from '../cases/sweep-sla';
import { CalendarInput, PolicyInput } from '../case-settings/schemas';
import { createFixedClock } from '../clock';
import { Config } from '../config';
import type { Deps } from '../deps';
import { addBusinessMinutes, type Holiday } from '../domain/business-calendar';
import { withinReopenWindow, type CaseEvent } from '../domain/case-workflow';
import type { CasePriority, PriorityTargets } from '../domain/sla-policy';
import { surveyScales } from '../domain/survey-definition';
import { localParts } from '../domain/zoned-time';
import { AppError } from '../errors';
import { newId } from '../tokens';
import { isCustomerAt, type buildDemo, type DemoSpell } from './demo-data';
import { createRandom, type Random } from './demo-random';
import { requestOfText } from './demo-suggestions';

type Demo = ReturnType<typeof buildDemo>;

const minuteMs = 60_000;
const hourMs = 60 * minuteMs;
const dayMs = 24 * hourMs;

/** mulberry32, as in demo-surveys.ts. */

// ---------------------------------------------------------------------------
// Words

type Theme =
	'delivery' | 'damaged' | 'billing' | 'quality' | 'service' | 'website' | 'other' | 'general';

type CategoryKey = Exclude<Theme, 'general'>;

export const categorySpecs: {
	key: CategoryKey;
	name: string;
	priority: CasePriority;
	team: 'Customer Care' | 'Key Accounts' | 'Billing & Orders';
	assignToOwner: boolean;
	/** Share of public-form complaints filed under it. */
	weight: number;
}[] = [
	{
		key: 'delivery',
		name: 'Late or missing delivery',
		priority: 'high',
		team: 'Customer Care',
		assignToOwner: false,
		weight: 0.26
	},
	{
		key: 'damaged',
		name: 'Damaged goods',
		priority: 'normal',
		team: 'Customer Care',
		assignToOwner: false,
		weight: 0.14
	},
	{
		key: 'billing',
		name: 'Billing or invoice',
		priority: 'normal',
		team: 'Billing & Orders',
		assignToOwner: false,
		weight: 0.2
	},
	{
		key: 'quality',
		name: 'Product quality',
		priority: 'normal',
		team: 'Customer Care',
		assignToOwner: false,
		weight: 0.13
	},
	// The account owner repairs the relationship in person; an anonymous one goes to Key Accounts.
	{
		key: 'service',
		name: 'Rude or unhelpful service',
		priority: 'high',
		team: 'Key Accounts',
		assignToOwner: true,
		weight: 0.08
	},
	{
		key: 'website',
		name: 'Website or ordering',
		priority: 'normal',
		team: 'Billing & Orders',
		assignToOwner: false,
		weight: 0.12
	},
	{
		key: 'other',
		name: 'Something else',
		priority: 'low',
		team: 'Customer Care',
		assignToOwner: false,
		weight: 0.07
	}
];

/** What customers write on the public form (and what staff note down from a call). */
const complaints: Record<CategoryKey, [subject: string, description: string][]> = {
	delivery: [
		[
			'Order {order} still not delivered',
			'We ordered on Monday with next-day delivery and nothing has arrived. The tracking page has said "in transit" for three days. We need these goods for a client event.'
		],
		[
			'Delivery arrived three days late',
			'Order {order} arrived three days after the promised date. Nobody told us about the delay, so our staff waited for it twice.'
		],
		[
			'Missing items in delivery {order}',
			'{n} cartons were on the delivery note but only part of the order arrived. The driver could not say where the rest was.'
		],
		[
			'Pallet never arrived',
			'The pallet for order {order} was marked as delivered, but it is not here and nobody signed for it.'
		],
		[
			'Delivery slot missed again',
			'This is the second week in a row the truck came outside our delivery window. Our loading bay is closed after 14:00.'
		]
	],
	damaged: [
		[
			'Boxes crushed on arrival',
			'Half of the boxes in order {order} were crushed and several items inside are broken. Photos attached to the delivery note.'
		],
		[
			'Broken glassware in shipment',
			'{n} items in the last shipment were broken. The packaging had no padding at all.'
		],
		[
			'Water damage on delivered stock',
			'The pallet arrived wet and the cartons are soaked. We cannot sell any of it.'
		],
		[
			'Dented cans in order {order}',
			'Many cans in order {order} are dented and a few are leaking. We had to throw them away.'
		]
	],
	billing: [
		[
			'Charged twice for one order',
			'Our card was charged twice for order {order}. Please refund the second payment.'
		],
		[
			'Invoice does not match the quote',
			'Invoice {invoice} is about 12 % higher than the quote we accepted. Nobody told us about a price change.'
		],
		[
			'Credit note still missing',
			'We returned goods from order {order} a month ago and still have no credit note, although we were told it would take a week.'
		],
		[
			'Wrong VAT on invoice {invoice}',
			'The VAT on invoice {invoice} looks wrong for our product group. Our accountant cannot book it like this.'
		],
		[
			'Late fee although we paid on time',
			'We were charged a late fee on invoice {invoice}, but we paid it a week before it was due. We have the bank statement.'
		]
	],
	quality: [
		[
			'Products not as described',
			'The items in order {order} are a different size from the ones in the catalogue. We cannot use them.'
		],
		[
			'Faulty batch in last order',
			'Around {n} units from the last delivery do not work at all. Our customers are returning them to us.'
		],
		[
			'Expiry date too short',
			'The goods in order {order} expire in two weeks. We always get at least three months.'
		],
		[
			'Quality has dropped',
			'The last three deliveries were noticeably worse than before: loose seams, scratches, wrong colours. What has changed?'
		]
	],
	service: [
		[
			'Very unhelpful phone call',
			'I called about order {order} and the person on the phone was short with me and hung up before I could finish.'
		],
		[
			'Nobody answers our emails',
			'We have written three times about the same problem and got no answer. This is not how we expect to be treated after years as customers.'
		],
		[
			'Promised callback never came',
			'I was promised a callback "within the hour" on Tuesday. It never came, and nobody could tell me why.'
		]
	],
	website: [
		[
			'Portal times out on large orders',
			'Every time we upload our weekly order (about 300 lines) the portal times out and we have to start again.'
		],
		[
			'Cannot log in to the ordering portal',
			'Since last week the portal says my password is wrong, and the reset email never arrives.'
		],
		[
			'Stock levels on the website are wrong',
			'The website showed items in stock, we ordered them, and a day later we were told they are back-ordered.'
		]
	],
	other: [
		[
			'Question about our contract',
			'Our contract renewal says the terms changed, but nobody has explained what changed. Please tell us.'
		],
		[
			'Sent from one department to the next',
			'I have been passed between four people about a simple question and still have no answer.'
		],
		[
			'Too many marketing emails',
			'We get several marketing emails a week although we only want order updates.'
		]
	]
};

const firstReplies: Record<Theme, string[]> = {
	delivery: [
		"I'm sorry your order did not arrive as promised. I've asked the carrier to trace it and will come back to you as soon as I hear from them.",
		"Thank you for telling us. I'm checking with our warehouse and the carrier where {order} is right now, and I'll update you today.",
		"That is not the service we promise. I've raised it with our logistics team and will make sure the missing goods reach you."
	],
	damaged: [
		"I'm sorry the goods arrived damaged. We'll replace them; I'm arranging the replacement and a collection of the damaged stock now.",
		"Thank you for the photos. I've opened a claim with the carrier, and you won't have to wait for it: a replacement is being picked."
	],
	billing: [
		"Thank you for flagging this. I've asked our accounts team to check invoice {invoice} and the payments against it, and I'll be back with the answer.",
		"I'm sorry about the confusion with your invoice. I'm going through it line by line and will send you a corrected version if anything is wrong."
	],
	quality: [
		"I'm sorry the products are not up to standard. I've passed the details to our quality team and asked for the batch records.",
		'Thank you for letting us know. We take quality seriously; I have asked the warehouse to hold the rest of this batch while we check it.'
	],
	service: [
		"I'm very sorry about how you were treated. That is not how we want to work with you. I'm looking into what happened and will call you.",
		"Thank you for telling us, and I apologise. I'm taking this on personally and will come back to you today."
	],
	website: [
		"Sorry for the trouble with the portal. I've passed this to our web team with the details, and I'll place the order for you meanwhile if you send it to me.",
		'Thanks for reporting this. I can see the problem on our side and have asked the web team to fix it.'
	],
	other: [
		"Thank you for getting in touch. I'm finding out who can answer this properly and will come back to you.",
		"Sorry you've been passed around. I'll take it from here and be your one contact until it's sorted."
	],
	general: [
		"Thank you for your honest feedback in our survey. I'm sorry we've let you down, and I'd like to put it right. I'll call you to talk it through.",
		"Thank you for answering our survey. A score like this matters to us: I'm looking at your recent orders and cases and will be in touch."
	]
};

const questions: Record<Theme, string[]> = {
	delivery: [
		'Could you confirm the delivery address and the best time window for you, so we can send the rest by express?',
		'Could you tell me which items are missing exactly? The delivery note lists {n} cartons.'
	],
	damaged: [
		'Could you send us a photo of the damaged items and the outer packaging? Then we can send the replacement straight away.',
		'How many units are affected, roughly? I want to make sure the replacement covers everything.'
	],
	billing: [
		'Could you send us the payment reference or a copy of the bank statement, so we can match the payment?',
		'Could you tell me which order the quote was for? I want to compare the two line by line.'
	],
	quality: [
		'Could you send us the batch number printed on the packaging, and a photo of a faulty unit?',
		'Could you keep two of the faulty units for our quality team? A courier can collect them this week.'
	],
	service: [
		'Could you tell me roughly when you called, so I can find out who you spoke to?',
		'When would be a good time for me to call you this week?'
	],
	website: [
		'Which browser do you use, and roughly what time did the error last happen?',
		'Could you send me the order file you tried to upload? I will place it for you meanwhile.'
	],
	other: [
		'Could you send me the letter or email you received, so I can see exactly what it says?',
		'Could you tell me a bit more about what you need? Then I can take it to the right person at once.'
	],
	general: [
		"Could you tell me a little more about what went wrong? I'd like to understand it before we call.",
		'What would make the biggest difference for you in the next few months?',
		'When would be a good time for a short call with your account manager?'
	]
};

const customerAnswers: Record<Theme, string[]> = {
	delivery: [
		'The address is right. Mornings before 11:00 are best for us.',
		'It is the two cartons of cleaning supplies and one box of paper towels.',
		'Any day this week, before 14:00 please.'
	],
	damaged: [
		'Photos attached. About a third of the cartons are affected.',
		'Roughly {n} units. The outer boxes were already crushed when the driver unloaded them.'
	],
	billing: [
		'The payment reference is on the attached statement. We paid on the 3rd.',
		'The quote was for order {order}; I have attached it.'
	],
	quality: [
		'The batch number is on the attached photo. We have kept the faulty units.',
		'Yes, we kept them. The courier can come any morning.'
	],
	service: ['It was Tuesday around 10:30.', 'Thursday afternoon works for me, after 14:00.'],
	website: [
		'We use Chrome. It happened again this morning around 9:00.',
		'Attached is the file. Thank you for placing it.'
	],
	other: [
		'Attached is the letter we received.',
		'We only need to know whether the payment terms changed.'
	],
	general: [
		'Mostly the deliveries: three of the last five were late and nobody warned us.',
		'Answers from support take too long. We often wait days for simple questions.',
		'The price increase came without any explanation. That is what annoyed us.',
		'Tomorrow morning is fine for a call.'
	]
};

const chases = [
	'Is there any news on this? We are still waiting.',
	'Could you give us an update, please? It has been a few days.',
	'Any update? Our team keeps asking me about it.',
	'We still have not heard anything. When can we expect an answer?'
];

const updates: Record<Theme, string[]> = {
	delivery: [
		'Thank you. The missing goods left our warehouse this afternoon by express; tracking follows by email.',
		'Thanks for confirming. The carrier found the pallet at their hub and will deliver it tomorrow morning.'
	],
	damaged: [
		'Thank you for the photos. The replacement ships today and the courier will take the damaged stock back at the same time.',
		'Thanks, that helps. A full replacement is on its way; you do not need to return anything.'
	],
	billing: [
		'Thank you, I found the payment. Accounts is correcting the invoice now.',
		'Thanks for the details. I can confirm the overcharge and have asked for a credit note.'
	],
	quality: [
		'Thank you. Our quality team has confirmed a fault in this batch; a replacement from a different batch is on its way.',
		'Thanks for keeping them. The courier is booked for tomorrow morning.'
	],
	service: [
		'Thank you. I have spoken to the colleague involved and to their team lead. I will call you as agreed.',
		'Thank you for your patience. I have found out what went wrong and will explain it when we speak.'
	],
	website: [
		'Thank you. The web team has found the cause and is deploying a fix today; your order has been placed manually.',
		'Thanks. Your order is in, and we will tell you when the portal is fixed.'
	],
	other: [
		'Thank you. I have the answer now: nothing changes in your payment terms; only the delivery terms were updated.',
		'Thanks for the details; I have passed them to the right colleague, who has the answer ready.'
	],
	general: [
		'Thank you for being so open. I have shared this with the team and we have agreed a few concrete changes, which I will go through with you.',
		'Thank you, that is very helpful. I have booked the call and will bring a proposal.'
	]
};

const notes: Record<Theme, string[]> = {
	delivery: [
		'Carrier confirms the pallet was left at the wrong depot. Re-delivery booked.',
		'Checked the route plan: the driver had 40 stops that day. Raised it with logistics.',
		'Warehouse says the order was split in two; the second part was never released.'
	],
	damaged: [
		'Carrier claim opened, reference attached. Replacement picked and packed.',
		'Third damage report on this route this month. Flagged to logistics.'
	],
	billing: [
		'Payment found, matched to the wrong invoice by the bank import. Asked finance to re-allocate.',
		'Old price list still active for this account in the ERP. Finance is fixing it.'
	],
	quality: [
		'QA confirms the batch is affected; blocked for all customers.',
		'Supplier informed; they are sending a corrective action report.'
	],
	service: [
		'Listened to the call recording. The customer is right; spoke to the agent.',
		'Customer is a long-standing account. Owner will call personally.'
	],
	website: [
		'Web team ticket opened: upload limit in the portal, reproduced with a 300-line order.',
		'Reset link emails are blocked by the customer’s spam filter; sent a manual reset.'
	],
	other: [
		'Asked legal which clauses changed in the renewal.',
		'Unsubscribed the contact from marketing emails in the CRM.'
	],
	general: [
		'Looked at the account: two late deliveries and one open invoice question this quarter.',
		'Called and left a voicemail; will try again tomorrow.',
		'Discussed with the account owner; we will offer a fixed delivery window.'
	]
};

const resolutions: Record<Theme, [note: string, rootCause: string][]> = {
	delivery: [
		[
			'The carrier lost the pallet at their hub. We re-shipped the whole order by express at our cost and credited the delivery fee.',
			'Delivery or logistics'
		],
		[
			'Your order was held because of a stock shortage we did not tell you about. It shipped with tracking, and we now send a notice whenever an order is held.',
			'Communication or expectations'
		],
		[
			'The delivery address on the account still pointed to your old site. We corrected it and delivered the goods the next morning.',
			'Customer error or misunderstanding'
		],
		[
			'Our route planning double-booked your slot. We delivered in a dedicated slot and moved your account to a fixed weekly window.',
			'Process or policy gap'
		]
	],
	damaged: [
		[
			'The goods were crushed in transit. We sent a replacement, collected the damaged stock, and handle the carrier claim ourselves.',
			'Delivery or logistics'
		],
		[
			'A batch of cartons from our supplier was too thin. We replaced your items and moved to reinforced packaging.',
			'Product defect'
		],
		[
			'We credited the damaged items in full and added corner protection to the packing instructions for your pallets.',
			'Delivery or logistics'
		]
	],
	billing: [
		[
			'The second charge came from a payment retry on our side. It is refunded in full and should show on your statement within three working days.',
			'Billing error'
		],
		[
			'The invoice used the old price list. We issued a corrected invoice and a credit note for the difference.',
			'Billing error'
		],
		[
			'Your payment had been matched to the wrong invoice, which triggered the late fee. The fee is reversed and the payment re-allocated.',
			'Process or policy gap'
		],
		[
			'The VAT rate is correct for this product group; we sent a line-by-line breakdown for your accountant.',
			'Customer error or misunderstanding'
		],
		[
			'The price change was only announced in the portal. We honoured the old price for this order and will give 30 days’ notice by email from now on.',
			'Communication or expectations'
		]
	],
	quality: [
		[
			'The batch had a production fault. We replaced it free of charge and blocked the batch for all customers.',
			'Product defect'
		],
		[
			'Our quality team confirmed the fault. We sent a replacement from a different batch and a credit for the trouble.',
			'Product defect'
		],
		[
			'The products had been stored too warm in our warehouse. We replaced them and fixed the storage instructions.',
			'Process or policy gap'
		]
	],
	service: [
		[
			'We apologised by phone for how the call went, went through it with the team, and you now have a direct line to your account manager.',
			'Staff conduct'
		],
		[
			'Your earlier emails were closed without an answer because of a routing error. All of them are answered now, and the routing is fixed.',
			'Process or policy gap'
		],
		[
			'We had promised a callback that never came. We apologised, answered your question the same day, and now track every callback in the queue.',
			'Communication or expectations'
		]
	],
	website: [
		[
			'Large orders timed out because of an upload limit in the portal. The limit is raised, and we placed your order by hand meanwhile.',
			'Process or policy gap'
		],
		[
			'The website showed old stock levels after a failed sync. That is fixed, and your order was confirmed with the right dates.',
			'Other'
		],
		[
			'The sign-in problem came from an expired invitation. We sent a new one and walked you through signing in.',
			'Customer error or misunderstanding'
		]
	],
	other: [
		[
			'We explained what changed in the renewal (delivery terms only) and sent the updated agreement.',
			'Communication or expectations'
		],
		[
			'Sorted out by the right department; we apologised for passing you around and gave you one contact.',
			'Process or policy gap'
		],
		[
			'You now receive order updates only; marketing emails are switched off for your address.',
			'Other'
		]
	],
	general: [
		[
			'We called about your score. Slow answers from support were the main issue: you now have a named contact and a monthly check-in.',
			'Communication or expectations'
		],
		[
			'We talked it through: repeated late deliveries were behind the score. Your account has a fixed delivery window now, and the last late order is credited.',
			'Delivery or logistics'
		],
		[
			'We explained the price changes, fixed your prices for six months and agreed a quarterly review.',
			'Communication or expectations'
		],
		[
			'We went through your recent invoices together and corrected two that were wrong.',
			'Billing error'
		]
	]
};

/** A "no" to "Is this solved?": words that fit any complaint, and some that fit its theme. */
const rejections: { any: string[] } & Partial<Record<Theme, string[]>> = {
	any: [
		'No, the problem is still there.',
		'Only half of it is solved. Please call me.',
		'Not really. Nothing has changed for us yet.'
	],
	delivery: [
		'The rest of the order has still not arrived.',
		'No. The same thing happened again with this week’s order.'
	],
	damaged: ['The replacement arrived damaged as well.'],
	billing: ['Not really: we still have not received the credit note.'],
	quality: ['The replacement arrived, but it has the same fault.'],
	website: ['The portal still times out on our weekly order.']
};

/** How a reopened case is put right the second time (its root cause stays the first one's). */
const followUps: Record<Theme, string> = {
	delivery:
		'Follow-up: the remaining items went out by courier, and we checked with you that everything arrived.',
	damaged: 'Follow-up: a second replacement, inspected before dispatch, arrived in good order.',
	billing:
		'Follow-up: the credit note is issued and the corrected invoice is in the portal; we confirmed the balance with your accounts team.',
	quality:
		'Follow-up: our quality team checked the new batch before sending it, and you confirmed it works.',
	service: 'Follow-up: your account manager called again and agreed a monthly check-in with you.',
	website:
		'Follow-up: the fix is live for your account too; we tested an upload with your own order file.',
	other: 'Follow-up: we answered the remaining questions in writing and on the phone.',
	general:
		'Follow-up: we met to go through the remaining points and agreed the next steps in writing.'
};

const reopenReplies = [
	"I'm sorry it is not sorted yet. I've reopened the case and will stay on it until it is.",
	"Thank you for telling us. I'm looking at it again and will call you today.",
	"Sorry about that. I've escalated it to our team lead and will update you as soon as I have news."
];

const confirmations = [
	'Yes, all sorted. Thank you!',
	'Thanks for the quick help.',
	'Solved, thank you for following up.',
	'Yes. Appreciate the call.'
];

const phoneNotes = [
	'Phoned in: ',
	'Customer called the hotline: ',
	'Raised by the customer during our quarterly review: ',
	'Mentioned on a call with the account owner: '
];

const strangers = [
	['Martin Keller', 'martin.keller@mail.example'],
	['Sofia Lind', 'sofia.lind@post.example'],
	['Tom Brandt', 'tbrandt@inbox.example'],
	['Elif Demir', 'elif.demir@mail.example'],
	['Jakob Weiss', 'j.weiss@post.example'],
	['Laura Fontaine', 'laura.fontaine@inbox.example']
] as const;

/**
 * The theme of a survey comment: a complaint-like request from the demo's
 * vocabulary (late deliveries, wrong invoices) is handled as that complaint,
 * anything else as a general talk about the score.
 */
function themeOfComment(comment: string | null): Theme {
	const request = requestOfText(comment);
	return request && request.weights.low >= 2 ? request.caseTheme : 'general';
}

// ---------------------------------------------------------------------------
// Settings

/** Easter Sunday (anonymous Gregorian algorithm), as a UTC date. */
function easter(year: number): Date {
	const a = year % 19;
	const b = Math.floor(year / 100);
	const c = year % 100;
	const d = Math.floor(b / 4);
	const e = b % 4;
	const f = Math.floor((b + 8) / 25);
	const g = Math.floor((b - f + 1) / 3);
	const h = (19 * a + b - d - g + 15) % 30;
	const i = Math.floor(c / 4);
	const k = c % 4;
	const l = (32 + 2 * e + 2 * i - h - k) % 7;
	const m = Math.floor((a + 11 * h + 22 * l) / 451);
	const month = Math.floor((h + l - 7 * m + 114) / 31);
	const day = ((h + l - 7 * m + 114) % 31) + 1;
	return new Date(Date.UTC(year, month - 1, day));
}

function berlinHolidays(now: Date): Holiday[] {
	const holidays: Holiday[] = [
		{ date: '2000-01-01', yearly: true, name: "New Year's Day" },
		{ date: '2000-05-01', yearly: true, name: 'Labour Day' },
		{ date: '2000-10-03', yearly: true, name: 'German Unity Day' },
		{ date: '2000-12-25', yearly: true, name: 'Christmas Day' },
		{ date: '2000-12-26', yearly: true, name: 'Second Day of Christmas' }
	];
	const year = now.getUTCFullYear();
	for (let y = year - 1; y <= year + 1; y++) {
		const sunday = easter(y).getTime();
		for (const [offset, name] of [
			[-2, 'Good Friday'],
			[1, 'Easter Monday'],
			[39, 'Ascension Day'],
			[50, 'Whit Monday']
		] as const) {
			holidays.push({
				date: new Date(sunday + offset * dayMs).toISOString().slice(0, 10),
				yearly: false,
				name
			});
		}
	}
	return holidays;
}

type Targets = Record<CasePriority, PriorityTargets>;

/** Business minutes (10 a day on the Berlin calendar). */
const keyAccountTargets: Targets = {
	urgent: { firstResponse: 30, nextResponse: 60, resolution: 240 },
	high: { firstResponse: 60, nextResponse: 120, resolution: 600 },
	normal: { firstResponse: 120, nextResponse: 240, resolution: 1500 },
	low: { firstResponse: 240, nextResponse: 480, resolution: 3000 }
};
const standardTargets: Targets = {
	urgent: { firstResponse: 60, nextResponse: 120, resolution: 600 },
	high: { firstResponse: 240, nextResponse: 480, resolution: 1200 },
	normal: { firstResponse: 480, nextResponse: 600, resolution: 3000 },
	low: { firstResponse: 960, nextResponse: 1200, resolution: 6000 }
};

// ---------------------------------------------------------------------------
// The year

type Actor = 'assignee' | 'colleague' | 'customer';

type Action =
	| { do: 'open' }
	/** Triage of a detractor case: the account owner, or round robin in Key Accounts. */
	| { do: 'assign' }
	| {
			do: 'event';
			event: CaseEvent;
			by: Actor;
			body?: string;
			isPublic?: boolean;
			resolution?: { note: string; rootCause: string };
	  };

type Script = {
	index: number;
	at: Date;
	input: Omit<OpenCaseInput, 'alongside'>;
	theme: Theme;
	firstName: string | null;
	zone: string;
	targets: PriorityTargets;
	assign: { ownerId: string } | { teamId: string } | null;
	caseId: string | null;
	vars: Record<string, string>;
	/** The account leaves within a few months: its complaints go less well. */
	atRisk: boolean;
};

type Step = { at: Date; seq: number; script: Script; action: Action };

export type DemoCasesReport = {
	cases: number;
	open: number;
	settled: number;
	breaches: number;
	skipped: number;
};

export async function buildDemoCases({
	db,
	now,
	demo,
	publicUrl
}: {
	db: Database;
	now: Date;
	demo: Demo;
	publicUrl: string;
}): Promise<DemoCasesReport> {
	const random = createRandom(5_2026);
	const settingsAt = new Date(now.getTime() - 380 * dayMs);
	const clock = createFixedClock(settingsAt);
	const deps: Deps = {
		db,
		clock,
		mailer: createLocalMailer(),
		config: Config.parse({ publicUrl, version: 'demo' })
	};

	const staffByName = new Map(demo.staff.map((user) => [user.name, user]));
	const staffById = new Map(demo.staff.map((user) => [user.id, user]));
	const person = (name: string) => {
		const found = staffByName.get(name);
		if (!found) throw new Error(`The demo has no staff member ${name}.`);
		return found;
	};
	const headOfService = person('Carmen Ortega');
	const keyAccountsLead = person('Priya Natarajan');
	const ordersLead = person('Jonas Becker');
	const teamByName = new Map(demo.teams.map((team) => [team.name, team]));
	const team = (name: string) => {
		const found = teamByName.get(name);
		if (!found) throw new Error(`The demo has no team ${name}.`);
		return found;
	};
	const membersOf = new Map<string, string[]>();
	for (const { teamId, userId } of demo.teamMembers)
		membersOf.set(teamId, [...(membersOf.get(teamId) ?? []), userId]);

	// --- SLA & routing, as a manager sets them up before the year begins.
	const calendar = CalendarInput.parse({
		name: 'Berlin office',
		timeZone: 'Europe/Berlin',
		week: [...Array.from({ length: 5 }, () => [{ start: 8 * 60, end: 18 * 60 }]), [], []],
		holidays: berlinHolidays(now)
	});
	const calendarId = newId();
	const policies = [
		PolicyInput.parse({
			name: 'Key accounts',
			conditions: { tiers: ['enterprise', 'premium'] },
			targets: keyAccountTargets,
			warning: { share: 0.75 },
			escalation: [
				{ afterMinutes: 0, userIds: [keyAccountsLead.id] },
				{ afterMinutes: 120, userIds: [headOfService.id] }
			],
			calendarId
		}),
		PolicyInput.parse({
			name: 'Standard',
			targets: standardTargets,
			warning: { share: 0.75 },
			escalation: [
				{ afterMinutes: 0, userIds: [ordersLead.id] },
				{ afterMinutes: 120, userIds: [headOfService.id] }
			],
			calendarId
		})
	].map((policy) => ({ ...policy, id: newId() }));
	const categories = categorySpecs.map((spec) => ({ ...spec, id: newId() }));

	// A fresh database has no policies; any that exist go after ours, and a catch-all is switched off (Standard is ours).
	const existing = await db.select().from(slaPolicies);
	const audit = (action: string, entityType: string, entityId: string, name: string) =>
		db.insert(auditLog).values({
			actorId: headOfService.id,
			action,
			entityType,
			entityId,
			detail: { name },
			at: settingsAt
		});
	await db.batch([
		db.insert(businessCalendars).values({
			id: calendarId,
			name: calendar.name,
			timeZone: calendar.timeZone,
			week: calendar.week,
			holidays: calendar.holidays,
			createdAt: settingsAt,
			updatedAt: settingsAt
		}),
		audit('business_calendar.created', 'business_calendar', calendarId, calendar.name),
		...existing.map((policy) => {
			const catchAll =
				!policy.conditions.priorities.length &&
				!policy.conditions.categoryIds.length &&
				!policy.conditions.tiers.length;
			return db
				.update(slaPolicies)
				.set({
					position: policy.position + policies.length,
					isActive: policy.isActive && !catchAll,
					updatedAt: settingsAt
				})
				.where(eq(slaPolicies.id, policy.id));
		}),
		db.insert(slaPolicies).values(
			policies.map((policy, position) => ({
				id: policy.id,
				name: policy.name,
				position,
				conditions: policy.conditions,
				targets: policy.targets,
				warning: policy.warning,
				escalation: policy.escalation,
				calendarId,
				version: 1,
				isActive: true,
				createdAt: settingsAt,
				updatedAt: settingsAt
			}))
		),
		...policies.map((policy) => audit('sla_policy.created', 'sla_policy', policy.id, policy.name)),
		db.insert(caseCategories).values(
			categories.map((category, position) => ({
				id: category.id,
				name: category.name,
				priority: category.priority,
				teamId: team(category.team).id,
				assignToOwner: category.assignToOwner,
				position,
				createdAt: settingsAt
			}))
		),
		...categories.map((category) =>
			audit('case_category.created', 'case_category', category.id, category.name)
		)
	]);
	const causes = await db
		.select({ id: rootCauses.id, name: rootCauses.name })
		.from(rootCauses)
		.where(isNull(rootCauses.archivedAt));
	if (causes.length === 0) throw new Error('No root causes: run the migrations first.');
	const causeId = (name: string) =>
		(causes.find((cause) => cause.name === name) ?? causes[causes.length - 1]!).id;

	// --- Who complains, when, about what.
	const accountById = new Map(demo.accounts.map((account) => [account.id, account]));
	const contactById = new Map(demo.contacts.map((contact) => [contact.id, contact]));
	const keyTiers = new Set(['enterprise', 'premium']);
	const targetsFor = (tier: string | null, priority: CasePriority) =>
		(tier && keyTiers.has(tier) ? keyAccountTargets : standardTargets)[priority];
	const firstNameOf = (name: string | null) => name?.split(' ')[0] ?? null;
	const start = now.getTime() - 365 * dayMs;
	const scripts: Script[] = [];
	const varsFor = (at: Date) => ({
		order: `PO-${random.int(41_000, 98_999)}`,
		invoice: `INV-${at.getUTCFullYear()}-${random.int(10_000, 99_999)}`,
		n: String(random.int(2, 12))
	});

	// (a) Every detractor answer the demo surveys recorded.
	const detractors = await db
		.select({
			id: surveyResponses.id,
			contactId: surveyResponses.contactId,
			score: surveyResponses.score,
			comment: surveyResponses.comment,
			locale: surveyResponses.locale,
			createdAt: surveyResponses.createdAt,
			surveyName: surveys.name,
			kind: surveys.kind
		})
		.from(surveyResponses)
		.innerJoin(surveys, eq(surveys.id, surveyResponses.surveyId))
		.where(eq(surveyResponses.detractor, true))
		.orderBy(asc(surveyResponses.createdAt), asc(surveyResponses.id));
	for (const response of detractors) {
		const contact = contactById.get(response.contactId);
		const account = contact ? accountById.get(contact.accountId) : undefined;
		const scale = surveyScales[response.kind];
		const comment = response.comment?.trim();
		const tier = account?.tier ?? null;
		// As `openDetractorCases` words them.
		scripts.push({
			index: scripts.length,
			at: response.createdAt,
			input: {
				source: 'survey',
				subject: `Low score on “${response.surveyName}”: ${response.score} of ${scale.max}`,
				description:
					comment ||
					`The customer answered ${response.score} on the ${scale.min}–${scale.max} scale and left no comment yet.`,
				email: null,
				name: null,
				contactId: response.contactId,
				responseId: response.id,
				locale: response.locale
			},
			theme: themeOfComment(comment ?? null),
			firstName: firstNameOf(contact?.name ?? null),
			zone: contact?.timeZone ?? calendar.timeZone,
			targets: targetsFor(tier, 'normal'),
			// Key accounts' detractors go to the Key Accounts team; the rest to the account's owner.
			assign:
				tier && keyTiers.has(tier)
					? { teamId: team('Key Accounts').id }
					: account
						? { ownerId: account.ownerId }
						: null,
			caseId: null,
			vars: varsFor(response.createdAt),
			atRisk: !!account && leavesSoon(account, response.createdAt)
		});
	}

	const pickCategory = () => {
		let roll = random.next();
		return categories.find((category) => (roll -= category.weight) < 0) ?? categories[0]!;
	};
	const pickContact = (at: Date) => {
		for (;;) {
			const contact = random.pick(demo.contacts);
			const account = accountById.get(contact.accountId)!;
			if (contact.createdAt > at || !isCustomerAt(account, at)) continue;
			return { contact, account };
		}
	};
	/** A time a person writes to us: mostly daytime in their zone, sometimes late in the evening. */
	const daytime = (at: Date, zone: string) => {
		const hour = localParts(at, zone).hour;
		if (hour >= 7 && hour < 22) return at;
		const hoursToMorning = (hour < 7 ? 7 - hour : 31 - hour) + random.between(0, 3);
		return new Date(at.getTime() + hoursToMorning * hourMs);
	};

	// (b) Complaints on the public form, from contacts, a few anonymous, a few from people we do not know.
	const formCount = random.int(170, 220);
	for (let i = 0; i < formCount; i++) {
		let at = new Date(start + random.next() * (365 * dayMs - 3 * hourMs));
		const category = pickCategory();
		const [subject, description] = random.pick(complaints[category.key]);
		const vars = varsFor(at);
		const stranger = random.chance(0.04) ? random.pick(strangers) : null;
		const picked = stranger ? null : pickContact(at);
		const anonymous = !stranger && random.chance(0.06);
		const zone = picked?.contact.timeZone ?? calendar.timeZone;
		if (random.chance(0.85)) at = daytime(at, zone);
		if (at > now) at = new Date(now.getTime() - random.int(10, 120) * minuteMs);
		const name = stranger?.[0] ?? picked!.contact.name;
		const tier = anonymous || stranger ? null : picked!.account.tier;
		scripts.push({
			index: scripts.length,
			at,
			input: {
				source: 'form',
				subject: fill(subject, vars),
				description: fill(description, vars),
				email: stranger?.[1] ?? picked!.contact.email,
				name: anonymous && random.chance(0.5) ? null : name,
				categoryId: category.id,
				accountReference:
					stranger || anonymous || random.chance(0.6) ? null : picked!.account.externalRef,
				anonymous,
				locale: picked?.contact.locale ?? 'en'
			},
			theme: category.key,
			firstName: anonymous ? null : firstNameOf(name),
			zone,
			targets: targetsFor(tier, category.priority),
			assign: null,
			caseId: null,
			vars,
			atRisk: !!picked && leavesSoon(picked.account, at)
		});
	}

	// (b2) Customers who leave have usually complained first: one last complaint in the weeks before.
	for (const account of demo.accounts) {
		for (const spell of account.spells) {
			if (!spell.lostAt || spell.lostAt.getTime() < start) continue;
			let at = new Date(
				spell.lostAt.getTime() - random.int(12, 60) * dayMs - random.int(0, 600) * minuteMs
			);
			const contact = random.pick(
				demo.contacts.filter((c) => c.accountId === account.id && c.createdAt < at)
			);
			if (!contact || at.getTime() < start) continue;
			at = daytime(at, contact.timeZone);
			if (at >= spell.lostAt || at > now) continue;
			const category = pickCategory();
			const [subject, description] = random.pick(complaints[category.key]);
			const vars = varsFor(at);
			scripts.push({
				index: scripts.length,
				at,
				input: {
					source: 'form',
					subject: fill(subject, vars),
					description: fill(description, vars),
					email: contact.email,
					name: contact.name,
					categoryId: category.id,
					accountReference: account.externalRef,
					anonymous: false,
					locale: contact.locale
				},
				theme: category.key,
				firstName: firstNameOf(contact.name),
				zone: contact.timeZone,
				targets: targetsFor(account.tier, category.priority),
				assign: null,
				caseId: null,
				vars,
				atRisk: true
			});
		}
	}

	// (c) A few complaints staff took down on the phone, some of them urgent.
	const staffCount = random.int(12, 18);
	for (let i = 0; i < staffCount; i++) {
		const day = new Date(start + random.next() * 360 * dayMs);
		const at = jitter(random, addBusinessMinutes(calendar, day, random.int(0, 599)));
		if (at > now) continue;
		const category = pickCategory();
		const { contact, account } = pickContact(at);
		const [subject, description] = random.pick(complaints[category.key]);
		const vars = varsFor(at);
		const urgent = random.chance(0.3);
		const priority: CasePriority = urgent ? 'urgent' : category.priority;
		const teamMembers = membersOf.get(team(category.team).id) ?? [];
		const actorId = random.chance(0.5) ? account.ownerId : random.pick(teamMembers);
		scripts.push({
			index: scripts.length,
			at,
			input: {
				source: 'staff',
				subject: fill(subject, vars),
				description: random.pick(phoneNotes) + fill(description, vars),
				email: contact.email,
				name: contact.name,
				contactId: contact.id,
				categoryId: category.id,
				priority: urgent ? 'urgent' : null,
				actorId
			},
			theme: category.key,
			firstName: firstNameOf(contact.name),
			zone: contact.timeZone,
			targets: targetsFor(account.tier, priority),
			assign: null,
			caseId: null,
			vars,
			atRisk: leavesSoon(account, at)
		});
	}

	// --- Each case's life, as steps in time.
	const steps: Step[] = [];
	for (const script of scripts) steps.push(...planScript(script, { random, now, calendar }));
	steps.sort(
		(a, b) => a.at.getTime() - b.at.getTime() || a.script.index - b.script.index || a.seq - b.seq
	);

	// --- The tick, where the product would have run it: at every warning, breach, escalation and auto-close due.
	const nextDue = async (): Promise<Date | null> => {
		const [due] = await db
			.select({ at: min(slaClocks.nextCheckAt) })
			.from(slaClocks)
			.where(sql`${slaClocks.nextCheckAt} is not null`);
		const [resolved] = await db
			.select({ at: min(cases.resolvedAt) })
			.from(cases)
			.where(eq(cases.state, 'resolved'));
		const candidates = [
			due?.at ? new Date(due.at).getTime() : null,
			resolved?.at ? new Date(resolved.at).getTime() + deps.config.caseAutoCloseDays * dayMs : null
		].filter((at): at is number => at !== null);
		return candidates.length ? new Date(Math.min(...candidates)) : null;
	};
	const tick = async (at: Date) => {
		clock.set(at);
		for (let round = 0; round < 1000; round++) if ((await sweepSla(deps)).checked === 0) break;
		for (let round = 0; round < 1000; round++)
			if ((await closeUnansweredCases(deps)).closed === 0) break;
	};
	let lastTickAt: number | null = null;
	/**
	 * Moves the clock to `at`, running the tick (SLA sweep, then auto-close) at
	 * every moment up to it when something falls due, as the once-a-minute tick
	 * would have. When nothing is due by `at`, a tick would check and close
	 * nothing, so it is left out.
	 */
	const advanceTo = async (at: Date) => {
		for (;;) {
			const due = await nextDue();
			if (!due || due > at) break;
			const when = Math.max(due.getTime(), clock.now().getTime());
			// Still due right after a tick at this very moment (it never should be): leave it to a later tick.
			if (when === lastTickAt) break;
			lastTickAt = when;
			await tick(new Date(when));
		}
		clock.set(at);
	};

	// --- Replay.
	let skipped = 0;
	const nameOf = (id: string) => staffById.get(id)?.name ?? 'Northwind';
	const staffActor = (id: string): CaseActor => ({ type: 'staff', id, name: nameOf(id) });
	for (const step of steps) {
		if (step.at > now) continue;
		const { script, action } = step;
		if (action.do !== 'open' && !script.caseId) continue;
		await advanceTo(step.at);
		if (action.do === 'open') {
			const opened = await openCase({ deps, input: script.input });
			script.caseId = opened.id;
			continue;
		}
		const row = await findCase(db, caseById(script.caseId!));
		if (!row) continue;
		if (action.do === 'assign') {
			const assigneeId =
				script.assign && 'ownerId' in script.assign
					? script.assign.ownerId
					: script.assign
						? await pickTeamAssignee(db, script.assign.teamId)
						: null;
			if (!assigneeId || assigneeId === row.assigneeId || row.state === 'closed') continue;
			// As the console's reassignment does it.
			await db.batch([
				assignCases(db, [row.id], assigneeId, clock.now()),
				insertCaseEvent(db, {
					caseId: row.id,
					type: 'assigned',
					actorType: 'staff',
					actorId: headOfService.id,
					data: { assigneeId },
					createdAt: clock.now()
				})
			]);
			continue;
		}
		if (await applyStep(row, script, action, step.at)) continue;
		skipped++;
	}
	await advanceTo(now);

	/** Applies one scripted event as the console or the status page would; false when the case's state refuses it. */
	async function applyStep(
		row: CaseRow,
		script: Script,
		action: Extract<Action, { do: 'event' }>,
		at: Date
	): Promise<boolean> {
		// The status page takes a recovery answer only while the case may still be reopened.
		if (
			(action.event === 'customer_confirms' || action.event === 'customer_rejects') &&
			(!withinReopenWindow(row, at) ||
				(row.state === 'closed' && action.event === 'customer_confirms'))
		)
			return false;
		const assigneeId = row.assigneeId ?? headOfService.id;
		const colleagues = (row.teamId ? (membersOf.get(row.teamId) ?? []) : []).filter(
			(id) => id !== assigneeId
		);
		const actor: CaseActor =
			action.by === 'customer'
				? { type: 'customer' }
				: staffActor(
						action.by === 'colleague' && colleagues.length
							? colleagues[script.index % colleagues.length]!
							: assigneeId
					);
		const greeting = script.firstName ? `Hi ${script.firstName},` : 'Hello,';
		const body =
			action.body === undefined
				? undefined
				: action.by === 'customer' || action.isPublic === false
					? fill(action.body, script.vars)
					: `${greeting}\n\n${fill(action.body, script.vars)}`;
		try {
			await applyCaseEvent({
				deps,
				row,
				input: {
					event: action.event,
					actor,
					...(body !== undefined ? { message: { body, isPublic: action.isPublic ?? true } } : {}),
					...(action.resolution
						? {
								resolution: {
									note: action.resolution.note,
									rootCauseId: causeId(action.resolution.rootCause)
								}
							}
						: {})
				}
			});
			return true;
		} catch (error) {
			if (error instanceof AppError && error.code === 'conflict') return false;
			throw error;
		}
	}

	// The product would have sent all of this long ago: nothing waits in the outbox for fake customers.
	await db
		.update(outbox)
		.set({
			status: 'sent',
			sentAt: sql`${outbox.createdAt}`,
			providerId: localProviderId,
			attempts: 1,
			claimedUntil: null
		})
		.where(eq(outbox.status, 'pending'));

	const byState = await db
		.select({ state: cases.state, n: count() })
		.from(cases)
		.groupBy(cases.state);
	const inStates = (states: CaseRow['state'][]) =>
		byState.filter((row) => states.includes(row.state)).reduce((sum, row) => sum + row.n, 0);
	const [breaches] = await db
		.select({ n: count() })
		.from(slaEvents)
		.where(eq(slaEvents.kind, 'breach'));
	return {
		cases: byState.reduce((sum, row) => sum + row.n, 0),
		open: inStates(['new', 'acknowledged', 'in_progress', 'waiting_on_customer']),
		settled: inStates(['resolved', 'closed']),
		breaches: breaches?.n ?? 0,
		skipped
	};
}

/** Whether one of the account's spells ends within 150 days after `at`. */
function leavesSoon(account: { spells: DemoSpell[] }, at: Date): boolean {
	return account.spells.some(
		(spell) =>
			spell.lostAt !== null &&
			spell.lostAt > at &&
			spell.lostAt.getTime() - at.getTime() < 150 * dayMs
	);
}

function fill(template: string, vars: Record<string, string>): string {
	return template.replace(/\{(\w+)\}/g, (whole, key: string) => vars[key] ?? whole);
}

/** Seconds within the minute, so staff do not all act on the minute. */
function jitter(random: Random, at: Date): Date {
	return new Date(at.getTime() + random.int(0, 59) * 1000);
}

/**
 * One case's life: acknowledgement and first reply (now and then too late),
 * questions and answers, chasers, notes, the resolution, and the customer's
 * verdict (yes, no and round again, or silence until the auto-close). Staff
 * act in business hours on the Berlin calendar; customers any time of day.
 * Cases from the last two weeks are often still in the queue.
 */
function planScript(
	script: Script,
	{
		random,
		now,
		calendar
	}: { random: Random; now: Date; calendar: ReturnType<typeof CalendarInput.parse> }
): Step[] {
	const steps: Step[] = [];
	let t = script.at;
	const push = (at: Date, action: Action) => {
		const when =
			at.getTime() <= t.getTime() && steps.length ? new Date(t.getTime() + minuteMs) : at;
		steps.push({ at: when, seq: steps.length, script, action });
		t = when;
	};
	const staffAfter = (from: Date, minutes: number) =>
		jitter(random, addBusinessMinutes(calendar, from, Math.max(1, Math.round(minutes))));
	const customerAfter = (from: Date, minMinutes: number, maxMinutes: number) => {
		const at = new Date(from.getTime() + random.between(minMinutes, maxMinutes) * minuteMs);
		const hour = localParts(at, script.zone).hour;
		if (hour >= 7 && hour < 22) return at;
		return new Date(
			at.getTime() + ((hour < 7 ? 7 - hour : 31 - hour) + random.between(0, 2)) * hourMs
		);
	};
	const event = (
		event: CaseEvent,
		by: Actor,
		extra: Omit<Extract<Action, { do: 'event' }>, 'do' | 'event' | 'by'> = {}
	): Action => ({ do: 'event', event, by, ...extra });
	const theme = script.theme;
	const { firstResponse, nextResponse, resolution } = script.targets;
	const opened = script.at;

	push(opened, { do: 'open' });

	// First response: mostly in time, sometimes late enough to breach.
	// An account about to leave had it worse: slower answers, fewer problems really solved.
	const lateFirst = random.chance(script.atRisk ? 0.3 : 0.08);
	const firstDelay =
		firstResponse * (lateFirst ? random.between(1.1, 2.6) : random.between(0.05, 0.9));
	if (script.assign) push(staffAfter(opened, Math.min(firstDelay * 0.3, 45)), { do: 'assign' });
	if (random.chance(0.55))
		push(
			staffAfter(opened, firstDelay * random.between(0.15, 0.7)),
			event('acknowledge', 'assignee')
		);
	const asksFirst = random.chance(theme === 'general' ? 0.7 : 0.25);
	let waiting = false;
	let unanswered = false;
	if (asksFirst) {
		push(
			staffAfter(opened, firstDelay),
			event('wait_on_customer', 'assignee', { body: random.pick(questions[theme]) })
		);
		waiting = true;
	} else {
		push(
			staffAfter(opened, firstDelay),
			event('reply_public', 'assignee', { body: random.pick(firstReplies[theme]) })
		);
	}
	const answered = steps.length;

	const answerOrSilence = () => {
		if (random.chance(0.8)) {
			push(
				customerAfter(t, 40, 60 * 48),
				event('customer_reply', 'customer', {
					body: random.pick(customerAnswers[theme]),
					isPublic: true
				})
			);
			const late = random.chance(0.1);
			push(
				staffAfter(t, nextResponse * (late ? random.between(1.1, 2) : random.between(0.1, 0.8))),
				event('reply_public', 'assignee', { body: random.pick(updates[theme]) })
			);
			waiting = false;
		} else {
			unanswered = true;
		}
	};

	if (waiting) answerOrSilence();
	else {
		push(staffAfter(t, random.int(5, 240)), event('start', 'assignee'));
		if (random.chance(0.2)) {
			push(
				customerAfter(t, 60 * 20, 60 * 96),
				event('customer_reply', 'customer', { body: random.pick(chases), isPublic: true })
			);
			const late = random.chance(0.15);
			push(
				staffAfter(t, nextResponse * (late ? random.between(1.1, 2) : random.between(0.1, 0.85))),
				event('reply_public', 'assignee', { body: random.pick(updates[theme]) })
			);
		}
		if (random.chance(0.2)) {
			push(
				staffAfter(t, random.int(30, 600)),
				event('wait_on_customer', 'assignee', { body: random.pick(questions[theme]) })
			);
			waiting = true;
			answerOrSilence();
		}
	}
	if (random.chance(0.45)) {
		push(
			staffAfter(t, random.int(10, 300)),
			event('note_internal', random.chance(0.4) ? 'colleague' : 'assignee', {
				body: random.pick(notes[theme]),
				isPublic: false
			})
		);
	}

	// The fix: usually well within the resolution target, now and then a long investigation.
	const [note, rootCause] = random.pick(resolutions[theme]);
	const longRun = random.chance(0.07);
	const budget = resolution * (longRun ? random.between(1.1, 1.6) : random.between(0.15, 0.7));
	const resolveAt = unanswered
		? staffAfter(t, random.int(1800, 3000))
		: new Date(
				Math.max(staffAfter(opened, budget).getTime(), staffAfter(t, random.int(20, 240)).getTime())
			);
	push(resolveAt, event('resolve', 'assignee', { resolution: { note, rootCause } }));
	const resolvedAt = t;

	// The customer's verdict.
	const verdict = random.next();
	const [confirms, rejects, rejectsLate, phoned] = script.atRisk
		? [0.3, 0.52, 0.6, 0.62]
		: [0.57, 0.69, 0.72, 0.75];
	const rejection = () =>
		random.pick([...rejections.any, ...(rejections[theme] ?? []), ...(rejections[theme] ?? [])]);
	const resolveAgain = () => {
		push(
			staffAfter(t, nextResponse * random.between(0.1, 0.8)),
			event('reply_public', 'assignee', { body: random.pick(reopenReplies) })
		);
		if (random.chance(0.5))
			push(
				staffAfter(t, random.int(10, 240)),
				event('note_internal', 'colleague', { body: random.pick(notes[theme]), isPublic: false })
			);
		push(
			staffAfter(t, random.int(60, Math.max(90, Math.round(resolution * 0.6)))),
			event('resolve', 'assignee', { resolution: { note: followUps[theme], rootCause } })
		);
		if (random.chance(0.65))
			push(customerAfter(t, 60, 60 * 72), event('customer_confirms', 'customer'));
	};
	if (verdict < confirms) {
		const comment = random.chance(0.35) ? random.pick(confirmations) : undefined;
		push(
			customerAfter(t, 30, 60 * 96),
			event('customer_confirms', 'customer', comment ? { body: comment, isPublic: true } : {})
		);
	} else if (verdict < rejects) {
		push(
			customerAfter(t, 60, 60 * 110),
			event('customer_rejects', 'customer', { body: rejection(), isPublic: true })
		);
		resolveAgain();
	} else if (verdict < rejectsLate) {
		// Silence, the auto-close, then a "no" within the reopen window.
		push(
			customerAfter(resolvedAt, 60 * 24 * 9, 60 * 24 * 20),
			event('customer_rejects', 'customer', { body: rejection(), isPublic: true })
		);
		resolveAgain();
	} else if (verdict < phoned) {
		// The customer said thanks on the phone: the agent closes it.
		push(
			staffAfter(t, random.int(300, 1500)),
			event('note_internal', 'assignee', {
				body: 'Customer confirmed on the phone that it is solved.',
				isPublic: false
			})
		);
		push(staffAfter(t, 2), event('close', 'assignee'));
	}
	// Otherwise silence: the tick closes it after the auto-close days.

	// The last two weeks: a backlog, so the queue has work (some of it warned or breached).
	// The last few days' cases may still wait for anyone; older ones have had their first reply.
	const age = now.getTime() - script.at.getTime();
	if (age < 14 * dayMs && random.chance(0.3)) {
		const kept = age < 4 * dayMs ? 1 + random.int(0, 2) : answered + random.int(0, 2);
		return steps.slice(0, Math.min(kept, steps.length - 1));
	}
	return steps;
}
