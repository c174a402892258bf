import Papa from 'papaparse';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
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

/** `days` before now, 09:00 UTC. */
function daysAgo(days: number): string {
	const day = new Date(Date.now() - days * 86_400_000);
	return `${day.toISOString().slice(0, 10)}T09:00:00Z`;
}
const monthOf = new Intl.DateTimeFormat('en-GB', {
	month: 'short',
	year: 'numeric',
	timeZone: 'UTC'
});

it('a manager reads how many suggestions became actions and how long done took, by theme, with a chart and a CSV', async () => {
	const page = await browser.newPage({ viewport: { width: 1360, height: 900 } });
	const consoleErrors = watchConsole(page);
	const sameOrigin = { origin: product.url };
	async function send<T>(path: string, data: unknown, status = 201): Promise<T> {
		const response = await page.request.post(`${product.url}/api${path}`, {
			data,
			headers: sameOrigin
		});
		expect(response.status(), `${path}: ${await response.text()}`).toBe(status);
		return (await response.json()) as T;
	}
	async function patch(path: string, data: unknown) {
		const response = await page.request.patch(`${product.url}/api${path}`, {
			data,
			headers: sameOrigin
		});
		expect(response.status(), `${path}: ${await response.text()}`).toBe(200);
	}
	const advanceMinutes = (minutes: number) => send('/clock', { advanceMinutes: minutes }, 200);

	// Signed in at the real time (the session lasts 30 days from then), the clock then goes back
	// to seed two waves of suggestions a month apart, 45 and 15 days ago.
	await page.goto(`${product.url}/`);
	await page.waitForURL('**/setup');
	await page.getByLabel('Your name').fill('Morgan Admin');
	await page.getByLabel('Work email').fill('morgan@harbour.example');
	await page.getByLabel('Password').fill('a long enough password');
	await page.getByRole('button', { name: 'Create admin and sign in' }).click();
	await page.waitForURL(`${product.url}/`);
	const firstWave = daysAgo(45);
	const secondWave = daysAgo(15);
	await send('/clock', { set: firstWave }, 200);

	// Four customers of two accounts said something; staff typed it in for them.
	const harbour = (
		await send<{ account: { id: string } }>('/accounts', { name: 'Harbour Café', tier: 'premium' })
	).account.id;
	const alder = (await send<{ account: { id: string } }>('/accounts', { name: 'Alder Foods' }))
		.account.id;
	const people = [
		{ key: 'priya', accountId: harbour, name: 'Priya Shah', email: 'priya@harbourcafe.example' },
		{ key: 'jonas', accountId: harbour, name: 'Jonas Weber', email: 'jonas@harbourcafe.example' },
		{ key: 'sam', accountId: alder, name: 'Sam Okafor', email: 'sam@alder.example' },
		{ key: 'lena', accountId: alder, name: 'Lena Berg', email: 'lena@alder.example' }
	];
	const ideas: Record<string, string> = {
		priya: 'Please put our PO number on the delivery notes.',
		jonas: 'Delivery notes need our order number.',
		sam: 'Could you open on Saturdays?',
		lena: 'Send the invoices by email, please.'
	};
	const suggestion: Record<string, string> = {};
	const contactIds: Record<string, string> = {};
	const suggest = async (key: string, contact: string, text: string) => {
		suggestion[key] = (
			await send<{ suggestion: { id: string } }>('/suggestions', {
				text,
				contactId: contactIds[contact]
			})
		).suggestion.id;
	};
	for (const person of people) {
		const { contact } = await send<{ contact: { id: string } }>('/contacts', {
			accountId: person.accountId,
			name: person.name,
			email: person.email
		});
		contactIds[person.key] = contact.id;
		await suggest(person.key, person.key, ideas[person.key]!);
	}
	const theme = async (name: string) =>
		(await send<{ theme: { id: string } }>('/themes', { name })).theme.id;
	const paperwork = await theme('Delivery paperwork');
	const hours = await theme('Opening hours');
	await patch(`/suggestions/${suggestion.priya}`, { themeId: paperwork });
	await patch(`/suggestions/${suggestion.sam}`, { themeId: hours });
	await send(
		'/suggestions/merge',
		{ primaryId: suggestion.priya, duplicateIds: [suggestion.jonas] },
		200
	);

	// One action answers Priya and Jonas and is done six and a half days later; Saturdays are declined.
	const po = (
		await send<{ action: { id: string } }>('/actions', {
			title: 'PO numbers on every delivery note',
			suggestionIds: [suggestion.priya]
		})
	).action.id;
	await send(`/actions/${po}/status`, { status: 'in_progress' }, 200);
	const saturdays = (
		await send<{ action: { id: string } }>('/actions', {
			title: 'Saturday opening',
			suggestionIds: [suggestion.sam]
		})
	).action.id;
	await advanceMinutes(6 * 24 * 60 + 12 * 60);
	await send(`/actions/${po}/status`, { status: 'done' }, 200);
	await send(
		`/actions/${saturdays}/status`,
		{ status: 'declined', declineReason: 'Not this year: we cannot staff Saturdays yet.' },
		200
	);

	// A month later, three more; the invoices one is done two days after it came in.
	await send('/clock', { set: secondWave }, 200);
	await suggest('early', 'sam', 'Deliveries before 8 am would help the kitchen.');
	await suggest('pdf', 'lena', 'Invoices as PDF attachments, not links.');
	await suggest('pickup', 'jonas', 'Could we pick up on Saturdays instead?');
	const invoices = await theme('Invoices');
	await patch(`/suggestions/${suggestion.early}`, { themeId: paperwork });
	await patch(`/suggestions/${suggestion.pdf}`, { themeId: invoices });
	await patch(`/suggestions/${suggestion.pickup}`, { themeId: hours });
	const pdf = (
		await send<{ action: { id: string } }>('/actions', {
			title: 'Invoices as PDF attachments',
			suggestionIds: [suggestion.pdf]
		})
	).action.id;
	await advanceMinutes(2 * 24 * 60);
	await send(`/actions/${pdf}/status`, { status: 'done' }, 200);
	await send('/clock', { set: new Date().toISOString() }, 200);

	await page.goto(`${product.url}/reports/suggestions`);
	await page.getByRole('heading', { name: 'Suggestions to actions', level: 1 }).waitFor();
	const card = (title: string) =>
		page
			.locator('dl > div')
			.filter({ has: page.getByRole('term').getByText(title, { exact: true }) });
	// Seven received (Jonas's first a duplicate of Priya's); Priya's, Jonas's and the PDF one
	// are done, Sam's Saturdays declined: 6.5, 6.5 and 2 days to done.
	await expect
		.poll(() => card('Suggestions received').innerText())
		.toMatch(/^Suggestions received\s+7/);
	expect(await card('Suggestions received').innerText()).toContain(
		'from 4 customers · 1 merged as duplicates'
	);
	expect(await card('Linked to an action').innerText()).toMatch(/57\.1 %\s+4 of n = 7/);
	expect(await card('Done').innerText()).toMatch(/42\.9 %\s+3 of n = 7/);
	expect(await card('Declined').innerText()).toMatch(/14\.3 %\s+1 of n = 7/);
	expect(await card('Median time to done').innerText()).toMatch(
		/6\.5 days\s+received to done · n = 3\s+Fewer than 5: read with care/
	);
	// The 12 months preset is the default.
	const preset = (months: number) =>
		page.getByRole('link', { name: `${months} months`, exact: true });
	expect(await preset(12).getAttribute('aria-current')).toBe('page');

	// The chart says what it shows; its figures are in a table too.
	const chart = page.getByRole('img', { name: /^Suggestions received per month/ });
	expect(await chart.getAttribute('aria-label')).toContain('7 received, 4 linked, 3 done.');
	await page.getByText('Show the figures as a table').click();
	const monthRow = async (month: string) =>
		(await page.locator('details tbody tr').filter({ hasText: month }).innerText())
			.replace(/\s+/g, ' ')
			.replace(' *', '')
			.trim();
	const [first, second] = [
		monthOf.format(new Date(firstWave)),
		monthOf.format(new Date(secondWave))
	];
	if (first === second) expect(await monthRow(first)).toBe(`${first} 7 4 3`);
	else {
		expect(await monthRow(first)).toBe(`${first} 4 3 2`);
		expect(await monthRow(second)).toBe(`${second} 3 1 1`);
	}
	await page.getByText('Show the figures as a table').click();

	// By theme, most received first, Jonas's duplicate under Priya's theme.
	const themeRows = page.getByRole('region', { name: 'By theme' }).locator('tbody tr');
	expect(await themeRows.count()).toBe(4);
	const rowText = async (index: number) =>
		(await themeRows.nth(index).innerText()).replace(/\s+/g, ' ').trim();
	expect(await rowText(0)).toBe(
		'Delivery paperwork 3 1 merged 2 66.7 % 2 66.7 % 0 0 % 6.5 days n = 2'
	);
	expect(await rowText(1)).toBe('Opening hours 2 1 50 % 0 0 % 1 50 % – n = 0');
	expect(await rowText(2)).toBe('Invoices 1 1 100 % 1 100 % 0 0 % 2 days n = 1');
	expect(await rowText(3)).toBe('No theme 1 0 0 % 0 0 % 0 0 % – n = 0');

	const done = page.getByRole('region', { name: 'Done in this period' });
	const doneItems = done.getByRole('listitem');
	expect(await doneItems.count()).toBe(2);
	expect(await doneItems.nth(0).innerText()).toMatch(
		/^Invoices as PDF attachments\s+Done .+\s+Answered 1 suggestion from 1 customer$/
	);
	expect(await doneItems.nth(1).innerText()).toMatch(
		/^PO numbers on every delivery note\s+Done .+\s+Answered 2 suggestions from 2 customers$/
	);
	expect(await seriousViolations(page)).toEqual([]);

	// The last 3 months hold both waves: the same figures, a month per column.
	await preset(3).click();
	await expect.poll(() => preset(3).getAttribute('aria-current')).toBe('page');
	expect(await card('Suggestions received').innerText()).toMatch(/^Suggestions received\s+7/);
	await screenshot(page, 'report-suggestions');

	// The CSV is the table by theme with its totals.
	const href = await page.getByRole('link', { name: 'CSV' }).getAttribute('href');
	const csv = await page.request.get(`${product.url}${href}`);
	expect(csv.status()).toBe(200);
	expect(csv.headers()['content-disposition']).toMatch(
		/^attachment; filename="suggestions-to-actions-\d{4}-\d{2}-\d{2}-to-\d{4}-\d{2}-\d{2}\.csv"$/
	);
	const rows = Papa.parse<Record<string, string>>(await csv.text(), { header: true }).data;
	expect(rows.map((row) => [row.theme, row.received, row.linked_share, row.done_share])).toEqual([
		['Delivery paperwork', '3', '66.7', '66.7'],
		['Opening hours', '2', '50', '0'],
		['Invoices', '1', '100', '100'],
		['No theme', '1', '0', '0'],
		['All themes', '7', '57.1', '42.9']
	]);
	expect(rows.at(-1)?.median_days_to_done).toBe('6.5');

	// A segment: premium accounts (Harbour Café) only.
	await page.getByLabel('Tier').selectOption('premium');
	await page.waitForURL('**/reports/suggestions?*tier=premium*');
	// Priya's, Jonas's duplicate and Jonas's pick-up idea; two of them linked.
	await expect.poll(() => card('Linked to an action').innerText()).toMatch(/66\.7 %\s+2 of n = 3/);
	await page.getByText('Showing Premium accounts.').waitFor();

	// A period without suggestions: a clear empty state.
	await page.goto(`${product.url}/reports/suggestions?from=2020-01-01&to=2020-03-31`);
	await page.getByText('No suggestions in this period').waitFor();
	await page.getByRole('link', { name: 'Open the suggestions inbox' }).waitFor();

	// Bad dates: the form says what is wrong.
	await page.goto(`${product.url}/reports/suggestions?from=2026-03-31&to=2026-01-01`);
	await page.getByText('The period must end on or after its first day.').waitFor();

	expect(consoleErrors).toEqual([]);
});
