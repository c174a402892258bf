import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { migrateDatabase, openDatabase } from '../../db/client';
import { slaClocks } from '../../db/schema/cases';
import { createFixedClock } from '../../api/clock';
import { Config } from '../../api/config';
import { sweepSla } from '../../api/cases/sweep-sla';
import { alwaysOpenCalendar } from '../../api/domain/business-calendar';
import { snapshotPolicy } from '../../api/domain/sla-policy';
import { createLocalMailer } from '../../emails/local-mailer';

/**
 * The SLA sweep over `openCases` open cases of which `dueCases` have a
 * deadline that has come, next to a full scan of the same clocks table (what
 * a sweep without the next-check index would have to read). Rows are made
 * inside SQLite (a recursive series), so seeding a million takes seconds.
 */
export async function benchSlaSweep(openCases: number, dueCases: number) {
	const dir = mkdtempSync(join(tmpdir(), 'closeloop-bench-sla-'));
	const now = new Date('2026-03-04T10:00:00Z');
	const { db, close } = openDatabase(`file:${join(dir, 'sla.db')}`);
	try {
		await migrateDatabase(db);
		const policy = JSON.stringify(snapshotPolicy(null, 'normal', alwaysOpenCalendar));
		const at = now.getTime();
		const seedStarted = performance.now();
		// Due cases are the first `dueCases`: their resolution deadline passed a minute ago; the rest are days away.
		await db.run(sql`insert into cases (id, number, state, source, priority, subject, description, policy, locale, created_at, updated_at, next_deadline_at)
			with recursive series(n) as (select 1 union all select n + 1 from series where n < ${openCases})
			select printf('case-%08d', n), 1000 + n, 'in_progress', 'form', 'normal', 'Bench complaint ' || n, 'Something went wrong.', ${policy}, 'en', ${at - 86_400_000}, ${at - 86_400_000},
				case when n <= ${dueCases} then ${at - 60_000} else ${at} + n * 1000 end
			from series`);
		await db.run(sql`insert into sla_clocks (case_id, target, round, minutes, started_at, warn_at, due_at, warned_at, next_check_at)
			select id, 'resolution', 1, 7200, created_at, created_at + 5400 * 60000, next_deadline_at, created_at + 5400 * 60000, next_deadline_at from cases`);
		const seedMs = performance.now() - seedStarted;

		const deps = {
			db,
			clock: createFixedClock(now),
			mailer: createLocalMailer(),
			config: Config.parse({ version: 'bench' })
		};
		const readStarted = performance.now();
		await db.all(
			sql`select case_id from sla_clocks where next_check_at is not null and next_check_at <= ${at} order by next_check_at limit ${dueCases}`
		);
		const readMs = performance.now() - readStarted;
		const sweepStarted = performance.now();
		const report = await sweepSla(deps, {
			sliceSize: 100,
			maxSlices: Math.ceil(dueCases / 100) + 1
		});
		const sweepMs = performance.now() - sweepStarted;
		if (report.breached !== dueCases) throw new Error(`breached ${report.breached} of ${dueCases}`);
		const again = performance.now();
		const idle = await sweepSla(deps);
		const idleMs = performance.now() - again;
		if (idle.checked !== 0) throw new Error('a second sweep found work');

		// The baseline last: every clock read, as a sweep without the next-check index would have to.
		// Measured after the sweep, so the million rows it brings into memory (and their garbage
		// collection) do not land on the sweep's figures, as they would not in a server.
		const scanStarted = performance.now();
		const scannedRows = (await db.select().from(slaClocks)).length;
		const scanMs = performance.now() - scanStarted;
		return { openCases, dueCases, seedMs, scanMs, scannedRows, readMs, sweepMs, idleMs };
	} finally {
		close();
		rmSync(dir, { recursive: true, force: true });
	}
}
