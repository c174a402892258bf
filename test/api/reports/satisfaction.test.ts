import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { accounts, contacts, type AccountTier } from '../../../db/schema/accounts';
import { staffUsers } from '../../../db/schema/staff';
import {
	surveyInvitations,
	surveyResponses,
	surveys,
	surveySkips
} from '../../../db/schema/surveys';
import { defaultDefinition, defaultSendWindow } from '../../../api/domain/survey-definition';
import { periodStart, nextPeriod, periodsBetween } from '../../../api/domain/report-periods';
import { latestPerContact, summarizeScores } from '../../../api/domain/survey-metrics';
import { rebuildRollups, refreshRollups } from '../../../api/reports/refresh-rollups';
import { countInvitations, scoreColumns } from '../../../api/reports/satisfaction-store';
import { sql } from 'drizzle-orm';
import { satisfactionRollups } from '../../../db/schema/reports';
import { createToken, hashToken, newId } from '../../../api/tokens';
import { startTestApp, type TestApp } from '../../support/app';

let app: TestApp;
const day = 86_400_000;
const now = new Date('2026-12-01T12:00:00Z');

beforeEach(async () => {
	app = await startTestApp({ now });
});
afterEach(async () => {
	await app.stop();
});

type Answer = { contact: string; score: number; at: Date };

/** A random number generator with a seed, so a failure can be replayed. */
function seeded(seed: number) {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

async function given(input: {
	kind?: 'nps' | 'csat' | 'ces';
	accounts: { id: string; tier: AccountTier; ownerId: string | null }[];
	contacts: { id: string; accountId: string }[];
	answers: Answer[];
	/** Invitations that got no answer. */
	unanswered?: { contact: string; at: Date }[];
}) {
	const kind = input.kind ?? 'nps';
	const surveyId = newId();
	const { db } = app;
	await db.insert(surveys).values({
		id: surveyId,
		name: `Quarterly ${kind.toUpperCase()}`,
		kind,
		status: 'active',
		definition: defaultDefinition(kind),
		audience: { tiers: [], ownerIds: [], accountStatuses: [], tags: [] },
		sendWindow: defaultSendWindow,
		detractorThreshold: 6,
		activatedAt: new Date('2025-01-01T00:00:00Z'),
		createdAt: new Date('2025-01-01T00:00:00Z'),
		updatedAt: new Date('2025-01-01T00:00:00Z')
	});
	const at0 = new Date('2025-01-01T00:00:00Z');
	for (const account of input.accounts)
		await db.insert(accounts).values({
			id: account.id,
			name: `Account ${account.id.slice(0, 4)}`,
			tier: account.tier,
			ownerId: account.ownerId,
			wonAt: at0,
			createdAt: at0,
			updatedAt: at0
		});
	for (let i = 0; i < input.contacts.length; i += 7)
		await db.insert(contacts).values(
			input.contacts.slice(i, i + 7).map((contact) => ({
				id: contact.id,
				accountId: contact.accountId,
				email: `${contact.id}@example.test`,
				name: `Contact ${contact.id.slice(0, 4)}`,
				createdAt: at0,
				updatedAt: at0
			}))
		);
	const accountOf = new Map(input.contacts.map((contact) => [contact.id, contact.accountId]));
	const rows = input.answers.map((answer) => ({ ...answer, invitationId: newId() }));
	const invitations = [
		...rows.map((row) => ({
			id: row.invitationId,
			contact: row.contact,
			at: new Date(row.at.getTime() - 3_600_000)
		})),
		...(input.unanswered ?? []).map((row) => ({ id: newId(), contact: row.contact, at: row.at }))
	];
	for (let i = 0; i < invitations.length; i += 10)
		await db.insert(surveyInvitations).values(
			invitations.slice(i, i + 10).map((invitation, index) => ({
				id: invitation.id,
				surveyId,
				contactId: invitation.contact,
				cycle: i + index,
				tokenHash: newId(),
				locale: 'en',
				createdAt: invitation.at
			}))
		);
	for (let i = 0; i < rows.length; i += 7)
		await db.insert(surveyResponses).values(
			rows.slice(i, i + 7).map((row) => ({
				id: newId(),
				invitationId: row.invitationId,
				surveyId,
				contactId: row.contact,
				accountId: accountOf.get(row.contact)!,
				score: row.score,
				locale: 'en',
				detractor: row.score <= 6,
				createdAt: row.at,
				updatedAt: row.at,
				editableUntil: new Date(row.at.getTime() + 7 * day)
			}))
		);
	return { surveyId, invitations };
}

async function staffId() {
	const id = newId();
	await app.db.insert(staffUsers).values({
		id,
		email: `${id}@staff.test`,
		name: `Owner ${id.slice(0, 4)}`,
		role: 'agent',
		passwordHash: 'x',
		createdAt: now,
		updatedAt: now
	});
	return id;
}

describe('the satisfaction report', () => {
	it('gives NPS with n and its 95 % margin per month, the latest answer per contact, and the change marked significant or not (hand-computed)', async () => {
		const ownerId = await staffId();
		const account = { id: newId(), tier: 'premium' as const, ownerId };
		const people = Array.from({ length: 7 }, () => ({ id: newId(), accountId: account.id }));
		const [a, b, c, d, e, f, g] = people.map((person) => person.id) as [
			string,
			string,
			string,
			string,
			string,
			string,
			string
		];
		const march = (date: number) => new Date(Date.UTC(2026, 2, date, 10));
		const april = (date: number) => new Date(Date.UTC(2026, 3, date, 10));
		await given({
			accounts: [account],
			contacts: people,
			answers: [
				// March: a answered 5, then 10: only the 10 counts. Scores counted: 10, 9, 9, 7, 3, 0.
				{ contact: a, score: 5, at: march(2) },
				{ contact: a, score: 10, at: march(20) },
				{ contact: b, score: 9, at: march(3) },
				{ contact: c, score: 9, at: march(4) },
				{ contact: d, score: 7, at: march(5) },
				{ contact: e, score: 3, at: march(6) },
				{ contact: f, score: 0, at: march(7) },
				// April: two promoters and a detractor, n = 3.
				{ contact: a, score: 10, at: april(2) },
				{ contact: b, score: 10, at: april(3) },
				{ contact: g, score: 2, at: april(4) }
			],
			unanswered: [{ contact: g, at: march(1) }]
		});
		const tick = await app.tick();
		expect(tick.rollups.periods).toBeGreaterThan(0);
		const manager = await app.signIn('manager');
		const response = await manager.get(
			'/api/reports/satisfaction?kind=nps&granularity=month&from=2026-03-01&to=2026-04-30'
		);
		expect(response.status, response.text).toBe(200);
		const [m, apr] = response.json.periods;
		expect(response.json.periods).toHaveLength(2);
		expect(m.label).toBe('2026-03');
		expect(m.summary.n).toBe(6);
		// 3 promoters, 2 detractors of 6: NPS = 50 − 33.3 = 16.7.
		expect(m.summary.score).toBeCloseTo(16.667, 2);
		// 1.96 · √((0.5 + 0.3333 − 0.1667²) / 6) · 100 = 71.8.
		expect(m.summary.marginOfError).toBeCloseTo(
			1.96 * Math.sqrt((0.5 + 1 / 3 - (1 / 6) ** 2) / 6) * 100,
			6
		);
		expect(m.summary.marginOfError).toBeCloseTo(71.82, 2);
		expect(m.summary.reliable).toBe(true);
		// Seven answers (a twice) to eight invitations (g's March one unanswered).
		expect(m.responses).toBe(7);
		expect(m.invitations).toBe(8);
		expect(m.responseRate).toBeCloseTo(87.5, 6);
		expect(apr.summary).toMatchObject({ n: 3, reliable: false });
		expect(apr.summary.score).toBeCloseTo(33.333, 2);
		// +16.7 points on n = 3 and n = 6 is well within the margins.
		expect(apr.change.change).toBeCloseTo(16.667, 2);
		expect(apr.change.significant).toBe(false);

		const csv = await manager.request(
			'GET',
			'/api/reports/satisfaction.csv?kind=nps&granularity=month&from=2026-03-01&to=2026-04-30'
		);
		expect(csv.status).toBe(200);
		expect(csv.headers.get('content-disposition')).toMatch(
			/attachment; filename="satisfaction-nps-month-2026-12-01\.csv"/
		);
		const lines = csv.text.trim().split('\r\n');
		expect(lines[0]).toBe(
			'period,starts,ends,nps,margin_of_error_95,n,reliable,change,change_significant,invitations,answers,response_rate'
		);
		expect(lines[1]).toBe('2026-03,2026-03-01,2026-03-31,16.7,71.8,6,yes,,,8,7,87.5');
		expect(lines[2]).toBe(
			'2026-04,2026-04-01,2026-04-30,33.3,' +
				(1.96 * Math.sqrt((2 / 3 + 1 / 3 - (1 / 3) ** 2) / 3) * 100).toFixed(1) +
				',3,no,16.7,no,3,3,100'
		);
	});

	it('equals a direct computation over the raw answers, for every period, segment and granularity', async () => {
		const random = seeded(20261201);
		const owners = [await staffId(), await staffId(), null];
		const tiers: AccountTier[] = ['basic', 'standard', 'premium', 'enterprise'];
		const accountRows = Array.from({ length: 12 }, (_, index) => ({
			id: newId(),
			tier: tiers[index % 4]!,
			ownerId: owners[index % 3]!
		}));
		const people = Array.from({ length: 90 }, (_, index) => ({
			id: newId(),
			accountId: accountRows[index % 12]!.id
		}));
		const start = new Date('2025-12-01T00:00:00Z').getTime();
		const answers: Answer[] = Array.from({ length: 600 }, () => ({
			contact: people[Math.floor(random() * people.length)]!.id,
			score: Math.floor(random() * 11),
			at: new Date(start + Math.floor(random() * 365 * day))
		}));
		await given({ accounts: accountRows, contacts: people, answers });
		// A fresh installation's history is backfilled a quarter per tick, then kept current.
		const written: number[] = [];
		for (let i = 0; i < 6; i++) {
			written.push((await refreshRollups(app.deps)).periods);
			app.clock.advance(60_000);
		}
		// Once the history is in, a refresh with nothing new rewrites no period.
		expect(written[0]).toBeGreaterThan(0);
		expect(written.at(-1)).toBe(0);
		const accountOf = new Map(
			people.map((person) => [person.id, accountRows.find((row) => row.id === person.accountId)!])
		);
		const manager = await app.signIn('manager');
		const filters: { query: string; keep: (answer: Answer) => boolean }[] = [
			{ query: '', keep: () => true },
			{
				query: '&tier=premium',
				keep: (answer) => accountOf.get(answer.contact)!.tier === 'premium'
			},
			{
				query: `&ownerId=${owners[1]}`,
				keep: (answer) => accountOf.get(answer.contact)!.ownerId === owners[1]
			}
		];
		for (const granularity of ['week', 'month'] as const) {
			for (const filter of filters) {
				const report = await manager.get(
					`/api/reports/satisfaction?kind=nps&granularity=${granularity}&from=2025-12-01&to=2026-11-30${filter.query}`
				);
				expect(report.status, report.text).toBe(200);
				const starts = periodsBetween(
					granularity,
					periodStart(granularity, new Date('2025-12-01T00:00:00Z')),
					new Date('2026-12-01T00:00:00Z')
				);
				expect(report.json.periods.map((period: { start: string }) => period.start)).toEqual(
					starts.map((at) => at.toISOString())
				);
				for (const [index, at] of starts.entries()) {
					const end = nextPeriod(granularity, at);
					const inPeriod = answers.filter(
						(answer) => filter.keep(answer) && answer.at >= at && answer.at < end
					);
					const expected = summarizeScores(
						'nps',
						latestPerContact(
							inPeriod.map((answer) => ({
								contactId: answer.contact,
								score: answer.score,
								at: answer.at
							}))
						)
					);
					const got = report.json.periods[index];
					expect(got.summary.n, `${granularity} ${at.toISOString()} ${filter.query}`).toBe(
						expected.n
					);
					expect(got.summary.distribution).toEqual(expected.distribution);
					if (expected.score === null) expect(got.summary.score).toBeNull();
					else expect(got.summary.score).toBeCloseTo(expected.score, 9);
					if (expected.marginOfError !== null)
						expect(got.summary.marginOfError).toBeCloseTo(expected.marginOfError, 9);
					expect(got.responses).toBe(inPeriod.length);
				}
			}
		}
	});

	it('is kept current as answers arrive, change and race, and equals a rebuild from the raw rows', async () => {
		const random = seeded(20261202);
		const owners = [await staffId(), null];
		const tiers: AccountTier[] = ['basic', 'premium', 'enterprise'];
		const accountRows = Array.from({ length: 6 }, (_, index) => ({
			id: newId(),
			tier: tiers[index % 3]!,
			ownerId: owners[index % 2]!
		}));
		const people = Array.from({ length: 24 }, (_, index) => ({
			id: newId(),
			accountId: accountRows[index % 6]!.id
		}));
		const { surveyId } = await given({ accounts: accountRows, contacts: people, answers: [] });
		// Nothing to backfill: from here on, only the answers' own writes keep the rollups.
		await refreshRollups(app.deps);
		const visitor = app.anonymous();
		const tokens: { token: string; answeredAt: number | null }[] = [];
		let cycle = 1000;
		async function invite(contactId: string) {
			const token = createToken(16);
			const id = newId();
			// Written and counted as the scheduler writes them (the tick below plans more itself).
			await app.db.insert(surveyInvitations).values({
				id,
				surveyId,
				contactId,
				cycle: cycle++,
				tokenHash: hashToken(token),
				locale: 'en',
				createdAt: app.clock.now()
			});
			await app.db.batch([countInvitations(app.db, sql`${id}`, app.clock.now())]);
			const entry = { token, answeredAt: null as number | null };
			tokens.push(entry);
			return entry;
		}
		const answer = async (entry: { token: string; answeredAt: number | null }, score: number) => {
			const response = await visitor.post(`/api/public/invitations/${entry.token}/response`, {
				score
			});
			if (response.status === 200) entry.answeredAt ??= app.clock.now().getTime();
			return response.status;
		};
		const statuses = new Set<number>();
		for (let step = 0; step < 160; step++) {
			const roll = random();
			const pick = <T>(list: T[]) => list[Math.floor(random() * list.length)]!;
			const score = () => Math.floor(random() * 11);
			if (roll < 0.45) {
				// A new answer; often the contact answered earlier in the same week or month.
				statuses.add(await answer(await invite(pick(people).id), score()));
			} else if (roll < 0.75 && tokens.length > 0) {
				// A changed score: the latest answer, or an older one behind it; some past their 7 days.
				statuses.add(await answer(pick(tokens), score()));
			} else if (roll < 0.9 && tokens.length > 1) {
				// Two answers at once: the same invitation twice, or two of one contact.
				const [first, second] = [
					pick(tokens),
					random() < 0.5 ? pick(tokens) : await invite(pick(people).id)
				];
				for (const status of await Promise.all([answer(first, score()), answer(second, score())]))
					statuses.add(status);
			} else {
				await app.tick();
			}
			app.clock.advance(Math.floor(random() * 30 * 3_600_000));
		}
		expect([...statuses].sort()).toEqual([200, 409]);
		const planned = await app.db.select().from(surveyInvitations);
		expect(planned.length).toBeGreaterThan(tokens.length);

		const rows = async () =>
			(await app.db.select().from(satisfactionRollups))
				.filter(
					(row) =>
						row.responses > 0 || row.invitations > 0 || scoreColumns.some((c) => row[c] !== 0)
				)
				.map((row) => JSON.stringify(row))
				.sort();
		const kept = await rows();
		expect(kept.length).toBeGreaterThan(10);
		await rebuildRollups(app.deps);
		expect(kept).toEqual(await rows());
		// No contact's answer is counted twice in a period, and none is counted below zero.
		for (const row of kept)
			for (const column of scoreColumns) expect(JSON.parse(row)[column]).toBeGreaterThanOrEqual(0);
	});

	it('lists the contacts the surveys currently skip, by reason, narrowed like the figures', async () => {
		const premium = { id: newId(), tier: 'premium' as const, ownerId: null };
		const basic = { id: newId(), tier: 'basic' as const, ownerId: null };
		const people = [premium, premium, premium, basic].map((account) => ({
			id: newId(),
			accountId: account.id
		}));
		const [p1, p2, p3, b1] = people.map((person) => person.id) as [string, string, string, string];
		const { surveyId } = await given({
			accounts: [premium, basic],
			contacts: people,
			answers: [{ contact: p3, score: 9, at: new Date('2026-11-20T10:00:00Z') }]
		});
		const skip = (contactId: string, reason: 'throttled' | 'open_complaint', cycle: number) => ({
			surveyId,
			contactId,
			cycle,
			reason,
			nextPossibleAt: null,
			recheckAt: now,
			at: now
		});
		await app.db.insert(surveySkips).values([
			skip(p1, 'throttled', 1000),
			skip(p2, 'throttled', 1000),
			skip(b1, 'open_complaint', 1000),
			// p3 was skipped once, then invited (cycle 0 ≥ -1): no longer skipped.
			skip(p3, 'throttled', -1)
		]);
		await refreshRollups(app.deps);
		const manager = await app.signIn('manager');
		const all = await manager.get('/api/reports/satisfaction?kind=nps');
		expect(all.status, all.text).toBe(200);
		expect(all.json.history).toEqual({ complete: true, until: app.clock.now().toISOString() });
		expect(all.json.skipped).toEqual({
			total: 3,
			reasons: [
				{ reason: 'throttled', label: 'Throttled: surveyed in the last 30 days', count: 2 },
				{ reason: 'open_complaint', label: 'Open complaint', count: 1 }
			]
		});
		const premiumOnly = await manager.get('/api/reports/satisfaction?kind=nps&tier=premium');
		expect(premiumOnly.json.skipped.total).toBe(2);
		const otherKind = await manager.get('/api/reports/satisfaction?kind=csat');
		expect(otherKind.json.skipped).toEqual({ total: 0, reasons: [] });
	});

	it('refuses bad filters with 422 in the one error shape, and strangers with 401', async () => {
		const manager = await app.signIn('manager');
		for (const query of [
			'kind=stars',
			'granularity=day',
			'from=yesterday',
			'from=2026-05-01&to=2026-04-01',
			'tier=gold',
			'teamId=ghost'
		]) {
			const response = await manager.get(`/api/reports/satisfaction?${query}`);
			expect(response.status, query).toBe(422);
			expect(response.json.error.code).toBe('validation_failed');
		}
		expect((await app.anonymous().get('/api/reports/satisfaction')).status).toBe(401);
	});
});
