import { createExecutionContext, createScheduledController } from 'cloudflare:test';
import { env, exports } from 'cloudflare:workers';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { sessions, staffUsers } from '../../db/schema/staff';
import worker, { createWorkerDeps, workerHost } from '../../api/worker';
import { version } from '../../package.json';

const origin = 'https://closeloop.example.com';

function api(path: string, init?: RequestInit) {
	return exports.default.fetch(`${origin}${path}`, init);
}

describe('the Workers host', () => {
	it('reports health with D1 reachable and the package version', async () => {
		const response = await api('/api/health');
		expect(response.status).toBe(200);
		const body = (await response.json()) as any;
		expect(body).toMatchObject({ status: 'ok', version, database: { ok: true } });
	});

	it('writes to and reads from D1: first-admin set-up, then the session it starts', async () => {
		const setup = await api('/api/auth/setup', {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({
				email: 'Admin@Example.test',
				name: 'Ada Admin',
				password: 'correct horse battery'
			})
		});
		expect(setup.status).toBe(201);
		const setCookie = setup.headers.get('set-cookie') ?? '';
		expect(setCookie).toMatch(/^closeloop_session=[\w-]+;/);
		expect(setCookie).toMatch(/HttpOnly/i);
		expect(setCookie).toMatch(/Secure/i);

		const me = await api('/api/auth/me', { headers: { cookie: setCookie.split(';')[0]! } });
		expect(me.status).toBe(200);
		expect(await me.json()).toEqual({
			user: {
				id: expect.any(String),
				email: 'admin@example.test',
				name: 'Ada Admin',
				role: 'admin'
			}
		});

		const again = await api('/api/auth/setup', {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({
				email: 'b@example.test',
				name: 'B',
				password: 'correct horse battery'
			})
		});
		expect(again.status).toBe(409);
		expect(((await again.json()) as any).error.code).toBe('conflict');
	});

	it('answers bad JSON with a 400 in the one error shape', async () => {
		const response = await api('/api/auth/sign-in', {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: '{"email": '
		});
		expect(response.status).toBe(400);
		const body = (await response.json()) as any;
		expect(body).toEqual({ error: { code: 'bad_request', message: expect.any(String) } });
	});

	it('answers unknown routes with a 404 in the one error shape', async () => {
		const response = await api('/api/nowhere');
		expect(response.status).toBe(404);
		expect(((await response.json()) as any).error.code).toBe('not_found');
	});

	it('runs a tick from the cron trigger against D1', async () => {
		const { db } = workerHost(env).deps;
		const longAgo = new Date('2020-01-01T00:00:00Z');
		await db.insert(staffUsers).values({
			id: 'tick-user',
			email: 'tick@example.test',
			name: 'Tick',
			role: 'agent',
			passwordHash: 'x',
			createdAt: longAgo,
			updatedAt: longAgo
		});
		await db
			.insert(sessions)
			.values({ id: 'expired', userId: 'tick-user', createdAt: longAgo, expiresAt: longAgo });

		const ctx = createExecutionContext();
		const waited: Promise<unknown>[] = [];
		const waitUntil = ctx.waitUntil.bind(ctx);
		ctx.waitUntil = (promise) => {
			waited.push(promise);
			waitUntil(promise);
		};
		worker.scheduled(createScheduledController({ cron: '* * * * *' }), env, ctx);
		expect(waited).toHaveLength(1);
		await expect(Promise.all(waited)).resolves.toBeDefined();

		expect(await db.select().from(sessions).where(eq(sessions.id, 'expired'))).toEqual([]);
	});

	it('reads its settings from wrangler.toml and secrets', () => {
		const deps = createWorkerDeps(env);
		expect(deps.config).toMatchObject({ production: true, publicUrl: origin, version });
		expect(deps.mailer.name).toBe('local');
		expect(createWorkerDeps({ ...env, RESEND_API_KEY: 're_test' }).mailer.name).toBe('resend');
		expect(() => createWorkerDeps({ ...env, CLOSELOOP_CLOCK_CONTROL: 'true' })).toThrow(
			/production/
		);
	});
});
