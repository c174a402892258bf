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

const day = (at: Date) => at.toISOString().slice(0, 10);

/**
 * Last month, worked out by hand. At its start: Harbour Foods and Quay Logistics (premium,
 * Morgan), Pier Cafés (standard, Morgan) and Dockside Bakery (standard, no owner): 4. Won:
 * Anchor Tools on the 5th and Buoy Books on the 15th (basic, Morgan). Lost: Harbour Foods on
 * the 10th and Buoy Books on the 21st. At the end 4 + 2 − 2 = 4; retention (4 − 2) ÷ 4 = 50 %,
 * net growth 0 %. Morgan: 3 at start, won 2, lost 2, end 3: (3 − 2) ÷ 3 = 33.3 %.
 */
it('a manager reads last month’s retention, net growth, wins and losses, per owner and tier, and opens a lost account', async () => {
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

	const now = new Date();
	const first = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
	const last = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 0));
	const on = (dayOfMonth: number) =>
		day(new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth(), dayOfMonth)));
	const yearBefore = day(new Date(Date.UTC(first.getUTCFullYear() - 1, first.getUTCMonth(), 3)));
	const ids: Record<string, string> = {};
	async function account(
		name: string,
		tier: string,
		owned: boolean,
		wonAt: string,
		lostAt?: string
	) {
		const { account: created } = await send<{ account: { id: string } }>('/accounts', {
			name,
			tier,
			ownerId: owned ? me.user.id : null,
			wonAt
		});
		ids[name] = created.id;
		if (lostAt) await send(`/accounts/${created.id}/lost`, { at: lostAt }, 200);
	}
	await account('Harbour Foods', 'premium', true, yearBefore, on(10));
	await account('Quay Logistics', 'premium', true, yearBefore);
	await account('Pier Cafés', 'standard', true, yearBefore);
	await account('Dockside Bakery', 'standard', false, yearBefore);
	await account('Anchor Tools', 'basic', true, on(5));
	await account('Buoy Books', 'basic', true, on(15), on(21));

	const range = `from=${day(first)}&to=${day(last)}`;
	await page.goto(`${product.url}/reports/retention?${range}`);
	await page.getByRole('heading', { name: 'Retention', level: 1 }).waitFor();
	const text = async (locator: { innerText(): Promise<string> }) =>
		(await locator.innerText()).replace(/\s+/g, ' ').trim();
	const card = (title: string) =>
		page
			.locator('dl > div')
			.filter({ has: page.getByRole('term').getByText(title, { exact: true }) });
	expect(await text(card('Retention rate'))).toBe(
		'Retention rate 50 % 2 of n = 4 at the start still customers · fewer than 5'
	);
	expect(await text(card('Net growth'))).toBe('Net growth 0 % 4 → 4 accounts · n = 4');
	expect(await text(card('Accounts won'))).toBe('Accounts won 2 new and won back · 50 % of n = 4');
	expect(await text(card('Accounts lost'))).toBe(
		'Accounts lost 2 50 % of n = 4 · 4 customers at the end'
	);

	const chart = page.getByRole('img', { name: /^Retention rate per month/ });
	expect(await chart.getAttribute('aria-label')).toContain('50 % retained over the whole period');
	const month = new Intl.DateTimeFormat('en-GB', {
		month: 'short',
		year: 'numeric',
		timeZone: 'UTC'
	}).format(first);
	const chartSection = page.getByRole('region', { name: /^Retention, won and lost per / });
	expect(await text(chartSection.locator('tbody tr'))).toBe(
		`${month} 4 +2 −2 4 50 % n < 5 0 % n < 5`
	);
	expect(await text(chartSection.locator('tfoot tr'))).toBe(
		'Whole period 4 +2 −2 4 50 % n < 5 0 % n < 5'
	);

	const rows = (region: string) => page.getByRole('region', { name: region }).locator('tbody tr');
	expect(await rows('By account owner').count()).toBe(2);
	expect(await text(rows('By account owner').nth(0))).toBe(
		'Morgan Admin 3 +2 −2 3 33.3 % n < 5 0 % n < 5'
	);
	expect(await text(rows('By account owner').nth(1))).toBe(
		'No owner 1 0 0 1 100 % n < 5 0 % n < 5'
	);
	expect(await text(rows('By tier').nth(0))).toBe('Premium 2 0 −1 1 50 % n < 5 −50 % n < 5');
	expect(await text(rows('By tier').nth(1))).toBe('Standard 2 0 0 2 100 % n < 5 0 % n < 5');
	expect(await text(rows('By tier').nth(2))).toBe('Basic 0 +2 −1 1 – –');

	const changes = rows('Accounts won and lost');
	expect(await changes.count()).toBe(4);
	const dateOf = (dayOfMonth: number) =>
		new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeZone: 'UTC' }).format(
			new Date(`${on(dayOfMonth)}T00:00:00Z`)
		);
	expect(await Promise.all([0, 1, 2, 3].map(async (i) => text(changes.nth(i))))).toEqual([
		`${dateOf(21)} Buoy Books Lost Basic Morgan Admin`,
		`${dateOf(15)} Buoy Books Won Basic Morgan Admin`,
		`${dateOf(10)} Harbour Foods Lost Premium Morgan Admin`,
		`${dateOf(5)} Anchor Tools Won Basic Morgan Admin`
	]);

	expect(await seriousViolations(page)).toEqual([]);
	await screenshot(page, 'report-retention');

	// The CSV has the same figures.
	const href = await page.getByRole('link', { name: 'CSV' }).getAttribute('href');
	const csv = await page.request.get(`${product.url}${href}`);
	expect(csv.status()).toBe(200);
	const table = Papa.parse<Record<string, string>>(
		(await csv.text()).replace(/^\uFEFF/, '').trim(),
		{
			header: true
		}
	).data;
	expect(table[0]).toMatchObject({
		group: 'all',
		accounts_at_start: '4',
		won: '2',
		lost: '2',
		accounts_at_end: '4',
		retention_rate: '50',
		net_growth: '0',
		n: '4'
	});

	// By week: the month's weeks, each starting with the one before's end.
	await page.goto(`${product.url}/reports/retention?${range}&granularity=week`);
	await page.getByRole('heading', { name: 'Retention, won and lost per week' }).waitFor();
	expect(await text(chartSection.locator('tfoot tr'))).toBe(
		'Whole period 4 +2 −2 4 50 % n < 5 0 % n < 5'
	);
	await screenshot(page, 'report-retention-weeks');

	// A segment with nothing in it says so.
	await page.goto(`${product.url}/reports/retention?${range}&tier=enterprise`);
	await page.getByRole('heading', { name: 'No customer accounts for these filters' }).waitFor();
	expect(await seriousViolations(page)).toEqual([]);

	// A lost account opens from the list.
	await page.goto(`${product.url}/reports/retention?${range}`);
	await changes.nth(2).getByRole('link', { name: 'Harbour Foods' }).click();
	await page.waitForURL(`**/accounts/${ids['Harbour Foods']}`);
	await page.getByRole('heading', { name: 'Harbour Foods' }).waitFor();

	expect(consoleErrors).toEqual([]);
});
