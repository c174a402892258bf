import { asc, eq, sql } from 'drizzle-orm';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cases, slaClocks, slaEvents } from '../../../db/schema/cases';
import { replayClock, type ClockChange } from '../../../api/domain/sla-compliance';
import { replacedRoundsQuery, settledRoundsQuery } from '../../../api/reports/sla-store';
import { rollUpSla } from '../../../api/reports/sla-rollup';
import { startTestApp, type TestApp, type TestClient } from '../../support/app';

/**
 * The SLA compliance report against a fixture worked out by hand. Every case
 * is filed on the public form and worked through the API as the clock moves
 * forward; the sweep (the tick, which also rolls up what settled) runs only
 * where the story says so, and the roll-up once more at the end, as the next
 * tick would. The report is read on Friday 6 March 2026 for March. No case
 * changes hands after its rounds settle, so the agents and teams are the
 * cases' own (see `sla-rollup.test.ts` for one that does). Every business
 * minute below is a bucket's start (exact under 120, multiples of 5 under
 * 600, of 15 under 2,880), so the medians are exact.
 *
 * The policy "Office" counts on Mon–Fri 09:00–17:00 Europe/Berlin, which in
 * March (before the clocks change on the 29th) is 08:00–16:00 UTC; all times
 * below are UTC. Targets in business minutes: normal 120 / 240 / 960 (first
 * response / next response / resolution), high 60 / 120 / 480. Category "Late
 * delivery" is normal and goes to team Delivery (Dana), "Wrong invoice" is
 * high and goes to Billing (Bo).
 *
 * A 1001 normal, Dana. Filed Thu 26 Feb 15:00. FR due Fri 09:00, answered Fri 08:30: met, 90.
 *        Resolved Fri 27 Feb 12:00: met, 60 + 240 = 300. Both in February: not in March.
 * B 1002 normal, Dana. Filed Mon 2 Mar 08:00. FR due 10:00, answered 09:00: met, 60.
 *        Customer writes 10:30: NR round 1 due 14:30; answered 15:00, the sweep not having run
 *        since: missed without a recorded breach, 270. Customer writes Tue 09:00: NR round 2
 *        (round 1 is replaced in sla_clocks, so the report rebuilds it from its events) due
 *        13:00, answered 10:00: met, 60. Resolved Tue 12:00 (due Wed 08:00): met, 480 + 240 = 720.
 * C 1003 high, Bo. Filed Mon 13:00. FR due 14:00; the sweep at 14:10 records the breach; the
 *        agent answers at 15:30 asking a question (waiting on the customer): missed, 150. The
 *        resolution (due Tue 13:00) pauses at 15:30; the customer answers Tue 10:00, so it
 *        resumes with due time + 150 (Mon 15:30–16:00 and Tue 08:00–10:00) = Tue 15:30, and NR
 *        round 1 runs (due 12:00). Resolved Tue 11:00: NR met, 60; resolution met, 480 − 270
 *        left = 210 (360 business minutes since filing, 150 of them paused).
 * D 1004 normal, Dana. Filed Tue 14:00. FR due Wed 08:00 (the next opening), answered Wed
 *        07:00, before opening: met, 120. Resolution due Thu 14:00, still open; the sweep on
 *        Thu 15:00 records the breach: breached, no time.
 * E 1005 high, Bo. Filed Wed 09:00. FR due 10:00, answered 09:20: met, 20. Resolved 12:00: met,
 *        180. Reopened Thu 09:00 (resolution round 2, due Fri 09:00), resolved Thu 15:00: met, 360.
 *
 * March: FR 3 of 4 met = 75 %, median (60 + 120) / 2 = 90 (20, 60, 120, 150). NR 2 of 3 =
 * 66.7 %, median 60 (60, 60, 270). Resolution 4 of 5 = 80 %, median (210 + 360) / 2 = 285
 * (180, 210, 360, 720; D is not fulfilled). All: 9 of 12 = 75 %. Breaches, latest first:
 * D resolution (Thu 15:00), B NR round 1 (Mon 15:00), C FR (Mon 14:10). High (C, E) = team
 * Billing = Bo: 5 of 6; normal (B, D) = Delivery = Dana: 4 of 6.
 */

let app: TestApp;
let admin: TestClient;
let manager: TestClient & { userId: string };
let dana: TestClient & { userId: string };
let bo: TestClient & { userId: string };
const ids: Record<string, string> = {};
const tokens: Record<string, string> = {};
let delivery: string;
let billing: string;
let lateDelivery: string;
let rootCauseId: string;

/** Moves the clock forward to `iso` (never back). */
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

async function file(key: string, iso: string, categoryId: string) {
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
	const [row] = await app.db
		.select({ id: cases.id })
		.from(cases)
		.where(eq(cases.number, opened.number));
	ids[key] = row!.id;
	tokens[key] = opened.token;
}

async function act(key: string, iso: string, body: Record<string, unknown>) {
	at(iso);
	await ok(manager.post(`/api/cases/${ids[key]}/actions`, body), 200);
}
const reply = (key: string, iso: string, waitOnCustomer = false) =>
	act(key, iso, { action: 'reply', body: 'We are on it.', isPublic: true, waitOnCustomer });
const start = (key: string, iso: string) => act(key, iso, { action: 'start' });
const resolve = (key: string, iso: string) =>
	act(key, iso, { action: 'resolve', resolutionNote: 'Sorted out.', rootCauseId });

async function customerWrites(key: string, iso: string) {
	at(iso);
	await ok(
		app.anonymous().post(`/api/public/cases/${tokens[key]}/replies`, { body: 'Still waiting.' })
	);
}

async function sweep(iso: string) {
	at(iso);
	await app.tick();
}

beforeAll(async () => {
	app = await startTestApp({ now: new Date('2026-02-26T12:00:00Z') });
	admin = await app.signIn('admin');
	manager = await app.signIn('manager');
	dana = await app.signIn('agent', 'dana@closeloop.test');
	bo = await app.signIn('agent', 'bo@closeloop.test');
	await ok(admin.patch(`/api/users/${dana.userId}`, { name: 'Dana' }), 200);
	await ok(admin.patch(`/api/users/${bo.userId}`, { name: 'Bo' }), 200);

	delivery = (await ok(admin.post('/api/teams', { name: 'Delivery', memberIds: [dana.userId] })))
		.team.id;
	billing = (await ok(admin.post('/api/teams', { name: 'Billing', memberIds: [bo.userId] }))).team
		.id;
	const calendar = (
		await ok(
			manager.post('/api/case-settings/calendars', {
				name: 'Berlin office',
				timeZone: 'Europe/Berlin',
				week: [...Array.from({ length: 5 }, () => [{ start: 9 * 60, end: 17 * 60 }]), [], []],
				holidays: []
			})
		)
	).calendar.id;
	const normal = { firstResponse: 120, nextResponse: 240, resolution: 960 };
	const high = { firstResponse: 60, nextResponse: 120, resolution: 480 };
	await ok(
		manager.post('/api/case-settings/policies', {
			name: 'Office',
			targets: { low: normal, normal, high, urgent: high },
			calendarId: calendar
		})
	);
	lateDelivery = (
		await ok(
			manager.post('/api/case-settings/categories', {
				name: 'Late delivery',
				priority: 'normal',
				teamId: delivery
			})
		)
	).category.id;
	const wrongInvoice = (
		await ok(
			manager.post('/api/case-settings/categories', {
				name: 'Wrong invoice',
				priority: 'high',
				teamId: billing
			})
		)
	).category.id;
	rootCauseId = (await ok(manager.post('/api/case-settings/root-causes', { name: 'Courier' })))
		.rootCause.id;

	await file('A', '2026-02-26T15:00:00Z', lateDelivery);
	await reply('A', '2026-02-27T08:30:00Z');
	await start('A', '2026-02-27T08:40:00Z');
	await resolve('A', '2026-02-27T12:00:00Z');

	await file('B', '2026-03-02T08:00:00Z', lateDelivery);
	await reply('B', '2026-03-02T09:00:00Z');
	await customerWrites('B', '2026-03-02T10:30:00Z');
	await file('C', '2026-03-02T13:00:00Z', wrongInvoice);
	await sweep('2026-03-02T14:10:00Z');
	await reply('B', '2026-03-02T15:00:00Z');
	await reply('C', '2026-03-02T15:30:00Z', true);
	await customerWrites('B', '2026-03-03T09:00:00Z');
	await customerWrites('C', '2026-03-03T10:00:00Z');
	await reply('B', '2026-03-03T10:00:00Z');
	await start('B', '2026-03-03T11:00:00Z');
	await resolve('C', '2026-03-03T11:00:00Z');
	await resolve('B', '2026-03-03T12:00:00Z');
	await file('D', '2026-03-03T14:00:00Z', lateDelivery);
	await reply('D', '2026-03-04T07:00:00Z');
	await file('E', '2026-03-04T09:00:00Z', wrongInvoice);
	await reply('E', '2026-03-04T09:20:00Z');
	await start('E', '2026-03-04T11:00:00Z');
	await resolve('E', '2026-03-04T12:00:00Z');
	await act('E', '2026-03-05T09:00:00Z', { action: 'reopen' });
	await resolve('E', '2026-03-05T15:00:00Z');
	await sweep('2026-03-05T15:00:00Z');
	at('2026-03-06T09:00:00Z');
	// The report reads the rollups: the tick's roll-up brings them up to date.
	await rollUpSla(app.deps);
});
afterAll(async () => {
	await app?.stop();
});

const march = 'from=2026-03-01&to=2026-03-31';
const figure = (met: number, n: number) => ({
	met,
	breached: n - met,
	n,
	share: n ? (met / n) * 100 : null
});

describe('the SLA compliance report', () => {
	it('counts the clock rounds settled in the period, met and breached, per target with medians in business minutes', async () => {
		const report = await ok(manager.get(`/api/reports/sla?${march}`), 200);
		expect(report).toMatchObject({ from: '2026-03-01', to: '2026-03-31', granularity: 'month' });
		expect(report.totals).toEqual(figure(9, 12));
		expect(report.targets).toEqual([
			{ target: 'first_response', ...figure(3, 4), businessMinutes: { median: 90, n: 4 } },
			{ target: 'next_response', ...figure(2, 3), businessMinutes: { median: 60, n: 3 } },
			{ target: 'resolution', ...figure(4, 5), businessMinutes: { median: 285, n: 4 } }
		]);
		expect(report.targets[0].share).toBe(75);
		expect(report.periods).toEqual([
			{ start: '2026-03-01', label: '2026-03', partial: false, ...figure(9, 12) }
		]);
	});

	it('lists the breached rounds, the latest first, with their due time, the recorded breach and the fulfilment', async () => {
		const report = await ok(manager.get(`/api/reports/sla?${march}`), 200);
		expect(report.breachesTotal).toBe(3);
		expect(report.breaches).toEqual([
			{
				caseId: ids.D,
				number: 1004,
				subject: 'Complaint D',
				target: 'resolution',
				round: 1,
				priority: 'normal',
				dueAt: '2026-03-05T14:00:00.000Z',
				breachedAt: '2026-03-05T15:00:00.000Z',
				fulfilledAt: null,
				assignee: { id: dana.userId, name: 'Dana' }
			},
			{
				caseId: ids.B,
				number: 1002,
				subject: 'Complaint B',
				target: 'next_response',
				round: 1,
				priority: 'normal',
				dueAt: '2026-03-02T14:30:00.000Z',
				breachedAt: null,
				fulfilledAt: '2026-03-02T15:00:00.000Z',
				assignee: { id: dana.userId, name: 'Dana' }
			},
			{
				caseId: ids.C,
				number: 1003,
				subject: 'Complaint C',
				target: 'first_response',
				round: 1,
				priority: 'high',
				dueAt: '2026-03-02T14:00:00.000Z',
				breachedAt: '2026-03-02T14:10:00.000Z',
				fulfilledAt: '2026-03-02T15:30:00.000Z',
				assignee: { id: bo.userId, name: 'Bo' }
			}
		]);
	});

	it('breaks compliance down by priority, team and agent, each per target', async () => {
		const report = await ok(manager.get(`/api/reports/sla?${march}`), 200);
		const high = {
			...figure(5, 6),
			byTarget: {
				first_response: figure(1, 2),
				next_response: figure(1, 1),
				resolution: figure(3, 3)
			}
		};
		const normal = {
			...figure(4, 6),
			byTarget: {
				first_response: figure(2, 2),
				next_response: figure(1, 2),
				resolution: figure(1, 2)
			}
		};
		const none = {
			...figure(0, 0),
			byTarget: {
				first_response: figure(0, 0),
				next_response: figure(0, 0),
				resolution: figure(0, 0)
			}
		};
		expect(report.priorities).toEqual([
			{ priority: 'urgent', ...none },
			{ priority: 'high', ...high },
			{ priority: 'normal', ...normal },
			{ priority: 'low', ...none }
		]);
		// Ties in n go by name.
		expect(report.teams).toEqual([
			{ team: { id: billing, name: 'Billing' }, ...high },
			{ team: { id: delivery, name: 'Delivery' }, ...normal }
		]);
		expect(report.agents).toEqual([
			{ assignee: { id: bo.userId, name: 'Bo' }, ...high },
			{ assignee: { id: dana.userId, name: 'Dana' }, ...normal }
		]);
		expect(report.options.teams.map((team: { name: string }) => team.name)).toEqual([
			'Billing',
			'Delivery'
		]);
		expect(report.options.categories.map((c: { name: string }) => c.name)).toEqual([
			'Late delivery',
			'Wrong invoice'
		]);
	});

	it('filters by priority, team, agent and category, and `none` finds cases without one', async () => {
		const read = async (query: string) =>
			(await ok(manager.get(`/api/reports/sla?${march}&${query}`), 200)) as any;
		const high = await read('priority=high');
		expect(high.totals).toEqual(figure(5, 6));
		expect(high.targets.map((t: any) => [t.target, t.met, t.n, t.businessMinutes])).toEqual([
			['first_response', 1, 2, { median: 85, n: 2 }],
			['next_response', 1, 1, { median: 60, n: 1 }],
			['resolution', 3, 3, { median: 210, n: 3 }]
		]);
		expect(high.breaches.map((b: any) => b.number)).toEqual([1003]);
		expect((await read(`teamId=${billing}`)).totals).toEqual(figure(5, 6));

		const dana_ = await read(`assigneeId=${dana.userId}`);
		expect(dana_.totals).toEqual(figure(4, 6));
		expect(dana_.targets[0].businessMinutes).toEqual({ median: 90, n: 2 });
		expect(dana_.breaches.map((b: any) => [b.number, b.target])).toEqual([
			[1004, 'resolution'],
			[1002, 'next_response']
		]);
		expect((await read(`categoryId=${lateDelivery}`)).totals).toEqual(figure(4, 6));

		const nobody = await read(`priority=normal&assigneeId=${bo.userId}`);
		expect(nobody.totals).toEqual(figure(0, 0));
		expect(nobody.targets[0]).toMatchObject({
			share: null,
			businessMinutes: { median: null, n: 0 }
		});
		expect(nobody.breaches).toEqual([]);
		expect((await read('categoryId=none')).totals).toEqual(figure(0, 0));
		expect((await read('assigneeId=none')).totals).toEqual(figure(0, 0));
	});

	it('counts a round in the period it settled in, by UTC days, and charts weeks', async () => {
		// Monday and Tuesday: B's and C's first responses, B's two next responses and C's one,
		// and both resolutions; D's first response (Wednesday) is out.
		const early = await ok(manager.get('/api/reports/sla?from=2026-03-02&to=2026-03-03'), 200);
		expect(early.totals).toEqual(figure(5, 7));
		expect(early.targets[0].businessMinutes).toEqual({ median: 105, n: 2 });

		const weeks = await ok(
			manager.get('/api/reports/sla?from=2026-02-23&to=2026-03-08&granularity=week'),
			200
		);
		expect(weeks.periods).toEqual([
			{ start: '2026-02-23', label: '2026-W09', partial: false, ...figure(2, 2) },
			{ start: '2026-03-02', label: '2026-W10', partial: false, ...figure(9, 12) }
		]);
		expect(weeks.targets[0].businessMinutes).toEqual({ median: 90, n: 5 });
		expect(weeks.targets[2].businessMinutes).toEqual({ median: 300, n: 5 });

		// The default: twelve months up to today, per month, February included.
		const byDefault = await ok(dana.get('/api/reports/sla'), 200);
		expect(byDefault).toMatchObject({ from: '2025-04-01', to: '2026-03-06', today: '2026-03-06' });
		expect(byDefault.periods).toHaveLength(12);
		expect(byDefault.periods.slice(-2)).toEqual([
			{ start: '2026-02-01', label: '2026-02', partial: false, ...figure(2, 2) },
			{ start: '2026-03-01', label: '2026-03', partial: true, ...figure(9, 12) }
		]);
		expect(byDefault.totals).toEqual(figure(11, 14));
	});

	it('exports a CSV row per group, named in the `group` column', async () => {
		const response = await manager.get(`/api/reports/sla.csv?${march}`);
		expect(response.status).toBe(200);
		expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
		expect(response.headers.get('content-disposition')).toBe(
			'attachment; filename="sla-compliance-2026-03-01-to-2026-03-31.csv"'
		);
		const rows = Papa.parse<Record<string, string>>(response.text.trim(), { header: true }).data;
		expect(Object.keys(rows[0]!)).toEqual([
			'group',
			'id',
			'name',
			'from',
			'to',
			'settled',
			'met',
			'breached',
			'share_met',
			'first_response_share_met',
			'first_response_n',
			'next_response_share_met',
			'next_response_n',
			'resolution_share_met',
			'resolution_n',
			'median_business_minutes',
			'median_n'
		]);
		const pick = (row: Record<string, string>) => [
			row.group,
			row.name,
			row.settled,
			row.met,
			row.breached,
			row.share_met,
			row.first_response_share_met,
			row.median_business_minutes,
			row.median_n
		];
		expect(rows.map(pick)).toEqual([
			['all', 'All targets', '12', '9', '3', '75', '', '', ''],
			['target', 'First response', '4', '3', '1', '75', '', '90', '4'],
			['target', 'Next response', '3', '2', '1', '66.7', '', '60', '3'],
			['target', 'Resolution', '5', '4', '1', '80', '', '285', '4'],
			['priority', 'Urgent', '0', '0', '0', '', '', '', ''],
			['priority', 'High', '6', '5', '1', '83.3', '50', '', ''],
			['priority', 'Normal', '6', '4', '2', '66.7', '100', '', ''],
			['priority', 'Low', '0', '0', '0', '', '', '', ''],
			['team', 'Billing', '6', '5', '1', '83.3', '50', '', ''],
			['team', 'Delivery', '6', '4', '2', '66.7', '100', '', ''],
			['agent', 'Bo', '6', '5', '1', '83.3', '50', '', ''],
			['agent', 'Dana', '6', '4', '2', '66.7', '100', '', ''],
			['month', '2026-03', '12', '9', '3', '75', '', '', '']
		]);
		expect(rows.find((row) => row.group === 'team' && row.name === 'Billing')!.id).toBe(billing);
	});

	it('refuses bad input with a 422 in the one error shape, and strangers with a 401', async () => {
		const refused = async (query: string, field: string) => {
			for (const path of ['/api/reports/sla', '/api/reports/sla.csv']) {
				const response = await manager.get(`${path}?${query}`);
				expect(response.status, `${path}?${query}`).toBe(422);
				expect(response.json.error).toMatchObject({ code: 'validation_failed' });
				expect(Object.keys(response.json.error.fields), query).toEqual([field]);
			}
		};
		await refused('from=2026-02-30', 'from');
		await refused('to=March', 'to');
		await refused('from=2026-03-10&to=2026-03-01', 'to');
		await refused('granularity=day', 'granularity');
		await refused('priority=critical', 'priority');
		await refused('teamId=nope', 'teamId');
		await refused('assigneeId=nope', 'assigneeId');
		await refused('categoryId=nope', 'categoryId');
		await refused('from=2000-01-01&to=2026-01-01', 'from');

		for (const path of ['/api/reports/sla', '/api/reports/sla.csv']) {
			const stranger = await app.anonymous().get(`${path}?${march}`);
			expect(stranger.status).toBe(401);
			expect(stranger.json.error.code).toBe('unauthenticated');
		}
	});

	it('rebuilds every stored clock exactly from its events, as it does for the rounds a later one replaced', async () => {
		const [clocks, events, policies] = await Promise.all([
			app.db.select().from(slaClocks),
			app.db
				.select()
				.from(slaEvents)
				.orderBy(asc(slaEvents.at), asc(sql`${slaEvents}.rowid`)),
			app.db.select({ id: cases.id, policy: cases.policy }).from(cases)
		]);
		// Five first responses and resolutions; next responses only where a customer wrote (B, C).
		expect(clocks).toHaveLength(12);
		for (const stored of clocks) {
			const changes = events
				.filter(
					(event) =>
						event.caseId === stored.caseId &&
						event.target === stored.target &&
						event.round === stored.round &&
						['activate', 'pause', 'resume', 'fulfill'].includes(event.kind)
				)
				.map((event) => ({ kind: event.kind as ClockChange['kind'], at: event.at }));
			const { calendar } = policies.find((row) => row.id === stored.caseId)!.policy;
			const replayed = replayClock(calendar, stored.target, stored.minutes, changes);
			expect(replayed, `${stored.caseId} ${stored.target}`).toMatchObject({
				startedAt: stored.startedAt,
				dueAt: stored.dueAt,
				pausedAt: stored.pausedAt,
				fulfilledAt: stored.fulfilledAt
			});
		}
	});

	it('computes from the raw rows (what the rollups are checked against) through the index on fulfil and breach events, whatever the filters', async () => {
		const filters = [
			{},
			{ priority: 'high' as const, teamId: billing, assigneeId: 'none', categoryId: lateDelivery }
		];
		for (const segment of filters) {
			const filter = { from: new Date('2026-03-01'), to: new Date('2026-04-01'), ...segment };
			for (const query of [settledRoundsQuery(filter), replacedRoundsQuery(filter)]) {
				const plan = await app.db.all<{ detail: string }>(sql`explain query plan ${query}`);
				const steps = plan.map((step) => step.detail);
				// The events of the period first, then everything else by key.
				expect(steps.find((step) => /^(SCAN|SEARCH) /.test(step))).toBe(
					'SEARCH e USING INDEX sla_events_settled (at>? AND at<?)'
				);
				expect(
					steps.filter(
						(step) =>
							step.startsWith('SCAN ') &&
							!/^SCAN (t|r|x|touched|facts|\(subquery-\d+\))$/.test(step)
					)
				).toEqual([]);
			}
		}
	});
});
