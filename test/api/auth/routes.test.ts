import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { postOversize, startTestApp, testPassword, type TestApp } from '../../support/app';

let app: TestApp;
beforeEach(async () => {
	app = await startTestApp();
});
afterEach(async () => {
	await app.stop();
});

describe('first-run set-up', () => {
	it('creates the first admin once, signs them in, and refuses a second set-up', async () => {
		const visitor = app.anonymous();
		expect((await visitor.get('/api/auth/setup')).json).toEqual({ needed: true });

		const created = await visitor.post('/api/auth/setup', { email: 'Ada@Example.test', name: 'Ada', password: 'a long password' });
		expect(created.status).toBe(201);
		expect(created.json.user).toMatchObject({ email: 'ada@example.test', role: 'admin' });
		expect(created.headers.get('set-cookie')).toMatch(/HttpOnly; SameSite=Lax/);
		expect((await visitor.get('/api/auth/me')).json.user.email).toBe('ada@example.test');

		const again = await app.anonymous().post('/api/auth/setup', { email: 'eve@example.test', name: 'Eve', password: 'a long password' });
		expect(again.status).toBe(409);
		expect(again.json.error.code).toBe('conflict');
	});

	it('makes exactly one admin when two set-ups race', async () => {
		const body = (email: string) => ({ email, name: 'Racer', password: 'a long password' });
		const results = await Promise.all([
			app.anonymous().post('/api/auth/setup', body('one@example.test')),
			app.anonymous().post('/api/auth/setup', body('two@example.test'))
		]);
		expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
	});
});

describe('sign-in', () => {
	it('refuses anonymous requests with 401 and an agent at an admin route with 403', async () => {
		expect((await app.anonymous().get('/api/auth/me')).status).toBe(401);
		const agent = await app.signIn('agent');
		const me = await agent.get('/api/auth/me');
		expect(me.json.user.role).toBe('agent');
	});

	it('rate-limits repeated failures for one email, even with the right password afterwards', async () => {
		const admin = await app.signIn('admin', 'target@example.test');
		const attacker = app.anonymous();
		for (let i = 0; i < 5; i++) {
			const failed = await attacker.post('/api/auth/sign-in', { email: 'target@example.test', password: 'wrong password' });
			expect(failed.status).toBe(401);
		}
		const blocked = await attacker.post('/api/auth/sign-in', { email: 'target@example.test', password: testPassword });
		expect(blocked.status).toBe(429);
		expect(blocked.json.error.code).toBe('rate_limited');
		expect(blocked.headers.get('retry-after')).toBe('900');

		app.clock.advance(16 * 60_000);
		const later = await attacker.post('/api/auth/sign-in', { email: 'target@example.test', password: testPassword });
		expect(later.status).toBe(200);
		expect(admin.userId).toBe(later.json.user.id);
	});

	it('signs out: the old cookie no longer works', async () => {
		const admin = await app.signIn('admin');
		const cookie = admin.cookies.get('closeloop_session');
		expect((await admin.post('/api/auth/sign-out')).status).toBe(204);
		const replay = await app.anonymous().get('/api/auth/me', { cookie: `closeloop_session=${cookie}` });
		expect(replay.status).toBe(401);
	});

	it('refuses state changes from another site', async () => {
		const admin = await app.signIn('admin');
		const response = await admin.post('/api/auth/sign-out', {}, { origin: 'https://evil.example' });
		expect(response.status).toBe(403);
		expect(response.json.error.code).toBe('forbidden');
		expect((await admin.get('/api/auth/me')).status).toBe(200);
	});
});

describe('bad input', () => {
	it('answers malformed JSON, wrong types and oversize bodies with the one error shape', async () => {
		const visitor = app.anonymous();
		const malformed = await visitor.post('/api/auth/sign-in', '{"email":', { 'content-type': 'application/json' });
		expect(malformed.status).toBe(400);
		expect(malformed.json.error).toMatchObject({ code: 'bad_request' });

		const wrongTypes = await visitor.post('/api/auth/setup', { email: 42, name: [], password: true });
		expect(wrongTypes.status).toBe(422);
		expect(Object.keys(wrongTypes.json.error.fields).sort()).toEqual(['email', 'name', 'password']);

		const huge = await postOversize(
			`${app.url}/api/auth/setup`,
			JSON.stringify({ email: 'a@b.test', name: 'x'.repeat(2 * 1024 * 1024), password: 'a long password' })
		);
		expect(huge.status).toBe(413);
		expect(huge.json.error.code).toBe('payload_too_large');
		expect((await visitor.get('/api/auth/setup')).json).toEqual({ needed: true });

		const unknown = await visitor.get('/api/nothing-here');
		expect(unknown.status).toBe(404);
		expect(unknown.json.error.code).toBe('not_found');
	});
});
