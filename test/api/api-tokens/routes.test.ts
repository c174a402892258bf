import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hashToken } from '../../../api/tokens';
import { apiTokens } from '../../../db/schema/api-tokens';
import { auditLog } from '../../../db/schema/audit';
import { caseEvents, cases } from '../../../db/schema/cases';
import { staffUsers } from '../../../db/schema/staff';
import { startTestApp, type TestApp } from '../../support/app';

let app: TestApp;
beforeEach(async () => {
	app = await startTestApp();
});
afterEach(async () => {
	await app.stop();
});

const complaint = {
	email: 'mira@alder.example',
	name: 'Mira König',
	subject: 'Late delivery again',
	description: 'The order of last week arrived three days late, and nobody told us.'
};

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

async function snapshot() {
	return {
		tokens: await app.db.select().from(apiTokens),
		audit: await app.db.select().from(auditLog)
	};
}

async function makeToken(
	admin: Awaited<ReturnType<TestApp['signIn']>>,
	input: { name: string; role: string }
) {
	const created = await admin.post('/api/api-tokens', input);
	expect(created.status).toBe(201);
	return created.json as { token: string; apiToken: { id: string; name: string; role: string } };
}

describe('API tokens', () => {
	it('lets an integration open a complaint and read the queue without a session', async () => {
		const admin = await app.signIn('admin');
		const created = await admin.post('/api/api-tokens', {
			name: '  Helpdesk bridge ',
			role: 'agent'
		});
		expect(created.status).toBe(201);
		expect(created.headers.get('cache-control')).toBe('no-store');
		const { token, apiToken } = created.json;
		expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
		expect(apiToken).toEqual({
			id: expect.any(String),
			name: 'Helpdesk bridge',
			role: 'agent',
			createdBy: { id: admin.userId, name: expect.any(String), active: true },
			lastUsedAt: null,
			revokedAt: null,
			createdAt: '2026-03-02T09:00:00.000Z'
		});
		const [row] = await app.db.select().from(apiTokens);
		expect(row).toMatchObject({ tokenHash: hashToken(token), createdById: admin.userId });
		expect(JSON.stringify(row)).not.toContain(token);
		expect(
			(await app.db.select().from(auditLog).where(eq(auditLog.entityId, apiToken.id))).map(
				(entry) => ({ action: entry.action, actorId: entry.actorId, detail: entry.detail })
			)
		).toEqual([
			{
				action: 'api_token.created',
				actorId: admin.userId,
				detail: { name: 'Helpdesk bridge', role: 'agent', createdById: admin.userId }
			}
		]);

		const integration = app.anonymous();
		const opened = await integration.post('/api/cases', complaint, bearer(token));
		expect(opened.status).toBe(201);
		expect(opened.headers.getSetCookie()).toEqual([]);
		const caseId = opened.json.case.id;

		const seen = await admin.get(`/api/cases/${caseId}`);
		expect(seen.status).toBe(200);
		expect(seen.json.case).toMatchObject({
			source: 'api',
			subject: complaint.subject,
			reporterEmail: complaint.email
		});
		const [caseRow] = await app.db.select().from(cases).where(eq(cases.id, caseId));
		expect(caseRow).toMatchObject({ source: 'api', createdById: admin.userId });
		const events = await app.db.select().from(caseEvents).where(eq(caseEvents.caseId, caseId));
		expect(events).toEqual([
			expect.objectContaining({ actorType: 'staff', actorId: admin.userId })
		]);

		const queue = await integration.get('/api/cases', bearer(token));
		expect(queue.status).toBe(200);
		expect(queue.json.cases.map((item: { id: string }) => item.id)).toEqual([caseId]);

		const me = await integration.get('/api/auth/me', bearer(token));
		expect(me.json.user).toEqual({
			id: admin.userId,
			email: admin.email,
			name: `${(await app.db.select().from(staffUsers).where(eq(staffUsers.id, admin.userId)))[0]!.name} (API token Helpdesk bridge)`,
			role: 'agent'
		});
	});

	it('acts with the token role: an agent token is refused on admin routes', async () => {
		const admin = await app.signIn('admin');
		const { token } = await makeToken(admin, { name: 'Reader', role: 'agent' });
		const client = app.anonymous();
		const refused = await client.get('/api/api-tokens', bearer(token));
		expect(refused.status).toBe(403);
		expect(refused.json.error.code).toBe('forbidden');
		expect((await client.post('/api/users', {}, bearer(token))).status).toBe(403);

		const { token: adminToken } = await makeToken(admin, { name: 'Provisioning', role: 'admin' });
		expect((await client.get('/api/api-tokens', bearer(adminToken))).status).toBe(200);
	});

	it('never acts with more than its creator has today, and is refused once the creator is disabled or gone', async () => {
		const admin = await app.signIn('admin');
		const { token } = await makeToken(admin, { name: 'Sync', role: 'admin' });
		const client = app.anonymous();
		await app.db.update(staffUsers).set({ role: 'manager' }).where(eq(staffUsers.id, admin.userId));
		expect((await client.get('/api/auth/me', bearer(token))).json.user.role).toBe('manager');
		expect((await client.get('/api/api-tokens', bearer(token))).status).toBe(403);

		await app.db
			.update(staffUsers)
			.set({ disabledAt: app.clock.now() })
			.where(eq(staffUsers.id, admin.userId));
		const disabled = await client.get('/api/cases', bearer(token));
		expect(disabled.status).toBe(401);
		expect(disabled.json.error.code).toBe('unauthenticated');

		await app.db.delete(staffUsers).where(eq(staffUsers.id, admin.userId));
		const [row] = await app.db.select().from(apiTokens);
		expect(row!.createdById).toBeNull();
		expect((await client.get('/api/cases', bearer(token))).status).toBe(401);
	});

	it('refuses a revoked token with 401, and never falls back to the session cookie', async () => {
		const admin = await app.signIn('admin');
		const { token, apiToken } = await makeToken(admin, { name: 'Old bridge', role: 'agent' });
		const client = app.anonymous();
		expect((await client.get('/api/cases', bearer(token))).status).toBe(200);

		app.clock.advance(60_000);
		const revoked = await admin.post(`/api/api-tokens/${apiToken.id}/revoke`);
		expect(revoked.status).toBe(200);
		expect(revoked.json.apiToken).toMatchObject({
			id: apiToken.id,
			revokedAt: '2026-03-02T09:01:00.000Z'
		});
		const refused = await client.post('/api/cases', complaint, bearer(token));
		expect(refused.status).toBe(401);
		expect(refused.json).toEqual({
			error: { code: 'unauthenticated', message: expect.any(String) }
		});
		expect(refused.headers.get('www-authenticate')).toMatch(/^Bearer/);
		// A signed-in browser with a bad token is not let in on its cookie.
		expect((await admin.get('/api/cases', bearer(token))).status).toBe(401);
		expect((await admin.get('/api/cases')).status).toBe(200);
		expect(await app.db.select().from(cases)).toEqual([]);

		const again = await admin.post(`/api/api-tokens/${apiToken.id}/revoke`);
		expect(again.status).toBe(409);
		expect((await admin.post('/api/api-tokens/no-such-token/revoke')).status).toBe(404);
		const audit = await app.db.select().from(auditLog).where(eq(auditLog.entityId, apiToken.id));
		expect(audit.map((entry) => entry.action)).toEqual(['api_token.created', 'api_token.revoked']);
	});

	it('refuses an unknown token or a malformed Authorization header with 401', async () => {
		const admin = await app.signIn('admin');
		await makeToken(admin, { name: 'Bridge', role: 'agent' });
		const client = app.anonymous();
		for (const authorization of [
			'Bearer not-a-real-token',
			'Bearer ',
			'Basic YWRhOnNlY3JldA==',
			'Bearer a b'
		]) {
			const response = await client.get('/api/cases', { authorization });
			expect(response.status, authorization).toBe(401);
			expect(response.json.error.code).toBe('unauthenticated');
		}
		expect((await client.post('/api/cases', complaint, bearer('nope'))).status).toBe(401);
		expect(await app.db.select().from(cases)).toEqual([]);
	});

	it('records the last use at most once a minute', async () => {
		const admin = await app.signIn('admin');
		const { token, apiToken } = await makeToken(admin, { name: 'Bridge', role: 'agent' });
		const client = app.anonymous();
		const lastUsed = async () =>
			(await app.db.select().from(apiTokens).where(eq(apiTokens.id, apiToken.id)))[0]!.lastUsedAt;

		await client.get('/api/cases', bearer(token));
		expect(await lastUsed()).toEqual(new Date('2026-03-02T09:00:00Z'));
		app.clock.advance(59_000);
		await client.get('/api/cases', bearer(token));
		expect(await lastUsed()).toEqual(new Date('2026-03-02T09:00:00Z'));
		app.clock.advance(1_000);
		await client.get('/api/cases', bearer(token));
		expect(await lastUsed()).toEqual(new Date('2026-03-02T09:01:00Z'));

		const listed = (await admin.get('/api/api-tokens')).json.apiTokens;
		expect(listed[0].lastUsedAt).toBe('2026-03-02T09:01:00.000Z');
	});

	it('lists tokens newest first without ever returning the token or its hash', async () => {
		const admin = await app.signIn('admin');
		const first = await makeToken(admin, { name: 'First', role: 'agent' });
		app.clock.advance(1_000);
		const second = await makeToken(admin, { name: 'Second', role: 'manager' });
		const list = await admin.get('/api/api-tokens');
		expect(list.status).toBe(200);
		expect(list.json.apiTokens).toEqual([second.apiToken, first.apiToken]);
		for (const secret of [first.token, second.token, hashToken(first.token)]) {
			expect(list.text).not.toContain(secret);
		}
		expect(list.text).not.toContain('tokenHash');
	});

	it('refuses bad input with 422 and changes nothing', async () => {
		const admin = await app.signIn('admin');
		const before = await snapshot();
		for (const body of [
			{},
			{ name: '', role: 'agent' },
			{ name: '   ', role: 'agent' },
			{ name: 'x'.repeat(81), role: 'agent' },
			{ name: 'Bridge' },
			{ name: 'Bridge', role: 'owner' },
			{ name: 42, role: 'agent' }
		]) {
			const response = await admin.post('/api/api-tokens', body);
			expect(response.status, JSON.stringify(body)).toBe(422);
			expect(response.json.error.code).toBe('validation_failed');
		}
		const response = await admin.post('/api/api-tokens', { name: '', role: 'owner' });
		expect(Object.keys(response.json.error.fields).sort()).toEqual(['name', 'role']);
		expect(await snapshot()).toEqual(before);
	});

	it('is for admins only: others get 403, strangers 401, and nothing changes', async () => {
		const admin = await app.signIn('admin');
		const { apiToken } = await makeToken(admin, { name: 'Bridge', role: 'agent' });
		const before = await snapshot();
		for (const role of ['manager', 'agent'] as const) {
			const user = await app.signIn(role);
			expect((await user.post('/api/api-tokens', { name: 'Mine', role: 'agent' })).status).toBe(
				403
			);
			expect((await user.get('/api/api-tokens')).status).toBe(403);
			expect((await user.post(`/api/api-tokens/${apiToken.id}/revoke`)).status).toBe(403);
		}
		const stranger = app.anonymous();
		expect((await stranger.post('/api/api-tokens', { name: 'Mine', role: 'agent' })).status).toBe(
			401
		);
		expect((await stranger.get('/api/api-tokens')).status).toBe(401);
		expect(await snapshot()).toEqual(before);
	});

	it('appears in the OpenAPI document with the bearer scheme', async () => {
		const document = (await app.anonymous().get('/api/openapi.json')).json;
		expect(Object.keys(document.paths)).toEqual(
			expect.arrayContaining(['/api/api-tokens', '/api/api-tokens/{id}/revoke'])
		);
		expect(document.components.securitySchemes.apiToken).toMatchObject({
			type: 'http',
			scheme: 'bearer'
		});
	});
});
