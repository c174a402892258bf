import { env, exports } from 'cloudflare:workers';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { cases, slaClocks, slaEvents } from '../../db/schema/cases';
import { accounts, contacts } from '../../db/schema/accounts';
import { outbox } from '../../db/schema/outbox';
import { satisfactionRollups } from '../../db/schema/reports';
import { surveyInvitations, surveys } from '../../db/schema/surveys';
import { defaultDefinition } from '../../api/domain/survey-definition';
import { sessions, staffUsers } from '../../db/schema/staff';
import { createToken, hashToken } from '../../api/tokens';
import { createWorkerDeps, workerHost } from '../../api/worker';
import { fireCron } from './cron';
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

		expect(await fireCron(env)).toBe(1);

		expect(await db.select().from(sessions).where(eq(sessions.id, 'expired'))).toEqual([]);
	});

	it('takes a complaint, works it and breaches its SLA through the cron, all on D1', async () => {
		const { db } = workerHost(env).deps;
		const filed = await api('/api/public/complaints', {
			method: 'POST',
			headers: { 'content-type': 'application/json', 'cf-connecting-ip': '203.0.113.7' },
			body: JSON.stringify({
				name: 'Mira',
				email: 'mira@example.test',
				subject: 'Late delivery',
				description: 'Three days late and nobody told us.'
			})
		});
		expect(filed.status).toBe(201);
		const { token } = ((await filed.json()) as any).case;
		expect((await api(`/api/public/cases/${token}`)).status).toBe(200);

		const now = new Date();
		await db.insert(staffUsers).values({
			id: 'case-agent',
			email: 'agent@example.test',
			name: 'Agent',
			role: 'agent',
			passwordHash: 'x',
			createdAt: now,
			updatedAt: now
		});
		await db.insert(sessions).values({
			id: hashToken('worker-session-token'),
			userId: 'case-agent',
			createdAt: now,
			expiresAt: new Date(now.getTime() + 86_400_000)
		});
		const [row] = await db.select().from(cases);
		const acted = await api(`/api/cases/${row!.id}/actions`, {
			method: 'POST',
			headers: {
				'content-type': 'application/json',
				cookie: 'closeloop_session=worker-session-token'
			},
			body: JSON.stringify({ action: 'acknowledge' })
		});
		expect(acted.status).toBe(200);
		const again = await api(`/api/cases/${row!.id}/actions`, {
			method: 'POST',
			headers: {
				'content-type': 'application/json',
				cookie: 'closeloop_session=worker-session-token'
			},
			body: JSON.stringify({ action: 'close' })
		});
		expect(again.status).toBe(409);

		// The resolution promise ran out an hour ago (the Worker's clock is the real one).
		const past = new Date(now.getTime() - 3_600_000);
		await db
			.update(slaClocks)
			.set({ dueAt: past, warnAt: null, nextCheckAt: past })
			.where(eq(slaClocks.target, 'resolution'));
		for (let run = 0; run < 2; run++) {
			await fireCron(env);
		}
		const breaches = await db.select().from(slaEvents).where(eq(slaEvents.kind, 'breach'));
		expect(breaches.map((event) => event.target)).toEqual(['resolution']);
		const customerMail = await db
			.select()
			.from(outbox)
			.where(eq(outbox.toAddress, 'mira@example.test'));
		expect(customerMail.map((email) => email.template)).toEqual(['case-received']);
	});

	it('counts survey answers in the report rollups as they arrive, and the cron counts its invitations, on D1', async () => {
		const { db } = workerHost(env).deps;
		const now = new Date();
		const created = new Date(now.getTime() - 86_400_000);
		const token = createToken(16);
		await db.insert(surveys).values({
			id: 'rollup-survey',
			name: 'Quarterly NPS',
			kind: 'nps',
			status: 'active',
			definition: defaultDefinition('nps'),
			audience: { tiers: [], ownerIds: [], accountStatuses: [], tags: [] },
			sendWindow: { days: [1, 2, 3, 4, 5, 6, 7], startHour: 0, endHour: 24 },
			detractorThreshold: 6,
			activatedAt: created,
			createdAt: created,
			updatedAt: created
		});
		await db.insert(accounts).values({
			id: 'rollup-account',
			name: 'Harbour Café',
			tier: 'premium',
			wonAt: created,
			createdAt: created,
			updatedAt: created
		});
		await db.insert(contacts).values(
			['answers', 'invited'].map((name) => ({
				id: `rollup-${name}`,
				accountId: 'rollup-account',
				email: `${name}@harbour.example`,
				name,
				createdAt: created,
				updatedAt: created
			}))
		);
		await db.insert(surveyInvitations).values({
			id: 'rollup-invitation',
			surveyId: 'rollup-survey',
			contactId: 'rollup-answers',
			cycle: 0,
			tokenHash: hashToken(token),
			locale: 'en',
			createdAt: now
		});
		const answer = (score: number) =>
			api(`/api/public/invitations/${token}/response`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ score })
			});
		expect((await answer(3)).status).toBe(200);
		expect((await answer(9)).status).toBe(200);
		const counted = async () =>
			(await db.select().from(satisfactionRollups)).filter((row) => row.granularity === 'month');
		// One answer, changed from 3 to 9: counted once, as a 9.
		expect((await counted()).map((row) => [row.tier, row.c3, row.c9, row.responses])).toEqual([
			['premium', 0, 1, 1]
		]);

		await fireCron(env);
		// The cron invited the contact not yet asked, and counted the invitation.
		const invited = await db
			.select()
			.from(surveyInvitations)
			.where(eq(surveyInvitations.contactId, 'rollup-invited'));
		expect(invited).toHaveLength(1);
		expect((await counted()).map((row) => [row.c9, row.responses, row.invitations])).toEqual([
			[1, 1, 1]
		]);
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
