import { and, asc, eq } from 'drizzle-orm';
import { mkdirSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accounts, contacts } from '../../db/schema/accounts';
import { digestSends } from '../../db/schema/digest';
import { outbox } from '../../db/schema/outbox';
import { surveyInvitations, surveyResponses, surveys } from '../../db/schema/surveys';
import { defaultDefinition, defaultSendWindow } from '../../api/domain/survey-definition';
import { dueWeek, weekSpan } from '../../api/digest/format';
import { newId } from '../../api/tokens';
import { startTestApp, type TestApp, type TestClient } from '../support/app';
import { startFakeResend, type DeliveredEmail, type FakeResend } from '../support/fake-resend';

/**
 * The weekly digest through the real app, tick and outbox, with the Resend
 * mailer pointed at the fake. The digest of week 2026-W10 (Mon 2 – Sun 8
 * March) falls due on Monday 9 March 07:00 UTC and compares with W09 (23 Feb –
 * 1 Mar). The fixture, worked out by hand (all times UTC):
 *
 * NPS (one survey; answers written as rows, counted by the tick's rollups):
 *   W09: five contacts answer 9, 10, 7, 3, 2: 2 promoters, 2 detractors of 5: NPS 0.
 *   W10: three contacts answer 10, 9, 3: 2 promoters, 1 detractor of 3: NPS +33.3, "+33",
 *        flagged (n < 5); the change ▲33. Each answer's invitation goes out an hour
 *        before it, and three more invitations get no answer: W10 answers 3 of 6
 *        invitations = 50 %, W09 5 of 5 = 100 % (▼50 pts).
 * SLA (one 24×7 policy: first response 60 min, resolution 14,400 min = 10 days):
 *   W09: case W filed Wed 25 Feb 09:00, answered 09:30, resolved 11:00: 2 of 2 met, 100 %.
 *   W10: case X filed Mon 2 Mar 09:00, never answered; the sweep at 10:30 records the
 *        first-response breach. Case Y filed Tue 3 Mar 09:00, answered 09:10, resolved
 *        10:00. Settled: X first response (breached), Y first response and resolution
 *        (met): 2 of 3 = 66.7 % (▼33.3 pts), 1 breach (▲1). X's resolution is due on
 *        12 March: not settled.
 * Cases: W10 opened 2 (X, Y; W09 1), resolved 1 (Y; W09 1); open now 1 (X), overdue 1
 *   (X, its first response past due).
 * Suggestions: W09 1 received; W10 2 received, and an action answering one is done on
 *   Thu 5 Mar: 1 action done (W09 0).
 *
 * Staff: an admin and a manager get it; a manager who turned it off, an agent and a
 * disabled manager do not.
 */

let app: TestApp;
let fake: FakeResend;
let admin: TestClient & { userId: string; email: string };
let manager: TestClient & { userId: string; email: string };
let quiet: TestClient & { userId: string; email: string };
let agent: TestClient & { userId: string; email: string };
let gone: TestClient & { userId: string; email: string };
const caseIds: Record<string, string> = {};
const tokens: Record<string, string> = {};
let rootCauseId: string;
let categoryId: string;
const hour = 3_600_000;
const day = 24 * hour;

function at(iso: string) {
	const target = new Date(iso).getTime();
	const now = app.clock.now().getTime();
	if (target < now) throw new Error(`the clock only moves forward: ${iso}`);
	app.clock.advance(target - now);
}

async function ok<T = any>(
	response: Promise<{ status: number; text: string; json: any }>,
	status = 201
): Promise<T> {
	const result = await response;
	expect(result.status, result.text).toBe(status);
	return result.json as T;
}

async function file(key: string, iso: string) {
	at(iso);
	const { case: opened } = await ok(
		app.anonymous().post('/api/public/complaints', {
			name: `Customer ${key}`,
			email: `${key.toLowerCase()}@customer.example`,
			subject: `Complaint ${key}`,
			description: 'Something went wrong with our order, please help.',
			categoryId
		})
	);
	const list = await ok(manager.get(`/api/cases?q=${opened.number}`), 200);
	caseIds[key] = list.cases[0].id;
	tokens[key] = opened.token;
}

async function act(key: string, iso: string, body: Record<string, unknown>) {
	at(iso);
	await ok(manager.post(`/api/cases/${caseIds[key]}/actions`, body), 200);
}
const reply = (key: string, iso: string) =>
	act(key, iso, { action: 'reply', body: 'We are on it.', isPublic: true, waitOnCustomer: false });
const resolve = async (key: string, iso: string) => {
	await act(key, new Date(new Date(iso).getTime() - 60_000).toISOString(), { action: 'start' });
	await act(key, iso, { action: 'resolve', resolutionNote: 'Sorted out.', rootCauseId });
};

/** NPS answers as rows (the satisfaction report's own tests do the same); the tick's rollups count them. */
async function answers(
	surveyId: string,
	rows: { score: number; at: string }[],
	unanswered: string[] = []
) {
	const at0 = new Date('2026-01-01T00:00:00Z');
	const accountId = newId();
	await app.db.insert(accounts).values({
		id: accountId,
		name: `Account ${accountId.slice(0, 4)}`,
		tier: 'standard',
		wonAt: at0,
		createdAt: at0,
		updatedAt: at0
	});
	const people = [
		...rows.map((row) => ({ ...row, answered: true })),
		...unanswered.map((iso) => ({ score: 0, at: iso, answered: false }))
	];
	for (const person of people) {
		const contactId = newId();
		const invitationId = newId();
		const answeredAt = new Date(person.at);
		await app.db.insert(contacts).values({
			id: contactId,
			accountId,
			email: `${contactId}@example.test`,
			name: `Contact ${contactId.slice(0, 4)}`,
			createdAt: at0,
			updatedAt: at0
		});
		await app.db.insert(surveyInvitations).values({
			id: invitationId,
			surveyId,
			contactId,
			cycle: 1,
			tokenHash: newId(),
			locale: 'en',
			createdAt: new Date(answeredAt.getTime() - (person.answered ? hour : 0))
		});
		if (person.answered)
			await app.db.insert(surveyResponses).values({
				id: newId(),
				invitationId,
				surveyId,
				contactId,
				accountId,
				score: person.score,
				locale: 'en',
				detractor: person.score <= 6,
				createdAt: answeredAt,
				updatedAt: answeredAt,
				editableUntil: new Date(answeredAt.getTime() + 7 * day)
			});
	}
}

const digestRows = () =>
	app.db
		.select()
		.from(outbox)
		.where(eq(outbox.template, 'weekly-digest'))
		.orderBy(asc(outbox.createdAt), asc(outbox.toAddress));
const deliveredDigests = (): DeliveredEmail[] =>
	fake.delivered.filter((email) => email.subject.includes(' weekly: '));

beforeAll(async () => {
	fake = await startFakeResend();
	app = await startTestApp({
		now: new Date('2026-02-20T12:00:00Z'),
		resend: { apiKey: fake.apiKey, baseUrl: fake.url, timeoutMs: 2000 },
		config: { publicUrl: 'https://closeloop.example.com' }
	});
	admin = await app.signIn('admin', 'ada@closeloop.test');
	manager = await app.signIn('manager', 'max@closeloop.test');
	quiet = await app.signIn('manager', 'quinn@closeloop.test');
	agent = await app.signIn('agent', 'alex@closeloop.test');
	gone = await app.signIn('manager', 'gil@closeloop.test');
	await ok(admin.patch(`/api/users/${manager.userId}`, { name: 'Max Manager' }), 200);
	await ok(admin.post(`/api/users/${gone.userId}/disable`), 200);
	await ok(quiet.patch('/api/digest/settings', { weeklyDigest: false }), 200);

	const minutes = { firstResponse: 60, nextResponse: 240, resolution: 14_400 };
	await ok(
		manager.post('/api/case-settings/policies', {
			name: 'Around the clock',
			targets: { low: minutes, normal: minutes, high: minutes, urgent: minutes }
		})
	);
	categoryId = (
		await ok(
			manager.post('/api/case-settings/categories', { name: 'Late delivery', priority: 'normal' })
		)
	).category.id;
	rootCauseId = (await ok(manager.post('/api/case-settings/root-causes', { name: 'Courier' })))
		.rootCause.id;

	const surveyId = newId();
	await app.db.insert(surveys).values({
		id: surveyId,
		name: 'Quarterly NPS',
		kind: 'nps',
		status: 'active',
		definition: defaultDefinition('nps'),
		audience: { tiers: [], ownerIds: [], accountStatuses: [], tags: [] },
		sendWindow: defaultSendWindow,
		detractorThreshold: 6,
		activatedAt: new Date('2026-01-01T00:00:00Z'),
		createdAt: new Date('2026-01-01T00:00:00Z'),
		updatedAt: new Date('2026-01-01T00:00:00Z')
	});
	await answers(surveyId, [
		{ score: 9, at: '2026-02-24T10:00:00Z' },
		{ score: 10, at: '2026-02-24T11:00:00Z' },
		{ score: 7, at: '2026-02-25T10:00:00Z' },
		{ score: 3, at: '2026-02-26T10:00:00Z' },
		{ score: 2, at: '2026-02-27T10:00:00Z' }
	]);
	await answers(
		surveyId,
		[
			{ score: 10, at: '2026-03-03T10:00:00Z' },
			{ score: 9, at: '2026-03-04T10:00:00Z' },
			{ score: 3, at: '2026-03-05T10:00:00Z' }
		],
		['2026-03-03T12:00:00Z', '2026-03-04T12:00:00Z', '2026-03-06T12:00:00Z']
	);

	await ok(admin.post('/api/accounts', { name: 'Harbour Ltd', tier: 'standard' }));
	await file('W', '2026-02-25T09:00:00Z');
	await reply('W', '2026-02-25T09:30:00Z');
	await resolve('W', '2026-02-25T11:00:00Z');
	at('2026-02-26T10:00:00Z');
	await ok(manager.post('/api/suggestions', { text: 'Deliver on Saturdays', contactId: null }));
});

afterAll(async () => {
	await app?.stop();
	await fake?.stop();
});

describe('the weekly digest', () => {
	it('is queued by the first tick at or after Monday 07:00 UTC, however late: this Monday 10:30 one sends W09', async () => {
		await file('X', '2026-03-02T09:00:00Z');
		at('2026-03-02T10:30:00Z');
		const report = await app.tick();
		expect(report.digests).toEqual({ week: '2026-W09', queued: 2 });
		const rows = await app.db.select().from(digestSends);
		expect(rows.map((row) => row.weekStart.toISOString())).toEqual([
			'2026-02-23T00:00:00.000Z',
			'2026-02-23T00:00:00.000Z'
		]);
		expect(
			deliveredDigests()
				.map((email) => email.to[0])
				.sort()
		).toEqual(['ada@closeloop.test', 'max@closeloop.test']);
	});

	it('sends nothing more through the week, on Sunday night, or on Monday before 07:00', async () => {
		await file('Y', '2026-03-03T09:00:00Z');
		await reply('Y', '2026-03-03T09:10:00Z');
		await resolve('Y', '2026-03-03T10:00:00Z');
		at('2026-03-03T12:00:00Z');
		await ok(app.anonymous().post(`/api/public/cases/${tokens.Y}/recovery`, { solved: true }), 200);
		await ok(admin.post('/api/accounts', { name: 'Quay & Co', tier: 'standard' }));
		at('2026-03-04T09:00:00Z');
		await ok(
			manager.post('/api/suggestions', { text: 'A cheaper plan for small teams', contactId: null })
		);
		const { suggestion } = await ok(
			manager.post('/api/suggestions', { text: 'Saturday delivery, please', contactId: null })
		);
		const { action } = await ok(
			manager.post('/api/actions', {
				title: 'Saturday delivery',
				ownerId: null,
				suggestionIds: [suggestion.id]
			})
		);
		await ok(manager.post(`/api/actions/${action.id}/status`, { status: 'in_progress' }), 200);
		at('2026-03-05T15:00:00Z');
		await ok(manager.post(`/api/actions/${action.id}/status`, { status: 'done' }), 200);
		for (const iso of ['2026-03-05T16:00:00Z', '2026-03-08T23:59:00Z', '2026-03-09T06:59:00Z']) {
			at(iso);
			expect((await app.tick()).digests).toEqual({ week: '2026-W09', queued: 0 });
		}
		expect(deliveredDigests()).toHaveLength(2);
	});

	it('on Monday 07:00 the same tick queues and sends one digest to each active manager and admin who kept it on, with the week’s figures and links', async () => {
		at('2026-03-09T07:00:00Z');
		const report = await app.tick();
		expect(report.digests).toEqual({ week: '2026-W10', queued: 2 });
		const sent = deliveredDigests().slice(2);
		expect(sent.map((email) => email.to[0]).sort()).toEqual([
			'ada@closeloop.test',
			'max@closeloop.test'
		]);
		for (const address of [quiet.email, agent.email, gone.email])
			expect(fake.delivered.some((email) => email.to.includes(address))).toBe(false);

		const email = sent.find((one) => one.to[0] === 'max@closeloop.test')!;
		expect(email.subject).toBe('Closeloop weekly: NPS +33 (▲33), SLA 66.7 %, 2 cases');
		const text = email.text!;
		expect(text).toContain('Hi Max Manager,');
		expect(text).toContain('Your week, 2 – 8 Mar 2026');
		const week = 'granularity=week&from=2026-03-02&to=2026-03-08';
		const base = 'https://closeloop.example.com';
		expect(text).toContain(`SATISFACTION: ${base}/reports/satisfaction?kind=nps&${week}`);
		expect(text).toContain('- NPS: +33 · ▲33 on last week · n = 3 answers · ±');
		expect(text).toContain('Fewer than 5 answers: read with care');
		expect(text).toContain('- Answers: 3 · ▼2 on last week · Last week 5');
		expect(text).toContain('- Response rate: 50 % · ▼50 pts on last week · n = 6 invitations');
		expect(text).toContain(`SLA PROMISES: ${base}/reports/sla?${week}`);
		expect(text).toContain(
			'- SLA compliance: 66.7 % · ▼33.3 pts on last week · 2 of n = 3 met · Fewer than 5 promises settled: read with care'
		);
		expect(text).toContain('- Breaches: 1 · ▲1 on last week · Last week 0');
		expect(text).toContain(`CASES: ${base}/cases`);
		expect(text).toContain('- Opened: 2 · ▲1 on last week · Last week 1');
		expect(text).toContain('- Resolved: 1 · No change on last week · Last week 1');
		expect(text).toContain('- Open now: 1 · Not resolved or closed');
		expect(text).toContain(
			`- Overdue now: 1 · Open, past an SLA due time\n  ${base}/cases?view=breached`
		);
		expect(text).toContain(`RECOVERY: ${base}/reports/recovery?${week}`);
		expect(text).toContain(
			'- Confirmed solved: 100 % · ▲100 pts on last week · 1 of n = 1 resolved, so far · Fewer than 5 cases resolved: read with care'
		);
		expect(text).toContain('- Said not solved: 0 · No change on last week · Last week 0');
		expect(text).toContain(`RETENTION: ${base}/reports/retention?${week}`);
		expect(text).toContain(
			'- Retention rate: 100 % · No change on last week · n = 1 account at the start · Fewer than 5 accounts: read with care'
		);
		expect(text).toContain('- Accounts won − lost: +1 · ▲1 on last week · 1 won, 0 lost');
		expect(text).toContain(`SUGGESTIONS TO ACTIONS: ${base}/reports/suggestions?${week}`);
		expect(text).toContain('- Suggestions received: 2 · ▲1 on last week · Last week 1');
		expect(text).toContain('- Actions done: 1 · ▲1 on last week · Last week 0');
		expect(text).toContain(`Turn it off (${base}/account)`);

		const html = email.html!;
		expect(html).toContain(
			`href="${base}/reports/sla?granularity=week&amp;from=2026-03-02&amp;to=2026-03-08"`
		);
		expect(html).toContain('>+33</div>');
		expect(html).toContain('background-color:#4f46e5');
		mkdirSync('test-results', { recursive: true });
		writeFileSync('test-results/weekly-digest.html', html);

		const [row] = await app.db
			.select()
			.from(outbox)
			.where(and(eq(outbox.template, 'weekly-digest'), eq(outbox.toAddress, 'max@closeloop.test')))
			.orderBy(asc(outbox.createdAt))
			.limit(2)
			.offset(1);
		expect(row?.status).toBe('sent');
		expect(row?.subject).toBe(email.subject);
	});

	it('a second tick, and two at once, send nothing more', async () => {
		at('2026-03-09T07:01:00Z');
		expect((await app.tick()).digests.queued).toBe(0);
		const both = await Promise.all([app.tick(), app.tick()]);
		expect(both.map((report) => report.digests.queued)).toEqual([0, 0]);
		expect(deliveredDigests()).toHaveLength(4);
		expect(await digestRows()).toHaveLength(4);
	});

	it('is listed in the Mailbox under its template with its subject', async () => {
		const list = await ok(admin.get('/api/mailbox?q=weekly'), 200);
		type Entry = { template: string; to: string; subject: string; status: string };
		const items = (list.items as Entry[]).map(
			(item) => `${item.template} ${item.to} ${item.status} ${item.subject.split(':')[0]}`
		);
		expect(items.sort()).toEqual([
			'weekly-digest ada@closeloop.test sent Closeloop weekly',
			'weekly-digest ada@closeloop.test sent Closeloop weekly',
			'weekly-digest max@closeloop.test sent Closeloop weekly',
			'weekly-digest max@closeloop.test sent Closeloop weekly'
		]);
	});
});

describe('the digest setting and preview', () => {
	it('tells managers and admins their own setting and changes only theirs', async () => {
		expect(await ok(manager.get('/api/digest/settings'), 200)).toMatchObject({
			weeklyDigest: true,
			next: { week: '2026-W11', dueAt: '2026-03-16T07:00:00.000Z' }
		});
		expect((await ok(quiet.get('/api/digest/settings'), 200)).weeklyDigest).toBe(false);
		expect(
			(await ok(manager.patch('/api/digest/settings', { weeklyDigest: false }), 200)).weeklyDigest
		).toBe(false);
		expect((await ok(admin.get('/api/digest/settings'), 200)).weeklyDigest).toBe(true);
		expect((await ok(quiet.get('/api/digest/settings'), 200)).weeklyDigest).toBe(false);
		expect(
			(await ok(manager.patch('/api/digest/settings', { weeklyDigest: true }), 200)).weeklyDigest
		).toBe(true);
	});

	it('refuses bad input with a 422 in the one error shape and changes nothing', async () => {
		for (const body of [
			{ weeklyDigest: 'no' },
			{},
			{ weeklyDigest: false, userId: quiet.userId }
		]) {
			const response = await manager.patch('/api/digest/settings', body);
			expect(response.status, response.text).toBe(422);
			expect(response.json.error.code).toBe('validation_failed');
			expect(typeof response.json.error.message).toBe('string');
		}
		const bad = await manager.patch('/api/digest/settings', { weeklyDigest: 'no' });
		expect(Object.keys(bad.json.error.fields)).toEqual(['weeklyDigest']);
		expect((await ok(manager.get('/api/digest/settings'), 200)).weeklyDigest).toBe(true);
		expect((await ok(quiet.get('/api/digest/settings'), 200)).weeklyDigest).toBe(false);
		const notJson = await manager.request('PATCH', '/api/digest/settings', '{', {
			'content-type': 'application/json'
		});
		expect(notJson.status).toBeGreaterThanOrEqual(400);
		expect(notJson.status).toBeLessThan(500);
		expect(notJson.json.error.code).toBeTypeOf('string');
	});

	it('is for managers and admins: agents get a 403, strangers a 401', async () => {
		for (const path of ['/api/digest/settings', '/api/digest/preview']) {
			expect((await agent.get(path)).json.error.code).toBe('forbidden');
			expect((await app.anonymous().get(path)).status).toBe(401);
		}
		expect((await agent.patch('/api/digest/settings', { weeklyDigest: false })).status).toBe(403);
		expect(
			(await app.anonymous().patch('/api/digest/settings', { weeklyDigest: false })).status
		).toBe(401);
	});

	it('previews, as HTML, the digest of the last full week for the signed-in user, and sends nothing', async () => {
		const before = (await digestRows()).length;
		const response = await quiet.get('/api/digest/preview');
		expect(response.status).toBe(200);
		expect(response.headers.get('content-type')).toContain('text/html');
		expect(response.text).toMatch(/^<!DOCTYPE html>/);
		expect(response.text).toContain('Hi Manager ');
		expect(response.text).toContain('Your week, 2 – 8 Mar 2026');
		expect(response.text).toContain('>+33</div>');
		expect((await digestRows()).length).toBe(before);
	});
});

describe('a tick that was down for weeks', () => {
	it('sends one digest, of the latest week, even when two ticks run at once', async () => {
		const other = await startTestApp({ now: new Date('2026-03-02T07:00:00Z') });
		try {
			const boss = await other.signIn('manager', 'boss@closeloop.test');
			await other.signIn('admin', 'root@closeloop.test');
			other.clock.advance(7 * day);
			expect((await other.tick()).digests).toEqual({ week: '2026-W10', queued: 2 });
			// Down from Monday 9 March until Tuesday 31 March: three Mondays missed.
			other.clock.advance(22 * day + 5 * hour);
			const both = await Promise.all([other.tick(), other.tick()]);
			expect(both.map((report) => report.digests.week)).toEqual(['2026-W13', '2026-W13']);
			expect(both.map((report) => report.digests.queued).sort()).toEqual([0, 2]);
			const rows = await other.db
				.select()
				.from(digestSends)
				.where(eq(digestSends.userId, boss.userId))
				.orderBy(asc(digestSends.weekStart));
			expect(rows.map((row) => row.weekStart.toISOString().slice(0, 10))).toEqual([
				'2026-03-02',
				'2026-03-23'
			]);
			const emails = await other.db
				.select()
				.from(outbox)
				.where(eq(outbox.template, 'weekly-digest'));
			expect(emails).toHaveLength(4);
			expect(emails.every((row) => row.status === 'sent')).toBe(true);
			expect((await other.tick()).digests.queued).toBe(0);
		} finally {
			await other.stop();
		}
	});
});

describe('the week a digest covers', () => {
	it('is the week just ended from Monday 07:00 UTC, ISO-numbered across the new year', () => {
		const before = dueWeek(new Date('2026-01-05T06:59:59Z'));
		expect([before.label, weekSpan(before), before.dueAt.toISOString()]).toEqual([
			'2025-W52',
			'22 – 28 Dec 2025',
			'2025-12-29T07:00:00.000Z'
		]);
		const after = dueWeek(new Date('2026-01-05T07:00:00Z'));
		expect([after.label, weekSpan(after), after.firstDay, after.lastDay]).toEqual([
			'2026-W01',
			'29 Dec 2025 – 4 Jan 2026',
			'2025-12-29',
			'2026-01-04'
		]);
		expect(weekSpan(dueWeek(new Date('2026-03-02T07:00:00Z')))).toBe('23 Feb – 1 Mar 2026');
	});
});
