import { afterAll, beforeAll, expect, it } from 'vitest';
import { asc, eq } from 'drizzle-orm';
import type { Browser } from 'playwright-core';
import { contacts } from '../../db/schema/accounts';
import { cases } from '../../db/schema/cases';
import { outbox } from '../../db/schema/outbox';
import { suggestions } from '../../db/schema/surveys';
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

const admin = { name: 'Morgan Admin', email: 'morgan@harbour.example' };
const organization = { name: 'Harbour Coffee Supply', brandColor: '#0f766e' };
const priya = { name: 'Priya Shah', email: 'priya.shah@harbourcafe.example', locale: 'en' };
const lea = { name: 'Léa Martin', email: 'lea.martin@bistro.example', locale: 'fr-CH' };
const action = {
	title: 'PO numbers on every delivery note',
	description:
		'From this week every delivery note shows your purchase order number at the top.\n\nYour warehouse can match a parcel to its order at a glance.'
};
/** Léa again, a contact: she becomes the suggester of her complaint. */
const complaint = {
	name: lea.name,
	email: lea.email,
	subject: 'Invoices are hard to read',
	description:
		'Your invoices list every line in tiny grey print. Please make them readable on a phone.'
};

/** A link from an email, on this test's host: the emails link to the configured public URL. */
function onHost(link: string): string {
	const url = new URL(link);
	expect(url.origin).toBe(new URL(product.deps.config.publicUrl).origin);
	return `${product.url}${url.pathname}${url.search}`;
}

function hrefs(html: string): string[] {
	return [...html.matchAll(/href="([^"]+)"/g)].map(([, href]) => href!.replaceAll('&amp;', '&'));
}

function normalized(text: string | null): string {
	return (text ?? '').replace(/\s+/g, ' ').trim();
}

async function contactByEmail(email: string) {
	const [found] = await product.deps.db
		.select({ id: contacts.id, unsubscribedAt: contacts.unsubscribedAt })
		.from(contacts)
		.where(eq(contacts.email, email));
	expect(found, `the contact ${email} exists`).toBeDefined();
	return found!;
}

it('an admin publishes “you said, we did”; customers read what was done, naming no one, and unsubscribe from the news email without JavaScript; staff add a complaint to the suggestions', async () => {
	const page = await browser.newPage({ viewport: { width: 1360, height: 900 } });
	const consoleErrors = watchConsole(page);
	const sameOrigin = { origin: product.url };
	async function post<T>(path: string, data: unknown, status = 201): Promise<T> {
		const response = await page.request.post(`${product.url}/api${path}`, {
			data,
			headers: sameOrigin
		});
		expect(response.status(), `${path}: ${await response.text()}`).toBe(status);
		return (await response.json()) as T;
	}

	// The first admin sets up Closeloop.
	await page.goto(`${product.url}/`);
	await page.waitForURL('**/setup');
	await page.getByLabel('Your name').fill(admin.name);
	await page.getByLabel('Work email').fill(admin.email);
	await page.getByLabel('Password').fill('a long enough password');
	await page.getByRole('button', { name: 'Create admin and sign in' }).click();
	await page.waitForURL(`${product.url}/`);

	// Until it is published, the public page says so, with a 404 (which the browser logs, so this
	// page's console is not watched).
	const reader = await browser.newContext({ viewport: { width: 390, height: 844 } });
	const notYet = await reader.newPage();
	const unpublished = await notYet.goto(`${product.url}/you-said-we-did`);
	expect(unpublished!.status()).toBe(404);
	await notYet.getByRole('heading', { level: 1, name: 'This page is not published' }).waitFor();
	await notYet.getByText('does not share its “you said, we did” updates here.').waitFor();
	await screenshot(notYet, 'you-said-we-did-unpublished');
	await notYet.close();
	const phone = await reader.newPage();
	const readerErrors = watchConsole(phone);

	// Organisation settings: the name, the colour, and the new checkbox, which shows the saved value.
	await page.goto(`${product.url}/settings/organization`);
	const publish = page.getByRole('checkbox', { name: 'Publish the “you said, we did” page' });
	expect(await publish.isChecked()).toBe(false);
	expect(await page.getByRole('link', { name: /\/you-said-we-did/ }).getAttribute('href')).toBe(
		'/you-said-we-did'
	);
	await page.getByLabel('Organisation name').fill(organization.name);
	await page.getByLabel('Brand colour as hex').fill(organization.brandColor);
	await publish.check();
	await page.getByRole('button', { name: 'Save settings' }).click();
	await page.getByText('Saved. Emails, public pages and the survey scheduler').waitFor();
	await page.reload();
	expect(await publish.isChecked()).toBe(true);
	await screenshot(page, 'organization-publish-updates');
	expect(
		(
			(await (await page.request.get(`${product.url}/api/organization`)).json()) as {
				organization: { publicUpdates: boolean };
			}
		).organization.publicUpdates
	).toBe(true);

	// Published but nothing done yet: the empty state.
	const empty = await phone.goto(`${product.url}/you-said-we-did`);
	expect(empty!.status()).toBe(200);
	await phone.getByText('Nothing to show yet', { exact: true }).waitFor();

	// Two customers ask for the same thing; the action that answers them is done.
	const { account } = await post<{ account: { id: string } }>('/accounts', {
		name: 'Harbour Café'
	});
	const contactIds: string[] = [];
	for (const customer of [priya, lea]) {
		const { contact } = await post<{ contact: { id: string } }>('/contacts', {
			accountId: account.id,
			...customer
		});
		contactIds.push(contact.id);
	}
	const suggestionIds: string[] = [];
	for (const [index, text] of [
		'Please put our PO number on the delivery notes.',
		'Mettez notre numéro de commande sur les bons de livraison, s’il vous plaît.'
	].entries()) {
		const { suggestion } = await post<{ suggestion: { id: string } }>('/suggestions', {
			text,
			contactId: contactIds[index]
		});
		suggestionIds.push(suggestion.id);
	}
	const created = await post<{ action: { id: string } }>('/actions', {
		...action,
		suggestionIds
	});
	const done = await post<{ emailed: number }>(
		`/actions/${created.action.id}/status`,
		{ status: 'done' },
		200
	);
	expect(done.emailed).toBe(2);

	// The public page, on a phone with no session: the action, its date and how many asked; no names.
	await phone.goto(`${product.url}/you-said-we-did`);
	await phone.getByRole('heading', { level: 1, name: 'You said, we did' }).waitFor();
	const listed = phone.getByRole('article', { name: action.title });
	await listed.waitFor();
	const listedText = normalized(await listed.textContent());
	expect(listedText).toContain('Asked for by 2 customers');
	const today = new Intl.DateTimeFormat('en', {
		day: 'numeric',
		month: 'long',
		year: 'numeric',
		timeZone: 'UTC'
	}).format(new Date());
	expect(listedText).toContain(`Done on ${today}`);
	expect(
		(await listed.locator('p').allInnerTexts()).filter((text) => text.includes('warehouse'))
	).toEqual(['Your warehouse can match a parcel to its order at a glance.']);
	await phone.getByText(organization.name, { exact: true }).first().waitFor();
	const body = await phone.locator('body').innerText();
	for (const secret of [priya.name, lea.name, priya.email, 'Please put our PO number'])
		expect(body).not.toContain(secret);
	// No client JavaScript on customers' pages.
	expect(await phone.locator('script').count()).toBe(0);
	expect(
		await phone.locator('header').evaluate((header) => getComputedStyle(header).backgroundColor)
	).toBe('rgb(15, 118, 110)');
	await screenshot(phone, 'you-said-we-did');
	expect(await seriousViolations(phone)).toEqual([]);

	// The page speaks the browser's language.
	const german = await browser.newContext({ locale: 'de-DE' });
	const germanPage = await german.newPage();
	await germanPage.goto(`${product.url}/you-said-we-did`);
	await germanPage
		.getByRole('heading', { level: 1, name: 'Sie haben es gesagt, wir haben es getan' })
		.waitFor();
	expect(normalized(await germanPage.locator('article').textContent())).toContain(
		'Gewünscht von 2 Kunden'
	);
	await german.close();

	// The news emails: each links to the public page and to its own unsubscribe page.
	const emails = await product.deps.db
		.select({ to: outbox.toAddress, html: outbox.html })
		.from(outbox)
		.where(eq(outbox.template, 'you-said-we-did'))
		.orderBy(asc(outbox.toAddress));
	expect(emails.map((email) => email.to)).toEqual([lea.email, priya.email]);
	const links = (html: string) => hrefs(html).map(onHost);
	const unsubscribeLink = (html: string) => {
		const found = links(html).filter((link) => /\/n\/[\w-]+$/.test(new URL(link).pathname));
		expect(found).toHaveLength(1);
		return found[0]!;
	};
	const [toLea, toPriya] = emails;
	expect(links(toPriya!.html)).toContain(`${product.url}/you-said-we-did`);

	// Léa's link, in her language; opening it changes nothing.
	const leaPage = await reader.newPage();
	await leaPage.goto(unsubscribeLink(toLea!.html));
	await leaPage
		.getByRole('heading', { level: 1, name: `Se désabonner des e-mails de ${organization.name} ?` })
		.waitFor();
	expect(await leaPage.locator('[lang="fr"]').count()).toBe(1);
	expect((await contactByEmail(lea.email)).unsubscribedAt).toBeNull();
	await leaPage.close();

	// Priya unsubscribes with JavaScript off: one button, then the confirmation.
	const noScript = await browser.newContext({
		viewport: { width: 390, height: 844 },
		javaScriptEnabled: false
	});
	const plain = await noScript.newPage();
	const plainErrors = watchConsole(plain);
	const priyaLink = unsubscribeLink(toPriya!.html);
	await plain.goto(priyaLink);
	await plain
		.getByRole('heading', { level: 1, name: `Unsubscribe from emails by ${organization.name}?` })
		.waitFor();
	await plain
		.getByText(
			`${organization.name} will stop sending you updates about suggestions and survey invitations.`
		)
		.waitFor();
	expect((await contactByEmail(priya.email)).unsubscribedAt).toBeNull();
	await screenshot(plain, 'news-unsubscribe');
	await plain.getByRole('button', { name: 'Unsubscribe' }).click();
	await plain.getByRole('heading', { level: 1, name: 'You’re unsubscribed' }).waitFor();
	await plain
		.getByText(
			`This took effect at once: ${organization.name} will not send you any more updates or survey emails.`
		)
		.waitFor();
	expect((await contactByEmail(priya.email)).unsubscribedAt).not.toBeNull();
	await screenshot(plain, 'news-unsubscribed');

	// Opened again: already unsubscribed, and no button.
	await plain.goto(priyaLink);
	await plain
		.getByText(
			`You were already unsubscribed: ${organization.name} does not send you updates or survey emails.`
		)
		.waitFor();
	expect(await plain.getByRole('button').count()).toBe(0);

	// A link we do not know: the friendly page.
	await plain.goto(`${product.url}/n/not-a-real-token-at-all`);
	await plain.getByRole('heading', { level: 1, name: 'This link does not work' }).waitFor();
	expect(plainErrors).toEqual([]);
	await noScript.close();

	// Staff add a complaint to the suggestions from its case page.
	const filed = await reader.request.post(`${product.url}/api/public/complaints`, {
		data: { ...complaint, locale: 'en' },
		headers: sameOrigin
	});
	expect(filed.status(), await filed.text()).toBe(201);
	const [opened] = await product.deps.db
		.select({ id: cases.id, number: cases.number, contactId: cases.contactId })
		.from(cases)
		.where(eq(cases.subject, complaint.subject));
	expect(opened).toBeDefined();
	await page.goto(`${product.url}/cases/${opened!.id}`);
	await page.getByText('Add to suggestions…', { exact: true }).click();
	const text = page.getByLabel('Suggestion', { exact: true });
	expect(await text.inputValue()).toBe(complaint.description);
	await page
		.getByText(`${lea.name} is recorded as its suggester and hears when it is done.`)
		.waitFor();
	const suggestionText = 'Make invoices readable on a phone: larger, darker print.';
	await text.fill(suggestionText);
	await screenshot(page, 'case-add-suggestion');
	await page.getByRole('button', { name: 'Add to suggestions' }).click();
	await page.getByText('Added to the suggestions inbox.', { exact: true }).waitFor();
	expect(
		await page.getByRole('link', { name: 'Open the suggestions inbox' }).getAttribute('href')
	).toBe('/suggestions');
	await screenshot(page, 'case-add-suggestion-added');
	const fromCase = await product.deps.db
		.select({
			text: suggestions.text,
			source: suggestions.source,
			contactId: suggestions.contactId
		})
		.from(suggestions)
		.where(eq(suggestions.caseId, opened!.id));
	expect(opened!.contactId).toBe((await contactByEmail(lea.email)).id);
	expect(fromCase).toEqual([
		{ text: suggestionText, source: 'complaint', contactId: opened!.contactId }
	]);

	// Once only: a second attempt says the case is in the suggestions already.
	await page.reload();
	await page.getByText('Add to suggestions…', { exact: true }).click();
	await page.getByRole('button', { name: 'Add to suggestions' }).click();
	await page
		.getByRole('alert')
		.filter({ hasText: `Case #${opened!.number} is already in the suggestions.` })
		.waitFor();
	expect(
		await product.deps.db.select().from(suggestions).where(eq(suggestions.caseId, opened!.id))
	).toHaveLength(1);

	expect(readerErrors).toEqual([]);
	expect(consoleErrors).toEqual([]);
	await reader.close();
});
