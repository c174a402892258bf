import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import { migrateDatabase, openDatabase } from '../../db/client';
import { surveyInvitations } from '../../db/schema/surveys';
import { createApp } from '../../api/app';
import { createFixedClock } from '../../api/clock';
import { Config } from '../../api/config';
import { defaultDefinition } from '../../api/domain/survey-definition';
import { periodStart } from '../../api/domain/report-periods';
import { rebuildRollups, refreshRollups } from '../../api/reports/refresh-rollups';
import { satisfactionReport } from '../../api/reports/satisfaction-report';
import { hashToken } from '../../api/tokens';
import { createLocalMailer } from '../../emails/local-mailer';

const dayMs = 86_400_000;

/**
 * The satisfaction trend over `responses` answers in a year (four NPS surveys,
 * 200,000 contacts in 10,000 accounts, answers spread over the year), read from
 * the rollups next to the same figures computed from the raw rows; and the
 * largest event-loop stall while answers arrive through the real app, reports
 * are read and the tick refreshes the rollups, all at once. Rows are made inside
 * SQLite (a recursive series), so seeding millions takes a minute, not an hour.
 */
export async function benchReports(responses: number, stallSeconds: number) {
	const dir = mkdtempSync(join(tmpdir(), 'closeloop-bench-reports-'));
	const now = new Date('2026-12-01T12:00:00Z');
	const { db, close } = openDatabase(`file:${join(dir, 'reports.db')}`);
	try {
		await migrateDatabase(db);
		const yearStart = now.getTime() - 365 * dayMs;
		const seedStarted = performance.now();
		const definition = JSON.stringify(defaultDefinition('nps'));
		await db.run(sql`insert into surveys (id, name, kind, status, definition, audience, send_window, detractor_threshold, activated_at, created_at, updated_at)
			with recursive series(n) as (select 0 union all select n + 1 from series where n < 3)
			select 's' || n, 'Bench NPS ' || n, 'nps', 'active', ${definition}, '{"tiers":[],"ownerIds":[],"accountStatuses":[],"tags":[]}', '{"days":[1,2,3,4,5,6,7],"startHour":0,"endHour":24}', 6, ${yearStart}, ${yearStart}, ${yearStart} from series`);
		await db.run(sql`insert into accounts (id, name, tier, won_at, created_at, updated_at)
			with recursive series(n) as (select 0 union all select n + 1 from series where n < 9999)
			select 'a' || n, 'Account ' || n, case n % 4 when 0 then 'basic' when 1 then 'standard' when 2 then 'premium' else 'enterprise' end, ${yearStart}, ${yearStart}, ${yearStart} from series`);
		await db.run(sql`insert into contacts (id, account_id, email, name, created_at, updated_at)
			with recursive series(n) as (select 0 union all select n + 1 from series where n < 199999)
			select 'c' || n, 'a' || (n % 10000), 'c' || n || '@example.test', 'Contact ' || n, ${yearStart}, ${yearStart} from series`);
		const span = 365 * dayMs - 2 * 3_600_000;
		await db.run(sql`insert into survey_invitations (id, survey_id, contact_id, cycle, token_hash, locale, created_at, responded_at)
			with recursive series(n) as (select 0 union all select n + 1 from series where n < ${responses - 1})
			select 'i' || n, 's' || (n % 4), 'c' || (n % 200000), n / 200000, 't' || n, 'en', ${yearStart} + (n * 7919 % ${responses}) * (${span} / ${responses}), ${yearStart} + (n * 7919 % ${responses}) * (${span} / ${responses}) + 3600000 from series`);
		await db.run(sql`insert into survey_responses (id, invitation_id, survey_id, contact_id, account_id, score, answers, locale, detractor, created_at, updated_at, editable_until)
			select 'r' || substr(id, 2), id, survey_id, contact_id, 'a' || (cast(substr(contact_id, 2) as integer) % 10000), abs(random()) % 11, '{}', 'en', 0, responded_at, responded_at, responded_at + 604800000 from survey_invitations`);
		await db.run(sql`update survey_responses set detractor = score <= 6`);
		const seedMs = performance.now() - seedStarted;

		const deps = {
			db,
			clock: createFixedClock(now),
			mailer: createLocalMailer(),
			config: Config.parse({ version: 'bench' })
		};
		const rollupStarted = performance.now();
		const periods = await rebuildRollups(deps);
		const rollupMs = performance.now() - rollupStarted;
		// Seeding and the rebuild leave gigabytes in the write-ahead log; fold them in now, or the
		// first commit of the stall run below would (SQLite checkpoints on commit) and measure that.
		await db.run(sql`pragma wal_checkpoint(truncate)`);

		// The baseline: the same monthly figures from the raw rows (latest answer per contact and survey).
		const from = periodStart('month', new Date(yearStart));
		const rawStarted = performance.now();
		const raw = await db.all<{ month: string; n: number }>(sql`
			select month, count(*) as n, sum(score >= 9) as promoters, sum(score <= 6) as detractors from (
				select strftime('%Y-%m', created_at / 1000, 'unixepoch') as month, score,
					row_number() over (partition by contact_id, survey_id, strftime('%Y-%m', created_at / 1000, 'unixepoch') order by created_at desc, id desc) as rank
				from survey_responses where created_at >= ${from.getTime()}
			) where rank = 1 group by month order by month`);
		const rawMs = performance.now() - rawStarted;

		const filter = {
			granularity: 'month' as const,
			kind: 'nps' as const,
			from,
			to: new Date(now.getTime() + 1)
		};
		await satisfactionReport(db, filter); // warm
		const reads = 20;
		const reportStarted = performance.now();
		let report = await satisfactionReport(db, filter);
		for (let i = 1; i < reads; i++) report = await satisfactionReport(db, filter);
		const reportMs = (performance.now() - reportStarted) / reads;
		const rolledUp = report.periods.reduce((sum, period) => sum + period.summary.n, 0);
		const direct = raw.reduce((sum, row) => sum + Number(row.n), 0);
		if (rolledUp !== direct)
			throw new Error(`rollups count ${rolledUp} answers, the raw rows ${direct}`);

		// Stall: answers arriving through the real app, reports read, and the tick's refresh, at once.
		const extra = 5000;
		for (let n = 0; n < extra; n += 1000) {
			const rows = Array.from({ length: Math.min(1000, extra - n) }, (_, k) => ({
				id: `x${n + k}`,
				surveyId: `s${(n + k) % 4}`,
				contactId: `c${(n + k) % 200000}`,
				cycle: 1000 + n + k,
				tokenHash: hashToken(reportToken(n + k)),
				locale: 'en',
				createdAt: new Date(now.getTime() - 3_600_000)
			}));
			const statements = [];
			for (let i = 0; i < rows.length; i += 10)
				statements.push(db.insert(surveyInvitations).values(rows.slice(i, i + 10)));
			await db.batch(statements as [(typeof statements)[number], ...(typeof statements)[number][]]);
		}
		const app = createApp(deps);
		const histogram = monitorEventLoopDelay({ resolution: 10 });
		histogram.enable();
		const deadline = performance.now() + stallSeconds * 1000;
		let answered = 0;
		let reportsRead = 0;
		let refreshes = 0;
		const refreshMs: number[] = [];
		const answering = (async () => {
			while (performance.now() < deadline && answered < extra) {
				const response = await app.request(
					`http://bench/api/public/invitations/${reportToken(answered)}/response`,
					{
						method: 'POST',
						headers: { 'content-type': 'application/json' },
						body: JSON.stringify({ score: answered % 11 })
					}
				);
				if (response.status !== 200)
					throw new Error(`answer ${answered}: ${response.status} ${await response.text()}`);
				answered++;
				// In process there is no socket to wait on: give timers their turn, as a server's I/O would.
				await new Promise((resolve) => setImmediate(resolve));
			}
		})();
		const manager = await signIn(app);
		const reading = (async () => {
			while (performance.now() < deadline) {
				const response = await app.request(
					'http://bench/api/reports/satisfaction?granularity=week',
					{ headers: { cookie: manager } }
				);
				if (response.status !== 200) throw new Error(`report: ${response.status}`);
				await response.arrayBuffer();
				reportsRead++;
				await new Promise((resolve) => setTimeout(resolve, 50));
			}
		})();
		const ticking = (async () => {
			while (performance.now() < deadline) {
				await new Promise((resolve) => setTimeout(resolve, 1000));
				deps.clock.advance(60_000);
				const started = performance.now();
				await refreshRollups(deps);
				refreshMs.push(performance.now() - started);
				refreshes++;
			}
		})();
		await Promise.all([answering, reading, ticking]);
		histogram.disable();
		return {
			responses,
			seedMs,
			periods,
			rollupMs,
			rawMs,
			reportMs,
			stall: {
				refreshMaxMs: Math.max(0, ...refreshMs),
				maxMs: histogram.max / 1e6,
				p99Ms: histogram.percentile(99) / 1e6,
				answered,
				reportsRead,
				refreshes,
				seconds: stallSeconds
			}
		};
	} finally {
		close();
		rmSync(dir, { recursive: true, force: true });
	}
}

/** The bench's manager: the first admin, set up through the API. */
async function signIn(app: ReturnType<typeof createApp>): Promise<string> {
	const setup = await app.request('http://bench/api/auth/setup', {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({
			email: 'bench@example.test',
			name: 'Bench',
			password: 'bench password 1'
		})
	});
	if (!setup.ok) throw new Error(`setup failed: ${setup.status} ${await setup.text()}`);
	return setup.headers.getSetCookie()[0]!.split(';')[0]!;
}

/** The link token of the stall run's n-th invitation. */
const reportToken = (n: number) => `bench-report-${String(n).padStart(8, '0')}`;
