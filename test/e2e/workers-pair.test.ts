import { and, eq } from 'drizzle-orm';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { cases, slaClocks, slaEvents } from '../../db/schema/cases';
import { outbox } from '../../db/schema/outbox';
import { surveyResponses } from '../../db/schema/surveys';
import { startWorkerPair, type WorkerPair } from '../support/worker-host';
import { freePort, launchBrowser, screenshot, seriousViolations, watchConsole } from './browser';

/**
 * The whole product on the Workers host, as `npm run deploy` puts it up: the
 * web Worker and the API Worker in workerd, joined by the service binding, on
 * one local D1 database, with time moved through clock control and the tick
 * run by firing the API Worker's scheduled handler, as the cron does.
 */

let pair: WorkerPair;
let browser: Browser;
let origin: string;

beforeAll(async () => {
	const port = await freePort();
	origin = `http://127.0.0.1:${port}`;
	pair = await startWorkerPair({
		port,
		bindings: { CLOSELOOP_ENV: 'test', CLOSELOOP_CLOCK_CONTROL: '1', PUBLIC_URL: origin }
	});
	browser = await launchBrowser();
});
afterAll(async () => {
	await browser?.close();
	await pair?.stop();
});

const normalized = (text: string | null) => (text ?? '').replace(/\s+/g, ' ').trim();

/** The next Tuesday after today (UTC) at 09:00: a working morning, near the real date for cookies. */
function nextTuesdayMorning(): string {
	const day = new Date();
	day.setUTCHours(9, 0, 0, 0);
	do day.setUTCDate(day.getUTCDate() + 1);
	while (day.getUTCDay() !== 2);
	return day.toISOString();
}

it('on the Worker pair over local D1: an admin signs in and creates a survey, the cron sends it, a customer answers, a complaint breaches its SLA through the cron, and the reports show it all', async () => {
	const page = await browser.newPage({ viewport: { width: 1360, height: 900 } });
	const consoleErrors = watchConsole(page);
	const sameOrigin = { origin };
	const moveClock = async (data: { set?: string; advanceMinutes?: number }) => {
		const moved = await page.request.post(`${origin}/api/clock`, { data, headers: sameOrigin });
		expect(moved.status(), await moved.text()).toBe(200);
	};
	await moveClock({ set: nextTuesdayMorning() });

	// The first admin sets up Closeloop in the web Worker, which calls the API Worker.
	await page.goto(`${origin}/`);
	await page.waitForURL('**/setup');
	await page.getByLabel('Your name').fill('Wren Worker');
	await page.getByLabel('Work email').fill('wren@closeloop.example');
	await page.getByLabel('Password').fill('a long enough password');
	await page.getByRole('button', { name: 'Create admin and sign in' }).click();
	await page.waitForURL(`${origin}/`);

	const account = await page.request.post(`${origin}/api/accounts`, {
		data: { name: 'Harbour Café', tier: 'standard' },
		headers: sameOrigin
	});
	expect(account.status(), await account.text()).toBe(201);
	const accountId = ((await account.json()) as { account: { id: string } }).account.id;
	const contact = await page.request.post(`${origin}/api/contacts`, {
		data: { accountId, email: 'priya@harbourcafe.example', name: 'Priya Shah', timeZone: 'UTC' },
		headers: sameOrigin
	});
	expect(contact.status(), await contact.text()).toBe(201);

	// The survey, made in the editor.
	await page.goto(`${origin}/surveys`);
	await page.getByRole('link', { name: 'Create your first survey' }).click();
	await page.waitForURL('**/surveys/new');
	await page.getByLabel('Name', { exact: true }).fill('Edge NPS');
	await page.getByRole('button', { name: 'Save and activate' }).click();
	await page.getByText('Active. Invitations go out on the next tick').waitFor();
	await screenshot(page, 'workers-survey-active');

	// An hour on, the cron fires: the invitation is written and kept (no Resend key here).
	await moveClock({ advanceMinutes: 60 });
	expect(await pair.scheduled()).toMatchObject({ outcome: 'ok' });
	const [invitation] = await pair.db
		.select()
		.from(outbox)
		.where(and(eq(outbox.template, 'survey-invitation'), eq(outbox.status, 'sent')));
	expect(invitation?.toAddress).toBe('priya@harbourcafe.example');
	const scoreLink = invitation!.html.match(/href="([^"]*\/s\/[\w-]+\/2)"/)?.[1];
	expect(scoreLink?.startsWith(`${origin}/s/`)).toBe(true);

	// The customer answers from the email, with no session, in a fresh context.
	const customer = await browser.newContext({ viewport: { width: 390, height: 844 } });
	const customerPage = await customer.newPage();
	const customerErrors = watchConsole(customerPage);
	await customerPage.goto(scoreLink!);
	await expect
		.poll(async () => (await pair.db.select().from(surveyResponses)).map((row) => row.score))
		.toEqual([2]);
	await screenshot(customerPage, 'workers-public-score');

	// A complaint from the public form, through the web Worker's form action.
	await customerPage.goto(`${origin}/complain`);
	const description =
		'The courier left our coffee filters outside in the rain. Half of them are soaked.';
	// Typing before the page is live can go unseen by it: fill until the counter shows it saw.
	await expect
		.poll(async () => {
			await customerPage.getByLabel('Your name').fill('Priya Shah');
			await customerPage.getByLabel('Your email address').fill('priya@harbourcafe.example');
			await customerPage.getByLabel('Subject').fill('Parcel left in the rain');
			await customerPage.getByLabel('What happened?').fill(description);
			return customerPage
				.getByText(`${description.length} of 10,000 characters`, { exact: true })
				.isVisible();
		})
		.toBe(true);
	await customerPage.getByRole('button', { name: 'Send complaint' }).click();
	await customerPage.getByText('We have received your complaint').waitFor();
	expect(customerErrors).toEqual([]);
	await customer.close();

	// Ten days on, nobody has answered: the cron breaches the first-response promise, once.
	await moveClock({ advanceMinutes: 10 * 24 * 60 });
	const [first, second] = await Promise.all([pair.scheduled(), pair.scheduled()]);
	expect([first.outcome, second.outcome]).toEqual(['ok', 'ok']);
	expect(await pair.scheduled()).toMatchObject({ outcome: 'ok' });
	const complaint = (await pair.db.select().from(cases)).find((row) => row.source === 'form');
	expect(complaint).toBeDefined();
	const [firstResponse] = await pair.db
		.select()
		.from(slaClocks)
		.where(and(eq(slaClocks.caseId, complaint!.id), eq(slaClocks.target, 'first_response')));
	expect(firstResponse?.breachedAt).not.toBeNull();
	const breaches = await pair.db
		.select()
		.from(slaEvents)
		.where(and(eq(slaEvents.caseId, complaint!.id), eq(slaEvents.kind, 'breach')));
	const breached = breaches.map((event) => `${event.target} ${event.round}`);
	expect(breached).toContain('first_response 1');
	expect(new Set(breached).size).toBe(breached.length);

	// The reports read it all back from D1.
	await page.goto(`${origin}/reports/sla`);
	await page.getByRole('heading', { level: 1, name: 'SLA compliance' }).waitFor();
	const main = page.locator('main');
	// The complaint's first response and resolution, both missed.
	expect(normalized(await main.textContent())).toContain('Breaches 2 of 2 promises settled');
	await page
		.getByRole('link', { name: `#${complaint!.number}` })
		.first()
		.waitFor();
	await screenshot(page, 'workers-sla-report');
	await page.goto(`${origin}/reports/satisfaction`);
	await page.getByRole('heading', { level: 1, name: 'Satisfaction and responses' }).waitFor();
	// One answer, a 2: NPS −100 from n = 1, one answer to one invitation.
	expect(normalized(await main.textContent())).toContain('NPS, whole period -100 n = 1');
	expect(normalized(await main.textContent())).toContain('Answers / invitations 1/ 1');
	await screenshot(page, 'workers-satisfaction-report');
	expect(await seriousViolations(page)).toEqual([]);
	expect(consoleErrors).toEqual([]);
});
