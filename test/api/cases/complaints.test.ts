import { asc, count, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { accounts, contacts } from '../../../db/schema/accounts';
import { caseEvents, cases, rootCauses, slaClocks, slaEvents } from '../../../db/schema/cases';
import { outbox } from '../../../db/schema/outbox';
import { sweepSla } from '../../../api/cases/sweep-sla';
import { newId } from '../../../api/tokens';
import { startTestApp, type TestApp } from '../../support/app';

let app: TestApp;
const hour = 3_600_000;

beforeEach(async () => {
	app = await startTestApp({ config: { publicUrl: 'https://feedback.acme.test' } });
});
afterEach(async () => {
	await app.stop();
});

const form = (overrides: Record<string, unknown> = {}) => ({
	name: 'Mira König',
	email: 'mira@alder.example',
	subject: 'Late delivery again',
	description: 'The order of last week arrived three days late, and nobody told us.',
	...overrides
});

async function givenContact(email = 'mira@alder.example') {
	const now = app.clock.now();
	const accountId = newId();
	await app.db.insert(accounts).values({
		id: accountId,
		name: 'Alder Bakery',
		tier: 'premium',
		wonAt: now,
		createdAt: now,
		updatedAt: now
	});
	const id = newId();
	await app.db.insert(contacts).values({
		id,
		accountId,
		email,
		name: 'Mira König',
		locale: 'de',
		timeZone: 'Europe/Berlin',
		createdAt: now,
		updatedAt: now
	});
	return { id, accountId };
}

const emailsTo = (to: string) =>
	app.db
		.select()
		.from(outbox)
		.where(eq(outbox.toAddress, to))
		.orderBy(asc(outbox.createdAt), asc(outbox.id));
const tokenIn = (text: string) => /\/c\/([A-Za-z0-9_-]{16,})/.exec(text)?.[1] ?? null;

async function fileComplaint(overrides: Record<string, unknown> = {}) {
	const response = await app.anonymous().post('/api/public/complaints', form(overrides));
	expect(response.status).toBe(201);
	return response.json.case as { number: number; token: string; firstReplyBy: string };
}

async function snapshot() {
	const tables = [cases, caseEvents, slaClocks, slaEvents, outbox] as const;
	return Promise.all(
		tables.map(async (table) => (await app.db.select({ n: count() }).from(table))[0]!.n)
	);
}

describe('filing a complaint on the public form', () => {
	it('opens a case, links it to the contact, and emails the private link with an honest promise', async () => {
		const contact = await givenContact();
		const opened = await fileComplaint();
		expect(opened.number).toBe(1001);
		// The default policy promises a first reply within 8 hours on a 24×7 clock.
		expect(opened.firstReplyBy).toBe(new Date(app.clock.now().getTime() + 8 * hour).toISOString());

		const [row] = await app.db.select().from(cases);
		expect(row).toMatchObject({
			state: 'new',
			source: 'form',
			contactId: contact.id,
			accountId: contact.accountId,
			priority: 'normal'
		});
		const [customer] = await app.db
			.select({ openCaseCount: contacts.openCaseCount })
			.from(contacts)
			.where(eq(contacts.id, contact.id));
		expect(customer!.openCaseCount).toBe(1);

		const [email] = await emailsTo('mira@alder.example');
		expect(email!.template).toBe('case-received');
		expect(email!.subject).toContain('1001');
		expect(tokenIn(email!.text)).toBe(opened.token);
		// Mira reads German and lives in Berlin: 09:00 UTC + 8 h is 18:00 there.
		expect(email!.text).toContain('18:00');

		const status = await app.anonymous().get(`/api/public/cases/${opened.token}`);
		expect(status.status).toBe(200);
		expect(status.json.case).toMatchObject({
			number: 1001,
			state: 'new',
			subject: 'Late delivery again',
			firstReplyBy: opened.firstReplyBy,
			canReply: true
		});
	});

	it('keeps an anonymous complainant hidden from staff while they can still follow the case', async () => {
		await givenContact();
		const opened = await fileComplaint({ anonymous: true });
		const agent = await app.signIn('agent');
		const queue = await agent.get('/api/cases');
		expect(queue.json.cases).toHaveLength(1);
		const seen = (await agent.get(`/api/cases/${queue.json.cases[0].id}`)).json;
		expect(seen.case).toMatchObject({
			isAnonymous: true,
			reporterName: null,
			reporterEmail: null,
			contactId: null,
			accountName: null
		});
		expect(seen.contact).toBeNull();
		expect(JSON.stringify(seen)).not.toContain('mira@alder.example');
		expect((await app.anonymous().get(`/api/public/cases/${opened.token}`)).status).toBe(200);
		// Linked to no one, so no contact's figures give the complainant away.
		expect(
			(await app.db.select({ contactId: cases.contactId }).from(cases))[0]!.contactId
		).toBeNull();
		expect((await app.db.select({ n: contacts.openCaseCount }).from(contacts))[0]!.n).toBe(0);
	});

	it('refuses bad input with a 4xx in the one error shape and writes nothing', async () => {
		const before = await snapshot();
		const client = app.anonymous();
		for (const body of [
			form({ email: 'not-an-email' }),
			form({ description: 'short' }),
			form({ subject: '' }),
			form({ name: 'Mira\r\nBcc: victim@evil.test' }),
			form({ subject: 'Hello%0d%0aBcc: victim@evil.test' }),
			form({ email: 'mira@alder.example\r\nBcc: victim@evil.test' }),
			form({ categoryId: 'no-such-category' }),
			form({ description: 'x'.repeat(10_001) })
		]) {
			const response = await client.post('/api/public/complaints', body);
			expect(response.status, JSON.stringify(body)).toBe(422);
			expect(response.json.error).toMatchObject({ code: 'validation_failed' });
			expect(Object.keys(response.json.error.fields ?? {}).length).toBeGreaterThan(0);
		}
		expect(
			(
				await client.post('/api/public/complaints', 'not json', {
					'content-type': 'application/json'
				})
			).status
		).toBe(400);
		const bot = await client.post(
			'/api/public/complaints',
			form({ website: 'https://spam.example' })
		);
		expect(bot.status).toBe(400);
		expect(bot.json.error.code).toBe('bad_request');
		expect(await snapshot()).toEqual(before);
	});

	it('rate-limits a flood of complaints from one email address with 429', async () => {
		const client = app.anonymous();
		const statuses: number[] = [];
		for (let index = 0; index < 7; index++)
			statuses.push(
				(await client.post('/api/public/complaints', form({ subject: `Complaint ${index}` })))
					.status
			);
		expect(statuses).toEqual([201, 201, 201, 201, 201, 429, 429]);
	});

	it('rate-limits a flood from one address with 429', async () => {
		const client = app.anonymous();
		const statuses: number[] = [];
		for (let index = 0; index < app.deps.config.complaintsPerAddressPerHour + 2; index++) {
			const response = await client.post(
				'/api/public/complaints',
				form({ email: `person${index}@flood.example` })
			);
			statuses.push(response.status);
			if (response.status === 429) {
				expect(response.json.error.code).toBe('rate_limited');
				expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
			}
		}
		expect(statuses.filter((status) => status === 201)).toHaveLength(
			app.deps.config.complaintsPerAddressPerHour
		);
		expect(statuses.slice(app.deps.config.complaintsPerAddressPerHour)).toEqual([429, 429]);
		const [{ n }] = (await app.db.select({ n: count() }).from(cases)) as [{ n: number }];
		expect(n).toBe(app.deps.config.complaintsPerAddressPerHour);
	});

	it('shows complaint text with HTML escaped in the email, and never puts customer text in a subject or header', async () => {
		await fileComplaint({
			name: '<b>Mira</b>',
			subject: '<script>alert(1)</script> broken',
			email: 'html@alder.example'
		});
		const [email] = await emailsTo('html@alder.example');
		expect(email!.html).not.toContain('<script>alert(1)</script>');
		expect(email!.html).toContain('&lt;script&gt;');
		expect(email!.subject).not.toContain('script');
		expect(JSON.stringify(email!.headers ?? {})).not.toContain('script');
	});
});

describe('working a case', () => {
	it('runs the whole recovery: acknowledge, reply, wait, customer reply, resolve, "no" reopens, "yes" closes', async () => {
		await givenContact();
		const opened = await fileComplaint();
		const agent = await app.signIn('agent');
		const [row] = await app.db.select().from(cases);
		const id = row!.id;
		const act = (body: Record<string, unknown>) => agent.post(`/api/cases/${id}/actions`, body);
		const customer = app.anonymous();

		expect((await act({ action: 'acknowledge' })).json.state).toBe('acknowledged');
		app.clock.advance(30 * 60_000);
		expect(
			(
				await act({
					action: 'reply',
					body: 'Sorry about that, we are looking into it.',
					isPublic: true
				})
			).status
		).toBe(200);
		expect(
			(
				await act({
					action: 'reply',
					body: 'Carrier issue, checking with logistics',
					isPublic: false
				})
			).status
		).toBe(200);
		expect(
			(
				await act({
					action: 'reply',
					body: 'Which order number was it?',
					isPublic: true,
					waitOnCustomer: true
				})
			).json.state
		).toBe('waiting_on_customer');

		const clocks = await app.db.select().from(slaClocks).where(eq(slaClocks.caseId, id));
		expect(clocks.find((clock) => clock.target === 'first_response')!.fulfilledAt).not.toBeNull();
		expect(clocks.find((clock) => clock.target === 'resolution')!.pausedAt).not.toBeNull();

		app.clock.advance(2 * hour);
		expect(
			(
				await customer.post(`/api/public/cases/${opened.token}/replies`, {
					body: 'It was order 7781.'
				})
			).json.state
		).toBe('in_progress');
		const resolution = (await app.db.select().from(slaClocks).where(eq(slaClocks.caseId, id))).find(
			(clock) => clock.target === 'resolution'
		)!;
		// Two hours paused on a 24×7 clock: the resolution promise moved two hours later.
		expect(resolution.pausedAt).toBeNull();
		expect(resolution.dueAt.getTime()).toBe(row!.createdAt.getTime() + 5 * 24 * hour + 2 * hour);

		const causeId = newId();
		await app.db
			.insert(rootCauses)
			.values({ id: causeId, name: 'Carrier delay', createdAt: app.clock.now() });
		expect((await act({ action: 'close' })).status).toBe(409);
		expect(
			(
				await act({
					action: 'resolve',
					resolutionNote: 'Refunded the delivery fee.',
					rootCauseId: causeId
				})
			).json.state
		).toBe('resolved');
		const resolvedEmail = (await emailsTo('mira@alder.example')).find(
			(email) => email.template === 'case-resolved'
		)!;
		expect(resolvedEmail.text).toContain('Refunded the delivery fee.');
		const resolvedToken = tokenIn(resolvedEmail.text)!;

		expect(
			(
				await customer.post(`/api/public/cases/${resolvedToken}/recovery`, {
					solved: false,
					comment: 'Still waiting for the refund.'
				})
			).json.state
		).toBe('in_progress');
		expect((await app.db.select().from(cases))[0]).toMatchObject({
			reopenCount: 1,
			state: 'in_progress'
		});
		expect(
			(await act({ action: 'resolve', resolutionNote: 'Refund sent today.', rootCauseId: causeId }))
				.json.state
		).toBe('resolved');
		expect(
			(await customer.post(`/api/public/cases/${opened.token}/recovery`, { solved: true })).json
				.state
		).toBe('closed');

		const [contact] = await app.db.select().from(contacts);
		expect(contact).toMatchObject({ openCaseCount: 0 });
		expect(contact!.lastCaseClosedAt).not.toBeNull();

		const timeline = (await agent.get(`/api/cases/${id}`)).json.timeline.map(
			(event: { type: string }) => event.type
		);
		expect(timeline).toEqual([
			'created',
			'status_changed',
			'public_reply',
			'internal_note',
			'public_reply',
			'status_changed',
			'customer_reply',
			'status_changed',
			'resolved',
			'customer_reply',
			'reopened',
			'resolved',
			'status_changed'
		]);
		// Internal notes never reach the customer, nor their status page.
		const customerMail = await emailsTo('mira@alder.example');
		expect(customerMail.map((email) => email.template)).toEqual([
			'case-received',
			'case-reply',
			'case-reply',
			'case-resolved',
			'case-resolved'
		]);
		expect(customerMail.some((email) => email.text.includes('Carrier issue'))).toBe(false);
		const page = await customer.get(`/api/public/cases/${opened.token}`);
		expect(JSON.stringify(page.json)).not.toContain('Carrier issue');
		expect(page.json.case.state).toBe('closed');

		// Within 30 days of closing, "No, still a problem" still reopens; after that the customer files anew.
		const closedPage = (await customer.get(`/api/public/cases/${opened.token}`)).json.case;
		expect(closedPage).toMatchObject({ state: 'closed', canAnswerRecovery: true, locale: 'de' });
		app.clock.advance(31 * 24 * hour);
		expect(
			(await customer.get(`/api/public/cases/${opened.token}`)).json.case.canAnswerRecovery
		).toBe(false);
		expect(
			(await customer.post(`/api/public/cases/${opened.token}/recovery`, { solved: false })).status
		).toBe(409);
	});

	it('lets staff reopen a settled case with words for the customer, who is emailed, until 30 days after closing', async () => {
		await givenContact();
		await fileComplaint();
		const agent = await app.signIn('agent');
		const [row] = await app.db.select().from(cases);
		const act = (body: Record<string, unknown>) =>
			agent.post(`/api/cases/${row!.id}/actions`, body);
		const causeId = newId();
		await app.db
			.insert(rootCauses)
			.values({ id: causeId, name: 'Carrier delay', createdAt: app.clock.now() });
		await act({ action: 'reply', body: 'We have refunded the delivery fee.', isPublic: true });
		await act({ action: 'start' });
		expect(
			(await act({ action: 'resolve', resolutionNote: 'Refunded the fee.', rootCauseId: causeId }))
				.json.state
		).toBe('resolved');
		expect((await agent.get(`/api/cases/${row!.id}`)).json.actions).toContain('reopen');

		app.clock.advance(60_000);
		const reopened = await act({
			action: 'reopen',
			message: 'The carrier told us a second parcel is <missing>; we are on it.'
		});
		expect(reopened.json.state).toBe('in_progress');
		const email = (await emailsTo('mira@alder.example')).at(-1)!;
		expect(email.template).toBe('case-reply');
		// The contact reads German; the subject carries only our words and the number.
		expect(email.subject).toBe('Ihr Fall 1001 ist wieder geöffnet');
		expect(email.text).toContain('second parcel is <missing>');
		expect(email.html).toContain('second parcel is &lt;missing&gt;');
		const page = (await app.anonymous().get(`/api/public/cases/${tokenIn(email.text)}`)).json.case;
		expect(page.state).toBe('in_progress');
		// A fresh resolution clock: the promise is made again.
		const clocks = await app.db.select().from(slaClocks).where(eq(slaClocks.caseId, row!.id));
		expect(clocks.find((clock) => clock.target === 'resolution')).toMatchObject({
			round: 2,
			fulfilledAt: null
		});

		// Closed more than 30 days ago: staff open a new case instead, and nothing changes.
		await act({
			action: 'resolve',
			resolutionNote: 'Second parcel delivered.',
			rootCauseId: causeId
		});
		await act({ action: 'close' });
		app.clock.advance(31 * 24 * hour);
		const later = await app.signIn('manager');
		expect((await later.get(`/api/cases/${row!.id}`)).json.actions).not.toContain('reopen');
		const before = await snapshot();
		const late = await later.post(`/api/cases/${row!.id}/actions`, { action: 'reopen' });
		expect(late.status).toBe(409);
		expect(late.json.error.message).toMatch(/more than 30 days ago/);
		expect(await snapshot()).toEqual(before);
	});

	it('closes a resolved case when the customer has not answered in 7 days, and a later "No" still reopens it', async () => {
		const opened = await fileComplaint();
		const agent = await app.signIn('agent');
		const [row] = await app.db.select().from(cases);
		const act = (body: Record<string, unknown>) =>
			agent.post(`/api/cases/${row!.id}/actions`, body);
		const [cause] = (await agent.get('/api/cases/options')).json.rootCauses;
		await act({ action: 'start' });
		await act({ action: 'resolve', resolutionNote: 'Refunded the fee.', rootCauseId: cause.id });

		app.clock.advance(7 * 24 * hour - 60_000);
		expect((await app.tick()).autoClosed.closed).toBe(0);
		app.clock.advance(2 * 60_000);
		expect((await app.tick()).autoClosed.closed).toBe(1);
		expect((await app.tick()).autoClosed.closed).toBe(0);
		const closed = (await app.db.select().from(cases))[0]!;
		expect(closed.state).toBe('closed');
		expect(closed.closedAt).toEqual(app.clock.now());
		const timeline = (await app.signIn('manager')).get(`/api/cases/${row!.id}`);
		expect((await timeline).json.timeline.at(-1)).toMatchObject({
			type: 'status_changed',
			actorType: 'system',
			data: { from: 'resolved', to: 'closed', event: 'close' }
		});

		const page = (await app.anonymous().get(`/api/public/cases/${opened.token}`)).json.case;
		expect(page).toMatchObject({ state: 'closed', canAnswerRecovery: true });
		expect(
			(await app.anonymous().post(`/api/public/cases/${opened.token}/recovery`, { solved: false }))
				.json.state
		).toBe('in_progress');
	});

	it('answers an action the state does not allow with 409 and changes nothing', async () => {
		await fileComplaint();
		const agent = await app.signIn('agent');
		const [row] = await app.db.select().from(cases);
		const before = await snapshot();
		const response = await agent.post(`/api/cases/${row!.id}/actions`, { action: 'close' });
		expect(response.status).toBe(409);
		expect(response.json.error.code).toBe('conflict');
		expect(
			(
				await agent.post(`/api/cases/${row!.id}/actions`, {
					action: 'resolve',
					resolutionNote: 'x',
					rootCauseId: ''
				})
			).status
		).toBe(422);
		expect((await agent.post(`/api/cases/${row!.id}/actions`, { action: 'dance' })).status).toBe(
			422
		);
		expect((await agent.post(`/api/cases/nope/actions`, { action: 'acknowledge' })).status).toBe(
			404
		);
		expect(await snapshot()).toEqual(before);
	});
});

describe('the SLA sweep', () => {
	it('warns and breaches exactly once with two ticks running at once, and catches up after a missed tick', async () => {
		await fileComplaint();
		const agent = await app.signIn('agent');
		const [row] = await app.db.select().from(cases);
		await agent.patch(`/api/cases/${row!.id}`, { assigneeId: agent.userId });

		// Past 75 % of the 8-hour first-response target: the warning, from two racing ticks.
		app.clock.advance(6 * hour + 60_000);
		await Promise.all([app.tick(), app.tick(), sweepSla(app.deps)]);
		// A skipped stretch of ticks: the next one finds the breach.
		app.clock.advance(4 * hour);
		await Promise.all([app.tick(), app.tick()]);
		await app.tick();

		const alerts = await emailsTo(agent.email);
		expect(alerts.map((email) => email.subject)).toEqual([
			expect.stringMatching(/1001.*first response/i),
			expect.stringMatching(/1001.*breached/i)
		]);
		const events = await app.db.select().from(slaEvents).where(eq(slaEvents.caseId, row!.id));
		expect(events.filter((event) => event.kind === 'warn')).toHaveLength(1);
		expect(events.filter((event) => event.kind === 'breach').map((event) => event.target)).toEqual([
			'first_response'
		]);
		const clock = (await app.db.select().from(slaClocks).where(eq(slaClocks.caseId, row!.id))).find(
			(candidate) => candidate.target === 'first_response'
		)!;
		expect(clock.nextCheckAt).toBeNull();
	});
});

describe('the queue', () => {
	it('lists open cases soonest deadline first, a page at a time, with the total and filters', async () => {
		for (let n = 1; n <= 5; n++) {
			await fileComplaint({ email: `customer${n}@example.test`, subject: `Complaint ${n}` });
			app.clock.advance(10 * 60_000);
		}
		const agent = await app.signIn('agent');
		const first = await agent.get('/api/cases?pageSize=2');
		expect(first.status).toBe(200);
		expect(first.json).toMatchObject({ total: 5, page: 1, pageSize: 2 });
		// Filed earliest, due earliest.
		expect(first.json.cases.map((item: { subject: string }) => item.subject)).toEqual([
			'Complaint 1',
			'Complaint 2'
		]);
		const last = await agent.get('/api/cases?pageSize=2&page=3');
		expect(last.json.cases.map((item: { subject: string }) => item.subject)).toEqual([
			'Complaint 5'
		]);
		expect((await agent.get('/api/cases?pageSize=2&page=4')).json.cases).toEqual([]);

		const search = await agent.get('/api/cases?q=Complaint%204');
		expect(search.json).toMatchObject({ total: 1 });
		// Before the first-reply promise (8 hours on the default policy) nothing is breached; after it, all five are.
		expect((await agent.get('/api/cases?view=breached')).json.total).toBe(0);
		app.clock.advance(8 * hour);
		await app.tick();
		const breached = await app.signIn('agent');
		expect((await breached.get('/api/cases?view=breached')).json.total).toBe(5);

		for (const bad of ['page=0', 'pageSize=201', 'page=x', 'view=everything']) {
			const response = await breached.get(`/api/cases?${bad}`);
			expect(response.status, bad).toBe(422);
			expect(response.json.error.code).toBe('validation_failed');
		}
	});
});

describe('reassigning a case', () => {
	it('emails the new assignee with the next deadline, but not someone who takes it themselves', async () => {
		await fileComplaint();
		const [row] = await app.db.select().from(cases);
		const manager = await app.signIn('manager');
		const agent = await app.signIn('agent');
		const agentEmail = (await agent.get('/api/auth/me')).json.user.email as string;
		expect(
			(await manager.patch(`/api/cases/${row!.id}`, { assigneeId: agent.userId })).status
		).toBe(200);
		const [alert] = await emailsTo(agentEmail);
		expect(alert!.template).toBe('case-staff-alert');
		expect(alert!.text).toContain(`Case: ${row!.number}`);
		expect(alert!.text).toContain('Its first response is due Monday 17:00.');

		// Taking a case yourself sends nothing.
		const before = (await app.db.select().from(outbox)).length;
		expect(
			(await manager.patch(`/api/cases/${row!.id}`, { assigneeId: manager.userId })).status
		).toBe(200);
		expect((await app.db.select().from(outbox)).length).toBe(before);
	});
});
