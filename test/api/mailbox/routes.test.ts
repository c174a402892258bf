import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditLog } from '../../../db/schema/audit';
import { outbox } from '../../../db/schema/outbox';
import { renderStaffWelcome } from '../../../emails/templates/staff-welcome';
import { insertOutboxEmail } from '../../../api/outbox/store';
import { sendOutbox } from '../../../api/outbox/send-outbox';
import { startTestApp, type TestApp } from '../../support/app';

let app: TestApp;
beforeEach(async () => {
	app = await startTestApp();
});
afterEach(async () => {
	await app.stop();
});

const brand = { name: 'Acme', color: '#0e7490', publicUrl: 'http://127.0.0.1' };

/** Queues one welcome email a minute apart, so "newest first" is well defined. */
async function queueWelcome(to: string, name = 'Ada') {
	const email = renderStaffWelcome({ name, email: to, invitedBy: 'Grace', signInUrl: 'http://127.0.0.1/sign-in' }, brand);
	const [row] = await insertOutboxEmail(app.db, { template: 'staff-welcome', to, from: 'Acme <support@acme.test>', email, now: app.clock.now() }).returning();
	app.clock.advance(60_000);
	return row!;
}

async function markFailed(id: string, error = 'Resend answered 422 (validation_error): Invalid `to` field.') {
	await app.db.update(outbox).set({ status: 'failed', attempts: 1, lastError: error, batchId: id }).where(eq(outbox.id, id));
}

describe('the mailbox', () => {
	it('is for admins only', async () => {
		const row = await queueWelcome('ada@example.test');
		expect((await app.anonymous().get('/api/mailbox')).status).toBe(401);
		const agent = await app.signIn('agent');
		const manager = await app.signIn('manager');
		for (const client of [agent, manager]) {
			expect((await client.get('/api/mailbox')).status).toBe(403);
			expect((await client.get(`/api/mailbox/${row.id}`)).status).toBe(403);
			const retry = await client.post(`/api/mailbox/${row.id}/retry`);
			expect(retry.status).toBe(403);
			expect(retry.json.error.code).toBe('forbidden');
		}
	});

	it('lists emails newest first with counts per status and the mailer in use', async () => {
		const first = await queueWelcome('ada@example.test');
		const second = await queueWelcome('bo@example.test');
		const third = await queueWelcome('cy@example.test');
		await markFailed(first.id);
		await app.db.update(outbox).set({ status: 'sent', attempts: 1, sentAt: app.clock.now(), providerId: 'local' }).where(eq(outbox.id, second.id));
		const admin = await app.signIn('admin');

		const list = await admin.get('/api/mailbox');
		expect(list.status).toBe(200);
		expect(list.json).toMatchObject({ mailer: 'local', counts: { all: 3, pending: 1, sent: 1, failed: 1 }, page: 1, pageSize: 25, total: 3 });
		expect(list.json.items.map((item: { id: string }) => item.id)).toEqual([third.id, second.id, first.id]);
		expect(list.json.items[0]).toEqual({
			id: third.id,
			template: 'staff-welcome',
			to: 'cy@example.test',
			from: 'Acme <support@acme.test>',
			subject: 'You have been added to Acme on Closeloop',
			status: 'pending',
			attempts: 0,
			lastError: null,
			providerId: null,
			createdAt: '2026-03-02T09:02:00.000Z',
			sentAt: null,
			nextAttemptAt: '2026-03-02T09:02:00.000Z'
		});
		expect(list.json.items[0]).not.toHaveProperty('html');

		const failed = await admin.get('/api/mailbox?status=failed');
		expect(failed.json.items.map((item: { id: string }) => item.id)).toEqual([first.id]);
		expect(failed.json.total).toBe(1);
		expect(failed.json.counts.all).toBe(3);
	});

	it('searches recipient and subject, case-insensitively, with wildcards taken literally', async () => {
		await queueWelcome('ada@example.test');
		await queueWelcome('bo_x@example.test');
		await queueWelcome('box@other.test');
		const admin = await app.signIn('admin');
		const search = async (q: string) =>
			(await admin.get(`/api/mailbox?q=${encodeURIComponent(q)}`)).json.items.map((item: { to: string }) => item.to);

		expect(await search('ADA@')).toEqual(['ada@example.test']);
		expect(await search('bo_x')).toEqual(['bo_x@example.test']);
		expect(await search('%')).toEqual([]);
		expect(await search('added to acme')).toHaveLength(3);
		expect((await admin.get('/api/mailbox?q=example')).json.counts).toEqual({ all: 2, pending: 2, sent: 0, failed: 0 });
	});

	it('pages through the list', async () => {
		for (let index = 0; index < 5; index++) await queueWelcome(`p${index}@example.test`);
		const admin = await app.signIn('admin');
		const page = async (n: number) => (await admin.get(`/api/mailbox?page=${n}&pageSize=2`)).json;
		expect((await page(1)).items.map((item: { to: string }) => item.to)).toEqual(['p4@example.test', 'p3@example.test']);
		expect((await page(3)).items.map((item: { to: string }) => item.to)).toEqual(['p0@example.test']);
		expect((await page(4)).items).toEqual([]);
		expect((await page(3)).total).toBe(5);
	});

	it('refuses a bad filter with field errors', async () => {
		const admin = await app.signIn('admin');
		const response = await admin.get('/api/mailbox?status=lost&pageSize=1000');
		expect(response.status).toBe(422);
		expect(Object.keys(response.json.error.fields).sort()).toEqual(['pageSize', 'status']);
	});

	it('shows one email in full, headers, HTML and text', async () => {
		const row = await queueWelcome('ada@example.test', 'Ada <b>');
		const admin = await app.signIn('admin');
		const response = await admin.get(`/api/mailbox/${row.id}`);
		expect(response.status).toBe(200);
		expect(response.json.email).toMatchObject({ id: row.id, to: 'ada@example.test', headers: {}, batchId: null, contactId: null });
		expect(response.json.email.html).toContain('Welcome, Ada &lt;b&gt;');
		expect(response.json.email.text).toContain('Welcome, Ada <b>');

		const missing = await admin.get('/api/mailbox/no-such-email');
		expect(missing.status).toBe(404);
		expect(missing.json.error).toEqual({ code: 'not_found', message: 'Email not found' });
	});

	it('retries a failed email: pending again in a new batch, sent by the next tick, and audited', async () => {
		const row = await queueWelcome('ada@example.test');
		await markFailed(row.id);
		const admin = await app.signIn('admin');

		const retried = await admin.post(`/api/mailbox/${row.id}/retry`);
		expect(retried.status).toBe(200);
		expect(retried.json.email).toMatchObject({ status: 'pending', attempts: 0, batchId: null, nextAttemptAt: app.clock.now().toISOString() });
		expect(retried.json.email.lastError).toMatch(/Invalid `to` field/);

		const again = await admin.post(`/api/mailbox/${row.id}/retry`);
		expect(again.status).toBe(409);
		expect(again.json.error).toEqual({ code: 'conflict', message: 'Only failed emails can be retried; this one is pending.' });
		expect((await admin.post('/api/mailbox/no-such-email/retry')).status).toBe(404);

		expect(await sendOutbox(app.deps, { sleep: async () => {} })).toEqual({ sent: 1, failed: 0, retried: 0 });
		expect((await admin.get(`/api/mailbox/${row.id}`)).json.email).toMatchObject({ status: 'sent', providerId: 'local', attempts: 1 });

		const entries = await app.db.select().from(auditLog).where(eq(auditLog.entityId, row.id));
		expect(entries).toMatchObject([
			{ actorId: admin.userId, action: 'email.retried', entityType: 'email', detail: { to: 'ada@example.test', template: 'staff-welcome' } }
		]);
	});

	it('names the Resend mailer when an API key is set', async () => {
		await app.stop();
		// Never called: nothing is queued. Port 9 (discard) would refuse it anyway.
		app = await startTestApp({ resend: { apiKey: 're_test', baseUrl: 'http://127.0.0.1:9' } });
		const admin = await app.signIn('admin');
		expect((await admin.get('/api/mailbox')).json).toMatchObject({ mailer: 'resend', items: [], total: 0 });
	});
});
