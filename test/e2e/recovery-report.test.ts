import { and, asc, eq } from 'drizzle-orm';
import Papa from 'papaparse';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { cases } from '../../db/schema/cases';
import { outbox } from '../../db/schema/outbox';
import { surveyInvitations, surveys } from '../../db/schema/surveys';
import { defaultDefinition, defaultSendWindow } from '../../api/domain/survey-definition';
import { createToken, hashToken, newId } from '../../api/tokens';
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

/**
 * Four accounts, customers for two years: Harbour Café (premium; Priya) and Alder Foods (Sam)
 * complain, Birch and Elm never do, and Elm is lost. Priya's complaint (24 h to resolve) she
 * confirms solved; Sam's (36 h) he says is not; Lena's anonymous one (12 h) is still waiting.
 * NPS: Priya 7 before and 9 after (rose), Sam 8 and 7 (fell); the anonymous case has no contact.
 */
it('a manager reads how resolved complaints were received, whether scores rose, and whether complainants stayed', async () => {
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
	const setClock = (iso: string) => send('/clock', { set: iso }, 200);
	const advanceHours = (hours: number) => send('/clock', { advanceMinutes: hours * 60 }, 200);
	const { db } = product.deps;

	await page.goto(`${product.url}/`);
	await page.waitForURL('**/setup');
	await page.getByLabel('Your name').fill('Morgan Admin');
	await page.getByLabel('Work email').fill('morgan@harbour.example');
	await page.getByLabel('Password').fill('a long enough password');
	await page.getByRole('button', { name: 'Create admin and sign in' }).click();
	await page.waitForURL(`${product.url}/`);

	await setClock(daysAgo(40));
	const twoYearsAgo = daysAgo(730).slice(0, 10);
	const account = async (name: string, input: Record<string, unknown> = {}) =>
		(await send<{ account: { id: string } }>('/accounts', { name, wonAt: twoYearsAgo, ...input }))
			.account.id;
	const harbour = await account('Harbour Café', { tier: 'premium' });
	const alder = await account('Alder Foods');
	await account('Birch Bakery');
	const elm = await account('Elm Deli');
	const people = {
		priya: { accountId: harbour, name: 'Priya Shah', email: 'priya@harbourcafe.example' },
		sam: { accountId: alder, name: 'Sam Okafor', email: 'sam@alder.example' }
	};
	const contactIds: Record<string, string> = {};
	for (const [key, person] of Object.entries(people))
		contactIds[key] = (await send<{ contact: { id: string } }>('/contacts', person)).contact.id;
	const courier = (
		await send<{ rootCause: { id: string } }>('/case-settings/root-causes', { name: 'Courier' })
	).rootCause.id;
	const lateDelivery = (
		await send<{ category: { id: string } }>('/case-settings/categories', {
			name: 'Late delivery',
			priority: 'normal'
		})
	).category.id;

	// An NPS survey; the invitations are written as the scheduler would, answered through their links.
	const surveyId = newId();
	const created = new Date(daysAgo(40));
	await db.insert(surveys).values({
		id: surveyId,
		name: 'Quarterly NPS',
		kind: 'nps',
		status: 'draft',
		definition: defaultDefinition('nps'),
		audience: { tiers: [], ownerIds: [], accountStatuses: [], tags: [] },
		sendWindow: defaultSendWindow,
		detractorThreshold: 6,
		createdAt: created,
		updatedAt: created
	});
	let cycle = 0;
	async function answers(key: string, score: number) {
		const token = createToken(16);
		const clock = (await (await page.request.get(`${product.url}/api/clock`)).json()) as {
			now: string;
		};
		await db.insert(surveyInvitations).values({
			id: newId(),
			surveyId,
			contactId: contactIds[key]!,
			cycle: cycle++,
			tokenHash: hashToken(token),
			locale: 'en',
			createdAt: new Date(clock.now)
		});
		await send(`/public/invitations/${token}/response`, { score }, 200);
	}
	async function complaint(email: string, subject: string, extra: Record<string, unknown> = {}) {
		const { case: opened } = await send<{ case: { number: number } }>('/public/complaints', {
			name: 'Customer',
			email,
			subject,
			description: 'Our delivery arrived a week late and nobody told us.',
			categoryId: lateDelivery,
			...extra
		});
		const [row] = await db
			.select({ id: cases.id })
			.from(cases)
			.where(eq(cases.number, opened.number));
		return row!.id;
	}
	const act = (id: string, body: Record<string, unknown>) =>
		send(`/cases/${id}/actions`, body, 200);
	const resolve = (id: string) =>
		act(id, {
			action: 'resolve',
			resolutionNote: 'Refunded the delivery fee.',
			rootCauseId: courier
		});
	/** The customer answers through the link in the case's "resolved" email. */
	async function says(email: string, solved: boolean) {
		const [mail] = await db
			.select({ text: outbox.text })
			.from(outbox)
			.where(and(eq(outbox.toAddress, email), eq(outbox.template, 'case-resolved')))
			.orderBy(asc(outbox.createdAt));
		const token = /\/c\/([A-Za-z0-9_-]{16,})/.exec(mail!.text)![1];
		await send(`/public/cases/${token}/recovery`, { solved }, 200);
	}

	await answers('priya', 7);
	await answers('sam', 8);
	await setClock(daysAgo(30));
	const priyaCase = await complaint(people.priya.email, 'Late coffee delivery');
	const samCase = await complaint(people.sam.email, 'Flour came late');
	await act(priyaCase, { action: 'start' });
	await act(samCase, { action: 'start' });
	await advanceHours(24);
	await resolve(priyaCase);
	await advanceHours(12);
	await resolve(samCase);
	await advanceHours(12);
	await says(people.priya.email, true);
	await says(people.sam.email, false);
	await setClock(daysAgo(10));
	await answers('priya', 9);
	await answers('sam', 7);
	await send(`/accounts/${elm}/lost`, {}, 200);
	await setClock(daysAgo(2));
	const lenaCase = await complaint('lena@alder.example', 'Missing invoice', { anonymous: true });
	await act(lenaCase, { action: 'start' });
	await advanceHours(12);
	await resolve(lenaCase);
	await setClock(new Date().toISOString());

	await page.goto(`${product.url}/reports/recovery`);
	await page.getByRole('heading', { name: 'Recovery', level: 1 }).waitFor();
	const card = (title: string) =>
		page
			.locator('dl > div')
			.filter({ has: page.getByRole('term').getByText(title, { exact: true }) });
	await expect.poll(() => card('Cases resolved').innerText()).toMatch(/^Cases resolved\s+3/);
	expect(await card('Cases resolved').innerText()).toContain('median 24 h from opening · n = 3');
	expect(await card('Confirmed solved').innerText()).toMatch(/33\.3 %\s+1 of n = 3/);
	expect(await card('Said not solved').innerText()).toMatch(/33\.3 %\s+1 of n = 3 · reopened/);
	expect(await card('No answer').innerText()).toMatch(
		/33\.3 %\s+1 of n = 3: 0 closed automatically, 1 waiting/
	);
	expect(await card('Next score rose').innerText()).toMatch(
		/50 %\s+1 of 2 complainants · 0 same, 1 fell\s+Fewer than 5: read with care/
	);
	const preset = (months: number) =>
		page.getByRole('link', { name: `${months} months`, exact: true });
	expect(await preset(12).getAttribute('aria-current')).toBe('page');

	const chart = page.getByRole('img', { name: /^Cases resolved per month/ });
	expect(await chart.getAttribute('aria-label')).toContain(
		'3 resolved, 1 confirmed solved, 1 said not solved, 1 no answer.'
	);

	// Complainants (Harbour, Alder) both stayed; of Birch and Elm, who never complained, Elm left.
	const retention = page.getByRole('region', { name: 'Do complainants stay?' });
	const retentionText = (await retention.innerText()).replace(/\s+/g, ' ');
	expect(retentionText).toContain(
		'Complained in the period a case opened between these days 100 % 2 of n = 2 still customers'
	);
	expect(retentionText).toContain(
		'Never complained no case ever, up to the end 50 % 1 of n = 2 still customers'
	);

	const categoryRows = page.getByRole('region', { name: 'By category' }).locator('tbody tr');
	expect(await categoryRows.count()).toBe(1);
	expect((await categoryRows.nth(0).innerText()).replace(/\s+/g, ' ').trim()).toBe(
		'Late delivery 3 1 33.3 % 1 33.3 % 1 33.3 % 24 h 50 % n = 2'
	);
	expect(await seriousViolations(page)).toEqual([]);
	await page.getByText('Show the figures as a table').click();
	await screenshot(page, 'report-recovery');

	const href = await page.getByRole('link', { name: 'CSV' }).getAttribute('href');
	const csv = await page.request.get(`${product.url}${href}`);
	expect(csv.status()).toBe(200);
	const rows = Papa.parse<Record<string, string>>((await csv.text()).trim(), { header: true }).data;
	expect(rows[0]).toMatchObject({
		group: 'all',
		resolved: '3',
		confirmed_share: '33.3',
		score_rose_share: '50',
		complainants_retained_share: '100',
		never_complained_retained_share: '50'
	});

	// A segment: premium accounts (Harbour Café) only.
	await page.getByLabel('Tier').selectOption('premium');
	await page.waitForURL('**/reports/recovery?*tier=premium*');
	await expect.poll(() => card('Confirmed solved').innerText()).toMatch(/100 %\s+1 of n = 1/);
	await page.getByText('Showing Premium accounts.').waitFor();

	await page.goto(`${product.url}/reports/recovery?from=2020-01-01&to=2020-03-31`);
	await page.getByText('No cases resolved in this period').waitFor();
	await page.getByRole('link', { name: 'Open the case queue' }).waitFor();

	await page.goto(`${product.url}/reports/recovery?from=2026-03-31&to=2026-01-01`);
	await page.getByText('The period must end on or after its first day.').waitFor();

	expect(consoleErrors).toEqual([]);
});
