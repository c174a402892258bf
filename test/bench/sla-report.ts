import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import { migrateDatabase, openDatabase } from '../../db/client';
import { createFixedClock } from '../../api/clock';
import { Config } from '../../api/config';
import { alwaysOpenCalendar } from '../../api/domain/business-calendar';
import { snapshotPolicy } from '../../api/domain/sla-policy';
import { rollUpSla } from '../../api/reports/sla-rollup';
import { slaReport, slaReportFromRawRows } from '../../api/reports/sla-report';
import { SlaReportQuery } from '../../api/reports/sla-report-schemas';
import { createLocalMailer } from '../../emails/local-mailer';

const dayMs = 86_400_000;
const minuteMs = 60_000;

/**
 * The SLA compliance report over `caseCount` cases resolved in a year (each a
 * first-response and a resolution round; about one in five of each late, its
 * breach recorded at the due time), read from its rollups next to the same
 * figures computed from the raw rows (every settled round judged in JS). The
 * rollups are built the way an upgraded installation builds them: the tick's
 * roll-up step, slice after slice; the largest event-loop stall is measured
 * while it runs and the report is read at the same time. Rows are made inside
 * SQLite (a recursive series).
 */
export async function benchSlaReport(caseCount: number) {
	const dir = mkdtempSync(join(tmpdir(), 'closeloop-bench-sla-report-'));
	const now = new Date('2026-12-01T12:00:00Z');
	const { db, close } = openDatabase(`file:${join(dir, 'sla-report.db')}`);
	try {
		await migrateDatabase(db);
		const snapshot = snapshotPolicy(null, 'normal', alwaysOpenCalendar);
		const { firstResponse, resolution } = snapshot.targets;
		const yearStart = now.getTime() - 365 * dayMs;
		const step = Math.floor((365 * dayMs - 20 * dayMs) / caseCount);
		const seedStarted = performance.now();
		// Case n opens at a spread-out time; its first reply takes 10–609 minutes (target 480) and
		// its resolution 60–9,059 (target 7,200), on an always-open calendar.
		await db.run(sql`insert into cases (id, number, state, source, priority, subject, description, policy, locale, resolved_at, closed_at, created_at, updated_at)
			with recursive series(n) as (select 1 union all select n + 1 from series where n < ${caseCount})
			select printf('case-%08d', n), 1000 + n, 'closed', 'form', 'normal', 'Bench complaint ' || n, 'Something went wrong.', ${JSON.stringify(snapshot)}, 'en',
				at + (60 + (n * 13) % 9000) * ${minuteMs}, at + (60 + (n * 13) % 9000) * ${minuteMs}, at, at
			from (select n, ${yearStart} + ((n * 7919) % ${caseCount}) * ${step} as at from series)`);
		const roundsSql = `
			select id, 'first_response' as target, ${firstResponse} as minutes, created_at as started,
				created_at + (10 + number % 600) * ${minuteMs} as fulfilled from cases
			union all
			select id, 'resolution', ${resolution}, created_at, resolved_at from cases`;
		const rounds = sql.raw(roundsSql);
		await db.run(sql`insert into sla_clocks (case_id, target, round, minutes, started_at, due_at, fulfilled_at, breached_at)
			select id, target, 1, minutes, started, started + minutes * ${minuteMs}, fulfilled,
				case when fulfilled > started + minutes * ${minuteMs} then started + minutes * ${minuteMs} end
			from (${rounds})`);
		// The events in the order the app writes them: a round's start, its breach when late, its fulfilment.
		for (const [kind, at, where] of [
			['activate', 'started', 'true'],
			['breach', `started + minutes * ${minuteMs}`, `fulfilled > started + minutes * ${minuteMs}`],
			['fulfill', 'fulfilled', 'true']
		] as const)
			await db.run(
				sql.raw(`insert into sla_events (id, case_id, target, round, kind, level, at)
					select id || ':' || target || ':${kind}', id, target, 1, '${kind}', 0, ${at} from (${roundsSql}) where ${where}`)
			);
		const [{ events }] = (await db.all<{ events: number }>(
			sql`select count(*) as events from sla_events`
		)) as [{ events: number }];
		const seedMs = performance.now() - seedStarted;
		// Fold the seed out of the write-ahead log, so the first roll-up's commit does not pay for it.
		await db.run(sql`pragma wal_checkpoint(truncate)`);

		const deps = {
			db,
			clock: createFixedClock(now),
			mailer: createLocalMailer(),
			config: Config.parse({ version: 'bench' })
		};
		const query = SlaReportQuery.parse({
			from: new Date(yearStart).toISOString().slice(0, 10),
			to: now.toISOString().slice(0, 10)
		});

		// The roll-up as the tick runs it (its slices a run), with reports read meanwhile.
		const histogram = monitorEventLoopDelay({ resolution: 10 });
		histogram.enable();
		const rollupStarted = performance.now();
		let ticks = 0;
		let reading = true;
		let reportsRead = 0;
		const reader = (async () => {
			while (reading) {
				await slaReport(deps, query);
				reportsRead++;
				await new Promise((resolve) => setTimeout(resolve, 50));
			}
		})();
		let slowestTickMs = 0;
		for (;;) {
			const started = performance.now();
			const run = await rollUpSla(deps);
			slowestTickMs = Math.max(slowestTickMs, performance.now() - started);
			ticks++;
			if (run.events === 0) break;
			// Timers and requests get their turn between runs, as between the minutes of a real tick.
			await new Promise((resolve) => setTimeout(resolve, 1));
		}
		const rollupMs = performance.now() - rollupStarted;
		reading = false;
		await reader;
		histogram.disable();

		await slaReport(deps, query); // warm
		const reads = 5;
		const reportStarted = performance.now();
		let report = await slaReport(deps, query);
		for (let i = 1; i < reads; i++) report = await slaReport(deps, query);
		const reportMs = (performance.now() - reportStarted) / reads;

		const rawStarted = performance.now();
		const raw = await slaReportFromRawRows(deps, query);
		const rawMs = performance.now() - rawStarted;
		if (report.totals.n !== raw.totals.n || report.totals.met !== raw.totals.met)
			throw new Error(
				`rollups ${report.totals.met}/${report.totals.n} met, raw rows ${raw.totals.met}/${raw.totals.n}`
			);
		return {
			cases: caseCount,
			events,
			rounds: report.totals.n,
			compliance: report.totals.share,
			seedMs,
			rollupMs,
			ticks,
			slowestTickMs,
			reportMs,
			rawMs,
			stall: {
				maxMs: histogram.max / 1e6,
				p99Ms: histogram.percentile(99) / 1e6,
				reportsRead
			}
		};
	} finally {
		close();
		rmSync(dir, { recursive: true, force: true });
	}
}
