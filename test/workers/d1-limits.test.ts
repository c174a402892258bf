import type { D1Database, D1PreparedStatement } from '@cloudflare/workers-types';
import { env } from 'cloudflare:workers';
import { count, eq } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/d1';
import { describe, expect, it } from 'vitest';
import type { Database } from '../../db/database';
import { outbox } from '../../db/schema/outbox';
import { slaEvents } from '../../db/schema/cases';
import { surveyInvitations } from '../../db/schema/surveys';
import { createFixedClock } from '../../api/clock';
import type { Deps } from '../../api/deps';
import { runTick } from '../../api/tick';
import { createWorkerDeps, workerHost, type WorkerEnv } from '../../api/worker';
import { fireCron } from './cron';
import { seedAccount, seedContacts, seedSurvey } from '../api/survey-scheduler/fixtures';

/**
 * D1's limits, inside workerd: at most 100 bound parameters per statement
 * (local D1 refuses more, so every test on this host checks it), at most 1,000
 * queries per Worker invocation, and no interactive transactions (the stores
 * write with `batch`, which D1 runs atomically). And the cron's guarantees
 * when a run is late, skipped or overlaps another.
 */

/** Counts the statements D1 runs, alone or in a batch, and the most parameters any was bound with. */
function countingD1(inner: D1Database) {
	const seen = { queries: 0, mostParameters: 0 };
	const statement = (prepared: D1PreparedStatement): D1PreparedStatement =>
		new Proxy(prepared, {
			get(target, property) {
				if (property === 'bind')
					return (...values: unknown[]) => {
						seen.mostParameters = Math.max(seen.mostParameters, values.length);
						return statement(target.bind(...values));
					};
				const value = Reflect.get(target, property, target);
				if (typeof value !== 'function') return value;
				if (['run', 'all', 'first', 'raw'].includes(String(property))) seen.queries++;
				return value.bind(target);
			}
		});
	const d1 = new Proxy(inner, {
		get(target, property) {
			if (property === 'prepare') return (query: string) => statement(target.prepare(query));
			if (property === 'batch')
				return (statements: D1PreparedStatement[]) => {
					seen.queries += statements.length;
					return target.batch(statements);
				};
			if (property === 'exec') throw new Error('exec is not used: it cannot bind parameters.');
			const value = Reflect.get(target, property, target);
			return typeof value === 'function' ? value.bind(target) : value;
		}
	});
	return {
		seen,
		db: drizzle(d1) as unknown as Database,
		reset() {
			seen.queries = 0;
			seen.mostParameters = 0;
		}
	};
}

const hour = 3_600_000;

describe('D1 limits', () => {
	it('plans and sends 10,000 due invitations in ticks of well under 1,000 queries each, each once', async () => {
		// Tuesday 10:00 UTC, inside the default send window for contacts in UTC.
		const now = new Date('2026-03-03T10:00:00Z');
		const seedDb = workerHost(env).deps.db;
		const account = await seedAccount(seedDb, now);
		await seedContacts(
			seedDb,
			now,
			account,
			Array.from({ length: 10_000 }, () => ({ timeZone: 'UTC' }))
		);
		await seedSurvey(seedDb, now, {
			activatedAt: new Date(now.getTime() - hour),
			reminderAfterDays: 3
		});

		const counting = countingD1(env.DB);
		const deps: Deps = { ...createWorkerDeps(env), db: counting.db, clock: createFixedClock(now) };
		const perTick: number[] = [];
		let sent = 0;
		for (let tick = 0; tick < 40 && sent < 10_000; tick++) {
			counting.reset();
			const report = await runTick(deps);
			perTick.push(counting.seen.queries);
			expect(counting.seen.mostParameters).toBeLessThanOrEqual(100);
			sent += report.emails.sent;
			deps.clock = createFixedClock(new Date(now.getTime() + (tick + 1) * 60_000));
		}
		expect(sent).toBe(10_000);
		expect(Math.max(...perTick)).toBeLessThan(500);
		const [invitations] = await seedDb.select({ n: count() }).from(surveyInvitations);
		const [emails] = await seedDb
			.select({ n: count() })
			.from(outbox)
			.where(eq(outbox.status, 'sent'));
		expect([invitations?.n, emails?.n]).toEqual([10_000, 10_000]);
		// Work left over goes to the next runs: more than one tick did it.
		expect(perTick.length).toBeGreaterThan(1);

		// Three days on, 10,000 reminders are due at once, and a second survey examines all 10,000
		// contacts (skipping them: they were surveyed three days ago).
		await seedSurvey(seedDb, now, { activatedAt: new Date(now.getTime() - hour), cadenceDays: 1 });
		const later = now.getTime() + 3 * 24 * hour;
		const busy: number[] = [];
		let reminded = 0;
		for (let tick = 0; tick < 40 && reminded < 10_000; tick++) {
			deps.clock = createFixedClock(new Date(later + tick * 60_000));
			counting.reset();
			const report = await runTick(deps);
			busy.push(counting.seen.queries);
			reminded += report.reminders.reminded;
		}
		expect(reminded).toBe(10_000);
		expect(Math.max(...busy)).toBeLessThan(500);
	}, 120_000);
});

describe('the cron', () => {
	/** A Worker env with clock control, so the test can make a run late; the scheduled handler reads it. */
	const clocked = { ...env, CLOSELOOP_ENV: 'test', CLOSELOOP_CLOCK_CONTROL: '1' } as WorkerEnv;

	it('late, skipped and overlapping runs warn and breach each promise once and send each email once', async () => {
		const clock = workerHost(clocked).deps.clock as ReturnType<typeof createFixedClock>;
		clock.freeze(true);
		clock.set(new Date('2026-03-03T10:00:00Z'));
		const filed = await workerHost(clocked).app.fetch(
			new Request('https://closeloop.example.com/api/public/complaints', {
				method: 'POST',
				headers: { 'content-type': 'application/json', 'cf-connecting-ip': '203.0.113.9' },
				body: JSON.stringify({
					name: 'Rafa',
					email: 'rafa@example.test',
					subject: 'Wrong size',
					description: 'The shoes came two sizes too small.'
				})
			}),
			clocked
		);
		expect(filed.status).toBe(201);
		await fireCron(clocked, 2);
		const receipts = await workerHost(clocked)
			.deps.db.select()
			.from(outbox)
			.where(eq(outbox.toAddress, 'rafa@example.test'));
		expect(receipts.map((email) => [email.template, email.status])).toEqual([
			['case-received', 'sent']
		]);

		// The cron is down for three weeks, then comes back with two runs at once, then one more.
		clock.advance(21 * 24 * hour);
		await fireCron(clocked, 2);
		await fireCron(clocked, 1);
		const events = await workerHost(clocked).deps.db.select().from(slaEvents);
		const once = (kind: string) =>
			events
				.filter((event) => event.kind === kind)
				.map((event) => `${event.target} ${event.round}`);
		expect(once('breach').sort()).toEqual(['first_response 1', 'resolution 1']);
		expect(new Set(once('warn')).size).toBe(once('warn').length);
		const emails = await workerHost(clocked).deps.db.select().from(outbox);
		const keys = emails.map((email) => `${email.template} ${email.toAddress} ${email.subject}`);
		expect(new Set(keys).size).toBe(keys.length);
		expect(emails.every((email) => email.status === 'sent')).toBe(true);
	});
});
