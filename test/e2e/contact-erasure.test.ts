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

const customer = { name: 'Mira Königsberg', email: 'mira.k@alder.example' };

it('an admin exports a contact’s data as JSON and CSV, then erases the contact after typing their address, and sees the anonymised contact', async () => {
	const page = await browser.newPage({ viewport: { width: 1360, height: 900 } });
	const consoleErrors = watchConsole(page);
	const sameOrigin = { origin: product.url };

	await page.goto(`${product.url}/`);
	await page.waitForURL('**/setup');
	await page.getByLabel('Your name').fill('Morgan Admin');
	await page.getByLabel('Work email').fill('morgan@harbour.example');
	await page.getByLabel('Password').fill('a long enough password');
	await page.getByRole('button', { name: 'Create admin and sign in' }).click();
	await page.waitForURL(`${product.url}/`);

	const account = await page.request.post(`${product.url}/api/accounts`, {
		data: { name: 'Alder Bakery' },
		headers: sameOrigin
	});
	expect(account.status()).toBe(201);
	const contact = await page.request.post(`${product.url}/api/contacts`, {
		data: { accountId: (await account.json()).account.id, ...customer },
		headers: sameOrigin
	});
	expect(contact.status()).toBe(201);
	const id = (await contact.json()).contact.id as string;
	const complaint = await page.request.post(`${product.url}/api/public/complaints`, {
		data: {
			...customer,
			subject: 'Flour sacks arrived torn',
			description: 'Three of the sacks delivered on Monday were torn open.'
		}
	});
	expect(complaint.status()).toBe(201);

	await page.goto(`${product.url}/contacts/${id}`);
	await page.getByRole('heading', { level: 1, name: customer.name }).waitFor();

	// Export: both links download an attachment with everything held.
	for (const format of ['json', 'csv']) {
		const link = page.getByRole('link', { name: `Export data (${format.toUpperCase()})` });
		const href = await link.getAttribute('href');
		expect(href).toBe(`/api/contacts/${id}/export?format=${format}`);
		const download = await page.request.get(`${product.url}${href}`);
		expect(download.status()).toBe(200);
		expect(download.headers()['content-disposition']).toMatch(
			new RegExp(
				`^attachment; filename="contact-data-mira-konigsberg-\\d{4}-\\d{2}-\\d{2}\\.${format}"$`
			)
		);
		expect(await download.text()).toContain('Flour sacks arrived torn');
	}

	// The danger zone asks for the address before it lets the admin erase.
	await page.getByText('Erase this contact…').click();
	const erase = page.getByRole('button', { name: 'Erase this contact' });
	expect(await erase.isDisabled()).toBe(true);
	const confirm = page.getByLabel(`Type ${customer.email} to confirm`);
	await confirm.fill('someone@else.example');
	expect(await erase.isDisabled()).toBe(true);
	await confirm.fill(customer.email);
	expect(await erase.isDisabled()).toBe(false);
	await screenshot(page, 'contact-erase-confirm');
	expect(await seriousViolations(page)).toEqual([]);

	await erase.click();
	await page.getByText('Erased. The name, address and everything they wrote are gone').waitFor();
	await page.getByRole('heading', { level: 1, name: 'Erased contact' }).waitFor();
	await page.getByText(/^Personal data erased on /).waitFor();
	await page.getByText(`erased-${id}@erased.invalid`).first().waitFor();
	expect(await page.getByRole('link', { name: 'Edit' }).count()).toBe(0);
	expect(await page.getByText('Erase this contact…').count()).toBe(0);
	expect(await page.getByText(customer.name).count()).toBe(0);
	await page.getByText(/Personal data erased by Morgan Admin/).waitFor();
	await screenshot(page, 'contact-erased');
	expect(await seriousViolations(page)).toEqual([]);

	// The complaint is still in the queue for the SLA figures, without its words.
	await page.goto(`${product.url}/cases`);
	await page.getByText('[erased]').first().waitFor();
	expect(await page.getByText('Flour sacks arrived torn').count()).toBe(0);
	expect(consoleErrors).toEqual([]);
});
