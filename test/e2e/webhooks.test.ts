import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startReceiver, verifyStandardWebhook, type Receiver } from '../api/webhooks/receiver';
import {
	launchBrowser,
	screenshot,
	seriousViolations,
	startProduct,
	watchConsole
} from './browser';

let product: Awaited<ReturnType<typeof startProduct>>;
let browser: Browser;
let receiver: Receiver;

beforeAll(async () => {
	product = await startProduct();
	// The receiver runs on 127.0.0.1, which installations refuse unless told.
	product.deps.config.allowPrivateWebhookUrls = true;
	receiver = await startReceiver();
	browser = await launchBrowser();
});
afterAll(async () => {
	await browser?.close();
	await receiver?.stop();
	await product?.stop();
});

it('an admin registers a webhook, keeps its secret, sends a test event and sees a failed delivery retried', async () => {
	const page = await browser.newPage({ viewport: { width: 1360, height: 900 } });
	const consoleErrors = watchConsole(page);
	await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);

	await page.goto(`${product.url}/`);
	await page.waitForURL('**/setup');
	await page.getByLabel('Your name').fill('Ada Admin');
	await page.getByLabel('Work email').fill('ada@closeloop.example');
	await page.getByLabel('Password').fill('a long enough password');
	await page.getByRole('button', { name: 'Create admin and sign in' }).click();
	await page.waitForURL(`${product.url}/`);

	await page.getByRole('link', { name: 'Webhooks' }).click();
	await page.waitForURL('**/settings/webhooks');
	await page.getByText('No webhook endpoints yet').waitFor();
	await screenshot(page, 'webhooks-empty');

	// A private address is refused while the installation says so.
	product.deps.config.allowPrivateWebhookUrls = false;
	await page.getByLabel('URL').fill(`${receiver.url}/closeloop`);
	await page.getByLabel('Case opened').check();
	await page.getByRole('button', { name: 'Add endpoint' }).click();
	await page.getByText(/private, loopback or link-local/).waitFor();
	product.deps.config.allowPrivateWebhookUrls = true;

	await page.getByLabel('Description (optional)').fill('CRM sync');
	await page.getByLabel('SLA breached').check();
	await page.getByRole('button', { name: 'Add endpoint' }).click();
	const secretBox = page.getByTestId('secret');
	await secretBox.waitFor();
	const secret = (await secretBox.textContent())!.trim();
	expect(secret).toMatch(/^whsec_/);
	await page.getByRole('button', { name: 'Copy' }).click();
	expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);
	await screenshot(page, 'webhooks-secret-once');
	expect(await seriousViolations(page)).toEqual([]);
	// The form is ready for the next one.
	expect(await page.getByLabel('URL').inputValue()).toBe('');
	expect(await page.getByLabel('Send events at once').isChecked()).toBe(true);

	// Shown once: reloading shows it masked.
	await page.reload();
	expect(await page.content()).not.toContain(secret);
	await page
		.getByRole('main')
		.getByRole('link', { name: /closeloop/ })
		.first()
		.click();
	await page.waitForURL(/\/settings\/webhooks\/[\w-]+$/);
	await page.getByText(`whsec_…${secret.slice(-4)}`).waitFor();

	// A test event, then a complaint while the receiver is down.
	await page.getByRole('button', { name: 'Send test event' }).click();
	await page.getByText(/A test event is queued/).waitFor();
	receiver.answer((request) =>
		request.json?.type === 'case.opened'
			? { status: 500, body: 'Upstream CRM unavailable' }
			: { status: 200, body: 'ok' }
	);
	const filed = await fetch(`${product.url}/api/public/complaints`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({
			name: 'Mira König',
			email: 'mira@alder.example',
			subject: 'Late delivery',
			description: 'The order arrived three days late.'
		})
	});
	expect(filed.status).toBe(201);
	await expect.poll(() => receiver.received.length, { timeout: 10_000 }).toBe(2);
	for (const request of receiver.received)
		expect(
			verifyStandardWebhook(
				secret,
				request,
				new Date(Number(request.headers['webhook-timestamp']) * 1000)
			)
		).toBe(true);

	// Time moves past every retry: the delivery fails for good, each attempt in the log.
	const crmAttempts = () =>
		receiver.received.filter((request) => request.json?.type === 'case.opened').length;
	for (const [index, minutes] of [1, 5, 30, 120, 360].entries()) {
		const moved = await page.request.post(`${product.url}/api/clock`, {
			data: { advanceMinutes: minutes },
			headers: { origin: product.url }
		});
		expect(moved.status()).toBe(200);
		await expect.poll(crmAttempts, { timeout: 10_000 }).toBe(index + 2);
	}
	const statuses = page.getByTestId('delivery-status');
	await expect
		.poll(
			async () => {
				await page.reload();
				return statuses.filter({ hasText: 'Failed' }).count();
			},
			{ timeout: 20_000 }
		)
		.toBe(1);
	await page.locator('summary', { hasText: 'Failed' }).click();
	await page.getByText('Upstream CRM unavailable').first().waitFor();
	expect(
		await page
			.locator('details[open]')
			.getByText(/^Attempt \d$/)
			.count()
	).toBe(6);
	await screenshot(page, 'webhooks-deliveries-log');
	expect(await seriousViolations(page)).toEqual([]);

	receiver.answer(() => ({ status: 200, body: 'ok' }));
	await page.getByRole('button', { name: 'Retry delivery' }).click();
	await page.getByText('It is tried again within a minute.').waitFor();
	await expect.poll(crmAttempts, { timeout: 10_000 }).toBe(7);
	await expect
		.poll(
			async () => {
				await page.reload();
				return statuses.filter({ hasText: 'Failed' }).count();
			},
			{ timeout: 20_000 }
		)
		.toBe(0);
	expect(await statuses.filter({ hasText: 'Delivered' }).count()).toBeGreaterThanOrEqual(2);

	// Rotating asks first and shows the new secret once.
	await page.getByRole('button', { name: 'Rotate secret…' }).click();
	await page.getByRole('button', { name: 'Rotate secret', exact: true }).click();
	await page.getByText(/New secret made/).waitFor();
	expect((await page.getByTestId('secret').textContent())!.trim()).not.toBe(secret);
	await screenshot(page, 'webhooks-endpoint');

	await page.getByRole('button', { name: 'Delete endpoint…' }).click();
	await page.getByRole('button', { name: 'Delete endpoint', exact: true }).click();
	await page.waitForURL('**/settings/webhooks?deleted=*');
	await page.getByText(/was deleted/).waitFor();
	await page.getByText('No webhook endpoints yet').waitFor();
	expect(consoleErrors).toEqual([]);
});
