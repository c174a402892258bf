import { asc, eq } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/libsql';
import { afterEach, describe, expect, it } from 'vitest';
import { migrateDatabase, openDatabase } from '../../../db/client';
import type { Database } from '../../../db/database';
import { outbox } from '../../../db/schema/outbox';
import type { Mailer } from '../../../emails/mailer';
import { createResendMailer } from '../../../emails/resend-mailer';
import type { Deps } from '../../../api/deps';
import { claimNewBatch, insertOutboxEmail } from '../../../api/outbox/store';
import { sendOutbox } from '../../../api/outbox/send-outbox';
import { onNodeHostOnly, startTestApp, type TestApp } from '../../support/app';
import { startFakeResend, type FakeResend } from '../../support/fake-resend';

const minute = 60_000;
let app: TestApp | undefined;
let fake: FakeResend | undefined;
const closers: (() => void)[] = [];

afterEach(async () => {
	for (const close of closers.splice(0)) close();
	await app?.stop();
	await fake?.stop();
	app = undefined;
	fake = undefined;
});

/** The real app with the Resend mailer pointed at the fake, in batches of `maxBatch`. */
async function startWithFakeResend(options: { maxBatch?: number; latencyMs?: number } = {}) {
	fake = await startFakeResend({ latencyMs: options.latencyMs });
	const resend = createResendMailer({ apiKey: fake.apiKey, baseUrl: fake.url, timeoutMs: 250 });
	app = await startTestApp({ mailer: { ...resend, maxBatch: options.maxBatch ?? resend.maxBatch } });
	return { app, fake };
}

async function queueEmails(target: TestApp, count: number, to = (index: number) => `customer${index}@example.test`) {
	const now = target.clock.now();
	const inserts = Array.from({ length: count }, (_, index) =>
		insertOutboxEmail(target.db, {
			template: 'staff-welcome',
			to: to(index),
			from: 'Acme <support@acme.test>',
			email: { subject: `Message ${index}`, html: `<p>Message ${index}</p>`, text: `Message ${index}`, headers: { 'X-Entity-Ref-ID': `ref-${index}` } },
			now
		})
	);
	const [first, ...rest] = inserts;
	if (first) await target.db.batch([first, ...rest]);
}

const allRows = (target: TestApp) => target.db.select().from(outbox).orderBy(asc(outbox.createdAt), asc(outbox.id));

const recordSleeps = () => {
	const sleeps: number[] = [];
	return { sleeps, sleep: async (ms: number) => void sleeps.push(ms) };
};

/** Runs ticks, stepping the clock an hour between them, until nothing is pending. */
async function tickUntilSettled(deps: Deps, target: TestApp, sleep: (ms: number) => Promise<void>, maxTicks = 60) {
	for (let tick = 0; tick < maxTicks; tick++) {
		await sendOutbox(deps, { sleep });
		const pending = (await allRows(target)).filter((row) => row.status === 'pending');
		if (pending.length === 0) return tick + 1;
		target.clock.advance(60 * minute);
	}
	throw new Error(`still pending after ${maxTicks} ticks`);
}

describe('sending the outbox', () => {
	it('keeps mail in the local mailbox when there is no API key', async () => {
		app = await startTestApp();
		await queueEmails(app, 3);
		const { sleeps, sleep } = recordSleeps();
		expect(await sendOutbox(app.deps, { sleep })).toEqual({ sent: 3, failed: 0, retried: 0 });
		const rows = await allRows(app);
		expect(rows.map((row) => [row.status, row.providerId, row.attempts, row.sentAt?.toISOString()])).toEqual(
			rows.map(() => ['sent', 'local', 1, '2026-03-02T09:00:00.000Z'])
		);
		expect(sleeps).toEqual([]);
	});

	it('cuts a private token out of the stored copy once the provider has the email, and keeps it in the local mailbox', async () => {
		const withToken = async (target: TestApp) => {
			await queueEmails(target, 1);
			const [row] = await allRows(target);
			const link = (token: string) => `https://acme.test/s/${token}/9`;
			await target.db
				.update(outbox)
				.set({ secret: 'tok3n', html: `<a href="${link('tok3n')}">9</a>`, text: link('tok3n'), headers: { 'List-Unsubscribe': `<${link('tok3n')}>` } })
				.where(eq(outbox.id, row!.id));
			return link;
		};
		const { app: sent, fake } = await startWithFakeResend();
		const link = await withToken(sent);
		await sendOutbox(sent.deps, recordSleeps());
		expect(fake.delivered[0]).toMatchObject({ html: `<a href="${link('tok3n')}">9</a>`, text: link('tok3n') });
		const [stored] = await allRows(sent);
		expect(stored).toMatchObject({ status: 'sent', secret: null, html: `<a href="${link('…')}">9</a>`, text: link('…'), headers: { 'List-Unsubscribe': `<${link('…')}>` } });

		const local = await startTestApp();
		closers.push(() => void local.stop());
		await withToken(local);
		await sendOutbox(local.deps, recordSleeps());
		const [kept] = await allRows(local);
		expect(kept).toMatchObject({ status: 'sent', providerId: 'local', secret: 'tok3n', text: link('tok3n') });
	});

	it('sends in provider batches of at most 100, keyed by their leader, 500 ms apart', async () => {
		const { app, fake } = await startWithFakeResend();
		await queueEmails(app, 250);
		const { sleeps, sleep } = recordSleeps();
		expect(await sendOutbox(app.deps, { sleep })).toEqual({ sent: 250, failed: 0, retried: 0 });

		expect(fake.requests.map((request) => request.emails)).toEqual([100, 100, 50]);
		expect(sleeps).toEqual([500, 500]);
		const rows = await allRows(app);
		const leaders = [rows[0]!.id, rows[100]!.id, rows[200]!.id];
		expect(fake.requests.map((request) => request.idempotencyKey)).toEqual(leaders);
		expect(rows.map((row) => row.batchId)).toEqual(rows.map((_, index) => leaders[Math.floor(index / 100)]));
		const delivered = new Map(fake.delivered.map((email) => [email.outboxId, email]));
		for (const row of rows) {
			expect(row).toMatchObject({ status: 'sent', attempts: 1, claimedUntil: null, lastError: null });
			expect(row.providerId).toBe(delivered.get(row.id)!.id);
			expect(delivered.get(row.id)!.headers['X-Entity-Ref-ID']).toBe(row.headers!['X-Entity-Ref-ID']);
		}
	});

	it('binds at most 100 parameters per statement, as D1 requires, even for full batches', onNodeHostOnly, async () => {
		const { app } = await startWithFakeResend();
		await queueEmails(app, 250);
		// Count what reaches the driver, single statements and batches alike.
		let mostParameters = 0;
		const record = (statement: unknown) => {
			const args = typeof statement === 'object' && statement && 'args' in statement ? (statement.args as unknown[]) : [];
			mostParameters = Math.max(mostParameters, Object.keys(args ?? []).length);
		};
		const client = app.client!;
		const counting = new Proxy(client, {
			get(target, property) {
				if (property === 'execute') return (statement: unknown) => (record(statement), target.execute(statement as never));
				if (property === 'batch') return (statements: unknown[], mode?: never) => (statements.forEach(record), target.batch(statements as never, mode));
				const value = Reflect.get(target, property, target);
				return typeof value === 'function' ? value.bind(target) : value;
			}
		});
		const logged = drizzle(counting) as unknown as Database;
		fake!.failNext({ status: 500 });
		await sendOutbox({ ...app.deps, db: logged }, { sleep: async () => {} });
		app.clock.advance(minute);
		expect((await sendOutbox({ ...app.deps, db: logged }, { sleep: async () => {} })).sent).toBe(250);
		expect(mostParameters).toBeGreaterThan(20);
		expect(mostParameters).toBeLessThanOrEqual(100);
	});

	it('bounds the work of one tick to ten provider calls', async () => {
		const { app, fake } = await startWithFakeResend({ maxBatch: 1 });
		await queueEmails(app, 12);
		expect((await sendOutbox(app.deps, { sleep: async () => {} })).sent).toBe(10);
		expect((await sendOutbox(app.deps, { sleep: async () => {} })).sent).toBe(2);
		expect(fake.delivered).toHaveLength(12);
	});

	it('delivers every row exactly once through outages, rate limits, hangs and lost answers', async () => {
		const { app, fake } = await startWithFakeResend({ maxBatch: 5 });
		await queueEmails(app, 23);
		fake.failNext({ status: 500 });
		const { sleep } = recordSleeps();

		await sendOutbox(app.deps, { sleep });
		expect(fake.delivered).toHaveLength(0);
		app.clock.advance(minute);
		fake.failNext({ hang: 'after-delivery' });
		await sendOutbox(app.deps, { sleep });
		expect(fake.delivered).toHaveLength(5);
		app.clock.advance(2 * minute);
		// More mail arrives while the provider keeps misbehaving.
		await queueEmails(app, 4, (index) => `late${index}@example.test`);
		for (const fault of [{ status: 429, retryAfterSeconds: 90 }, { hang: 'before-delivery' }, { status: 503 }, { hang: 'after-delivery' }, { status: 500 }, { hang: 'after-delivery' }] as const) {
			fake.failNext(fault);
		}
		const ticks = await tickUntilSettled(app.deps, app, sleep);

		const rows = await allRows(app);
		expect(rows).toHaveLength(27);
		expect(rows.every((row) => row.status === 'sent')).toBe(true);
		const deliveries = fake.deliveriesByOutboxId();
		expect(deliveries.size).toBe(27);
		expect([...deliveries.values()].every((count) => count === 1)).toBe(true);
		const providerIds = new Map(fake.delivered.map((email) => [email.outboxId, email.id]));
		expect(rows.every((row) => row.providerId === providerIds.get(row.id))).toBe(true);
		expect(fake.requests.some((request) => request.replayed)).toBe(true);
		expect(fake.requests.filter((request) => request.outcome === 409)).toEqual([]);
		const retried = rows.filter((row) => row.attempts > 1);
		expect(retried.length).toBeGreaterThan(0);
		expect(retried.every((row) => row.lastError !== null)).toBe(true);
		expect(ticks).toBeGreaterThan(3);
	});

	it('never sends a row twice when two senders race over the same rows', onNodeHostOnly, async () => {
		const { app, fake } = await startWithFakeResend({ maxBatch: 4, latencyMs: 15 });
		await queueEmails(app, 60);
		// A second handle on the same file, as a second host process would open it.
		const [main] = (await app.client!.execute('PRAGMA database_list')).rows as unknown as { file: string }[];
		const other = openDatabase(`file:${main!.file}`);
		closers.push(other.close);
		await migrateDatabase(other.db);
		const otherDeps: Deps = { ...app.deps, db: other.db };

		const totals = { first: 0, second: 0 };
		for (let round = 0; round < 5; round++) {
			const [first, second] = await Promise.all([
				sendOutbox(app.deps, { sleep: async () => {} }),
				sendOutbox(otherDeps, { sleep: async () => {} })
			]);
			totals.first += first.sent;
			totals.second += second.sent;
		}
		expect(totals.first + totals.second).toBe(60);
		expect(totals.first).toBeGreaterThan(0);
		expect(totals.second).toBeGreaterThan(0);
		expect([...fake.deliveriesByOutboxId().values()]).toEqual(Array(60).fill(1));
		const keys = fake.requests.map((request) => request.idempotencyKey);
		expect(new Set(keys).size).toBe(keys.length);
		expect((await allRows(app)).every((row) => row.status === 'sent' && row.attempts === 1)).toBe(true);
	});

	it('ends with exactly one delivery when the answer to a delivered batch is lost', async () => {
		const { app, fake } = await startWithFakeResend();
		await queueEmails(app, 3);
		fake.failNext({ hang: 'after-delivery' });
		expect(await sendOutbox(app.deps, { sleep: async () => {} })).toEqual({ sent: 0, failed: 0, retried: 3 });
		let rows = await allRows(app);
		expect(rows.map((row) => [row.status, row.attempts, row.lastError])).toEqual(
			rows.map(() => ['pending', 1, 'Resend did not answer within 0.25 s.'])
		);
		expect(rows[0]!.nextAttemptAt.toISOString()).toBe('2026-03-02T09:01:00.000Z');
		expect(fake.delivered).toHaveLength(3);

		expect(await sendOutbox(app.deps, { sleep: async () => {} })).toEqual({ sent: 0, failed: 0, retried: 0 });
		// Newer mail must not join the repeated batch: that would change its payload.
		app.clock.advance(minute);
		await queueEmails(app, 2, (index) => `later${index}@example.test`);
		expect(await sendOutbox(app.deps, { sleep: async () => {} })).toEqual({ sent: 5, failed: 0, retried: 0 });
		rows = await allRows(app);
		expect(fake.delivered).toHaveLength(5);
		expect(fake.requests.map((request) => [request.idempotencyKey, request.emails, request.outcome, request.replayed])).toEqual([
			[rows[0]!.id, 3, 'hung', false],
			[rows[0]!.id, 3, 200, true],
			[rows[3]!.id, 2, 200, false]
		]);
		expect(rows.map((row) => [row.status, row.attempts, row.providerId])).toEqual(
			fake.delivered.map((email, index) => ['sent', index < 3 ? 2 : 1, email.id])
		);
	});

	it('marks a batch failed at once, with the message, when the provider refuses it as invalid', async () => {
		const { app, fake } = await startWithFakeResend();
		await queueEmails(app, 2);
		fake.failNext({ status: 422, message: 'Invalid `from` field.' });
		expect(await sendOutbox(app.deps, { sleep: async () => {} })).toEqual({ sent: 0, failed: 2, retried: 0 });
		app.clock.advance(24 * 60 * minute);
		expect(await sendOutbox(app.deps, { sleep: async () => {} })).toEqual({ sent: 0, failed: 0, retried: 0 });
		expect((await allRows(app)).map((row) => [row.status, row.attempts, row.lastError, row.claimedUntil])).toEqual([
			['failed', 1, 'Resend answered 422 (validation_error): Invalid `from` field.', null],
			['failed', 1, 'Resend answered 422 (validation_error): Invalid `from` field.', null]
		]);
		expect(fake.requests).toHaveLength(1);
	});

	it('fails only the row the provider finds invalid and sends the rest of its batch', async () => {
		const { app } = await startWithFakeResend();
		await queueEmails(app, 3, (index) => (index === 1 ? 'nobody-at-all' : `ok${index}@example.test`));
		expect(await sendOutbox(app.deps, { sleep: async () => {} })).toEqual({ sent: 2, failed: 1, retried: 0 });
		const failed = (await allRows(app)).find((row) => row.status === 'failed')!;
		expect(failed.toAddress).toBe('nobody-at-all');
		expect(failed.lastError).toMatch(/^Resend refused this email: Invalid `to` field/);
	});

	it('backs off 1, 2, 4 … minutes, capped at an hour, and gives up after 8 attempts', async () => {
		const { app, fake } = await startWithFakeResend();
		await queueEmails(app, 1);
		fake.failNext({ status: 500 }, 8);
		const delays: number[] = [];
		for (let attempt = 1; attempt <= 8; attempt++) {
			const before = app.clock.now().getTime();
			await sendOutbox(app.deps, { sleep: async () => {} });
			const [row] = await allRows(app);
			expect(row!.attempts).toBe(attempt);
			if (row!.status === 'failed') break;
			delays.push((row!.nextAttemptAt.getTime() - before) / minute);
			app.clock.set(row!.nextAttemptAt);
		}
		expect(delays).toEqual([1, 2, 4, 8, 16, 32, 60]);
		const [row] = await allRows(app);
		expect(row).toMatchObject({ status: 'failed', attempts: 8 });
		expect(row!.lastError).toBe('Resend answered 500 (internal_server_error): An unexpected error occurred. Gave up after 8 attempts.');
		expect(fake.delivered).toHaveLength(0);
	});

	it('waits as long as a 429 asks before trying again', async () => {
		const { app, fake } = await startWithFakeResend();
		await queueEmails(app, 1);
		fake.failNext({ status: 429, retryAfterSeconds: 90 });
		expect(await sendOutbox(app.deps, { sleep: async () => {} })).toEqual({ sent: 0, failed: 0, retried: 1 });
		const [row] = await allRows(app);
		expect(row!.nextAttemptAt.toISOString()).toBe('2026-03-02T09:01:30.000Z');
		expect(row!.lastError).toMatch(/^Resend answered 429 \(rate_limit_exceeded\)/);
		app.clock.advance(minute);
		expect((await sendOutbox(app.deps, { sleep: async () => {} })).sent).toBe(0);
		app.clock.advance(30_000);
		expect((await sendOutbox(app.deps, { sleep: async () => {} })).sent).toBe(1);
	});

	it('repeats the batch of a sender that crashed mid-send, under the same key, once its claim expires', async () => {
		const { app, fake } = await startWithFakeResend();
		await queueEmails(app, 3);
		const crashed = await claimNewBatch(app.db, app.clock.now(), new Date(app.clock.now().getTime() + 2 * minute), 100);
		expect(crashed?.rows).toHaveLength(3);

		expect(await sendOutbox(app.deps, { sleep: async () => {} })).toEqual({ sent: 0, failed: 0, retried: 0 });
		app.clock.advance(2 * minute + 1);
		expect(await sendOutbox(app.deps, { sleep: async () => {} })).toEqual({ sent: 3, failed: 0, retried: 0 });
		expect(fake.requests.map((request) => request.idempotencyKey)).toEqual([crashed!.leaderId]);
	});

	it('keeps a batch for another attempt when the mailer throws', async () => {
		app = await startTestApp();
		await queueEmails(app, 2);
		let calls = 0;
		const flaky: Mailer = {
			name: 'resend',
			maxBatch: 100,
			send: async (batch) => {
				if (calls++ === 0) throw new Error('socket closed');
				return batch.map((email) => ({ ok: true, providerId: `p-${email.id}` }));
			}
		};
		const deps = { ...app.deps, mailer: flaky };
		expect(await sendOutbox(deps, { sleep: async () => {} })).toEqual({ sent: 0, failed: 0, retried: 2 });
		expect((await allRows(app))[0]!.lastError).toBe('Sending failed: socket closed');
		app.clock.advance(minute);
		expect(await sendOutbox(deps, { sleep: async () => {} })).toEqual({ sent: 2, failed: 0, retried: 0 });
	});

	it('runs as part of the tick', async () => {
		app = await startTestApp();
		await queueEmails(app, 1);
		expect((await app.tick()).emails).toEqual({ sent: 1, failed: 0, retried: 0 });
		const [row] = await app.db.select().from(outbox).where(eq(outbox.status, 'sent'));
		expect(row?.providerId).toBe('local');
	});
});
