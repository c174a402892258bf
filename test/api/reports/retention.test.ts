import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp, type TestClient } from '../../support/app';

/**
 * The retention report against a fixture worked out by hand, every account
 * created, lost and won back through the API. Read on 2 March 2026 for
 * February (1–28 Feb), so s = 1 Feb 00:00 UTC and e = 1 Mar 00:00 UTC.
 *
 * Owners Ann and Bo (Bo is in team "Field"); tiers in brackets.
 * S1  Ann [enterprise] won 2024-03-01, lost 2026-02-10            at start, lost in Feb
 * S2  Ann [enterprise] won 2024-05-01                             at start
 * S3  Ann [premium]    won 2025-01-10, lost 2026-03-01            at start; its loss falls after Feb
 * S4  Ann [premium]    won 2025-02-01                             at start
 * S5  Ann [premium]    won 2025-03-01                             at start
 * S6  Ann [standard]   won 2025-04-01                             at start
 * S7  Bo  [standard]   won 2025-05-01, lost 2026-02-01 00:00      at start (lost_at = s), lost in Feb
 * S8  Bo  [standard]   won 2025-06-01                             at start
 * S9  Bo  [standard]   won 2025-07-01                             at start
 * S10 —   [standard]   won 2025-08-01                             at start, no owner
 * W   Ann [premium]    won 2024-01-01, lost 2025-12-01, won back 2026-02-05: won in Feb
 * N   Bo  [basic]      won 2026-02-15, lost 2026-02-25            won and lost in Feb
 * X1  Ann [standard]   won 2025-06-01, lost 2026-01-15            not in February
 * X2  Bo  [standard]   won 2026-03-01                             after February
 *
 * February: 10 at start, 2 won (W, N), 3 lost (S1, S7, N; N won in Feb) → 9 at end;
 * retention (9 − 2) ÷ 10 = 70 %, net growth (2 − 3) ÷ 10 = −10 %, n = 10.
 * Ann: 6 at start, won 1, lost 1, end 6: (6 − 1) ÷ 6 = 83.3 %, net 0 %.
 * Bo: 3, won 1, lost 2, end 2: (2 − 1) ÷ 3 = 33.3 %, net −33.3 %. No owner: 1 → 1, 100 %, 0 %.
 * Enterprise 2 → 1 (50 %, −50 %); premium 3 + W → 4 ((4 − 1) ÷ 3 = 100 %, +33.3 %);
 * standard 5 − S7 → 4 (80 %, −20 %); basic 0 at start, won and lost N: no rate.
 */

let app: TestApp;
let manager: TestClient;
let ann: { userId: string };
let bo: { userId: string };
let teamId: string;
const ids: Record<string, string> = {};

async function account(
	name: string,
	owner: { userId: string } | null,
	tier: string,
	wonAt: string,
	...changes: [kind: 'lost' | 'won-back', at: string][]
) {
	const created = await manager.post('/api/accounts', {
		name,
		ownerId: owner?.userId ?? null,
		tier,
		wonAt
	});
	expect(created.status, created.text).toBe(201);
	ids[name] = created.json.account.id;
	for (const [kind, at] of changes) {
		const changed = await manager.post(`/api/accounts/${ids[name]}/${kind}`, { at });
		expect(changed.status, changed.text).toBe(200);
	}
}

beforeAll(async () => {
	app = await startTestApp({ now: new Date('2026-03-02T09:00:00Z') });
	manager = await app.signIn('manager');
	ann = await app.signIn('manager', 'ann@example.test');
	bo = await app.signIn('agent', 'bo@example.test');
	const admin = await app.signIn('admin');
	const team = await admin.post('/api/teams', { name: 'Field', memberIds: [bo.userId] });
	expect(team.status, team.text).toBe(201);
	teamId = team.json.team.id;

	await account('S1', ann, 'enterprise', '2024-03-01', ['lost', '2026-02-10']);
	await account('S2', ann, 'enterprise', '2024-05-01');
	await account('S3', ann, 'premium', '2025-01-10', ['lost', '2026-03-01']);
	await account('S4', ann, 'premium', '2025-02-01');
	await account('S5', ann, 'premium', '2025-03-01');
	await account('S6', ann, 'standard', '2025-04-01');
	await account('S7', bo, 'standard', '2025-05-01', ['lost', '2026-02-01']);
	await account('S8', bo, 'standard', '2025-06-01');
	await account('S9', bo, 'standard', '2025-07-01');
	await account('S10', null, 'standard', '2025-08-01');
	await account(
		'W',
		ann,
		'premium',
		'2024-01-01',
		['lost', '2025-12-01'],
		['won-back', '2026-02-05']
	);
	await account('N', bo, 'basic', '2026-02-15', ['lost', '2026-02-25']);
	await account('X1', ann, 'standard', '2025-06-01', ['lost', '2026-01-15']);
	await account('X2', bo, 'standard', '2026-03-01');
});
afterAll(async () => {
	await app.stop();
});

const february = 'from=2026-02-01&to=2026-02-28';

const rate = (value: number | null, n: number) =>
	value === null
		? { value: null, n: 0, note: 'No accounts at the start, so no rate.' }
		: { value: expect.closeTo(value, 6), n, note: null };

function figures(
	start: number,
	won: number,
	lost: number,
	end: number,
	retention: number | null,
	net: number | null
) {
	return { start, won, lost, end, retention: rate(retention, start), netGrowth: rate(net, start) };
}

describe('the retention report', () => {
	it('counts February as worked out by hand: 10 at start, 2 won, 3 lost, 9 at end, 70 % retained, −10 % net', async () => {
		const response = await manager.get(`/api/reports/retention?${february}`);
		expect(response.status, response.text).toBe(200);
		const report = response.json;
		expect(report).toMatchObject({ from: '2026-02-01', to: '2026-02-28', granularity: 'month' });
		expect(report.totals).toEqual(figures(10, 2, 3, 9, 70, -10));
		expect(report.periods).toEqual([
			{
				period: '2026-02-01',
				label: '2026-02',
				from: '2026-02-01',
				to: '2026-02-28',
				partial: false,
				...figures(10, 2, 3, 9, 70, -10)
			}
		]);
		const owners = report.owners.map((row: { owner: { name: string } | null }) => ({
			...row,
			owner: row.owner?.name ?? null
		}));
		expect(owners).toEqual([
			{ owner: 'Manager ' + ann.userId.slice(0, 4), ...figures(6, 1, 1, 6, (5 / 6) * 100, 0) },
			{
				owner: 'Agent ' + bo.userId.slice(0, 4),
				...figures(3, 1, 2, 2, (1 / 3) * 100, (-1 / 3) * 100)
			},
			{ owner: null, ...figures(1, 0, 0, 1, 100, 0) }
		]);
		expect(report.tiers).toEqual([
			{ tier: 'enterprise', ...figures(2, 0, 1, 1, 50, -50) },
			{ tier: 'premium', ...figures(3, 1, 0, 4, 100, (1 / 3) * 100) },
			{ tier: 'standard', ...figures(5, 0, 1, 4, 80, -20) },
			{ tier: 'basic', ...figures(0, 1, 1, 0, null, null) }
		]);
		expect(
			report.events.map(
				(e: { kind: string; at: string; account: { name: string }; tier: string }) => [
					e.kind,
					e.at.slice(0, 10),
					e.account.name,
					e.tier
				]
			)
		).toEqual([
			['lost', '2026-02-25', 'N', 'basic'],
			['won', '2026-02-15', 'N', 'basic'],
			['lost', '2026-02-10', 'S1', 'enterprise'],
			['won', '2026-02-05', 'W', 'premium'],
			['lost', '2026-02-01', 'S7', 'standard']
		]);
		expect(report.events[3]).toMatchObject({
			account: { id: ids.W, name: 'W' },
			owner: { id: ann.userId }
		});
		expect(report.eventsTotal).toBe(5);
		expect(report.options.teams).toEqual([{ id: teamId, name: 'Field' }]);
	});

	it('chains weeks, each cut to the range: a period starts with the one before’s end', async () => {
		const report = (await manager.get(`/api/reports/retention?${february}&granularity=week`)).json;
		// 1 Feb 2026 is a Sunday: the first week counts only that day, the last ends on the 28th.
		expect(
			report.periods.map((p: Record<string, unknown>) => [p.period, p.from, p.to, p.partial])
		).toEqual([
			['2026-01-26', '2026-02-01', '2026-02-01', true],
			['2026-02-02', '2026-02-02', '2026-02-08', false],
			['2026-02-09', '2026-02-09', '2026-02-15', false],
			['2026-02-16', '2026-02-16', '2026-02-22', false],
			['2026-02-23', '2026-02-23', '2026-02-28', true]
		]);
		const rows = report.periods.map(({ start, won, lost, end, retention, netGrowth }: any) => ({
			start,
			won,
			lost,
			end,
			retention,
			netGrowth
		}));
		expect(rows).toEqual([
			figures(10, 0, 1, 9, 90, -10),
			figures(9, 1, 0, 10, 100, (1 / 9) * 100),
			figures(10, 1, 1, 10, 90, 0),
			figures(10, 0, 0, 10, 100, 0),
			figures(10, 0, 1, 9, 90, -10)
		]);
		expect(report.totals).toEqual(figures(10, 2, 3, 9, 70, -10));
	});

	it('over January and February, the total runs from the start of the first period to the end of the last', async () => {
		const report = (await manager.get('/api/reports/retention?from=2026-01-01&to=2026-02-28')).json;
		// 1 Jan: S1–S10 and X1 (W was lost on 1 Dec); X1 lost in January.
		expect(
			report.periods.map((p: { label: string; start: number; end: number }) => [
				p.label,
				p.start,
				p.end
			])
		).toEqual([
			['2026-01', 11, 10],
			['2026-02', 10, 9]
		]);
		expect(report.totals).toEqual(figures(11, 2, 4, 9, (7 / 11) * 100, (-2 / 11) * 100));
	});

	it('filters by tier, owner (or none) and the owner’s team', async () => {
		const premium = (await manager.get(`/api/reports/retention?${february}&tier=premium`)).json;
		expect(premium.totals).toEqual(figures(3, 1, 0, 4, 100, (1 / 3) * 100));
		expect(premium.events.map((e: { account: { name: string } }) => e.account.name)).toEqual(['W']);

		const byBo = (await manager.get(`/api/reports/retention?${february}&ownerId=${bo.userId}`))
			.json;
		expect(byBo.totals).toEqual(figures(3, 1, 2, 2, (1 / 3) * 100, (-1 / 3) * 100));
		const field = (await manager.get(`/api/reports/retention?${february}&teamId=${teamId}`)).json;
		expect(field.totals).toEqual(byBo.totals);
		expect(field.eventsTotal).toBe(3);

		const unowned = (await manager.get(`/api/reports/retention?${february}&ownerId=none`)).json;
		expect(unowned.totals).toEqual(figures(1, 0, 0, 1, 100, 0));
		expect(unowned.events).toEqual([]);
	});

	it('says there is no rate when no account was a customer at the start', async () => {
		const report = (await manager.get('/api/reports/retention?from=2020-01-01&to=2020-12-31')).json;
		expect(report.totals).toEqual(figures(0, 0, 0, 0, null, null));
		expect(report.periods).toHaveLength(12);
		expect(report.owners).toEqual([]);
		expect(report.events).toEqual([]);
		expect(report.eventsTotal).toBe(0);
	});

	it('defaults to the last twelve months up to today, by month', async () => {
		const report = (await manager.get('/api/reports/retention')).json;
		expect(report).toMatchObject({ from: '2025-04-01', to: '2026-03-02', granularity: 'month' });
		expect(report.periods).toHaveLength(12);
		expect(report.presets.map((p: { months: number }) => p.months)).toEqual([3, 6, 12]);
		// X2 was won on 1 March: the last period (cut to today) counts it.
		expect(report.periods.at(-1)).toMatchObject({
			label: '2026-03',
			start: 9,
			won: 1,
			lost: 1,
			end: 9,
			partial: true
		});
	});

	it('exports the same figures as CSV, a row per group', async () => {
		const response = await manager.get(`/api/reports/retention.csv?${february}`);
		expect(response.status).toBe(200);
		expect(response.headers.get('content-type')).toMatch(/^text\/csv/);
		expect(response.headers.get('content-disposition')).toContain(
			'retention-2026-02-01-to-2026-02-28.csv'
		);
		const rows = Papa.parse<Record<string, string>>(response.text.replace(/^\uFEFF/, ''), {
			header: true,
			skipEmptyLines: true
		}).data;
		expect(rows.map((row) => [row.group, row.name])).toEqual([
			['all', 'All accounts'],
			['owner', 'Manager ' + ann.userId.slice(0, 4)],
			['owner', 'Agent ' + bo.userId.slice(0, 4)],
			['owner', 'No owner'],
			['tier', 'Enterprise'],
			['tier', 'Premium'],
			['tier', 'Standard'],
			['tier', 'Basic'],
			['month', '2026-02']
		]);
		expect(rows[0]).toMatchObject({
			from: '2026-02-01',
			to: '2026-02-28',
			accounts_at_start: '10',
			won: '2',
			lost: '3',
			accounts_at_end: '9',
			retention_rate: '70',
			net_growth: '-10',
			n: '10'
		});
		expect(rows[7]).toMatchObject({ accounts_at_start: '0', retention_rate: '', net_growth: '' });
	});
});

describe('who may read it, and bad input', () => {
	it('lets agents read it and refuses anonymous callers', async () => {
		const agent = await app.signIn('agent');
		expect((await agent.get(`/api/reports/retention?${february}`)).status).toBe(200);
		for (const path of ['/api/reports/retention', '/api/reports/retention.csv']) {
			const anonymous = await app.anonymous().get(path);
			expect(anonymous.status).toBe(401);
			expect(anonymous.json.error.code).toBe('unauthenticated');
		}
	});

	it('answers bad filters with 422 in the error shape', async () => {
		const cases: [string, string][] = [
			['from=2026-02-30', 'from'],
			['from=2026-03-01&to=2026-02-01', 'to'],
			['granularity=year', 'granularity'],
			['tier=gold', 'tier'],
			['ownerId=nobody', 'ownerId'],
			['teamId=nope', 'teamId'],
			['from=2000-01-01&to=2026-01-01', 'from']
		];
		for (const [query, field] of cases) {
			for (const path of ['/api/reports/retention', '/api/reports/retention.csv']) {
				const response = await manager.get(`${path}?${query}`);
				expect(response.status, `${path}?${query}`).toBe(422);
				expect(response.json.error.code).toBe('validation_failed');
				expect(typeof response.json.error.message).toBe('string');
				expect(Object.keys(response.json.error.fields), query).toEqual([field]);
			}
		}
	});
});
