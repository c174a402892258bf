import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../../db/client';

const demoNow = new Date('2026-06-01T00:00:00Z');
let dir: string;
let database: DatabaseHandle;
let run: { code: number; stdout: string; stderr: string };

/** One value from the demo database. */
async function scalar(query: string, args: (string | number)[] = []): Promise<number> {
	const result = await database.client.execute({ sql: query, args });
	return Number(Object.values(result.rows[0] ?? {})[0] ?? 0);
}

beforeAll(async () => {
	dir = mkdtempSync(join(tmpdir(), 'closeloop-demo-'));
	const url = `file:${join(dir, 'demo.db')}`;
	run = await new Promise((resolve) => {
		execFile(
			'npx',
			['tsx', 'api/cli/demo.ts'],
			{
				env: {
					...process.env,
					DATABASE_URL: url,
					DEMO_NOW: '2026-06-01',
					npm_config_loglevel: 'error'
				},
				maxBuffer: 1024 * 1024
			},
			(error, stdout, stderr) => {
				const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
				resolve({ code, stdout, stderr });
			}
		);
	});
	database = openDatabase(url);
}, 120_000);

afterAll(() => {
	database?.close();
	rmSync(dir, { recursive: true, force: true });
});

describe('npm run demo: a year of complaint recovery', () => {
	it('prints the cases it made, and the figures match the database', async () => {
		expect(run.stderr).toBe('');
		expect(run.code).toBe(0);
		const line =
			/(\d+) cases over a year: (\d+) open, (\d+) resolved or closed, (\d+) SLA breaches/.exec(
				run.stdout
			);
		expect(line, run.stdout).not.toBeNull();
		const [, total, open, settled, breaches] = line!.map(Number);
		expect(total).toBe(await scalar('select count(*) from cases'));
		expect(open).toBe(
			await scalar(
				`select count(*) from cases where state in ('new', 'acknowledged', 'in_progress', 'waiting_on_customer')`
			)
		);
		expect(settled).toBe(
			await scalar(`select count(*) from cases where state in ('resolved', 'closed')`)
		);
		expect(breaches).toBe(await scalar(`select count(*) from sla_events where kind = 'breach'`));
		expect(total).toBeGreaterThan(400);
		expect(open! + settled!).toBe(total);
	});

	it('sets up SLA & routing first: a Berlin calendar, key-account and standard policies, routed categories', async () => {
		expect(
			await scalar(
				`select count(*) from business_calendars where name = 'Berlin office' and time_zone = 'Europe/Berlin'`
			)
		).toBe(1);
		const policies = await database.client.execute(
			'select name, position, is_active, calendar_id is not null as on_calendar from sla_policies order by position'
		);
		expect(
			policies.rows.map((row) => [row.name, Number(row.is_active), Number(row.on_calendar)])
		).toEqual([
			['Key accounts', 1, 1],
			['Standard', 1, 1]
		]);
		expect(
			await scalar('select count(*) from case_categories where team_id is not null')
		).toBeGreaterThanOrEqual(6);
		expect(await scalar('select count(*) from case_categories where assign_to_owner = 1')).toBe(1);
		// Each case keeps the promise of the policy that matched it: key accounts by tier, the rest standard.
		expect(
			await scalar(`
				select count(*) from cases c left join accounts a on a.id = c.account_id
				where json_extract(c.policy, '$.name') !=
					case when a.tier in ('enterprise', 'premium') then 'Key accounts' else 'Standard' end`)
		).toBe(0);
	});

	it('leaves work in the queue in every open state, some of it warned or breached', async () => {
		for (const state of ['new', 'acknowledged', 'in_progress', 'waiting_on_customer']) {
			expect(
				await scalar('select count(*) from cases where state = ?', [state]),
				state
			).toBeGreaterThan(0);
		}
		const openWithClock = (column: 'breached_at' | 'warned_at') => `
			select count(distinct c.id) from cases c join sla_clocks k on k.case_id = c.id
			where c.state not in ('resolved', 'closed') and k.fulfilled_at is null and k.${column} is not null`;
		expect(await scalar(openWithClock('breached_at'))).toBeGreaterThan(0);
		expect(await scalar(openWithClock('warned_at'))).toBeGreaterThan(0);
	});

	it('settles most cases with a resolution note and a root cause, some reopened, some closed by the tick', async () => {
		expect(await scalar(`select count(*) from cases where state = 'closed'`)).toBeGreaterThan(300);
		expect(
			await scalar(`
				select count(*) from cases c left join root_causes r on r.id = c.root_cause_id
				where c.state in ('resolved', 'closed')
					and (c.resolution_note is null or r.id is null or c.resolved_at is null)`)
		).toBe(0);
		expect(
			await scalar(`select count(*) from cases where state = 'closed' and closed_at is null`)
		).toBe(0);
		expect(await scalar('select count(*) from cases where reopen_count > 0')).toBeGreaterThan(0);
		// Closed by the customer's "yes", and by the tick when nobody answered.
		const closedBy = (actor: string) =>
			scalar(
				`select count(*) from case_events where type = 'status_changed' and json_extract(data, '$.to') = 'closed' and actor_type = ?`,
				[actor]
			);
		expect(await closedBy('customer')).toBeGreaterThan(0);
		expect(await closedBy('system')).toBeGreaterThan(0);
	});

	it('records SLA warnings, breaches and escalations', async () => {
		for (const kind of ['warn', 'breach', 'escalate', 'pause', 'resume', 'fulfill']) {
			expect(
				await scalar('select count(*) from sla_events where kind = ?', [kind]),
				kind
			).toBeGreaterThan(0);
		}
		// A breach is recorded once per case, target and round.
		expect(
			await scalar(`
				select count(*) from (select 1 from sla_events where kind = 'breach'
				group by case_id, target, round having count(*) > 1)`)
		).toBe(0);
	});

	it('begins every timeline with "created", and nothing happens after DEMO_NOW', async () => {
		expect(
			await scalar(`
				select count(*) from cases c
				where (select e.type from case_events e where e.case_id = c.id
					order by e.created_at, e.rowid limit 1) is not 'created'`)
		).toBe(0);
		const now = demoNow.getTime();
		expect(await scalar('select count(*) from case_events where created_at > ?', [now])).toBe(0);
		expect(await scalar('select count(*) from sla_events where at > ?', [now])).toBe(0);
		expect(
			await scalar('select count(*) from cases where created_at > ? or updated_at > ?', [now, now])
		).toBe(0);
	});

	it('opens exactly one case for every detractor answer', async () => {
		const detractors = await scalar('select count(*) from survey_responses where detractor = 1');
		expect(detractors).toBeGreaterThan(0);
		expect(
			await scalar(`
				select count(*) from survey_responses r
				where r.detractor = 1 and (select count(*) from cases c where c.response_id = r.id) != 1`)
		).toBe(0);
		expect(await scalar(`select count(*) from cases where source = 'survey'`)).toBe(detractors);
		expect(await scalar(`select count(*) from cases where source = 'form'`)).toBeGreaterThanOrEqual(
			150
		);
		expect(
			await scalar(
				`select count(*) from cases where source = 'staff' and created_by_id is not null`
			)
		).toBeGreaterThan(0);
		expect(
			await scalar(`select count(*) from cases where is_anonymous = 1 and contact_id is null`)
		).toBeGreaterThan(0);
	});

	it('leaves no email pending for the fake customers', async () => {
		expect(await scalar('select count(*) from outbox')).toBeGreaterThan(0);
		expect(
			await scalar(`select count(*) from outbox where status != 'sent' or sent_at is null`)
		).toBe(0);
	});
});
