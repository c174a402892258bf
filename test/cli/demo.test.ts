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
}, 300_000);

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

describe('npm run demo: suggestions, themes and actions over the year', () => {
	it('prints what it made, and the figures match the database', async () => {
		const suggestionLine =
			/(\d+) suggestions \((\d+) from surveys, (\d+) from complaints, (\d+) by staff; (\d+) merged as duplicates, (\d+) untagged\) in (\d+) themes/.exec(
				run.stdout
			);
		expect(suggestionLine, run.stdout).not.toBeNull();
		const [, total, survey, complaint, staff, merged, untagged, themes] =
			suggestionLine!.map(Number);
		expect(total).toBe(await scalar('select count(*) from suggestions'));
		for (const [source, n] of [
			['survey', survey],
			['complaint', complaint],
			['staff', staff]
		] as const)
			expect(n, source).toBe(
				await scalar('select count(*) from suggestions where source = ?', [source])
			);
		expect(merged).toBe(
			await scalar('select count(*) from suggestions where merged_into_id is not null')
		);
		expect(untagged).toBe(
			await scalar(
				'select count(*) from suggestions where theme_id is null and merged_into_id is null'
			)
		);
		expect(themes).toBe(await scalar('select count(*) from suggestion_themes'));
		const actionLine =
			/(\d+) actions: (\d+) done, (\d+) in progress, (\d+) planned, (\d+) declined; (\d+) "you said, we did" notices/.exec(
				run.stdout
			);
		expect(actionLine, run.stdout).not.toBeNull();
		const [, actions, done, inProgress, planned, declined, notices] = actionLine!.map(Number);
		expect(actions).toBe(await scalar('select count(*) from actions'));
		for (const [status, n] of [
			['done', done],
			['in_progress', inProgress],
			['planned', planned],
			['declined', declined]
		] as const) {
			expect(n, status).toBe(
				await scalar('select count(*) from actions where status = ?', [status])
			);
			expect(n, status).toBeGreaterThan(0);
		}
		expect(notices).toBe(await scalar('select count(*) from action_notices'));
		expect(actions).toBeGreaterThanOrEqual(20);
		expect(total).toBeGreaterThan(500);
		expect(complaint).toBeGreaterThan(10);
		expect(staff).toBeGreaterThan(10);
	});

	it('turns every open survey answer into its suggestion, as the answer path does', async () => {
		expect(
			await scalar(`
				select count(*) from survey_responses r
				where r.comment is not null and r.comment != ''
					and (select count(*) from suggestions s
						where s.response_id = r.id and s.source = 'survey' and s.text = r.comment
							and s.contact_id = r.contact_id and s.account_id = r.account_id
							and s.created_at = r.created_at) != 1`)
		).toBe(0);
		expect(
			await scalar(`
				select count(*) from suggestions s left join survey_responses r on r.id = s.response_id
				where s.source = 'survey' and (r.id is null or r.comment is not s.text)`)
		).toBe(0);
		// Customers answer in their language: the vocabulary repeats, so duplicates are real ones.
		for (const locale of ['en', 'de', 'fr'])
			expect(
				await scalar(
					`select count(*) from suggestions s join survey_responses r on r.id = s.response_id where r.locale = ?`,
					[locale]
				),
				locale
			).toBeGreaterThan(20);
		expect(
			await scalar(
				`select count(*) from (select text from suggestions group by text having count(*) >= 5)`
			)
		).toBeGreaterThan(20);
	});

	it('takes suggestions from complaints (one per case, its customer the suggester) and from staff', async () => {
		expect(
			await scalar(`
				select count(*) from suggestions s left join cases c on c.id = s.case_id
				where s.source = 'complaint' and (c.id is null or s.created_by_id is null
					or s.contact_id is not (case when c.is_anonymous then null else c.contact_id end)
					or s.created_at < c.created_at)`)
		).toBe(0);
		expect(
			await scalar(
				`select count(*) from suggestions where source = 'staff' and (created_by_id is null or case_id is not null)`
			)
		).toBe(0);
		expect(
			await scalar(
				`select count(*) from suggestions where source = 'staff' and contact_id is not null`
			)
		).toBeGreaterThan(10);
		expect(
			await scalar(
				`select count(*) from audit_log where action = 'suggestion.created' and entity_id in (select id from suggestions where source != 'survey')`
			)
		).toBe(await scalar(`select count(*) from suggestions where source != 'survey'`));
	});

	it('tags most suggestions with one of eight themes and leaves some untagged', async () => {
		expect(await scalar('select count(*) from suggestion_themes where archived_at is null')).toBe(
			8
		);
		const primaries = await scalar('select count(*) from suggestions where merged_into_id is null');
		const tagged = await scalar(
			'select count(*) from suggestions where merged_into_id is null and theme_id is not null'
		);
		expect(tagged / primaries).toBeGreaterThan(0.65);
		expect(primaries - tagged).toBeGreaterThan(10);
		// Every theme is in use.
		expect(
			await scalar(
				'select count(*) from suggestion_themes t where not exists (select 1 from suggestions s where s.theme_id = t.id)'
			)
		).toBe(0);
	});

	it('merges duplicates into a primary: chains collapse, each keeps its suggester, links sit on the primary', async () => {
		expect(
			await scalar('select count(*) from suggestions where merged_into_id is not null')
		).toBeGreaterThan(50);
		// Every duplicate points at a suggestion that is itself not merged.
		expect(
			await scalar(`
				select count(*) from suggestions d left join suggestions p on p.id = d.merged_into_id
				where d.merged_into_id is not null and (p.id is null or p.merged_into_id is not null)`)
		).toBe(0);
		// Duplicates keep their own customer (everyone who asked hears back) and have no links of their own.
		expect(
			await scalar(
				`select count(*) from suggestions where merged_into_id is not null and source = 'survey' and contact_id is null`
			)
		).toBe(0);
		expect(
			await scalar(
				`select count(*) from action_suggestions l join suggestions s on s.id = l.suggestion_id where s.merged_into_id is not null`
			)
		).toBe(0);
		// A group merged earlier moved along when its primary was merged into another one.
		expect(
			await scalar(`
				select count(*) from audit_log a, json_each(a.detail, '$.duplicateIds') d
				join suggestions s on s.id = d.value
				where a.action = 'suggestion.merged' and s.merged_into_id != a.entity_id`)
		).toBeGreaterThan(0);
	});

	it('runs actions with owners, due dates and statuses, linked to what customers asked', async () => {
		expect(
			await scalar(`select count(*) from actions where owner_id is null or created_by_id is null`)
		).toBe(0);
		expect(await scalar('select count(*) from actions where due_on is not null')).toBeGreaterThan(
			20
		);
		expect(
			await scalar(
				`select count(*) from actions where status = 'done' and (done_at is null or done_at > ?)`,
				[demoNow.getTime()]
			)
		).toBe(0);
		expect(
			await scalar(
				`select count(*) from actions where status = 'declined' and (declined_at is null or length(decline_reason) < 10)`
			)
		).toBe(0);
		// Each action answers customers: a linked suggestion, and the duplicates merged into it.
		expect(
			await scalar(
				`select count(*) from actions a where not exists (select 1 from action_suggestions l where l.action_id = a.id)`
			)
		).toBe(0);
		const customers = await database.client.execute(`
			select count(distinct s.contact_id) as n from actions a
			join action_suggestions l on l.action_id = a.id
			join suggestions s on s.id = l.suggestion_id or s.merged_into_id = l.suggestion_id
			group by a.id order by n`);
		expect(customers.rows.length).toBe(await scalar('select count(*) from actions'));
		expect(Number(customers.rows[0]!.n)).toBeGreaterThanOrEqual(1);
		expect(Number(customers.rows[Math.floor(customers.rows.length / 2)]!.n)).toBeGreaterThanOrEqual(
			8
		);
		// Nothing links a suggestion before it was made.
		expect(
			await scalar(
				`select count(*) from action_suggestions l join suggestions s on s.id = l.suggestion_id where l.linked_at < s.created_at`
			)
		).toBe(0);
		expect(
			await scalar(`select count(*) from audit_log where action = 'action.status_changed'`)
		).toBeGreaterThan(30);
		expect(await scalar(`select count(*) from audit_log where action = 'action.updated'`)).toBe(1);
	});

	it('told every customer a done action answers, once, by a sent "you said, we did" email', async () => {
		// Every suggester a done action answers who could be written to has exactly one "done" notice.
		expect(
			await scalar(`
				select count(*) from (
					select distinct a.id as action_id, s.contact_id
					from actions a
					join action_suggestions l on l.action_id = a.id
					join suggestions s on s.id = l.suggestion_id or s.merged_into_id = l.suggestion_id
					join contacts c on c.id = s.contact_id
					where a.status = 'done' and c.unsubscribed_at is null and c.bounced_at is null) t
				where (select count(*) from action_notices n
					where n.action_id = t.action_id and n.contact_id = t.contact_id and n.outcome = 'done') != 1`)
		).toBe(0);
		expect(
			await scalar(`select count(*) from action_notices where outcome = 'done'`)
		).toBeGreaterThan(50);
		// A shared decline told its customers too; none told of one kept internal.
		expect(
			await scalar(`select count(*) from action_notices where outcome = 'declined'`)
		).toBeGreaterThan(5);
		expect(
			await scalar(`
				select count(*) from action_notices n join actions a on a.id = n.action_id
				where n.outcome = 'declined' and (a.status != 'declined'
					or not exists (select 1 from audit_log e where e.entity_id = a.id and e.action = 'action.status_changed' and json_extract(e.detail, '$.to') = 'declined'))`)
		).toBe(0);
		expect(
			await scalar(
				`select count(*) from actions a where a.status = 'declined' and not exists (select 1 from action_notices n where n.action_id = a.id)`
			)
		).toBeGreaterThan(0);
		// One email per notice, to that customer, sent, pointing at the public page.
		expect(await scalar(`select count(*) from outbox where template = 'you-said-we-did'`)).toBe(
			await scalar('select count(*) from action_notices')
		);
		expect(
			await scalar(`
				select count(*) from action_notices n
				where not exists (select 1 from outbox o where o.template = 'you-said-we-did'
					and o.contact_id = n.contact_id and o.created_at = n.created_at and o.status = 'sent')`)
		).toBe(0);
		expect(
			await scalar(
				`select count(*) from outbox where template = 'you-said-we-did' and text like '%/you-said-we-did%'`
			)
		).toBeGreaterThan(0);
		expect(await scalar(`select count(*) from domain_events where type = 'action.done'`)).toBe(
			await scalar(`select count(*) from actions where status = 'done'`)
		);
		expect(await scalar('select public_updates from organization')).toBe(1);
	});
});

describe('npm run demo: account history for retention', () => {
	it('keeps one spell per account, and the earlier one of each account won back', async () => {
		expect(
			await scalar(
				'select count(*) from accounts a where not exists (select 1 from account_spells s where s.account_id = a.id)'
			)
		).toBe(0);
		// The latest spell is the account's own win and loss; active accounts have it open, lost ones closed.
		expect(
			await scalar(`
				select count(*) from accounts a join account_spells s on s.account_id = a.id
				where s.won_at = (select max(won_at) from account_spells x where x.account_id = a.id)
					and (s.won_at != a.won_at or s.lost_at is not a.lost_at
						or (a.status = 'active') != (s.lost_at is null))`)
		).toBe(0);
		expect(
			await scalar(
				`select count(*) from account_spells s join accounts a on a.id = s.account_id where s.lost_at is null and a.status != 'active'`
			)
		).toBe(0);
		// Spells never overlap, and end after they begin.
		expect(
			await scalar(`
				select count(*) from account_spells s join account_spells t
					on t.account_id = s.account_id and t.id != s.id and t.won_at >= s.won_at
				where s.lost_at is null or t.won_at < s.lost_at`)
		).toBe(0);
		expect(
			await scalar(
				'select count(*) from account_spells where lost_at is not null and lost_at < won_at'
			)
		).toBe(0);
		// Won back: an earlier spell closed within the year, and the audit entry winning back writes.
		const wonBack = await database.client.execute(`
			select s.won_at as won, s.lost_at as lost, a.won_at as back,
				json_extract(e.detail, '$.previousWonAt') as previous, json_extract(e.detail, '$.lostAt') as lost_iso,
				json_extract(e.detail, '$.wonAt') as back_iso
			from account_spells s join accounts a on a.id = s.account_id
			left join audit_log e on e.entity_id = a.id and e.action = 'account.won_back'
			where s.won_at < a.won_at`);
		expect(wonBack.rows.length).toBeGreaterThanOrEqual(3);
		const yearAgo = demoNow.getTime() - 365 * 86_400_000;
		for (const row of wonBack.rows) {
			expect(new Date(String(row.previous)).getTime()).toBe(Number(row.won));
			expect(new Date(String(row.lost_iso)).getTime()).toBe(Number(row.lost));
			expect(new Date(String(row.back_iso)).getTime()).toBe(Number(row.back));
			expect(Number(row.lost)).toBeGreaterThan(yearAgo);
			expect(Number(row.back)).toBeGreaterThan(Number(row.lost));
		}
		expect(await scalar(`select count(*) from audit_log where action = 'account.won_back'`)).toBe(
			wonBack.rows.length
		);
	});

	it('wins and loses accounts over the whole year, month by month', async () => {
		const months = await database.client.execute({
			sql: `
				with recursive month(n, start, end) as (
					select 1, ?, ? union all
					select n + 1, end, end + (end - start) from month where n < 12)
				select n,
					(select count(*) from account_spells where won_at >= start and won_at < end) as won,
					(select count(*) from account_spells where lost_at >= start and lost_at < end) as lost
				from month`,
			args: [demoNow.getTime() - 360 * 86_400_000, demoNow.getTime() - 330 * 86_400_000]
		});
		const won = months.rows.map((row) => Number(row.won));
		const lost = months.rows.map((row) => Number(row.lost));
		expect(won.filter((n) => n > 0).length, `won ${won}`).toBeGreaterThanOrEqual(10);
		expect(lost.filter((n) => n > 0).length, `lost ${lost}`).toBeGreaterThanOrEqual(10);
		// A believable year: a few losses a month at most, more won than lost.
		expect(Math.max(...lost)).toBeLessThanOrEqual(6);
		expect(won.reduce((a, b) => a + b, 0)).toBeGreaterThan(lost.reduce((a, b) => a + b, 0));
	});
});

describe('npm run demo: the reports have the year at once', () => {
	it('builds the satisfaction rollups for every month and week of the year', async () => {
		expect(
			await scalar(
				`select count(*) from rollup_state where name = 'satisfaction' and refreshed_at = ?`,
				[demoNow.getTime()]
			)
		).toBe(1);
		for (let back = 1; back <= 12; back++) {
			const start = Date.UTC(2026, 5 - back, 1);
			expect(
				await scalar(
					`select sum(responses) from satisfaction_rollups where granularity = 'month' and period_start = ?`,
					[start]
				),
				new Date(start).toISOString()
			).toBe(
				await scalar(
					`select count(*) from survey_responses where created_at >= ? and created_at < ?`,
					[start, Date.UTC(2026, 6 - back, 1)]
				)
			);
		}
		expect(
			await scalar(
				`select count(distinct period_start) from satisfaction_rollups where granularity = 'week' and responses > 0`
			)
		).toBeGreaterThan(30);
	});
});
