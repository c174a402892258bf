import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { and, asc, desc, eq } from 'drizzle-orm';
import type { Browser } from 'playwright-core';
import { formatPromise as emailPromise } from '../../api/cases/case-mail';
import { cases, slaClocks } from '../../db/schema/cases';
import { outbox } from '../../db/schema/outbox';
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

const agent = { name: 'Alex Agent', email: 'alex@closeloop.example' };
const customer = {
	name: 'Priya Shah',
	email: 'priya.shah@harbourcafe.example',
	account: 'HC-20431',
	subject: 'Parcel left in the rain',
	description:
		'The courier left our order of coffee filters outside the back door in the rain. Half of them are soaked. Please send a replacement.'
};
const rootCauses = { courier: 'Courier ignored delivery notes', address: 'Wrong delivery address' };
const messages = {
	firstReply:
		'I am sorry about the soaked filters, Priya. I have asked the warehouse to pack a replacement today.',
	question: 'Could you tell us which door the courier should use next time?',
	answer: 'Please use the side door on Mill Lane and ring the bell.',
	firstResolution:
		'We sent a replacement box and added "side door on Mill Lane, ring the bell" to your delivery notes.',
	stillBroken: 'The replacement was left at the back door again.',
	secondResolution:
		'Your address on file pointed to the back yard. We corrected it and the courier confirmed the side door.'
};

/**
 * The next Tuesday after today (UTC), at `time`. The clock stays near the real date: the session
 * cookie expires 30 days after the injected clock's now, and browsers refuse cookies expiring more
 * than 400 days ahead.
 */
function nextTuesdayAt(time: string): string {
	const day = new Date();
	day.setUTCHours(0, 0, 0, 0);
	do day.setUTCDate(day.getUTCDate() + 1);
	while (day.getUTCDay() !== 2);
	return `${day.toISOString().slice(0, 10)}T${time}Z`;
}

/** A link from an email, on this test's host: the emails link to the configured public URL. */
function onHost(link: string): string {
	const url = new URL(link);
	expect(url.origin).toBe(new URL(product.deps.config.publicUrl).origin);
	return `${product.url}${url.pathname}${url.search}`;
}

/** The distinct links to a status page (`/c/<token>…`) in an email's HTML. */
function statusLinks(html: string): string[] {
	const hrefs = [...html.matchAll(/href="([^"]+)"/g)].map(([, href]) =>
		href!.replaceAll('&amp;', '&')
	);
	return [...new Set(hrefs.filter((href) => new URL(href).pathname.startsWith('/c/')))];
}

/** The customer's emails, oldest first. */
async function customerEmails() {
	return product.deps.db
		.select({
			template: outbox.template,
			subject: outbox.subject,
			html: outbox.html,
			text: outbox.text,
			status: outbox.status
		})
		.from(outbox)
		.where(eq(outbox.toAddress, customer.email))
		.orderBy(asc(outbox.createdAt));
}

async function newestEmail() {
	const [newest] = await product.deps.db
		.select({ template: outbox.template, html: outbox.html, text: outbox.text })
		.from(outbox)
		.where(eq(outbox.toAddress, customer.email))
		.orderBy(desc(outbox.createdAt))
		.limit(1);
	expect(newest, 'the customer has an email').toBeDefined();
	return newest!;
}

async function storedCase() {
	const [found] = await product.deps.db
		.select({
			id: cases.id,
			number: cases.number,
			state: cases.state,
			reopenCount: cases.reopenCount,
			createdAt: cases.createdAt
		})
		.from(cases)
		.where(eq(cases.subject, customer.subject));
	expect(found, 'the complaint opened a case').toBeDefined();
	return found!;
}

/** `text` matched literally inside a regular expression. */
function literal(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function normalized(text: string | null): string {
	return (text ?? '').replace(/\s+/g, ' ').trim();
}

/**
 * The status page's promise format, the same words as the emails: "Tuesday 17:00" (the date is
 * added only to promises more than six days away, which these are not), in the page's language
 * and the case's zone.
 */
function pagePromise(at: Date, locale: string, timeZone: string): string {
	return new Intl.DateTimeFormat(locale, {
		weekday: 'long',
		hour: '2-digit',
		minute: '2-digit',
		hourCycle: 'h23',
		timeZone
	}).format(at);
}

it('a customer files a complaint on their phone, follows it from the emails, answers the agent, says “not solved” (the case reopens) and then “solved” (it closes)', async () => {
	const page = await browser.newPage({ viewport: { width: 1360, height: 900 } });
	const consoleErrors = watchConsole(page);
	const sameOrigin = { origin: product.url };

	// A Tuesday morning; the fresh product has no SLA policy, so the default one (24×7, UTC) applies.
	const clock = await page.request.post(`${product.url}/api/clock`, {
		data: { set: nextTuesdayAt('09:00:00') },
		headers: sameOrigin
	});
	expect(clock.status()).toBe(200);

	// The first admin sets up Closeloop and works the cases as the agent.
	await page.goto(`${product.url}/`);
	await page.waitForURL('**/setup');
	await page.getByLabel('Your name').fill(agent.name);
	await page.getByLabel('Work email').fill(agent.email);
	await page.getByLabel('Password').fill('a long enough password');
	await page.getByRole('button', { name: 'Create admin and sign in' }).click();
	await page.waitForURL(`${product.url}/`);

	// Every resolved case records a root cause from the managed list.
	const rootCauseIds = new Map<string, string>();
	for (const name of Object.values(rootCauses)) {
		const created = await page.request.post(`${product.url}/api/case-settings/root-causes`, {
			data: { name },
			headers: sameOrigin
		});
		expect(created.status(), await created.text()).toBe(201);
		rootCauseIds.set(name, ((await created.json()) as { rootCause: { id: string } }).rootCause.id);
	}

	// The customer, on a phone, with no session: the public complaint form.
	const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
	expect((await context.cookies()).length).toBe(0);
	const phone = await context.newPage();
	const customerErrors = watchConsole(phone);
	await phone.goto(`${product.url}/complain`);
	await phone.getByRole('heading', { level: 1, name: 'Tell us what went wrong' }).waitFor();
	expect(await seriousViolations(phone)).toEqual([]);
	await phone.getByLabel('Your name').fill(customer.name);
	await phone.getByLabel('Your email address').fill(customer.email);
	await phone.getByLabel('Customer or account number').fill(customer.account);
	await phone.getByLabel('Subject', { exact: true }).fill(customer.subject);
	await phone.getByLabel('What happened?').fill(customer.description);
	await phone
		.getByText(`${customer.description.length} of 10,000 characters`, { exact: true })
		.waitFor();
	await screenshot(phone, 'complaint-form');
	await phone.getByRole('button', { name: 'Send complaint' }).click();

	// The status page: the confirmation with the case number and the promised reply time.
	await phone.waitForURL(/\/c\/[\w-]+\?new=1$/);
	const firstToken = new URL(phone.url()).pathname.split('/')[2]!;
	const opened = await storedCase();
	expect(opened.state).toBe('new');
	const [firstResponse] = await product.deps.db
		.select({ dueAt: slaClocks.dueAt })
		.from(slaClocks)
		.where(and(eq(slaClocks.caseId, opened.id), eq(slaClocks.target, 'first_response')));
	const firstReplyBy = firstResponse!.dueAt;
	// The default policy promises a first reply within 8 hours on a normal case (counted in whole minutes).
	const promisedMs = firstReplyBy.getTime() - opened.createdAt.getTime();
	expect(promisedMs).toBeGreaterThan(8 * 3_600_000 - 60_000);
	expect(promisedMs).toBeLessThanOrEqual(8 * 3_600_000);
	await phone.getByText(`Thank you — case ${opened.number} is open.`).waitFor();
	await phone
		.getByText(`We will reply by ${pagePromise(firstReplyBy, 'en', 'UTC')} (UTC time).`)
		.waitFor();
	await phone.getByRole('heading', { level: 1, name: customer.subject }).waitFor();
	await phone.getByText('We have received your complaint', { exact: true }).waitFor();
	const currentStage = async () =>
		normalized(await phone.locator('[aria-current="step"]').textContent());
	expect(await currentStage()).toContain('Received (current stage)');
	await phone.getByText(customer.description).waitFor();
	await screenshot(phone, 'case-status-page');
	expect(await seriousViolations(phone)).toEqual([]);

	// The email 'case-received': the case number, the same promise, and the private link to this page.
	await vi.waitUntil(
		async () =>
			(await customerEmails()).some(
				(email) => email.template === 'case-received' && email.status === 'sent'
			),
		{ timeout: 10_000, interval: 100 }
	);
	const [received, ...noMore] = await customerEmails();
	expect(noMore).toEqual([]);
	expect(received!.template).toBe('case-received');
	expect(received!.subject).toBe(`We have your complaint (case ${opened.number})`);
	expect(normalized(received!.text)).toContain(
		`We will reply by ${emailPromise(firstReplyBy, 'UTC', 'en', opened.createdAt)} (UTC time).`
	);
	expect(received!.text).toContain(customer.subject);
	expect(statusLinks(received!.html).map(onHost)).toEqual([`${product.url}/c/${firstToken}`]);

	// The agent's queue: the case with its first-response countdown.
	await page.goto(`${product.url}/cases`);
	const row = page.locator('tbody tr').filter({ hasText: customer.subject });
	await row.waitFor();
	const rowText = normalized(await row.textContent());
	expect(rowText).toContain(`#${opened.number} ${customer.subject}`);
	expect(rowText).toContain(customer.name);
	expect(rowText).toContain('Normal');
	expect(rowText).toContain('New');
	expect(rowText).toMatch(/Due in 7 h \d{1,2} min First response/);
	await screenshot(page, 'case-queue');

	// The case page: acknowledge, then a public reply.
	await row.getByRole('link', { name: customer.subject }).click();
	await page.waitForURL(`${product.url}/cases/${opened.id}`);
	const caseHeader = page
		.locator('header')
		.filter({ has: page.getByRole('heading', { level: 1, name: customer.subject }) });
	const stateBadge = (label: string) => caseHeader.getByText(label, { exact: true });
	await stateBadge('New').waitFor();
	await page.getByRole('button', { name: 'Acknowledge' }).click();
	await page.getByText('Acknowledged. The customer sees that you have read it.').waitFor();
	await stateBadge('Acknowledged').waitFor();

	const replyBox = page.getByLabel('Reply to the customer');
	expect(await page.getByRole('radio', { name: 'Public reply' }).isChecked()).toBe(true);
	await replyBox.fill(messages.firstReply);
	await page.getByRole('button', { name: 'Send reply' }).click();
	await page.getByText('Reply sent to the customer.', { exact: true }).waitFor();
	await page
		.getByRole('article', { name: 'Public reply' })
		.getByText(messages.firstReply)
		.waitFor();
	expect((await customerEmails()).map((email) => email.template)).toEqual([
		'case-received',
		'case-reply'
	]);

	// A question, sent with "wait for the customer's answer": the case waits on the customer.
	await replyBox.fill(messages.question);
	await page.getByRole('checkbox', { name: /Wait for the customer's answer/ }).check();
	await page.getByRole('button', { name: 'Send and wait' }).click();
	await page
		.getByText('Reply sent. The case now waits on the customer, with its SLA clocks paused.')
		.waitFor();
	await stateBadge('Waiting on customer').waitFor();
	expect((await storedCase()).state).toBe('waiting_on_customer');

	// The customer opens the link in the newest email: its own private link to the same page.
	const question = await newestEmail();
	expect(question.template).toBe('case-reply');
	expect(question.text).toContain(messages.question);
	expect(question.text).toContain('Please reply on your case page so we can carry on.');
	const [questionLink] = statusLinks(question.html).map(onHost);
	expect(questionLink).toMatch(/\/c\/[\w-]+$/);
	expect(questionLink).not.toBe(`${product.url}/c/${firstToken}`);
	await phone.goto(questionLink!);
	await phone.getByText('We are waiting for your reply', { exact: true }).waitFor();
	expect(await currentStage()).toContain('Working on it (current stage)');
	await phone
		.getByText(
			'We have asked you something. Please answer below; our promised times wait until you do.'
		)
		.waitFor();
	const conversation = phone.locator('section[aria-labelledby="conversation-heading"] li');
	await conversation.filter({ hasText: messages.question }).waitFor();
	expect((await conversation.allInnerTexts()).map(normalized)).toEqual([
		expect.stringContaining(customer.description),
		expect.stringContaining(messages.firstReply),
		expect.stringContaining(messages.question)
	]);
	expect(normalized(await conversation.nth(1).textContent())).toMatch(
		new RegExp(`^${literal(agent.name)}, `)
	);

	// The customer answers on the status page; the case goes back to in progress.
	await phone.getByLabel('Write to us').fill(messages.answer);
	await phone.getByRole('button', { name: 'Send message' }).click();
	await phone.waitForURL(`${questionLink}?done=replied`);
	await phone.getByText('Your message is sent. We will answer here and by email.').waitFor();
	await phone.getByText('We are working on it', { exact: true }).waitFor();
	await conversation.filter({ hasText: messages.answer }).waitFor();
	expect((await storedCase()).state).toBe('in_progress');

	await page.reload();
	await stateBadge('In progress').waitFor();
	await page
		.getByRole('article', { name: 'Customer message' })
		.filter({ hasText: messages.answer })
		.waitFor();

	// The agent resolves it with a note and a root cause.
	async function resolve(note: string, rootCause: string) {
		await page.getByText('Resolve…', { exact: true }).click();
		await page.getByLabel('Resolution', { exact: true }).fill(note);
		await page.getByLabel('Root cause').selectOption({ label: rootCause });
		await page.getByRole('button', { name: 'Resolve case' }).click();
		await page.getByText('Resolved. The customer was asked whether it is solved.').waitFor();
		await stateBadge('Resolved').waitFor();
		await page.getByText(`Resolution · root cause: ${rootCause}`).waitFor();
	}
	await resolve(messages.firstResolution, rootCauses.courier);
	expect(await storedCase()).toMatchObject({ state: 'resolved', reopenCount: 0 });

	// The 'case-resolved' email asks; its "No" link only preselects the answer: a GET records nothing.
	const firstResolved = await newestEmail();
	expect(firstResolved.template).toBe('case-resolved');
	expect(firstResolved.text).toContain(messages.firstResolution);
	const noLink = statusLinks(firstResolved.html)
		.map(onHost)
		.find((link) => link.endsWith('?answer=no'));
	expect(noLink).toBeDefined();
	expect((await context.request.get(noLink!)).status()).toBe(200);
	await phone.goto(noLink!);
	await phone.getByRole('heading', { level: 2, name: 'Is it solved for you?' }).waitFor();
	await phone.getByText('We think this is solved — is it?', { exact: true }).waitFor();
	expect(await currentStage()).toContain('Solved (current stage)');
	await phone
		.getByText('You chose “No, still a problem”. Press the button to send your answer.')
		.waitFor();
	await conversation.filter({ hasText: messages.firstResolution }).waitFor();
	expect(await storedCase()).toMatchObject({ state: 'resolved', reopenCount: 0 });
	await screenshot(phone, 'case-status-resolved');
	expect(await seriousViolations(phone)).toEqual([]);

	// The customer presses "No": the case reopens.
	await phone.getByLabel('Anything you would like to add?').fill(messages.stillBroken);
	await phone.getByRole('button', { name: 'No, still a problem' }).click();
	await phone.waitForURL(`${noLink!.replace(/\?.*$/, '')}?done=reopened`);
	await phone
		.getByText('Thank you for telling us. We have reopened your case and are working on it again.')
		.waitFor();
	await phone.getByText('We are working on it', { exact: true }).waitFor();
	expect(await storedCase()).toMatchObject({ state: 'in_progress', reopenCount: 1 });

	await page.reload();
	await stateBadge('In progress').waitFor();
	await page
		.getByText(`${customer.name} said it is not solved, so the case was reopened`)
		.waitFor();
	const reopened = page
		.locator('dl > div')
		.filter({ has: page.locator('dt', { hasText: 'Reopened' }) });
	expect(normalized(await reopened.locator('dd').textContent())).toBe('once');

	// Resolved again; this time the customer answers "Yes" from the newest email: the case closes.
	await resolve(messages.secondResolution, rootCauses.address);
	const secondResolved = await newestEmail();
	expect(secondResolved.template).toBe('case-resolved');
	expect(secondResolved.text).toContain(messages.secondResolution);
	const yesLink = statusLinks(secondResolved.html)
		.map(onHost)
		.find((link) => link.endsWith('?answer=yes'));
	expect(yesLink).toBeDefined();
	await phone.goto(yesLink!);
	await phone
		.getByText('You chose “Yes, it’s solved”. Press the button to send your answer.')
		.waitFor();
	expect((await storedCase()).state).toBe('resolved');
	await phone.getByRole('button', { name: 'Yes, it’s solved' }).click();
	await phone.waitForURL(`${yesLink!.replace(/\?.*$/, '')}?done=solved`);
	await phone.getByText('Thank you for letting us know. Your case is now closed.').waitFor();
	await phone.getByText('This case is closed', { exact: true }).waitFor();
	expect(await phone.getByLabel('Write to us').count()).toBe(0);
	expect(await storedCase()).toMatchObject({ state: 'closed', reopenCount: 1 });

	// The console: closed, and the timeline tells the whole story in order.
	await page.reload();
	await stateBadge('Closed').waitFor();
	const timeline = page.locator('section[aria-labelledby="timeline-heading"] ol > li');
	expect((await timeline.allInnerTexts()).map(normalized)).toEqual([
		expect.stringContaining(
			`${customer.name} filed the complaint through the public complaint form`
		),
		expect.stringContaining(`${agent.name} moved it from New to Acknowledged`),
		expect.stringMatching(
			new RegExp(
				`^${literal(agent.name)} replied to the customer · emailed .*${literal(messages.firstReply)}$`
			)
		),
		expect.stringMatching(
			new RegExp(
				`^${literal(agent.name)} replied to the customer · emailed .*${literal(messages.question)}$`
			)
		),
		expect.stringContaining(`${agent.name} moved it from Acknowledged to Waiting on customer`),
		expect.stringMatching(
			new RegExp(`^${literal(customer.name)} wrote .*${literal(messages.answer)}$`)
		),
		expect.stringContaining(`${customer.name} moved it from Waiting on customer to In progress`),
		expect.stringContaining(`${agent.name} resolved it · root cause: ${rootCauses.courier}`),
		expect.stringMatching(
			new RegExp(`^${literal(customer.name)} wrote .*${literal(messages.stillBroken)}$`)
		),
		expect.stringContaining(`${customer.name} said it is not solved, so the case was reopened`),
		expect.stringContaining(`${agent.name} resolved it · root cause: ${rootCauses.address}`),
		expect.stringContaining(`${customer.name} confirmed it is solved, so the case was closed`)
	]);
	expect(normalized(await timeline.nth(7).textContent())).toContain(messages.firstResolution);
	expect(normalized(await timeline.nth(10).textContent())).toContain(messages.secondResolution);
	await screenshot(page, 'case-page');

	// Closed cases leave the queue.
	await page.goto(`${product.url}/cases`);
	await page.getByText('No open cases', { exact: true }).waitFor();

	// Every email the customer got, in order.
	expect((await customerEmails()).map((email) => email.template)).toEqual([
		'case-received',
		'case-reply',
		'case-reply',
		'case-resolved',
		'case-resolved'
	]);

	expect(customerErrors).toEqual([]);
	expect(consoleErrors).toEqual([]);
	await context.close();
});

it('the status page tells a late first reply by the server’s clock, not its host’s', async () => {
	const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
	const phone = await context.newPage();
	const customerErrors = watchConsole(phone);
	const sameOrigin = { origin: product.url };

	// A complaint through the public API, as the form sends it.
	const filed = await context.request.post(`${product.url}/api/public/complaints`, {
		data: {
			name: 'Tomás Ferreira',
			email: 'tomas@lisbonprint.example',
			subject: 'Invoice charged twice',
			description: 'The March invoice was taken from our account twice on the same day.',
			locale: 'en'
		},
		headers: sameOrigin
	});
	expect(filed.status(), await filed.text()).toBe(201);
	const { case: opened } = (await filed.json()) as {
		case: { number: number; token: string; firstReplyBy: string };
	};
	const promised = pagePromise(new Date(opened.firstReplyBy), 'en', 'UTC');

	await phone.goto(`${product.url}/c/${opened.token}`);
	await phone.getByText(`We will reply by ${promised} (UTC time).`).waitFor();

	// Nine hours on, on the server's clock: the 8-hour promise has passed and the page owns up.
	const moved = await context.request.post(`${product.url}/api/clock`, {
		data: { advanceMinutes: 9 * 60 },
		headers: sameOrigin
	});
	expect(moved.status()).toBe(200);
	await phone.reload();
	await phone
		.getByText(
			`We promised to reply by ${promised} (UTC time) and we are late. We are sorry, and will reply as soon as we can.`
		)
		.waitFor();
	expect(await phone.getByText(`We will reply by ${promised}`).count()).toBe(0);

	expect(customerErrors).toEqual([]);
	await context.close();
});
