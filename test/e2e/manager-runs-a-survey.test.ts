import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { and, count, eq } from 'drizzle-orm';
import type { Browser, BrowserContext } from 'playwright-core';
import { contacts } from '../../db/schema/accounts';
import { outbox } from '../../db/schema/outbox';
import { surveyInvitations, surveyResponses, surveySkips } from '../../db/schema/surveys';
import {
	launchBrowser,
	screenshot,
	seriousViolations,
	startProduct,
	watchConsole
} from './browser';

let product: Awaited<ReturnType<typeof startProduct>>;
let browser: Browser;

beforeAll(async () => {
	product = await startProduct();
	browser = await launchBrowser();
});
afterAll(async () => {
	await browser?.close();
	await product?.stop();
});

/** What the customer pages and emails say in each shipped language (the test reads them as a customer would). */
const words = {
	en: {
		subject: 'A quick question from Closeloop',
		greeting: 'Hello',
		submitScore: 'Submit my score',
		saved: 'Thank you! Your score is saved.',
		improve: 'What should we improve?',
		send: 'Send',
		thanks: 'Thank you!'
	},
	de: {
		subject: 'Eine kurze Frage von Closeloop',
		greeting: 'Hallo',
		submitScore: 'Bewertung senden',
		saved: 'Vielen Dank! Ihre Bewertung ist gespeichert.',
		improve: 'Was sollten wir verbessern?',
		send: 'Senden',
		thanks: 'Vielen Dank!'
	},
	fr: {
		subject: 'Une petite question de la part de Closeloop',
		greeting: 'Bonjour',
		submitScore: 'Envoyer ma note',
		saved: 'Merci ! Votre note est enregistrée.',
		improve: 'Que devrions-nous améliorer ?',
		send: 'Envoyer',
		thanks: 'Merci !'
	}
} as const;

type Customer = {
	name: string;
	email: string;
	account: string;
	locale: string;
	timeZone: string;
	/** The language the survey reaches them in (`es`, `fi` fall back to English). */
	language: keyof typeof words;
	score: number;
	comment: string;
	/** Answers without JavaScript: the score is recorded by the button, not on load. */
	noScript?: boolean;
};

const accountTiers: Record<string, string> = {
	'Alder Bakery': 'premium',
	'Birch Logistics': 'enterprise',
	'Cedar Clinic': 'standard',
	'Ipê Design': 'basic',
	'Maison Laurent': 'standard'
};

/**
 * The next Tuesday after today (UTC), at `time`. The clock must stay near the real date: the session
 * cookie expires 30 days after the injected clock's now, and browsers refuse cookies expiring more
 * than 400 days ahead, so a fixed date would break sign-in as the years pass.
 */
function nextTuesdayAt(time: string): string {
	const day = new Date();
	day.setUTCHours(0, 0, 0, 0);
	do day.setUTCDate(day.getUTCDate() + 1);
	while (day.getUTCDay() !== 2);
	return `${day.toISOString().slice(0, 10)}T${time}Z`;
}
// At 06:00 UTC it is before 09:00 for every contact; at 14:30 UTC it is 09:30 or 10:30 in New York and
// 15:30 or 16:30 in Berlin, with or without summer time, so every weekday 09:00–17:00 window is open.
const beforeWindows = nextTuesdayAt('06:00:00');
const insideWindows = nextTuesdayAt('14:30:00');

/** The contact's local weekday (0 = Sunday) and hour at `instant`. */
function localTime(instant: string, timeZone: string) {
	const parts = new Intl.DateTimeFormat('en-US', {
		timeZone,
		weekday: 'short',
		hour: 'numeric',
		hourCycle: 'h23'
	}).formatToParts(new Date(instant));
	const weekday = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(
		parts.find((part) => part.type === 'weekday')!.value
	);
	return { weekday, hour: Number(parts.find((part) => part.type === 'hour')!.value) };
}
function inSendWindow(instant: string, timeZone: string): boolean {
	const { weekday, hour } = localTime(instant, timeZone);
	return weekday >= 1 && weekday <= 5 && hour >= 9 && hour < 17;
}

const customers: Customer[] = [
	{
		name: 'Mira König',
		email: 'mira.koenig@alderbakery.example',
		account: 'Alder Bakery',
		locale: 'de',
		timeZone: 'Europe/Berlin',
		language: 'de',
		score: 10,
		comment: 'Rechnungen bitte auch auf Deutsch.'
	},
	{
		name: 'Sam Osei',
		email: 'sam.osei@alderbakery.example',
		account: 'Alder Bakery',
		locale: 'en',
		timeZone: 'Europe/London',
		language: 'en',
		score: 9,
		comment: 'A weekly summary email would help.'
	},
	{
		name: 'Lena Ruiz',
		email: 'lena.ruiz@cedarclinic.example',
		account: 'Cedar Clinic',
		locale: 'es',
		timeZone: 'Europe/Madrid',
		language: 'en',
		score: 9,
		comment: 'Works fine without scripts.',
		noScript: true
	},
	{
		name: 'Jordan Blake',
		email: 'jordan.blake@birchlogistics.example',
		account: 'Birch Logistics',
		locale: 'en-US',
		timeZone: 'America/New_York',
		language: 'en',
		score: 7,
		comment: 'Faster answers on the phone line.'
	},
	{
		name: 'Ana Souza',
		email: 'ana.souza@ipedesign.example',
		account: 'Ipê Design',
		locale: 'pt-BR',
		timeZone: 'America/Sao_Paulo',
		language: 'en',
		score: 3,
		comment: 'Deliveries were late twice this month.'
	},
	{
		name: 'Camille Laurent',
		email: 'camille@maisonlaurent.example',
		account: 'Maison Laurent',
		locale: 'fr',
		timeZone: 'Europe/Paris',
		language: 'fr',
		score: 10,
		comment: 'Un service impeccable, merci.'
	}
];

const surveyName = 'Quarterly relationship NPS';
const furtherQuestion = 'Which feature would you miss most?';

/** The links of one contact's invitation, as found in the email in the Mailbox. */
const emailLinks = new Map<string, { score: string; unsubscribe: string }>();

/** A link from an email, on this test's host: the emails link to the configured public URL. */
function onHost(link: string): string {
	const url = new URL(link);
	expect(url.origin).toBe(new URL(product.deps.config.publicUrl).origin);
	return `${product.url}${url.pathname}${url.search}`;
}

function tokenOf(link: string): string {
	return new URL(link).pathname.split('/')[2]!;
}

async function responsesFor(email: string) {
	return product.deps.db
		.select({
			score: surveyResponses.score,
			comment: surveyResponses.comment,
			answers: surveyResponses.answers
		})
		.from(surveyResponses)
		.innerJoin(contacts, eq(contacts.id, surveyResponses.contactId))
		.where(eq(contacts.email, email));
}

function normalized(text: string | null): string {
	return (text ?? '').replace(/\s+/g, ' ').trim();
}

/** The address of every script the context's pages load. */
function watchScripts(context: BrowserContext): Set<string> {
	const urls = new Set<string>();
	context.on('request', (request) => {
		if (request.resourceType() === 'script') urls.add(request.url());
	});
	return urls;
}

/**
 * Gzipped bytes of the script files and of the scripts inline in the pages' HTML,
 * fetched again after the fact (a page that navigates away at once has no body left to read).
 * A plain GET of any of these pages records nothing.
 */
async function gzippedScriptBytes(
	context: BrowserContext,
	scriptUrls: Iterable<string>,
	pageUrls: string[]
) {
	let total = 0;
	for (const url of scriptUrls)
		total += gzipSync(await (await context.request.get(url)).body()).length;
	for (const url of pageUrls) {
		const html = await (await context.request.get(url)).text();
		for (const [, source] of html.matchAll(/<script\b(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/gi))
			total += gzipSync(source!).length;
	}
	return total;
}

it('a manager creates an NPS survey, it goes out in each contact’s send window, customers answer from the email, and the results show the NPS with n and its margin', async () => {
	const page = await browser.newPage({ viewport: { width: 1360, height: 900 } });
	const consoleErrors = watchConsole(page);
	const sameOrigin = { origin: product.url };

	// A weekday morning, before anyone signs in, so sessions and results live on one clock.
	for (const customer of customers) {
		expect(inSendWindow(beforeWindows, customer.timeZone), customer.timeZone).toBe(false);
		expect(inSendWindow(insideWindows, customer.timeZone), customer.timeZone).toBe(true);
	}
	const clock = await page.request.post(`${product.url}/api/clock`, {
		data: { set: beforeWindows },
		headers: sameOrigin
	});
	expect(clock.status()).toBe(200);

	// The first admin sets up Closeloop (admins do what managers do, and read the Mailbox).
	await page.goto(`${product.url}/`);
	await page.waitForURL('**/setup');
	await page.getByLabel('Your name').fill('Maya Manager');
	await page.getByLabel('Work email').fill('maya@closeloop.example');
	await page.getByLabel('Password').fill('a long enough password');
	await page.getByRole('button', { name: 'Create admin and sign in' }).click();
	await page.waitForURL(`${product.url}/`);

	// Accounts and contacts through the API, with the browser's session.
	const accountIds = new Map<string, string>();
	for (const [name, tier] of Object.entries(accountTiers)) {
		const created = await page.request.post(`${product.url}/api/accounts`, {
			data: { name, tier },
			headers: sameOrigin
		});
		expect(created.status(), await created.text()).toBe(201);
		accountIds.set(name, ((await created.json()) as { account: { id: string } }).account.id);
	}
	for (const customer of customers) {
		const created = await page.request.post(`${product.url}/api/contacts`, {
			data: {
				accountId: accountIds.get(customer.account),
				email: customer.email,
				name: customer.name,
				locale: customer.locale,
				timeZone: customer.timeZone
			},
			headers: sameOrigin
		});
		expect(created.status(), await created.text()).toBe(201);
	}

	// The manager creates the survey in the editor: NPS, one further short-text question.
	await page.goto(`${product.url}/surveys`);
	await page.getByRole('link', { name: 'Create your first survey' }).click();
	await page.waitForURL('**/surveys/new');
	await page.getByRole('heading', { level: 1, name: 'New survey' }).waitFor();
	await page.getByLabel('Name', { exact: true }).fill(surveyName);
	expect(await page.getByRole('radio', { name: /NPS/ }).isChecked()).toBe(true);
	await page.getByRole('button', { name: 'Short text' }).click();
	await page.getByLabel('Question 1', { exact: true }).fill(furtherQuestion);
	// The live preview renders the invitation from the unsaved draft.
	await page.getByTestId('preview-subject').filter({ hasText: words.en.subject }).waitFor();
	await screenshot(page, 'survey-editor');
	await page.getByRole('button', { name: 'Save and activate' }).click();
	await page.waitForURL(/\/surveys\/[^/]+\?saved=activated$/);
	const surveyId = new URL(page.url()).pathname.split('/')[2]!;
	await page.getByRole('heading', { level: 1, name: surveyName }).waitFor();
	await page.getByText('Active. Invitations go out on the next tick').waitFor();
	await page.locator('header').getByText('Active', { exact: true }).waitFor();

	await page.goto(`${product.url}/surveys`);
	const row = page.locator('tbody tr').filter({ hasText: surveyName });
	await row.getByText('Active', { exact: true }).waitFor();
	await page.getByRole('link', { name: 'New survey' }).waitFor();

	// Before 09:00 everywhere: the tick asks nobody and records why.
	await vi.waitUntil(
		async () => {
			const skips = await product.deps.db
				.select({ n: count() })
				.from(surveySkips)
				.where(
					and(eq(surveySkips.surveyId, surveyId), eq(surveySkips.reason, 'outside_send_window'))
				);
			return skips[0]?.n === customers.length;
		},
		{ timeout: 10_000, interval: 100 }
	);
	const [invitedEarly] = await product.deps.db.select({ n: count() }).from(surveyInvitations);
	expect(invitedEarly?.n).toBe(0);
	await page.goto(`${product.url}/surveys/${surveyId}`);
	await page.getByText('No invitations yet').waitFor();
	const skipped = page.locator('section[aria-labelledby="skipped-heading"]');
	expect(normalized(await skipped.textContent())).toContain(
		`Outside the send window (their local time) ${customers.length}`
	);

	// 14:30 UTC: inside every contact's window. The tick writes the invitations and the mailer keeps them.
	await page.request.post(`${product.url}/api/clock`, {
		data: { set: insideWindows },
		headers: sameOrigin
	});
	await vi.waitUntil(
		async () => {
			const kept = await product.deps.db
				.select({ n: count() })
				.from(outbox)
				.where(and(eq(outbox.template, 'survey-invitation'), eq(outbox.status, 'sent')));
			return kept[0]?.n === customers.length;
		},
		{ timeout: 15_000, interval: 100 }
	);
	const invitationLocales = await product.deps.db
		.select({ email: contacts.email, locale: surveyInvitations.locale })
		.from(surveyInvitations)
		.innerJoin(contacts, eq(contacts.id, surveyInvitations.contactId));
	expect(
		Object.fromEntries(invitationLocales.map((invitation) => [invitation.email, invitation.locale]))
	).toEqual(Object.fromEntries(customers.map((customer) => [customer.email, customer.language])));

	// Each email, opened in the console's Mailbox, in the contact's language, with a link per score.
	for (const customer of customers) {
		await page.goto(`${product.url}/mailbox?q=${encodeURIComponent(customer.email)}`);
		const emails = page.locator('tbody tr');
		expect(await emails.count()).toBe(1);
		await emails.getByRole('link', { name: words[customer.language].subject }).click();
		await page.waitForURL('**/mailbox/*');
		const email = page.frameLocator('iframe[title^="HTML version"]');
		await email.getByText(`${words[customer.language].greeting} ${customer.name},`).waitFor();
		const scoreLink = await email
			.getByRole('link', { name: String(customer.score), exact: true })
			.getAttribute('href');
		const unsubscribeLink = await email.locator('a[href*="/u/"]').getAttribute('href');
		expect(scoreLink).toMatch(new RegExp(`/s/[\\w-]+/${customer.score}$`));
		expect(unsubscribeLink).toMatch(/\/u\/[\w-]+$/);
		if (customer === customers[0]) await screenshot(page, 'mailbox-invitation');
		emailLinks.set(customer.email, {
			score: onHost(scoreLink!),
			unsubscribe: onHost(unsubscribeLink!)
		});
	}

	// Customers answer on their phones, without a session, each in a fresh browser context.
	const scriptBytes: number[] = [];
	for (const [index, customer] of customers.entries()) {
		const link = emailLinks.get(customer.email)!.score;
		const token = tokenOf(link);
		const say = words[customer.language];
		const context = await browser.newContext({
			viewport: { width: 390, height: 844 },
			javaScriptEnabled: !customer.noScript
		});
		expect((await context.cookies()).length).toBe(0);
		const scripts = watchScripts(context);
		const customerPage = await context.newPage();
		const customerErrors = watchConsole(customerPage);

		if (customer.noScript) {
			// A mail scanner's GET, then the page without JavaScript: neither records anything.
			const scanned = await context.request.get(link);
			expect(scanned.status()).toBe(200);
			await customerPage.goto(link);
			const submit = customerPage.getByRole('button', { name: say.submitScore });
			await submit.waitFor();
			expect(
				await customerPage.locator(`input[name="score"][value="${customer.score}"]`).isChecked()
			).toBe(true);
			expect(await responsesFor(customer.email)).toEqual([]);
			await screenshot(customerPage, 'public-score-no-js');
			await submit.click();
		} else {
			// The page records the score with a POST the moment it loads.
			const recorded = customerPage.waitForRequest(
				(request) =>
					request.method() === 'POST' &&
					new URL(request.url()).pathname === `/s/${token}/${customer.score}`
			);
			await customerPage.goto(link);
			await recorded;
		}
		await customerPage.waitForURL(`${product.url}/s/${token}?saved=1`);
		await customerPage.getByRole('status').getByText(say.saved).waitFor();
		expect(
			await customerPage.locator(`input[name="score"][value="${customer.score}"]`).isChecked()
		).toBe(true);
		expect((await responsesFor(customer.email)).map((response) => response.score)).toEqual([
			customer.score
		]);
		expect(await customerPage.locator('.public[lang]').getAttribute('lang')).toBe(
			customer.language
		);

		// The follow-up questions: the open one in their language, the further one (English only here).
		await customerPage.getByLabel(say.improve).fill(customer.comment);
		await customerPage
			.getByLabel(furtherQuestion)
			.fill(`${customer.name.split(' ')[0]}: the reports`);
		if (index === 0) {
			await screenshot(customerPage, 'public-survey-mobile');
			expect(await seriousViolations(customerPage)).toEqual([]);
		}
		await customerPage.getByRole('button', { name: say.send, exact: true }).click();
		await customerPage.waitForURL(`${product.url}/s/${token}/thanks`);
		await customerPage.getByRole('heading', { level: 1, name: say.thanks }).waitFor();
		if (index === 0) {
			await screenshot(customerPage, 'survey-thanks');
			expect(await seriousViolations(customerPage)).toEqual([]);
		}
		const [saved] = await responsesFor(customer.email);
		expect(saved).toEqual({
			score: customer.score,
			comment: customer.comment,
			answers: { q1: `${customer.name.split(' ')[0]}: the reports` }
		});

		if (!customer.noScript) {
			// The score page's one small script is all the customer's browser runs.
			expect([...scripts]).toEqual([`${product.url}/survey-autosubmit.js`]);
			const pages = [link, `${product.url}/s/${token}?saved=1`, `${product.url}/s/${token}/thanks`];
			scriptBytes.push(await gzippedScriptBytes(context, scripts, pages));
		} else {
			expect([...scripts]).toEqual([]);
		}
		expect(customerErrors).toEqual([]);
		await context.close();
	}
	expect(Math.max(...scriptBytes)).toBeLessThan(20 * 1024);

	// The results: six answers, NPS = 4/6 promoters − 1/6 detractors, with n and the 95 % margin.
	const n = customers.length;
	const promoters = customers.filter((customer) => customer.score >= 9).length / n;
	const detractors = customers.filter((customer) => customer.score <= 6).length / n;
	const nps = (promoters - detractors) * 100;
	const margin =
		1.96 * Math.sqrt((promoters + detractors - (promoters - detractors) ** 2) / n) * 100;
	expect(Math.round(nps)).toBe(50);
	expect(margin.toFixed(1)).toBe('61.1');

	await page.goto(`${product.url}/surveys/${surveyId}`);
	await page.getByRole('heading', { level: 1, name: surveyName }).waitFor();
	const stat = (label: string) =>
		page
			.locator('dl > div')
			.filter({ has: page.locator('dt', { hasText: label }) })
			.locator('dd')
			.first();
	expect(normalized(await stat('Invitations sent').textContent())).toBe(String(n));
	expect(normalized(await stat('Answered').textContent())).toBe(String(n));
	expect(normalized(await stat('Response rate').textContent())).toBe('100%');
	expect(await page.getByTestId('score').textContent()).toBe(`+${Math.round(nps)}`);
	const scoreCard = page.locator('section[aria-labelledby="score-heading"]');
	expect(normalized(await scoreCard.locator('p', { hasText: /^\s*n = / }).textContent())).toBe(
		`n = ${n} · ±${margin.toFixed(1)} (95 %)`
	);
	const comments = page.locator('section[aria-labelledby="comments-heading"]');
	for (const customer of customers) await comments.getByText(customer.comment).waitFor();
	const responses = page.locator('section[aria-labelledby="responses-heading"] tbody tr');
	expect(await responses.count()).toBe(n);
	const detractorRow = responses.filter({ hasText: 'Ana Souza' });
	expect(normalized(await detractorRow.textContent())).toContain(
		'Deliveries were late twice this month.'
	);
	expect(normalized(await detractorRow.textContent())).toContain(
		`${furtherQuestion}: Ana: the reports`
	);
	await screenshot(page, 'survey-results');

	// The satisfaction report reads rollups the tick keeps current: the same score, n and margin.
	const wholePeriod = page.locator('.card', { hasText: 'NPS, whole period' });
	await expect
		.poll(
			async () => {
				await page.goto(`${product.url}/reports/satisfaction`);
				return normalized(await wholePeriod.textContent());
			},
			{ timeout: 20_000, interval: 500 }
		)
		.toBe(`NPS, whole period +${Math.round(nps)} n = ${n} · ±${margin.toFixed(1)} (95 %)`);
	await screenshot(page, 'report-satisfaction');
	await page.goto(`${product.url}/reports`);
	await screenshot(page, 'reports');

	await page.goto(`${product.url}/surveys`);
	const cells = (await row.locator('td').allInnerTexts()).map(normalized);
	expect(cells[1]).toMatch(/^Active since /);
	expect(cells.slice(4, 6)).toEqual([String(n), `${n} 100 %`]);
	await screenshot(page, 'survey-list');

	expect(consoleErrors).toEqual([]);
});

it('the unsubscribe link from the email asks first: its GET changes nothing, the button unsubscribes', async () => {
	const customer = customers[1]!;
	const link = emailLinks.get(customer.email)?.unsubscribe;
	expect(link, 'the first test reads the email').toBeDefined();
	const unsubscribedAt = async () => {
		const [found] = await product.deps.db
			.select({ at: contacts.unsubscribedAt })
			.from(contacts)
			.where(eq(contacts.email, customer.email));
		return found?.at;
	};

	const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
	const page = await context.newPage();
	const consoleErrors = watchConsole(page);

	expect((await context.request.get(link!)).status()).toBe(200);
	await page.goto(link!);
	await page.getByRole('heading', { level: 1, name: 'Unsubscribe from survey emails?' }).waitFor();
	expect(await unsubscribedAt()).toBeNull();
	await screenshot(page, 'unsubscribe-page');
	expect(await seriousViolations(page)).toEqual([]);

	await page.getByRole('button', { name: 'Unsubscribe' }).click();
	await page.getByRole('heading', { level: 1, name: 'You’re unsubscribed' }).waitFor();
	expect(await unsubscribedAt()).toBeInstanceOf(Date);
	await screenshot(page, 'unsubscribed');

	// Opening the link again says so, and changes nothing more.
	const at = await unsubscribedAt();
	await page.goto(link!);
	await page.getByText('You were already unsubscribed').waitFor();
	expect(await unsubscribedAt()).toEqual(at);

	expect(consoleErrors).toEqual([]);
	await context.close();
});
