import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditLog } from '../../../db/schema/audit';
import { webhookAttempts, webhookDeliveries, webhookEndpoints } from '../../../db/schema/webhooks';
import { startTestApp, type TestApp } from '../../support/app';

let app: TestApp;
beforeEach(async () => {
	app = await startTestApp();
});
afterEach(async () => {
	await app.stop();
});

const url = 'https://hooks.example.com/closeloop';
const allEvents = ['case.opened', 'sla.warned', 'sla.breached', 'response.received', 'action.done'];

async function snapshot() {
	return {
		endpoints: await app.db.select().from(webhookEndpoints),
		deliveries: await app.db.select().from(webhookDeliveries),
		attempts: await app.db.select().from(webhookAttempts),
		audit: await app.db.select().from(auditLog)
	};
}

function expectErrorShape(json: any, code: string) {
	expect(json).toEqual({
		error: {
			code,
			message: expect.any(String),
			...(json?.error?.fields ? { fields: expect.any(Object) } : {})
		}
	});
}

const auditOf = (id: string) =>
	app.db
		.select()
		.from(auditLog)
		.where(eq(auditLog.entityId, id))
		.then((entries) =>
			entries.map((entry) => ({
				action: entry.action,
				actorId: entry.actorId,
				detail: entry.detail
			}))
		);

describe('webhook endpoints', () => {
	it('registers an endpoint, shows its secret once, and masks it afterwards', async () => {
		const admin = await app.signIn('admin');
		const created = await admin.post('/api/webhooks/endpoints', {
			url: '  https://Hooks.Example.com/closeloop  ',
			description: ' Data warehouse ',
			events: ['sla.breached', 'case.opened', 'case.opened']
		});
		expect(created.status).toBe(201);
		expect(created.headers.get('cache-control')).toBe('no-store');
		const { secret, endpoint } = created.json;
		expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
		expect(endpoint).toEqual({
			id: expect.any(String),
			url: 'https://hooks.example.com/closeloop',
			description: 'Data warehouse',
			events: ['case.opened', 'sla.breached'],
			enabled: true,
			secretHint: `whsec_…${secret.slice(-4)}`,
			previousSecretExpiresAt: null,
			createdBy: { id: admin.userId, name: expect.any(String) },
			createdAt: '2026-03-02T09:00:00.000Z',
			updatedAt: '2026-03-02T09:00:00.000Z'
		});

		const listed = await admin.get('/api/webhooks/endpoints');
		expect(listed.status).toBe(200);
		expect(listed.json.endpoints).toEqual([endpoint]);
		expect(listed.text).not.toContain(secret);
		expect((await admin.get(`/api/webhooks/endpoints/${endpoint.id}`)).json.endpoint).toEqual(
			endpoint
		);
		expect(await auditOf(endpoint.id)).toEqual([
			{
				action: 'webhook_endpoint.created',
				actorId: admin.userId,
				detail: { url: endpoint.url, events: endpoint.events, enabled: true }
			}
		]);
		expect(JSON.stringify(await app.db.select().from(auditLog))).not.toContain(secret);
	});

	it('changes, rotates and deletes an endpoint, each in the audit log', async () => {
		const admin = await app.signIn('admin');
		const { endpoint, secret } = (
			await admin.post('/api/webhooks/endpoints', { url, events: ['case.opened'] })
		).json;
		app.clock.advance(60_000);
		const changed = await admin.patch(`/api/webhooks/endpoints/${endpoint.id}`, {
			events: ['action.done', 'response.received'],
			description: 'Product team',
			enabled: false
		});
		expect(changed.status).toBe(200);
		expect(changed.json.endpoint).toMatchObject({
			events: ['response.received', 'action.done'],
			description: 'Product team',
			enabled: false,
			updatedAt: '2026-03-02T09:01:00.000Z'
		});
		// The same values again change nothing and log nothing.
		expect(
			(await admin.patch(`/api/webhooks/endpoints/${endpoint.id}`, { enabled: false })).json
				.endpoint.updatedAt
		).toBe('2026-03-02T09:01:00.000Z');

		const rotated = await admin.post(`/api/webhooks/endpoints/${endpoint.id}/rotate-secret`);
		expect(rotated.status).toBe(200);
		expect(rotated.headers.get('cache-control')).toBe('no-store');
		expect(rotated.json.secret).toMatch(/^whsec_/);
		expect(rotated.json.secret).not.toBe(secret);
		expect(rotated.json.endpoint).toMatchObject({
			secretHint: `whsec_…${rotated.json.secret.slice(-4)}`,
			previousSecretExpiresAt: '2026-03-03T09:01:00.000Z'
		});

		const deleted = await admin.delete(`/api/webhooks/endpoints/${endpoint.id}`);
		expect(deleted.status).toBe(204);
		expect((await admin.get(`/api/webhooks/endpoints/${endpoint.id}`)).status).toBe(404);
		expect(await app.db.select().from(webhookEndpoints)).toEqual([]);
		expect(await auditOf(endpoint.id)).toEqual([
			expect.objectContaining({ action: 'webhook_endpoint.created' }),
			{
				action: 'webhook_endpoint.updated',
				actorId: admin.userId,
				detail: {
					description: { from: '', to: 'Product team' },
					events: { from: ['case.opened'], to: ['response.received', 'action.done'] },
					enabled: { from: true, to: false }
				}
			},
			{
				action: 'webhook_endpoint.secret_rotated',
				actorId: admin.userId,
				detail: { previousSecretExpiresAt: '2026-03-03T09:01:00.000Z' }
			},
			{
				action: 'webhook_endpoint.deleted',
				actorId: admin.userId,
				detail: { url, events: ['response.received', 'action.done'] }
			}
		]);
		const audit = JSON.stringify(await app.db.select().from(auditLog));
		expect(audit).not.toContain(secret);
		expect(audit).not.toContain(rotated.json.secret);
	});

	it('refuses private, loopback and link-local URLs with 422, writing nothing', async () => {
		const admin = await app.signIn('admin');
		const { endpoint } = (
			await admin.post('/api/webhooks/endpoints', { url, events: ['case.opened'] })
		).json;
		const before = await snapshot();
		for (const address of [
			'http://127.0.0.1:8080/hook',
			'http://127.8.9.10/',
			'http://localhost:3000/hook',
			'http://LOCALHOST./hook',
			'http://api.localhost/hook',
			'http://0.0.0.0/',
			'http://10.1.2.3/',
			'http://172.16.0.1/',
			'http://172.31.255.254/',
			'https://192.168.1.20/hook',
			'http://169.254.169.254/latest/meta-data/',
			'http://[::1]/',
			'http://[::]/',
			'http://[fc00::1]/',
			'http://[fd12:3456:789a::1]/',
			'http://[fe80::1]/',
			'http://[febf::1]/',
			'http://[::ffff:127.0.0.1]/',
			'http://[::ffff:a9fe:a9fe]/',
			// Other spellings of 127.0.0.1 that URL parsing accepts.
			'http://2130706433/',
			'http://0x7f.1/',
			'http://127.1/'
		]) {
			const created = await admin.post('/api/webhooks/endpoints', {
				url: address,
				events: ['case.opened']
			});
			expect(created.status, address).toBe(422);
			expectErrorShape(created.json, 'validation_failed');
			expect(created.json.error.fields.url, address).toEqual([
				expect.stringMatching(/private, loopback or link-local/)
			]);
			const changed = await admin.patch(`/api/webhooks/endpoints/${endpoint.id}`, { url: address });
			expect(changed.status, address).toBe(422);
		}
		expect(await snapshot()).toEqual(before);

		// Public addresses next to those ranges are fine.
		for (const address of [
			'http://172.32.0.1/',
			'http://11.0.0.1/',
			'http://169.255.0.1/',
			'http://[2001:db8::1]/',
			'https://localhost.example.com/'
		])
			expect(
				(await admin.post('/api/webhooks/endpoints', { url: address, events: ['case.opened'] }))
					.status,
				address
			).toBe(201);
	});

	it('accepts private URLs when the installation allows them', async () => {
		await app.stop();
		app = await startTestApp({ config: { allowPrivateWebhookUrls: true } });
		const admin = await app.signIn('admin');
		const created = await admin.post('/api/webhooks/endpoints', {
			url: 'http://127.0.0.1:9999/hook',
			events: ['case.opened']
		});
		expect(created.status).toBe(201);
	});

	it('answers bad input to every route with a 4xx in the one error shape, changing nothing', async () => {
		const admin = await app.signIn('admin');
		const { endpoint } = (
			await admin.post('/api/webhooks/endpoints', { url, events: ['case.opened'], enabled: false })
		).json;
		const before = await snapshot();
		const base = { url, events: ['case.opened'] };
		const cases: [string, () => Promise<{ status: number; json: any }>, number, string][] = [
			['no body', () => admin.post('/api/webhooks/endpoints', {}), 422, 'validation_failed'],
			[
				'not JSON',
				() =>
					admin.request('POST', '/api/webhooks/endpoints', '{"url":', {
						'content-type': 'application/json'
					}),
				400,
				'bad_request'
			],
			[
				'no URL',
				() => admin.post('/api/webhooks/endpoints', { events: ['case.opened'] }),
				422,
				'validation_failed'
			],
			[
				'not a URL',
				() => admin.post('/api/webhooks/endpoints', { ...base, url: 'hooks.example.com' }),
				422,
				'validation_failed'
			],
			[
				'not http',
				() => admin.post('/api/webhooks/endpoints', { ...base, url: 'ftp://hooks.example.com/' }),
				422,
				'validation_failed'
			],
			[
				'credentials in the URL',
				() =>
					admin.post('/api/webhooks/endpoints', {
						...base,
						url: 'https://me:pw@hooks.example.com/'
					}),
				422,
				'validation_failed'
			],
			[
				'too long a URL',
				() =>
					admin.post('/api/webhooks/endpoints', {
						...base,
						url: `https://hooks.example.com/${'a'.repeat(2000)}`
					}),
				422,
				'validation_failed'
			],
			[
				'no events',
				() => admin.post('/api/webhooks/endpoints', { ...base, events: [] }),
				422,
				'validation_failed'
			],
			[
				'an unknown event',
				() => admin.post('/api/webhooks/endpoints', { ...base, events: ['case.closed'] }),
				422,
				'validation_failed'
			],
			[
				'the test event',
				() => admin.post('/api/webhooks/endpoints', { ...base, events: ['webhook.test'] }),
				422,
				'validation_failed'
			],
			[
				'events not a list',
				() => admin.post('/api/webhooks/endpoints', { ...base, events: 'case.opened' }),
				422,
				'validation_failed'
			],
			[
				'too long a description',
				() => admin.post('/api/webhooks/endpoints', { ...base, description: 'x'.repeat(201) }),
				422,
				'validation_failed'
			],
			[
				'a description on two lines',
				() => admin.post('/api/webhooks/endpoints', { ...base, description: 'a\nb' }),
				422,
				'validation_failed'
			],
			[
				'enabled not a boolean',
				() => admin.post('/api/webhooks/endpoints', { ...base, enabled: 'yes' }),
				422,
				'validation_failed'
			],
			[
				'an empty change',
				() => admin.patch(`/api/webhooks/endpoints/${endpoint.id}`, {}),
				422,
				'validation_failed'
			],
			[
				'a change to no events',
				() => admin.patch(`/api/webhooks/endpoints/${endpoint.id}`, { events: [] }),
				422,
				'validation_failed'
			],
			[
				'a change to a bad URL',
				() => admin.patch(`/api/webhooks/endpoints/${endpoint.id}`, { url: 'mailto:a@b.c' }),
				422,
				'validation_failed'
			],
			[
				'a change of an unknown endpoint',
				() => admin.patch('/api/webhooks/endpoints/nope', { enabled: true }),
				404,
				'not_found'
			],
			['an unknown endpoint', () => admin.get('/api/webhooks/endpoints/nope'), 404, 'not_found'],
			[
				'deleting an unknown endpoint',
				() => admin.delete('/api/webhooks/endpoints/nope'),
				404,
				'not_found'
			],
			[
				'rotating an unknown endpoint',
				() => admin.post('/api/webhooks/endpoints/nope/rotate-secret'),
				404,
				'not_found'
			],
			[
				'deliveries of an unknown endpoint',
				() => admin.get('/api/webhooks/endpoints/nope/deliveries'),
				404,
				'not_found'
			],
			[
				'a limit of 0',
				() => admin.get(`/api/webhooks/endpoints/${endpoint.id}/deliveries?limit=0`),
				422,
				'validation_failed'
			],
			[
				'a limit that is no number',
				() => admin.get(`/api/webhooks/endpoints/${endpoint.id}/deliveries?limit=lots`),
				422,
				'validation_failed'
			],
			[
				'an unknown status',
				() => admin.get(`/api/webhooks/endpoints/${endpoint.id}/deliveries?status=lost`),
				422,
				'validation_failed'
			],
			[
				'a test to an unknown endpoint',
				() => admin.post('/api/webhooks/endpoints/nope/test'),
				404,
				'not_found'
			],
			[
				'a test to a disabled endpoint',
				() => admin.post(`/api/webhooks/endpoints/${endpoint.id}/test`),
				409,
				'conflict'
			],
			[
				'retrying an unknown delivery',
				() => admin.post('/api/webhooks/deliveries/nope/retry'),
				404,
				'not_found'
			]
		];
		for (const [name, call, status, code] of cases) {
			const answer = await call();
			expect(answer.status, name).toBe(status);
			expectErrorShape(answer.json, code);
		}
		expect(await snapshot()).toEqual(before);

		// A delivery still being tried, or one that succeeded, is not retried.
		await admin.patch(`/api/webhooks/endpoints/${endpoint.id}`, { enabled: true });
		const queued = await admin.post(`/api/webhooks/endpoints/${endpoint.id}/test`);
		expect(queued.status).toBe(202);
		const afterTest = await snapshot();
		const retry = await admin.post(`/api/webhooks/deliveries/${queued.json.delivery.id}/retry`);
		expect(retry.status).toBe(409);
		expectErrorShape(retry.json, 'conflict');
		expect(await snapshot()).toEqual(afterTest);
	});

	it('is for admins only: managers and agents get 403, strangers 401', async () => {
		const admin = await app.signIn('admin');
		const { endpoint } = (
			await admin.post('/api/webhooks/endpoints', { url, events: ['case.opened'] })
		).json;
		const delivery = (await admin.post(`/api/webhooks/endpoints/${endpoint.id}/test`)).json
			.delivery;
		const before = await snapshot();
		const calls = (
			client: Awaited<ReturnType<TestApp['signIn']>> | ReturnType<TestApp['anonymous']>
		) => [
			() => client.get('/api/webhooks/endpoints'),
			() => client.post('/api/webhooks/endpoints', { url, events: allEvents }),
			() => client.get(`/api/webhooks/endpoints/${endpoint.id}`),
			() => client.patch(`/api/webhooks/endpoints/${endpoint.id}`, { enabled: false }),
			() => client.delete(`/api/webhooks/endpoints/${endpoint.id}`),
			() => client.post(`/api/webhooks/endpoints/${endpoint.id}/rotate-secret`),
			() => client.get(`/api/webhooks/endpoints/${endpoint.id}/deliveries`),
			() => client.post(`/api/webhooks/endpoints/${endpoint.id}/test`),
			() => client.post(`/api/webhooks/deliveries/${delivery.id}/retry`)
		];
		for (const role of ['manager', 'agent'] as const) {
			const client = await app.signIn(role);
			for (const call of calls(client)) {
				const answer = await call();
				expect(answer.status).toBe(403);
				expectErrorShape(answer.json, 'forbidden');
			}
		}
		for (const call of calls(app.anonymous())) {
			const answer = await call();
			expect(answer.status).toBe(401);
			expectErrorShape(answer.json, 'unauthenticated');
		}
		expect(await snapshot()).toEqual(before);
	});

	it('keeps the email provider’s incoming webhook route where it was', async () => {
		const answer = await app.anonymous().post('/api/webhooks/resend', { type: 'email.bounced' });
		expect(answer.status).not.toBe(404);
		const document = (await app.anonymous().get('/api/openapi.json')).json;
		expect(Object.keys(document.paths)).toEqual(
			expect.arrayContaining([
				'/api/webhooks/resend',
				'/api/webhooks/endpoints',
				'/api/webhooks/endpoints/{id}',
				'/api/webhooks/endpoints/{id}/rotate-secret',
				'/api/webhooks/endpoints/{id}/deliveries',
				'/api/webhooks/endpoints/{id}/test',
				'/api/webhooks/deliveries/{id}/retry'
			])
		);
	});
});
