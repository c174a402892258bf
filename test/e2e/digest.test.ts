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

/** The Monday 00:00 UTC of the week before this one: the clock stays near the real date (sessions last 30 days). */
function lastMonday(): Date {
	const day = new Date(Date.now() - 7 * 86_400_000);
	day.setUTCHours(0, 0, 0, 0);
	while (day.getUTCDay() !== 1) day.setUTCDate(day.getUTCDate() - 1);
	return day;
}

it('an admin keeps the weekly digest, previews it, and finds it in the Mailbox on Monday', async () => {
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

	const monday = lastMonday();
	const at = (days: number, hours = 0) =>
		new Date(monday.getTime() + days * 86_400_000 + hours * 3_600_000).toISOString();
	await page.goto(`${product.url}/`);
	await page.waitForURL('**/setup');
	// After last Monday's digest fell due (07:00), so the first one this admin gets is last week's.
	await send('/clock', { set: at(0, 8) }, 200);
	await page.getByLabel('Your name').fill('Morgan Admin');
	await page.getByLabel('Work email').fill('morgan@harbour.example');
	await page.getByLabel('Password').fill('a long enough password');
	await page.getByRole('button', { name: 'Create admin and sign in' }).click();
	await page.waitForURL(`${product.url}/`);

	// Last week: three cases opened (the default policy promises a first reply within 8 hours), one answered.
	await send('/clock', { set: at(0, 9) }, 200);
	const opened: { id: string }[] = [];
	for (const subject of ['Parcel lost', 'Wrong invoice', 'Late delivery']) {
		const { case: created } = await send<{ case: { id: string } }>('/cases', {
			email: `${subject.toLowerCase().replaceAll(' ', '.')}@customer.example`,
			name: 'A customer',
			subject,
			description: 'Our order went wrong.',
			priority: 'normal'
		});
		opened.push(created);
	}
	await send('/clock', { set: at(0, 10) }, 200);
	await send(
		`/cases/${opened[0]!.id}/actions`,
		{ action: 'reply', body: 'On it.', isPublic: true, waitOnCustomer: false },
		200
	);
	// The sweep records the other two's first-response breaches during the week.
	await send('/clock', { set: at(2, 9) }, 200);
	await page.waitForTimeout(2500);

	await page.goto(`${product.url}/account`);
	const toggle = page.getByLabel('Weekly digest');
	await expect(toggle.isChecked()).resolves.toBe(true);
	expect(await seriousViolations(page)).toEqual([]);
	await screenshot(page, 'digest-account');

	await toggle.uncheck();
	await page.getByRole('button', { name: 'Save' }).click();
	await page.getByText('Saved. You will not get the weekly digest any more.').waitFor();
	await page.reload();
	await expect(page.getByLabel('Weekly digest').isChecked()).resolves.toBe(false);
	await page.getByLabel('Weekly digest').check();
	await page.getByRole('button', { name: 'Save' }).click();
	await page.getByText('Saved. You will get the weekly digest on Mondays.').waitFor();

	// This Monday morning: the preview shows last week; at 07:00 the tick sends it.
	await send('/clock', { set: at(7, 6) }, 200);
	const [preview] = await Promise.all([
		page.waitForEvent('popup'),
		page.getByRole('link', { name: /Preview the digest/ }).click()
	]);
	await preview.waitForLoadState();
	await preview.getByText('SLA compliance').first().waitFor();
	expect(await preview.locator('body').innerText()).toContain('Opened');
	await screenshot(preview, 'digest-preview');
	await preview.close();

	await send('/clock', { set: at(7, 7) }, 200);
	await page.goto(`${product.url}/mailbox`);
	const row = page.getByRole('row', { name: /weekly-digest/ });
	for (let attempt = 0; attempt < 20 && (await row.count()) === 0; attempt++) {
		await page.waitForTimeout(500);
		await page.reload();
	}
	await expect(row.count()).resolves.toBe(1);
	await expect(row.innerText()).resolves.toMatch(/Closeloop weekly: SLA 33\.3 %, 3 cases/);
	await screenshot(page, 'digest-mailbox');
	await row.getByRole('link').first().click();
	await page.waitForURL('**/mailbox/*');
	await page.getByText('weekly-digest').first().waitFor();
	await screenshot(page, 'digest-mailbox-email');
	expect(consoleErrors).toEqual([]);
});
