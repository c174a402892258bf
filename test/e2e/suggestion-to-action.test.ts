import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, screenshot, startProduct, watchConsole } from './browser';

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

const customers = [
	{ name: 'Priya Shah', email: 'priya@harbourcafe.example', locale: 'en' },
	{ name: 'Jonas Weber', email: 'jonas@alder.example', locale: 'de' },
	{ name: 'Sam Okafor', email: 'sam@okafor.example', locale: 'en' }
];
const ideas = {
	priya: 'Please put our PO number on the delivery notes.',
	jonas: 'Die Lieferscheine brauchen unsere Bestellnummer.',
	sam: 'Could you open on Saturdays?'
};
const action = {
	title: 'PO numbers on every delivery note',
	description: 'From this week every delivery note shows your purchase order number at the top.'
};

it('a manager merges two suggestions, plans an action for them and marks it done; both suggesters find the email in the mailbox, the report shows the conversion, and every report page is saved as a screenshot', async () => {
	const page = await browser.newPage({ viewport: { width: 1360, height: 900 } });
	const consoleErrors = watchConsole(page);
	async function post<T>(path: string, data: unknown): Promise<T> {
		const response = await page.request.post(`${product.url}/api${path}`, {
			data,
			headers: { origin: product.url }
		});
		expect(response.status(), `${path}: ${await response.text()}`).toBe(201);
		return (await response.json()) as T;
	}

	// The first admin sets up Closeloop (admins do what managers do, and read the Mailbox).
	await page.goto(`${product.url}/`);
	await page.waitForURL('**/setup');
	await page.getByLabel('Your name').fill('Morgan Admin');
	await page.getByLabel('Work email').fill('morgan@harbour.example');
	await page.getByLabel('Password').fill('a long enough password');
	await page.getByRole('button', { name: 'Create admin and sign in' }).click();
	await page.waitForURL(`${product.url}/`);

	// Three customers said something; staff typed it in on their behalf.
	const { account } = await post<{ account: { id: string } }>('/accounts', {
		name: 'Harbour Café'
	});
	const contactIds: string[] = [];
	for (const customer of customers) {
		const { contact } = await post<{ contact: { id: string } }>('/contacts', {
			accountId: account.id,
			...customer
		});
		contactIds.push(contact.id);
	}
	for (const [index, text] of [ideas.priya, ideas.jonas, ideas.sam].entries()) {
		await post('/suggestions', { text, contactId: contactIds[index] });
	}

	// The inbox: three to do. Priya's and Jonas's are the same wish: merge them.
	await page.goto(`${product.url}/suggestions`);
	await page.getByText('3 suggestions, newest first.').waitFor();
	const row = (text: string) => page.getByRole('listitem').filter({ hasText: text });
	await row(ideas.priya).getByRole('checkbox').check();
	await row(ideas.jonas).getByRole('checkbox').check();
	await page.getByText('2 selected').waitFor();
	await page.getByRole('button', { name: 'Merge as duplicates' }).click();
	await page.getByText('Merged 2 suggestions into one; all 2 customers will hear back.').waitFor();
	await page.getByText('2 suggestions, newest first.').waitFor();
	const merged = row(ideas.priya);
	await merged.getByText('2 customers asked').waitFor();
	await merged.getByText('2 customers asked').click();
	await merged.getByText(ideas.jonas).waitFor();
	await screenshot(page, 'suggestions-inbox');

	// Plan an action for it, from the inbox.
	await merged.getByRole('checkbox').check();
	await page.getByRole('button', { name: 'Plan an action' }).click();
	await page.waitForURL('**/actions/new?**');
	await page.getByText('1 suggestion from about 2 customers.').waitFor();
	await page.getByLabel('Title').fill(action.title);
	await page.getByLabel('Description').fill(action.description);
	await screenshot(page, 'action-new');
	await page.getByRole('button', { name: 'Plan the action' }).click();
	await page.waitForURL('**/actions/*?created=1');
	await page.getByText('Action planned.').waitFor();

	// Work starts, then it is done: the two customers who asked are told, Sam is not.
	await page.getByRole('button', { name: 'Start work' }).click();
	await page.getByText('Work started.').waitFor();
	await page.getByRole('button', { name: 'Mark done and tell 2 customers' }).click();
	await page.getByText('Done: 2 customers were emailed “you said, we did”.').waitFor();
	await page.getByText('Told it is done').waitFor();
	await screenshot(page, 'action-done');

	// The board: the action under Done, with the customers who asked.
	await page.goto(`${product.url}/actions`);
	const done = page.getByRole('region', { name: /^Done/ });
	await done.getByText(action.title).waitFor();
	await done.getByText('2 customers asked').waitFor();
	await screenshot(page, 'actions-board');

	// The inbox's "To do" now holds only Sam's.
	await page.goto(`${product.url}/suggestions`);
	await page.getByText('1 suggestion, newest first.').waitFor();
	await row(ideas.sam).waitFor();

	// Both suggesters find the email in the Mailbox, in their language, quoting their own words.
	const words = {
		en: { subject: /^You said, we did: an update from/, quote: ideas.priya },
		de: { subject: /^Sie haben es gesagt, wir haben es getan/, quote: ideas.jonas }
	};
	for (const customer of customers.slice(0, 2)) {
		const expected = words[customer.locale as 'en' | 'de'];
		await page.goto(`${product.url}/mailbox?q=${encodeURIComponent(customer.email)}`);
		const emails = page.locator('tbody tr');
		expect(await emails.count()).toBe(1);
		await emails.getByRole('link', { name: expected.subject }).click();
		await page.waitForURL('**/mailbox/*');
		const email = page.frameLocator('iframe[title^="HTML version"]');
		await email.getByText(`“${expected.quote}”`).waitFor();
		await email.getByRole('heading', { name: action.title }).waitFor();
		expect(await email.locator('a[href*="/n/"]').count()).toBe(1);
		if (customer === customers[0]) await screenshot(page, 'mailbox-you-said-we-did');
	}
	await page.goto(`${product.url}/mailbox?q=${encodeURIComponent(customers[2]!.email)}`);
	await page
		.getByText(/No emails/i)
		.first()
		.waitFor();

	// The suggestion-to-action report shows the conversion: of the three suggestions, Priya's and
	// Jonas's (merged into hers) are linked and done; Sam's is not.
	await page.goto(`${product.url}/reports/suggestions`);
	await page.getByRole('heading', { name: 'Suggestions to actions', level: 1 }).waitFor();
	const card = (title: string) =>
		page
			.locator('dl > div')
			.filter({ has: page.getByRole('term').getByText(title, { exact: true }) });
	expect(await card('Suggestions received').innerText()).toMatch(/^Suggestions received\s+3/);
	expect(await card('Linked to an action').innerText()).toMatch(/66\.7 %\s+2 of n = 3/);
	expect(await card('Done').innerText()).toMatch(/66\.7 %\s+2 of n = 3/);

	// Every report page, as a manager reads it.
	const reports = [
		{ path: '/reports', heading: 'Reports' },
		{ path: '/reports/satisfaction', heading: 'Satisfaction and responses' },
		{ path: '/reports/sla', heading: 'SLA compliance' },
		{ path: '/reports/recovery', heading: 'Recovery' },
		{ path: '/reports/suggestions', heading: 'Suggestions to actions' },
		{ path: '/reports/retention', heading: 'Retention' }
	];
	for (const report of reports) {
		await page.goto(`${product.url}${report.path}`);
		await page.getByRole('heading', { name: report.heading, level: 1 }).waitFor();
		await screenshot(page, `every-report-${report.path.split('/')[2] ?? 'index'}`);
	}
	await page.goto(`${product.url}/reports`);
	for (const report of reports.slice(1))
		expect(await page.getByRole('link', { name: new RegExp(`^${report.heading}`) }).count()).toBe(
			1
		);

	expect(consoleErrors).toEqual([]);
});
