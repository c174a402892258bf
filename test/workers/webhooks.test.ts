import { env, exports } from 'cloudflare:workers';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { slaClocks } from '../../db/schema/cases';
import { sessions, staffUsers } from '../../db/schema/staff';
import { domainEvents } from '../../db/schema/surveys';
import { webhookAttempts, webhookDeliveries, webhookEndpoints } from '../../db/schema/webhooks';
import { hashToken } from '../../api/tokens';
import { workerHost } from '../../api/worker';
import { fireCron } from './cron';

const origin = 'https://closeloop.example.com';

function api(path: string, init?: RequestInit) {
	return exports.default.fetch(`${origin}${path}`, init);
}

describe('outgoing webhooks on the Workers host', () => {
	it('refuses a private URL, and fans events out to deliveries on D1 from the cron', async () => {
		const { db } = workerHost(env).deps;
		const now = new Date();
		await db.insert(staffUsers).values({
			id: 'webhook-admin',
			email: 'admin@example.test',
			name: 'Admin',
			role: 'admin',
			passwordHash: 'x',
			createdAt: now,
			updatedAt: now
		});
		await db.insert(sessions).values({
			id: hashToken('webhook-admin-session'),
			userId: 'webhook-admin',
			createdAt: now,
			expiresAt: new Date(now.getTime() + 86_400_000)
		});
		const refused = await api('/api/webhooks/endpoints', {
			method: 'POST',
			headers: {
				'content-type': 'application/json',
				cookie: 'closeloop_session=webhook-admin-session'
			},
			body: JSON.stringify({ url: 'http://10.0.0.1/hook', events: ['case.opened'] })
		});
		expect(refused.status).toBe(422);
		expect(await db.select().from(webhookEndpoints)).toEqual([]);

		// An endpoint registered while private addresses were allowed: the delivery refuses it
		// before any request leaves, so this test needs no network.
		const past = new Date(now.getTime() - 1000);
		await db.insert(webhookEndpoints).values({
			id: 'private-endpoint',
			url: 'http://127.0.0.1:9/hook',
			events: ['case.opened', 'sla.breached'],
			secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
			deliverFrom: past,
			fannedOutTo: past,
			createdAt: past,
			updatedAt: past
		});
		const filed = await api('/api/public/complaints', {
			method: 'POST',
			headers: { 'content-type': 'application/json', 'cf-connecting-ip': '203.0.113.9' },
			body: JSON.stringify({
				name: 'Mira',
				email: 'mira@example.test',
				subject: 'Late delivery',
				description: 'Three days late and nobody told us.'
			})
		});
		expect(filed.status).toBe(201);
		// The first-response promise ran out an hour ago: the cron's sweep records the breach.
		const overdue = new Date(now.getTime() - 3_600_000);
		await db
			.update(slaClocks)
			.set({ dueAt: overdue, warnAt: null, nextCheckAt: overdue })
			.where(eq(slaClocks.target, 'first_response'));
		await fireCron(env);
		await fireCron(env);

		const breaches = await db
			.select()
			.from(domainEvents)
			.where(eq(domainEvents.type, 'sla.breached'));
		expect(breaches).toHaveLength(1);
		expect(breaches[0]!.payload).toMatchObject({ target: 'first_response', kind: 'breach' });
		const deliveries = await db.select().from(webhookDeliveries);
		expect(deliveries.map((delivery) => delivery.eventType).toSorted()).toEqual([
			'case.opened',
			'sla.breached'
		]);
		expect(deliveries.every((delivery) => delivery.status === 'failed')).toBe(true);
		const attempts = await db.select().from(webhookAttempts);
		expect(attempts).toHaveLength(2);
		expect(attempts.every((attempt) => /^Not sent\. .*private/.test(attempt.error ?? ''))).toBe(
			true
		);
	});
});
