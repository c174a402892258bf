import { afterAll, beforeAll, expect, it } from 'vitest';
import { count } from 'drizzle-orm';
import type { Browser } from 'playwright-core';
import { contacts } from '../../db/schema/accounts';
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

const header = 'email,name,account,tier,locale,time_zone,tags';
const goodRows = [
	'mira.koenig@alderbakery.example,Mira König,Alder Bakery,premium,de,Europe/Berlin,retail;dach',
	'sam.osei@alderbakery.example,Sam Osei,Alder Bakery,premium,en,Europe/London,retail'
];
const badRow =
	'lena.ruiz(at)cedarclinic.example,Lena Ruiz,Cedar Clinic,standard,es,Europe/Madrid,healthcare';
const fixedRow =
	'lena.ruiz@cedarclinic.example,Lena Ruiz,Cedar Clinic,standard,es,Europe/Madrid,healthcare';

function csvFile(rows: string[]) {
	return {
		name: 'contacts.csv',
		mimeType: 'text/csv',
		buffer: Buffer.from([header, ...rows].join('\n') + '\n')
	};
}

it('the first admin sets up Closeloop, imports contacts (a bad row shown, then fixed) and opens one', async () => {
	const page = await browser.newPage({ viewport: { width: 1360, height: 900 } });
	const consoleErrors = watchConsole(page);

	// First start: the console offers the set-up page.
	await page.goto(`${product.url}/`);
	await page.waitForURL('**/setup');
	await page.getByLabel('Your name').fill('Ada Admin');
	await page.getByLabel('Work email').fill('ada@closeloop.example');
	await page.getByLabel('Password').fill('a long enough password');
	await page.getByRole('button', { name: 'Create admin and sign in' }).click();
	await page.waitForURL(`${product.url}/`);
	expect(await page.getByRole('heading', { level: 1 }).textContent()).toMatch(/Ada/);

	// The contact list starts empty and leads to the import.
	await page.goto(`${product.url}/contacts/import`);
	await page.getByLabel('CSV file').setInputFiles(csvFile([goodRows[0]!, badRow, goodRows[1]!]));

	// The preview names the bad row and why, and nothing can be imported yet.
	const problems = page.getByTestId('import-errors');
	await problems.waitFor();
	const problemText = (await problems.textContent()) ?? '';
	const problemRows = problems.locator('tbody tr');
	expect(await problemRows.count()).toBe(1);
	expect((await problemRows.first().locator('td').first().textContent())?.trim()).toBe('3');
	expect(problemText).toMatch(/email/i);
	expect(problemText).toContain('lena.ruiz(at)cedarclinic.example');
	expect(await page.getByTestId('import-button').isDisabled()).toBe(true);
	await screenshot(page, 'import-preview-with-problem');
	const [before] = await product.deps.db.select({ n: count() }).from(contacts);
	expect(before?.n).toBe(0);

	// Fixed and chosen again: all three rows are valid.
	await page.getByLabel('CSV file').setInputFiles(csvFile([goodRows[0]!, fixedRow, goodRows[1]!]));
	await problems.waitFor({ state: 'hidden' });
	const importButton = page.getByTestId('import-button').filter({ hasText: /Import 3 contacts/ });
	await importButton.waitFor();
	expect(await importButton.isEnabled()).toBe(true);
	await importButton.click();
	await page.getByTestId('import-success').filter({ hasText: 'Imported 3 contacts' }).waitFor();

	// The contacts are listed, and one opens with its details.
	await page.getByRole('link', { name: 'View contacts' }).click();
	await page.waitForURL('**/contacts');
	for (const name of ['Mira König', 'Lena Ruiz', 'Sam Osei'])
		await page.getByRole('link', { name }).waitFor();
	await screenshot(page, 'contacts-list');
	await page.getByRole('link', { name: 'Mira König' }).click();
	await page.waitForURL('**/contacts/*');
	expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain('Mira König');
	await page.getByText('mira.koenig@alderbakery.example').first().waitFor();
	await page.getByText('Alder Bakery').first().waitFor();
	await screenshot(page, 'contact-page');

	expect(consoleErrors).toEqual([]);
});
