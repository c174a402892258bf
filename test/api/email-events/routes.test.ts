import { randomBytes } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { contacts } from '../../../db/schema/accounts';
import { auditLog } from '../../../db/schema/audit';
import { signSvix, verifySvixSignature } from '../../../api/email-events/verify-svix-signature';
import { startTestApp, type TestApp } from '../../support/app';
import { givenInvitation, snapshot } from '../public-surveys/helpers';

const start = new Date('2026-03-02T09:00:00Z');
const secret = `whsec_${randomBytes(24).toString('base64')}`;
let app: TestApp;

beforeEach(async () => {
	app = await startTestApp({ now: start, config: { resendWebhookSecret: secret } });
});
afterEach(async () => {
	await app.stop();
});

let deliveries = 0;

/** Posts `event` as Resend would: Svix headers over the exact body, timestamped by the app's clock unless told. */
async function deliver(
	event: unknown,
	options: {
		id?: string;
		at?: Date;
		signWith?: string;
		signature?: string;
		body?: string;
		baseUrl?: string;
	} = {}
) {
	const id = options.id ?? `msg_${++deliveries}_${randomBytes(6).toString('hex')}`;
	const timestamp = Math.floor((options.at ?? app.clock.now()).getTime() / 1000);
	const body = options.body ?? JSON.stringify(event);
	const response = await app.fetch(`${options.baseUrl ?? app.url}/api/webhooks/resend`, {
		method: 'POST',
		body,
		headers: {
			'content-type': 'application/json',
			'svix-id': id,
			'svix-timestamp': String(timestamp),
			'svix-signature':
				options.signature ?? signSvix(options.signWith ?? secret, id, timestamp, body)
		}
	});
	return { status: response.status, json: (await response.json()) as any, id };
}

const bounce = (to: string[] | string) => ({
	type: 'email.bounced',
	created_at: '2026-03-02T08:59:58.000Z',
	data: {
		email_id: '56761188-7520-42d8-8898-ff6fc54ce618',
		from: 'Closeloop <feedback@closeloop.example>',
		to,
		subject: 'A quick question from Closeloop',
		bounce: { message: 'Mailbox does not exist', subType: 'General', type: 'Permanent' }
	}
});
const complaint = (to: string[]) => ({
	type: 'email.complained',
	created_at: '2026-03-02T08:59:58.000Z',
	data: { email_id: 'e-2', to }
});

const contactOf = async (id: string) =>
	(await app.db.select().from(contacts).where(eq(contacts.id, id)))[0]!;

describe('the Svix signature', () => {
	it('matches the reference vector from the Svix documentation', () => {
		const reference = {
			secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
			id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
			timestamp: 1614265330,
			body: '{"test": 2432232314}',
			signature: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE='
		};
		expect(signSvix(reference.secret, reference.id, reference.timestamp, reference.body)).toBe(
			reference.signature
		);
		const check = verifySvixSignature({
			secret: reference.secret,
			headers: {
				id: reference.id,
				timestamp: String(reference.timestamp),
				signature: `v1,bm90IGl0 ${reference.signature}`
			},
			body: reference.body,
			now: new Date(reference.timestamp * 1000 + 60_000)
		});
		expect(check).toEqual({ ok: true });
	});
});

describe('Resend delivery events', () => {
	it('marks the contact bounced on a signed email.bounced, with an audit entry, matching the address in any case', async () => {
		const given = await givenInvitation(app.db, { now: start, email: 'ana.lima@example.test' });
		const other = await givenInvitation(app.db, { now: start });
		const response = await deliver(bounce(['Ana Lima <Ana.Lima@Example.TEST>']));
		expect(response.status).toBe(200);
		expect(response.json).toEqual({ outcome: 'applied', contactsChanged: 1 });
		expect((await contactOf(given.contactId)).bouncedAt).toEqual(start);
		expect((await contactOf(other.contactId)).bouncedAt).toBeNull();
		const entries = await app.db
			.select()
			.from(auditLog)
			.where(and(eq(auditLog.entityId, given.contactId), eq(auditLog.action, 'contact.bounced')));
		expect(entries).toHaveLength(1);
		expect(entries[0]).toMatchObject({
			actorId: null,
			entityType: 'contact',
			at: start,
			detail: {
				via: 'resend',
				event: 'email.bounced',
				emailId: '56761188-7520-42d8-8898-ff6fc54ce618',
				bounceType: 'Permanent'
			}
		});
	});

	it('marks every recipient complained on email.complained, and writes nothing for one already marked', async () => {
		const first = await givenInvitation(app.db, { now: start });
		const second = await givenInvitation(app.db, { now: start });
		expect((await deliver(complaint([first.email]))).json.contactsChanged).toBe(1);
		app.clock.advance(60_000);
		const both = await deliver(complaint([first.email, second.email, 'nobody@example.test']));
		expect(both.json).toEqual({ outcome: 'applied', contactsChanged: 1 });
		expect((await contactOf(first.contactId)).complainedAt).toEqual(start);
		expect((await contactOf(second.contactId)).complainedAt).toEqual(app.clock.now());
		expect(
			await app.db.select().from(auditLog).where(eq(auditLog.action, 'contact.complained'))
		).toHaveLength(2);
	});

	it('acknowledges other event types and ignores them', async () => {
		const given = await givenInvitation(app.db, { now: start });
		const response = await deliver({
			type: 'email.delivered',
			created_at: 'x',
			data: { to: [given.email] }
		});
		expect(response.json).toEqual({ outcome: 'ignored', contactsChanged: 0 });
		const contact = await contactOf(given.contactId);
		expect([contact.bouncedAt, contact.complainedAt]).toEqual([null, null]);
	});

	it('answers a replayed delivery id with 200 and no effect, even with another signed body', async () => {
		const first = await givenInvitation(app.db, { now: start });
		const second = await givenInvitation(app.db, { now: start });
		const original = await deliver(bounce([first.email]));
		const before = await snapshot(app.db);
		app.clock.advance(30_000);
		const replay = await deliver(bounce([first.email]), { id: original.id });
		expect(replay.status).toBe(200);
		expect(replay.json).toEqual({ outcome: 'duplicate', contactsChanged: 0 });
		const forged = await deliver(complaint([second.email]), { id: original.id });
		expect(forged.json.outcome).toBe('duplicate');
		expect(await snapshot(app.db)).toEqual(before);
	});

	it('refuses a bad, foreign, missing or stale signature with 401 in the one error shape, changing nothing', async () => {
		const given = await givenInvitation(app.db, { now: start });
		const before = await snapshot(app.db);
		const event = bounce([given.email]);
		const refused = [
			await deliver(event, { signWith: `whsec_${randomBytes(24).toString('base64')}` }),
			await deliver(event, { signature: 'v1,' }),
			await deliver(event, { signature: 'v2,abc' }),
			await deliver(event, { at: new Date(start.getTime() - 5 * 60_000 - 1000) }),
			await deliver(event, { at: new Date(start.getTime() + 5 * 60_000 + 1000) }),
			// Signed over other bytes than those sent.
			await (async () => {
				const id = 'msg_tampered';
				const timestamp = Math.floor(start.getTime() / 1000);
				const signature = signSvix(
					secret,
					id,
					timestamp,
					JSON.stringify(complaint(['x@example.test']))
				);
				return deliver(event, { id, signature });
			})()
		];
		for (const response of refused) {
			expect(response.status).toBe(401);
			expect(response.json.error.code).toBe('unauthenticated');
		}
		const unsigned = await app.fetch(`${app.url}/api/webhooks/resend`, {
			method: 'POST',
			body: JSON.stringify(event),
			headers: { 'content-type': 'application/json' }
		});
		expect(unsigned.status).toBe(401);
		expect(await snapshot(app.db)).toEqual(before);
	});

	it('accepts a delivery at the edge of the five minutes', async () => {
		const given = await givenInvitation(app.db, { now: start });
		const response = await deliver(bounce([given.email]), {
			at: new Date(start.getTime() - 5 * 60_000)
		});
		expect(response.status).toBe(200);
	});

	it('refuses a signed body that is not JSON or not a Resend event, changing nothing', async () => {
		const before = await snapshot(app.db);
		const notJson = await deliver(null, { body: '{"type": "email.bounced"' });
		expect(notJson.status).toBe(400);
		expect(notJson.json.error.code).toBe('bad_request');
		const notEvent = await deliver({ type: 42, data: { to: 'a@example.test' } });
		expect(notEvent.status).toBe(422);
		expect(notEvent.json.error).toMatchObject({
			code: 'validation_failed',
			fields: { type: expect.any(Array) }
		});
		expect(await snapshot(app.db)).toEqual(before);
	});

	it('answers 503 with a clear message when no webhook secret is configured', async () => {
		const unconfigured = await startTestApp({ now: start });
		try {
			const response = await deliver(bounce(['a@example.test']), { baseUrl: unconfigured.url });
			expect(response.status).toBe(503);
			expect(response.json.error).toEqual({
				code: 'unavailable',
				message: expect.stringContaining('RESEND_WEBHOOK_SECRET')
			});
		} finally {
			await unconfigured.stop();
		}
	});
});
