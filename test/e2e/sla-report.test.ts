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

/**
 * A Monday at 09:00 UTC one to two weeks ago. The clock stays near the real date (the session
 * cookie expires 30 days after the injected clock's now).
 */
function aRecentMonday(): string {
	const day = new Date(Date.now() - 8 * 86_400_000);
	day.setUTCHours(0, 0, 0, 0);
	while (day.getUTCDay() !== 1) day.setUTCDate(day.getUTCDate() - 1);
	return `${day.toISOString().slice(0, 10)}T09:00:00Z`;
}

it('a manager reads how many SLA promises were kept, per target, priority and agent, and drills into a breach', async () => {
	const page = await browser.newPage({ viewport: { width: 1360, height: 900 } });
	const consoleErrors = watchConsole(page);
	const sameOrigin = { origin: product.url };
	async function send<T>(path: string, data: unknown, status = 201, method = 'post'): Promise<T> {
		const response = await page.request.fetch(`${product.url}/api${path}`, {
			method,
			data,
			headers: sameOrigin
		});
		expect(response.status(), `${path}: ${await response.text()}`).toBe(status);
		return (await response.json()) as T;
	}
	const advanceMinutes = (minutes: number) => send('/clock', { advanceMinutes: minutes }, 200);

	await page.goto(`${product.url}/`);
	await page.waitForURL('**/setup');
	await page.getByLabel('Your name').fill('Morgan Admin');
	await page.getByLabel('Work email').fill('morgan@harbour.example');
	await page.getByLabel('Password').fill('a long enough password');
	await page.getByRole('button', { name: 'Create admin and sign in' }).click();
	await page.waitForURL(`${product.url}/`);
	const me = (await (await page.request.get(`${product.url}/api/auth/me`)).json()) as {
		user: { id: string };
	};
	const { rootCause } = await send<{ rootCause: { id: string } }>('/case-settings/root-causes', {
		name: 'Courier ignored the notes'
	});

	// The fresh product has no SLA policy: the default one (24×7, UTC) promises a first reply
	// within 8 hours at normal priority, 4 at high, and resolution within 5 days.
	const start = aRecentMonday();
	await send('/clock', { set: start }, 200);
	const open = async (subject: string, priority: string, assigneeId: string | null) => {
		const { case: opened } = await send<{ case: { id: string; number: number } }>('/cases', {
			email: `${subject.toLowerCase().replaceAll(' ', '.')}@customer.example`,
			name: 'A customer',
			subject,
			description: 'Our order went wrong.',
			priority
		});
		if (assigneeId) await send(`/cases/${opened.id}`, { assigneeId }, 200, 'patch');
		return opened;
	};
	const act = (id: string, body: Record<string, unknown>) =>
		send(`/cases/${id}/actions`, body, 200);
	const reply = (id: string) => act(id, { action: 'reply', body: 'We are on it.', isPublic: true });

	// Soaked parcel: answered after 2 hours, resolved after 3: both in time.
	const soaked = await open('Soaked parcel', 'normal', me.user.id);
	await advanceMinutes(120);
	await reply(soaked.id);
	await act(soaked.id, { action: 'start' });
	await advanceMinutes(60);
	await act(soaked.id, {
		action: 'resolve',
		resolutionNote: 'A new parcel went out.',
		rootCauseId: rootCause.id
	});
	// Two more, and then nobody answers for nine hours: both first replies are late; the
	// sweep (every second here) records the breaches. Then one of them is answered.
	const invoice = await open('Invoice charged twice', 'normal', me.user.id);
	const broken = await open('Broken espresso machine', 'high', null);
	await advanceMinutes(9 * 60);
	await expect
		.poll(
			async () =>
				(
					(await (await page.request.get(`${product.url}/api/reports/sla`)).json()) as {
						breachesTotal: number;
					}
				).breachesTotal,
			{ timeout: 15_000 }
		)
		.toBe(2);
	await reply(invoice.id);
	// The report reads rollups: the tick (every second here) counts the late reply.
	await expect
		.poll(
			async () =>
				(
					(await (await page.request.get(`${product.url}/api/reports/sla`)).json()) as {
						targets: { businessMinutes: { n: number } }[];
					}
				).targets[0]!.businessMinutes.n,
			{ timeout: 15_000 }
		)
		.toBe(2);

	await page.goto(`${product.url}/reports`);
	await page.getByRole('link', { name: /SLA compliance/ }).click();
	await page.waitForURL('**/reports/sla');
	await page.getByRole('heading', { name: 'SLA compliance', level: 1 }).waitFor();
	const card = (title: string) =>
		page
			.locator('dl > div')
			.filter({ has: page.getByRole('term').getByText(title, { exact: true }) });
	const text = async (locator: { innerText(): Promise<string> }) =>
		(await locator.innerText()).replace(/\s+/g, ' ').trim();
	expect(await text(card('First response met'))).toBe(
		'First response met 33.3 % 1 of n = 3 · fewer than 5'
	);
	expect(await text(card('Next response met'))).toBe('Next response met – 0 of n = 0');
	expect(await text(card('Resolution met'))).toBe('Resolution met 100 % 1 of n = 1 · fewer than 5');
	expect(await text(card('Breaches'))).toBe('Breaches 2 of 4 promises settled · 50 % met overall');
	// First replies after 120 and 540 business minutes; one resolution after 180.
	expect(await text(card('Median time to first response'))).toBe(
		'Median time to first response 5 h 30 min business hours, waiting on the customer left out · n = 2 · fewer than 5'
	);
	expect(await text(card('Median time to resolution'))).toBe(
		'Median time to resolution 3 h business hours, waiting on the customer left out · n = 1 · fewer than 5'
	);

	const chart = page.getByRole('img', { name: /^Share of SLA promises met per month/ });
	expect(await chart.getAttribute('aria-label')).toContain('50 % overall, 2 of 4 met.');
	await page.getByText('Show the figures as a table').click();
	const month = new Intl.DateTimeFormat('en-GB', {
		month: 'short',
		year: 'numeric',
		timeZone: 'UTC'
	}).format(new Date(start));
	const monthRow = page.locator('details tbody tr').filter({ hasText: month });
	// The month ends after today (unless today is its last day): only partly in the period.
	const today = new Date(new Date(start).getTime() + 12 * 3_600_000);
	const partial = new Date(today.getTime() + 86_400_000).getUTCDate() !== 1;
	expect(await text(monthRow)).toBe(`${month}${partial ? ' *' : ''} 4 2 2 50 %`);

	const rows = (region: string) => page.getByRole('region', { name: region }).locator('tbody tr');
	expect(await rows('By priority').count()).toBe(2);
	expect(await text(rows('By priority').nth(0))).toBe(
		'High 1 1 0 % n < 5 0 % 0 of 1 – n = 0 – n = 0'
	);
	expect(await text(rows('By priority').nth(1))).toBe(
		'Normal 3 1 66.7 % n < 5 50 % 1 of 2 – n = 0 100 % 1 of 1'
	);
	expect(await text(rows('By agent').nth(0))).toBe(
		'Morgan Admin 3 1 66.7 % n < 5 50 % 1 of 2 – n = 0 100 % 1 of 1'
	);
	expect(await text(rows('By agent').nth(1))).toBe(
		'Unassigned 1 1 0 % n < 5 0 % 0 of 1 – n = 0 – n = 0'
	);
	expect(await text(rows('By team').nth(0))).toBe(
		'No team 4 2 50 % n < 5 33.3 % 1 of 3 – n = 0 100 % 1 of 1'
	);

	// The breaches, the latest first (both recorded by one sweep), each linking to its case.
	const breaches = rows('Breached promises');
	expect(await breaches.count()).toBe(2);
	expect(await text(breaches.nth(0))).toMatch(
		new RegExp(
			`^#${broken.number} Broken espresso machine First response High .+ Still open Unassigned$`
		)
	);
	expect(await text(breaches.nth(1))).toMatch(
		new RegExp(`^#${invoice.number} Invoice charged twice First response Normal .+ Morgan Admin$`)
	);
	expect(await text(breaches.nth(1))).not.toContain('Still open');

	expect(await seriousViolations(page)).toEqual([]);
	await screenshot(page, 'report-sla');

	// The CSV: a row per group, as the page shows.
	const href = await page.getByRole('link', { name: 'CSV' }).getAttribute('href');
	const csv = await page.request.get(`${product.url}${href}`);
	expect(csv.status()).toBe(200);
	expect(csv.headers()['content-disposition']).toMatch(
		/^attachment; filename="sla-compliance-\d{4}-\d{2}-\d{2}-to-\d{4}-\d{2}-\d{2}\.csv"$/
	);
	const table = Papa.parse<Record<string, string>>((await csv.text()).trim(), {
		header: true
	}).data;
	expect(
		table
			.filter((row) => row.group !== 'month')
			.map((row) => [row.group, row.name, row.settled, row.met, row.share_met])
	).toEqual([
		['all', 'All targets', '4', '2', '50'],
		['target', 'First response', '3', '1', '33.3'],
		['target', 'Next response', '0', '0', ''],
		['target', 'Resolution', '1', '1', '100'],
		['priority', 'Urgent', '0', '0', ''],
		['priority', 'High', '1', '0', '0'],
		['priority', 'Normal', '3', '2', '66.7'],
		['priority', 'Low', '0', '0', ''],
		['team', 'No team', '4', '2', '50'],
		['agent', 'Morgan Admin', '3', '2', '66.7'],
		['agent', 'Unassigned', '1', '0', '0']
	]);

	// A filter: the agent's own cases, by clicking their row.
	await rows('By agent').nth(0).getByRole('link', { name: 'Morgan Admin' }).click();
	await page.waitForURL(`**/reports/sla?assigneeId=${me.user.id}`);
	await page.getByText('Showing cases of Morgan Admin.').waitFor();
	expect(await text(card('First response met'))).toBe(
		'First response met 50 % 1 of n = 2 · fewer than 5'
	);
	expect(await breaches.count()).toBe(1);

	// Urgent cases: none settled, so the empty state.
	await page.getByLabel('Priority', { exact: true }).selectOption('urgent');
	await page.waitForURL('**/reports/sla?*priority=urgent*');
	await page.getByText('No SLA clocks settled for these filters').waitFor();

	// Drill into the breach: the case page with its SLA events.
	await page.goto(`${product.url}/reports/sla`);
	await rows('Breached promises')
		.nth(0)
		.getByRole('link', { name: `#${broken.number}` })
		.click();
	await page.waitForURL(`**/cases/${broken.id}`);
	await page.getByRole('heading', { name: /Broken espresso machine/ }).waitFor();

	// A bad filter in the address bar: the form says what is wrong.
	await page.goto(`${product.url}/reports/sla?from=2026-03-10&to=2026-03-01`);
	await page
		.getByRole('alert')
		.getByText('The period must end on or after its first day.')
		.waitFor();

	expect(consoleErrors).toEqual([]);
});
