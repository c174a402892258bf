import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { slaEvents } from '../../../db/schema/cases';
import {
	slaBreachedRounds,
	slaMinutes,
	slaRollups,
	slaRollupState
} from '../../../db/schema/sla-rollups';
import { medianOf } from '../../../api/domain/sla-compliance';
import { slaReport, slaReportFromRawRows } from '../../../api/reports/sla-report';
import { SlaReportQuery } from '../../../api/reports/sla-report-schemas';
import {
	medianOfCounts,
	minutesBucket,
	rollUpSla,
	sliceEvents,
	slicesPerTick
} from '../../../api/reports/sla-rollup';
import {
	breachedRoundsQuery,
	minuteCountsQuery,
	readSlaPosition,
	rollupGroupsQuery,
	writeSlaSlice
} from '../../../api/reports/sla-rollup-store';
import { newId } from '../../../api/tokens';
import { startTestApp, type TestApp, type TestClient } from '../../support/app';

/**
 * The SLA report's rollups against the same report computed directly from
 * the raw rows (`slaReportFromRawRows`, the computation the report made
 * before the rollups). A seeded random history of cases, filed on the public
 * form and by staff and worked through the real API over five simulated
 * weeks, with the sweep (the tick) running now and then; the medians are
 * compared at the rollups' resolution (`minutesBucket`), which the raw
 * computation applies to each round before taking the median.
 */

const day = 86_400_000;
const minute = 60_000;

/** A small seeded generator (mulberry32), so a failure can be replayed. */
function random(seed: number) {
	let state = seed >>> 0;
	const next = () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
	return {
		next,
		int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
		pick: <T>(values: readonly T[]) => values[Math.floor(next() * values.length)]!
	};
}

async function ok<T = any>(
	response: Promise<{ status: number; text: string; json: any }>,
	status = 201
): Promise<T> {
	const result = await response;
	expect(result.status, result.text).toBe(status);
	return result.json as T;
}

type World = {
	app: TestApp;
	admin: TestClient;
	manager: TestClient & { userId: string };
	agents: (TestClient & { userId: string })[];
	teams: string[];
	categories: string[];
	rootCauseId: string;
};

/** Two teams (two agents and one), three categories (normal, high, low without a team), two policies on two calendars. */
async function setUp(now: Date): Promise<World> {
	const app = await startTestApp({ now, config: { complaintsPerAddressPerHour: 10_000 } });
	const admin = await app.signIn('admin');
	const manager = await app.signIn('manager');
	const agents = [
		await app.signIn('agent', 'ann@closeloop.test'),
		await app.signIn('agent', 'ben@closeloop.test'),
		await app.signIn('agent', 'cat@closeloop.test')
	];
	for (const [agent, name] of agents.map((agent, i) => [agent, ['Ann', 'Ben', 'Cat'][i]] as const))
		await ok(admin.patch(`/api/users/${agent.userId}`, { name }), 200);
	const teams = [
		(
			await ok(
				admin.post('/api/teams', {
					name: 'Delivery',
					memberIds: [agents[0]!.userId, agents[1]!.userId]
				})
			)
		).team.id,
		(await ok(admin.post('/api/teams', { name: 'Billing', memberIds: [agents[2]!.userId] }))).team
			.id
	];
	const calendar = async (name: string, timeZone: string, open: number, close: number) =>
		(
			await ok(
				manager.post('/api/case-settings/calendars', {
					name,
					timeZone,
					week: [...Array.from({ length: 5 }, () => [{ start: open, end: close }]), [], []],
					holidays: [{ date: '2026-03-20', yearly: false, name: 'Spring day' }]
				})
			)
		).calendar.id;
	const berlin = await calendar('Berlin office', 'Europe/Berlin', 9 * 60, 17 * 60);
	const newYork = await calendar('New York office', 'America/New_York', 8 * 60, 20 * 60);
	const category = async (name: string, priority: string, teamId?: string) =>
		(await ok(manager.post('/api/case-settings/categories', { name, priority, teamId }))).category
			.id;
	const categories = [
		await category('Late delivery', 'normal', teams[0]),
		await category('Wrong invoice', 'high', teams[1]),
		await category('Feedback', 'low')
	];
	const targets = (scale: number) => ({
		firstResponse: 120 * scale,
		nextResponse: 240 * scale,
		resolution: 960 * scale
	});
	await ok(
		manager.post('/api/case-settings/policies', {
			name: 'Feedback',
			conditions: { categoryIds: [categories[2]] },
			targets: { low: targets(2), normal: targets(1), high: targets(0.5), urgent: targets(0.5) },
			calendarId: newYork
		})
	);
	await ok(
		manager.post('/api/case-settings/policies', {
			name: 'Office',
			targets: { low: targets(2), normal: targets(1), high: targets(0.5), urgent: targets(0.25) },
			calendarId: berlin
		})
	);
	const rootCauseId = (
		await ok(manager.post('/api/case-settings/root-causes', { name: 'Courier' }))
	).rootCause.id;
	return { app, admin, manager, agents, teams, categories, rootCauseId };
}

/**
 * Five weeks of random work from `world.app`'s clock on: cases filed (on the
 * public form in a category or none, or by staff with a priority), replied
 * to (sometimes waiting on the customer), answered by the customer, started,
 * resolved, reopened, closed, re-prioritised, and the tick now and then. An
 * action the workflow refuses in the case's state is a 409 and changes
 * nothing. No case changes hands here: a round counts to the agent its case
 * had when it settled, which the raw rows do not tell.
 */
async function simulate(world: World, seed: number, weeks = 3) {
	const { app } = world;
	const rand = random(seed);
	const end = app.clock.now().getTime() + weeks * 7 * day;
	const filed: { id: string; token: string | null }[] = [];
	let manager = world.manager as TestClient;
	let signedInAt = app.clock.now().getTime();
	let n = 0;
	// Mostly the cases filed lately (older ones are mostly settled), as a team works its queue.
	const pick = (among = filed) =>
		rand.next() < 0.75 ? rand.pick(among.slice(-4)) : rand.pick(among);
	const act = async (body: Record<string, unknown>) => {
		const target = pick();
		const response = await manager.post(`/api/cases/${target.id}/actions`, body);
		expect([200, 409], response.text).toContain(response.status);
	};
	while (app.clock.now().getTime() < end) {
		// Minutes apart; most nights and weekends pass quietly (to a random minute of the next
		// working day's first hour), some see a step or two.
		const now = app.clock.now();
		const hour = now.getUTCHours();
		const weekend = now.getUTCDay() === 0 || now.getUTCDay() === 6;
		if ((weekend || hour < 7 || hour >= 16) && rand.next() < 0.8) {
			const next = new Date(now);
			next.setUTCHours(7, rand.int(0, 59), 0, 0);
			if (hour >= 7) next.setUTCDate(next.getUTCDate() + 1);
			while (next.getUTCDay() === 0 || next.getUTCDay() === 6)
				next.setUTCDate(next.getUTCDate() + 1);
			app.clock.advance(next.getTime() - now.getTime());
		} else app.clock.advance(rand.int(2, 40) * minute);
		if (app.clock.now().getTime() - signedInAt > 10 * day) {
			manager = await app.signIn('manager');
			signedInAt = app.clock.now().getTime();
		}
		const roll = rand.next();
		if (filed.length < 3 || roll < 0.16) {
			n++;
			if (rand.next() < 0.75) {
				const opened = await ok(
					app.anonymous().post('/api/public/complaints', {
						name: `Customer ${n}`,
						email: `customer${n}@example.test`,
						subject: `Complaint ${n}`,
						description: 'Something went wrong with our order, please help.',
						categoryId: rand.next() < 0.85 ? rand.pick(world.categories) : ''
					})
				);
				const [row] = await app.db.all<{ id: string }>(
					sql`select id from cases where number = ${opened.case.number}`
				);
				filed.push({ id: row!.id, token: opened.case.token });
			} else {
				const opened = await ok(
					manager.post('/api/cases', {
						email: `caller${n}@example.test`,
						subject: `Phone call ${n}`,
						description: 'Called about a missing parcel.',
						priority: rand.pick(['low', 'normal', 'high', 'urgent'])
					})
				);
				filed.push({ id: opened.case.id, token: null });
			}
		} else if (roll < 0.4) {
			await act({
				action: 'reply',
				body: 'We are on it.',
				isPublic: true,
				waitOnCustomer: rand.next() < 0.3
			});
		} else if (roll < 0.58) {
			const target = pick(filed.filter((row) => row.token));
			if (target) {
				const response = await app
					.anonymous()
					.post(`/api/public/cases/${target.token}/replies`, { body: 'Any news?' });
				expect(response.status, response.text).toBeLessThan(500);
			}
		} else if (roll < 0.64) {
			await act({ action: 'start' });
		} else if (roll < 0.76) {
			await act({
				action: 'resolve',
				resolutionNote: 'Sorted out.',
				rootCauseId: world.rootCauseId
			});
		} else if (roll < 0.81) {
			await act({ action: 'reopen' });
		} else if (roll < 0.84) {
			await act({ action: 'close' });
		} else if (roll < 0.87) {
			const target = rand.pick(filed);
			await ok(
				manager.patch(`/api/cases/${target.id}`, {
					priority: rand.pick(['low', 'normal', 'high', 'urgent'])
				}),
				200
			);
		} else if (roll < 0.97) {
			await app.tick();
		} else {
			// A roll-up of its own between ticks, in small slices.
			await rollUpSla(app.deps, { slice: rand.int(1, 30), slices: rand.int(1, 3) });
		}
	}
	app.clock.advance(30 * minute);
	await app.tick();
	return filed.length;
}

/** Rolls up until caught up, and how many events it took. */
async function catchUp(app: TestApp, options?: { slice?: number; slices?: number }) {
	let events = 0;
	for (;;) {
		const report = await rollUpSla(app.deps, options);
		if (report.events === 0) return events;
		events += report.events;
	}
}

/** An upgraded installation: no rollups yet, the position at 0. */
async function forgetRollups(app: TestApp) {
	await app.db.batch([
		app.db.delete(slaRollups),
		app.db.delete(slaMinutes),
		app.db.delete(slaBreachedRounds),
		app.db.delete(slaRollupState)
	]);
}

const query = (input: Record<string, string>) => SlaReportQuery.parse(input);
const raw = (app: TestApp, input: Record<string, string>) =>
	slaReportFromRawRows(app.deps, query(input), { minutes: minutesBucket });
const rolledUp = (app: TestApp, input: Record<string, string>) => slaReport(app.deps, query(input));

describe('the SLA rollups against the raw rows', () => {
	let world: World;
	let app: TestApp;
	let filters: Record<string, string>[];
	const whole = { from: '2026-03-01', to: '2026-04-12' };

	beforeAll(async () => {
		world = await setUp(new Date('2026-03-02T07:00:00Z'));
		app = world.app;
		const cases = await simulate(world, 20260302);
		expect(cases).toBeGreaterThan(40);
		const [team, other] = world.teams;
		const [ann, , cat] = world.agents;
		const [late, , feedback] = world.categories;
		filters = [
			{},
			whole,
			{ ...whole, granularity: 'week' },
			{ from: '2026-03-09', to: '2026-03-22', granularity: 'week' },
			{ from: '2026-03-18', to: '2026-03-18' },
			{ ...whole, priority: 'high' },
			{ ...whole, priority: 'low', granularity: 'week' },
			{ ...whole, teamId: team! },
			{ ...whole, teamId: other!, granularity: 'week' },
			{ ...whole, teamId: 'none' },
			{ ...whole, assigneeId: ann!.userId },
			{ ...whole, assigneeId: cat!.userId, priority: 'high' },
			{ ...whole, assigneeId: 'none', granularity: 'week' },
			{ ...whole, categoryId: late! },
			{ ...whole, categoryId: feedback!, granularity: 'week' },
			{ ...whole, categoryId: 'none' },
			{ ...whole, priority: 'normal', teamId: team!, categoryId: late!, granularity: 'week' }
		];
	}, 300_000);
	afterAll(async () => {
		await world?.app.stop();
	});

	it('gives every figure of the raw computation, for every filter and both granularities', async () => {
		await catchUp(app);
		const all = await raw(app, whole);
		// The history is rich enough to tell: rounds of every target, breaches recorded and late
		// fulfilments, rounds a later one replaced, medians from several buckets.
		expect(all.totals.n).toBeGreaterThan(80);
		expect(all.breachesTotal).toBeGreaterThan(20);
		expect(all.breaches.some((row) => row.breachedAt && row.fulfilledAt)).toBe(true);
		expect(all.breaches.some((row) => !row.breachedAt)).toBe(true);
		for (const target of all.targets) expect(target.businessMinutes.n).toBeGreaterThanOrEqual(5);
		expect(all.teams.some((row) => row.team === null)).toBe(true);
		const rounds = await app.db.all<{ rounds: number }>(
			sql`select count(*) as rounds from (select distinct case_id, target, round from ${slaEvents} where round > 1)`
		);
		expect(rounds[0]!.rounds).toBeGreaterThanOrEqual(3);

		for (const filter of filters)
			expect(await rolledUp(app, filter), JSON.stringify(filter)).toEqual(await raw(app, filter));
	});

	it('reads the same through the route as the rollups give', async () => {
		const manager = await app.signIn('manager');
		const response = await ok(
			manager.get(`/api/reports/sla?from=${whole.from}&to=${whole.to}&granularity=week`),
			200
		);
		expect(response).toEqual(await raw(app, { ...whole, granularity: 'week' }));
	});

	it('backfills an upgraded installation from the first event, a bounded slice budget per run', async () => {
		await forgetRollups(app);
		const total = (
			await app.db.all<{ events: number }>(
				sql`select count(*) as events from ${slaEvents} where kind in ('fulfill', 'breach', 'resume')`
			)
		)[0]!.events;
		expect(total).toBeGreaterThan(60);

		// At most two slices of 25 events; the report shows what is rolled up so far.
		const first = await rollUpSla(app.deps, { slice: 25, slices: 2 });
		expect(first.events).toBe(50);
		expect(await readSlaPosition(app.db)).toBe(first.position);
		const partial = await rolledUp(app, whole);
		expect(partial.totals.n).toBeGreaterThan(0);
		expect(partial.totals.n).toBeLessThan((await raw(app, whole)).totals.n);

		// The next run carries on from there.
		const second = await rollUpSla(app.deps, { slice: 25, slices: 2 });
		expect(second.events).toBe(50);
		expect(second.position).toBeGreaterThan(first.position);

		// The tick's budget: forty slices of 250 events; this history fits in one tick.
		expect(sliceEvents * slicesPerTick).toBe(10_000);
		const tick = await app.tick();
		expect(tick.slaRollups.events).toBe(total - 100);
		for (const filter of filters)
			expect(await rolledUp(app, filter), JSON.stringify(filter)).toEqual(await raw(app, filter));
	});

	it('counts each round once when roll-ups run at once or again', async () => {
		await forgetRollups(app);
		const runs = await Promise.all([
			rollUpSla(app.deps, { slice: 7, slices: 1000 }),
			rollUpSla(app.deps, { slice: 7, slices: 1000 }),
			rollUpSla(app.deps, { slice: 13, slices: 1000 }),
			app.tick().then((tick) => tick.slaRollups)
		]);
		await catchUp(app);
		const again = await rollUpSla(app.deps);
		expect(again).toMatchObject({ events: 0, settled: 0, fulfilled: 0 });

		const rounds = await app.db.all<{ settled: number }>(sql`
			select count(*) as settled from (
				select distinct case_id, target, round from ${slaEvents} where kind in ('fulfill', 'breach'))`);
		const counted = runs.reduce((sum, run) => sum + run.settled, 0);
		expect(counted).toBeLessThanOrEqual(rounds[0]!.settled);
		const stored = await app.db.all<{ settled: number }>(
			sql`select sum(settled) as settled from ${slaRollups}`
		);
		expect(stored[0]!.settled).toBe(rounds[0]!.settled);
		for (const filter of filters)
			expect(await rolledUp(app, filter), JSON.stringify(filter)).toEqual(await raw(app, filter));
	});

	it('ignores a slice whose compare-and-set on the position lost, even one ending where the winner did', async () => {
		const before = await rolledUp(app, whole);
		const position = await readSlaPosition(app.db);
		const increment = {
			day: Date.UTC(2026, 2, 10),
			target: 'first_response' as const,
			priority: 'normal' as const,
			teamId: '',
			assigneeId: '',
			categoryId: ''
		};
		// A roll-up that read from an older position (another one got there first, or it crashed
		// and retries): its batch writes nothing, whatever position it would move to.
		for (const [from, to] of [
			[0, position],
			[position - 1, position],
			[0, position + 10]
		] as const) {
			const [first, ...rest] = writeSlaSlice(app.db, {
				from,
				to,
				token: newId(),
				rollups: [{ ...increment, settled: 5, met: 1 }],
				minutes: [{ ...increment, minutes: 30, rounds: 5 }],
				breached: []
			});
			await app.db.batch([first!, ...rest]);
		}
		expect(await readSlaPosition(app.db)).toBe(position);
		expect(await rolledUp(app, whole)).toEqual(before);
	});

	it('stays within D1’s limits: at most 100 bound values a statement, whatever the slice', () => {
		const keys = {
			day: Date.UTC(2026, 2, 10),
			target: 'resolution' as const,
			priority: 'high' as const,
			teamId: 'team',
			assigneeId: 'agent',
			categoryId: 'category'
		};
		const many = Array.from({ length: 1000 }, (_, i) => i);
		const statements = writeSlaSlice(app.db, {
			from: 0,
			to: 1000,
			token: newId(),
			rollups: many.map((i) => ({ ...keys, day: keys.day + i * day, settled: 2, met: 1 })),
			minutes: many.map((i) => ({ ...keys, minutes: i, rounds: 1 })),
			breached: many.map((i) => ({
				caseId: `case-${i}`,
				target: 'resolution' as const,
				round: 1,
				number: 1000 + i,
				settledAt: keys.day,
				dueAt: keys.day,
				breachedAt: keys.day,
				fulfilledAt: null,
				priority: 'high' as const,
				teamId: '',
				assigneeId: '',
				categoryId: ''
			}))
		});
		expect(statements).toHaveLength(4);
		const filter = {
			from: new Date('2026-03-01'),
			to: new Date('2026-04-01'),
			priority: 'high' as const,
			teamId: 'none',
			assigneeId: 'agent',
			categoryId: 'category'
		};
		for (const statement of [
			...statements,
			app.db.run(rollupGroupsQuery(filter, 'week')),
			app.db.run(minuteCountsQuery(filter)),
			app.db.run(breachedRoundsQuery(filter, 200))
		])
			expect(statement.getQuery().params.length).toBeLessThanOrEqual(100);
	});

	it('reads the period’s rollup rows by their key and the breaches through their index, whatever the filters', async () => {
		const [team] = world.teams;
		for (const segment of [{}, { priority: 'high' as const, teamId: team, assigneeId: 'none' }]) {
			const filter = { from: new Date('2026-03-01'), to: new Date('2026-04-01'), ...segment };
			const plan = async (query: ReturnType<typeof rollupGroupsQuery>) =>
				(await app.db.all<{ detail: string }>(sql`explain query plan ${query}`)).map(
					(step) => step.detail
				);
			const groups = await plan(rollupGroupsQuery(filter, 'month'));
			expect(groups.find((step) => /^(SCAN|SEARCH) /.test(step))).toMatch(
				/^SEARCH sla_rollups USING (INDEX sqlite_autoindex_sla_rollups_1|PRIMARY KEY) \(day>\? AND day<\?\)/
			);
			expect(groups.filter((step) => /^SCAN (?!r$)/.test(step))).toEqual([]);
			expect((await plan(minuteCountsQuery(filter))).join('\n')).toMatch(
				/SEARCH sla_minutes USING (INDEX sqlite_autoindex_sla_minutes_1|PRIMARY KEY) \(day>\? AND day<\?\)/
			);
			const breaches = await plan(breachedRoundsQuery(filter, 200));
			expect(breaches[0]).toBe(
				'SEARCH b USING INDEX sla_breached_rounds_settled (settled_at>? AND settled_at<?)'
			);
			expect(breaches.filter((step) => step.startsWith('SCAN '))).toEqual([]);
		}
	});
});

describe('the SLA report from rollups', () => {
	let world: World;

	beforeAll(async () => {
		world = await setUp(new Date('2026-03-02T07:00:00Z'));
	});
	afterAll(async () => {
		await world?.app.stop();
	});

	it('counts a round when the tick rolls it up, to the agent the case had when it settled', async () => {
		const { app, manager, agents, categories, rootCauseId } = world;
		const report = async () =>
			ok(manager.get('/api/reports/sla?from=2026-03-02&to=2026-03-02'), 200);
		const set = (iso: string) =>
			app.clock.advance(new Date(iso).getTime() - app.clock.now().getTime());

		set('2026-03-02T09:00:00Z');
		const opened = await ok(
			app.anonymous().post('/api/public/complaints', {
				email: 'late@example.test',
				subject: 'Late parcel',
				description: 'My parcel is a week late now.',
				categoryId: categories[0]
			})
		);
		const [row] = await app.db.all<{ id: string; assignee_id: string }>(
			sql`select id, assignee_id from cases where number = ${opened.case.number}`
		);
		const first = agents.find((agent) => agent.userId === row!.assignee_id)!;
		const second = agents.find((agent) => agent !== first && agent !== agents[2])!;
		set('2026-03-02T09:30:00Z');
		await ok(
			manager.post(`/api/cases/${row!.id}/actions`, {
				action: 'reply',
				body: 'We are looking.',
				isPublic: true
			}),
			200
		);
		// Not rolled up yet: the report does not count it.
		expect((await report()).totals.n).toBe(0);
		await app.tick();
		const answered = await report();
		expect(answered.totals).toMatchObject({ met: 1, n: 1 });
		expect(answered.targets[0].businessMinutes).toEqual({ median: 30, n: 1 });
		expect(answered.agents.map((group: any) => [group.assignee.id, group.n])).toEqual([
			[first.userId, 1]
		]);

		// The case changes hands, and is resolved within its 480 business minutes (normal).
		set('2026-03-02T10:00:00Z');
		await ok(manager.patch(`/api/cases/${row!.id}`, { assigneeId: second.userId }), 200);
		set('2026-03-02T11:00:00Z');
		await ok(manager.post(`/api/cases/${row!.id}/actions`, { action: 'start' }), 200);
		set('2026-03-02T15:30:00Z');
		await ok(
			manager.post(`/api/cases/${row!.id}/actions`, {
				action: 'resolve',
				resolutionNote: 'Found it.',
				rootCauseId
			}),
			200
		);
		await app.tick();
		const resolved = await report();
		expect(resolved.totals).toMatchObject({ met: 2, n: 2 });
		expect(
			resolved.agents.map((group: any) => [
				group.assignee.name,
				group.byTarget.first_response.n,
				group.byTarget.resolution.n
			])
		).toEqual(
			[
				[second.userId === agents[0]!.userId ? 'Ann' : 'Ben', 0, 1],
				[first.userId === agents[0]!.userId ? 'Ann' : 'Ben', 1, 0]
			].sort((a, b) => String(a[0]).localeCompare(String(b[0])))
		);
		// 10:00 to 16:30 on the Berlin calendar: 390 business minutes, a 5-minute bucket's start.
		expect(resolved.targets[2].businessMinutes).toEqual({ median: 390, n: 1 });

		// Computed from the raw rows, both rounds would go to the case's agent now.
		const direct = await slaReportFromRawRows(
			app.deps,
			query({ from: '2026-03-02', to: '2026-03-02' })
		);
		expect(direct.agents.map((group) => [group.assignee?.id, group.n])).toEqual([
			[second.userId, 2]
		]);
	});
});

describe('medians from bucketed minutes', () => {
	it('buckets exactly under 120 minutes, then by 5, 15 and 60 minutes', () => {
		expect(
			[0, 7, 119, 120, 124, 599, 600, 614, 2879, 2880, 2939, 10_000].map(minutesBucket)
		).toEqual([0, 7, 119, 120, 120, 595, 600, 600, 2865, 2880, 2880, 9960]);
	});

	it('takes the median of the counted values as `medianOf` does over them expanded', () => {
		const rand = random(7);
		for (let trial = 0; trial < 200; trial++) {
			const values = Array.from({ length: rand.int(0, 40) }, () =>
				minutesBucket(rand.int(0, 4000))
			);
			const counts = [...new Set(values)]
				.sort((a, b) => a - b)
				.map((value) => ({ value, count: values.filter((v) => v === value).length }));
			expect(medianOfCounts(counts)).toEqual(medianOf(values));
		}
	});
});
