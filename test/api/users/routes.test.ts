import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditLog } from '../../../db/schema/audit';
import { outbox } from '../../../db/schema/outbox';
import { sessions, staffUsers } from '../../../db/schema/staff';
import { newId } from '../../../api/tokens';
import { startTestApp, testPassword, type TestApp } from '../../support/app';

let app: TestApp;
beforeEach(async () => {
	app = await startTestApp();
});
afterEach(async () => {
	await app.stop();
});

const newUser = {
	email: 'Grace.Hopper@Example.test',
	name: 'Grace Hopper',
	role: 'agent',
	password: 'a long first password'
};

/** Row counts of everything a user change can write. */
async function snapshot() {
	return {
		users: await app.db.select().from(staffUsers),
		outbox: (await app.db.select().from(outbox)).length,
		audit: (await app.db.select().from(auditLog)).length,
		sessions: (await app.db.select().from(sessions)).length
	};
}

async function auditActions(entityId: string) {
	const rows = await app.db.select().from(auditLog).where(eq(auditLog.entityId, entityId));
	return rows.map((row) => ({ action: row.action, actorId: row.actorId, detail: row.detail }));
}

describe('adding a user', () => {
	it('creates the user, writes a welcome email to the outbox, and the user can sign in', async () => {
		const admin = await app.signIn('admin');
		const created = await admin.post('/api/users', newUser);
		expect(created.status).toBe(201);
		expect(created.json.user).toMatchObject({
			email: 'grace.hopper@example.test',
			name: 'Grace Hopper',
			role: 'agent',
			active: true,
			teams: [],
			disabledAt: null
		});

		const [email, ...others] = await app.db.select().from(outbox);
		expect(others).toHaveLength(0);
		expect(email).toMatchObject({
			template: 'staff-welcome',
			toAddress: 'grace.hopper@example.test',
			fromAddress: 'Closeloop <feedback@closeloop.localhost>',
			status: 'pending'
		});
		expect(email!.subject).toContain('Closeloop');
		expect(email!.text).toContain('http://127.0.0.1/sign-in');
		expect(email!.text).toContain((await admin.get('/api/auth/me')).json.user.name);
		expect(email!.text).not.toContain(newUser.password);

		expect(await auditActions(created.json.user.id)).toEqual([
			{
				action: 'user.created',
				actorId: admin.userId,
				detail: { email: 'grace.hopper@example.test', name: 'Grace Hopper', role: 'agent' }
			}
		]);
		const signedIn = await app.anonymous().post('/api/auth/sign-in', {
			email: 'grace.hopper@example.test',
			password: newUser.password
		});
		expect(signedIn.status).toBe(200);
		expect(signedIn.json.user.role).toBe('agent');
	});

	it("sends the welcome email from the organisation's saved name and sender", async () => {
		const admin = await app.signIn('admin');
		const saved = await admin.put('/api/organization', {
			name: 'Acme Care',
			brandColor: '#0f766e',
			emailFrom: 'Acme Care <care@acme.example>'
		});
		expect(saved.status).toBe(200);
		expect((await admin.post('/api/users', newUser)).status).toBe(201);
		const [email] = await app.db.select().from(outbox);
		expect(email!.fromAddress).toBe('Acme Care <care@acme.example>');
		expect(email!.subject).toContain('Acme Care');
	});

	it('refuses an email that already has an account, whatever its case, and writes nothing', async () => {
		const admin = await app.signIn('admin');
		expect((await admin.post('/api/users', newUser)).status).toBe(201);
		const before = await snapshot();

		const again = await admin.post('/api/users', {
			...newUser,
			email: 'GRACE.hopper@example.TEST',
			name: 'Someone Else'
		});
		expect(again.status).toBe(409);
		expect(again.json.error.code).toBe('conflict');
		expect(again.json.error.fields.email).toEqual(['This email already has an account.']);
		expect(await snapshot()).toEqual(before);
	});

	it('answers malformed and wrong-typed input with 4xx in the one error shape, and writes nothing', async () => {
		const admin = await app.signIn('admin');
		const before = await snapshot();

		const malformed = await admin.post('/api/users', '{"email": "a@', {
			'content-type': 'application/json'
		});
		expect(malformed.status).toBe(400);
		expect(malformed.json.error.code).toBe('bad_request');

		const wrongTypes = await admin.post('/api/users', {
			email: 7,
			name: {},
			role: 'owner',
			password: 12
		});
		expect(wrongTypes.status).toBe(422);
		expect(Object.keys(wrongTypes.json.error.fields).sort()).toEqual([
			'email',
			'name',
			'password',
			'role'
		]);

		const shortPassword = await admin.post('/api/users', { ...newUser, password: 'short' });
		expect(shortPassword.status).toBe(422);
		expect(shortPassword.json.error.fields.password).toEqual(['Use at least 10 characters.']);

		const blankName = await admin.post('/api/users', { ...newUser, name: '   ' });
		expect(blankName.json.error.fields.name).toEqual(['Enter a name.']);

		const badRole = await admin.patch(`/api/users/${admin.userId}`, { role: 'superuser' });
		expect(badRole.status).toBe(422);

		expect(await snapshot()).toEqual(before);
	});
});

describe('who may see and change users', () => {
	it('gives every signed-in colleague the directory, but only admins see emails and teams', async () => {
		const admin = await app.signIn('admin');
		const agent = await app.signIn('agent');

		const directory = await agent.get('/api/users');
		expect(directory.status).toBe(200);
		expect(directory.json.users).toHaveLength(2);
		for (const user of directory.json.users) {
			expect(Object.keys(user).sort()).toEqual(['active', 'id', 'name', 'role']);
		}

		const full = await admin.get('/api/users');
		const agentSeenByAdmin = full.json.users.find(
			(user: { id: string }) => user.id === agent.userId
		);
		expect(agentSeenByAdmin).toMatchObject({ email: agent.email, role: 'agent', teams: [] });
	});

	it('refuses strangers with 401 and agents and managers with 403 on every admin route, changing nothing', async () => {
		const admin = await app.signIn('admin');
		const agent = await app.signIn('agent');
		const manager = await app.signIn('manager');
		const before = await snapshot();
		const target = admin.userId;

		const attempts = (client: ReturnType<TestApp['anonymous']>) => [
			client.post('/api/users', newUser),
			client.get(`/api/users/${target}`),
			client.patch(`/api/users/${target}`, { role: 'agent' }),
			client.post(`/api/users/${target}/disable`),
			client.post(`/api/users/${target}/enable`),
			client.post(`/api/users/${target}/password`, { password: 'taken over now' })
		];
		for (const response of await Promise.all(attempts(app.anonymous()))) {
			expect(response.status).toBe(401);
			expect(response.json.error.code).toBe('unauthenticated');
		}
		expect((await app.anonymous().get('/api/users')).status).toBe(401);
		for (const client of [agent, manager]) {
			for (const response of await Promise.all(attempts(client))) {
				expect(response.status).toBe(403);
				expect(response.json.error.code).toBe('forbidden');
			}
		}
		// Even a body that would fail validation gets the 403 first.
		expect((await agent.post('/api/users', { email: 1 })).status).toBe(403);
		expect(await snapshot()).toEqual(before);
	});

	it('answers 404 for users that do not exist', async () => {
		const admin = await app.signIn('admin');
		const missing = newId();
		const responses = await Promise.all([
			admin.get(`/api/users/${missing}`),
			admin.patch(`/api/users/${missing}`, { name: 'Nobody' }),
			admin.post(`/api/users/${missing}/disable`),
			admin.post(`/api/users/${missing}/enable`),
			admin.post(`/api/users/${missing}/password`, { password: 'a long password' })
		]);
		for (const response of responses) {
			expect(response.status).toBe(404);
			expect(response.json.error.code).toBe('not_found');
		}
	});
});

describe('changing a user', () => {
	it("renames a user and changes their role, effective on the user's very next request", async () => {
		const admin = await app.signIn('admin');
		const agent = await app.signIn('agent');

		const changed = await admin.patch(`/api/users/${agent.userId}`, {
			name: 'Ada Byron',
			role: 'manager'
		});
		expect(changed.status).toBe(200);
		expect(changed.json.user).toMatchObject({ name: 'Ada Byron', role: 'manager' });
		expect((await agent.get('/api/auth/me')).json.user).toMatchObject({
			name: 'Ada Byron',
			role: 'manager'
		});
		const actions = await auditActions(agent.userId);
		expect(actions).toContainEqual({
			action: 'user.role_changed',
			actorId: admin.userId,
			detail: { from: 'agent', to: 'manager' }
		});
		expect(actions.map((entry) => entry.action)).toContain('user.renamed');

		const unchanged = await admin.patch(`/api/users/${agent.userId}`, { role: 'manager' });
		expect(unchanged.status).toBe(200);
		expect(await auditActions(agent.userId)).toHaveLength(actions.length);
	});

	it('lets an admin neither demote nor disable themselves', async () => {
		const admin = await app.signIn('admin');
		await app.signIn('admin');

		const demote = await admin.patch(`/api/users/${admin.userId}`, { role: 'manager' });
		expect(demote.status).toBe(409);
		expect(demote.json.error.message).toMatch(/own role/);
		const disable = await admin.post(`/api/users/${admin.userId}/disable`);
		expect(disable.status).toBe(409);
		expect(disable.json.error.message).toMatch(/your own account/);
		expect((await admin.get('/api/auth/me')).json.user.role).toBe('admin');
		expect(await auditActions(admin.userId)).toEqual([]);
	});

	it('never leaves the organisation without an active admin, even when two admins demote each other at once', async () => {
		for (const change of ['demote', 'disable'] as const) {
			const first = await app.signIn('admin');
			const second = await app.signIn('admin');
			const act = (actor: typeof first, target: typeof first) =>
				change === 'demote'
					? actor.patch(`/api/users/${target.userId}`, { role: 'agent' })
					: actor.post(`/api/users/${target.userId}/disable`);
			const results = await Promise.all([act(first, second), act(second, first)]);

			const statuses = results.map((result) => result.status).sort();
			expect(statuses[0]).toBe(200);
			// The loser either lost the race at the database (409) or had already lost its admin role (403 or 401).
			expect([401, 403, 409]).toContain(statuses[1]);
			const admins = (await app.db.select().from(staffUsers)).filter(
				(user) =>
					[first.userId, second.userId].includes(user.id) &&
					user.role === 'admin' &&
					user.disabledAt === null
			);
			expect(admins).toHaveLength(1);
			const written = [
				...(await auditActions(first.userId)),
				...(await auditActions(second.userId))
			].filter((entry) => entry.action !== 'user.created');
			expect(written).toHaveLength(1);
			// Leave one admin for the next round.
			await app.db.update(staffUsers).set({ role: 'agent' }).where(eq(staffUsers.role, 'admin'));
		}
	});

	it('lets another admin demote an admin while a second active admin remains', async () => {
		const admin = await app.signIn('admin');
		const other = await app.signIn('admin');
		const demoted = await admin.patch(`/api/users/${other.userId}`, { role: 'agent' });
		expect(demoted.status).toBe(200);
		expect((await other.post('/api/users', newUser)).status).toBe(403);
	});
});

describe('disabling and enabling', () => {
	it('signs a disabled user out at once and keeps them out until they are enabled again', async () => {
		const admin = await app.signIn('admin');
		const agent = await app.signIn('agent');
		expect((await agent.get('/api/auth/me')).status).toBe(200);

		const disabled = await admin.post(`/api/users/${agent.userId}/disable`);
		expect(disabled.status).toBe(200);
		expect(disabled.json.user).toMatchObject({
			active: false,
			disabledAt: '2026-03-02T09:00:00.000Z'
		});
		expect((await agent.get('/api/auth/me')).status).toBe(401);
		expect(
			await app.db.select().from(sessions).where(eq(sessions.userId, agent.userId))
		).toHaveLength(0);
		const refused = await app
			.anonymous()
			.post('/api/auth/sign-in', { email: agent.email, password: testPassword });
		expect(refused.status).toBe(401);

		expect((await admin.post(`/api/users/${agent.userId}/disable`)).status).toBe(200);
		const enabled = await admin.post(`/api/users/${agent.userId}/enable`);
		expect(enabled.json.user).toMatchObject({ active: true, disabledAt: null });
		const back = await app
			.anonymous()
			.post('/api/auth/sign-in', { email: agent.email, password: testPassword });
		expect(back.status).toBe(200);

		expect((await auditActions(agent.userId)).map((entry) => entry.action)).toEqual([
			'user.disabled',
			'user.enabled'
		]);
	});
});

describe('resetting a password', () => {
	it('sets the new password, signs the user out and lifts a sign-in lockout', async () => {
		const admin = await app.signIn('admin');
		const agent = await app.signIn('agent');
		const visitor = app.anonymous();
		for (let attempt = 0; attempt < 5; attempt++) {
			await visitor.post('/api/auth/sign-in', { email: agent.email, password: 'wrong guess' });
		}
		expect(
			(await visitor.post('/api/auth/sign-in', { email: agent.email, password: testPassword }))
				.status
		).toBe(429);

		const reset = await admin.post(`/api/users/${agent.userId}/password`, {
			password: 'a brand new password'
		});
		expect(reset.status).toBe(200);
		expect((await agent.get('/api/auth/me')).status).toBe(401);
		const withOld = await visitor.post('/api/auth/sign-in', {
			email: agent.email,
			password: testPassword
		});
		expect(withOld.status).toBe(401);
		const withNew = await visitor.post('/api/auth/sign-in', {
			email: agent.email,
			password: 'a brand new password'
		});
		expect(withNew.status).toBe(200);

		const entries = await auditActions(agent.userId);
		expect(entries).toEqual([
			{ action: 'user.password_reset', actorId: admin.userId, detail: null }
		]);
	});

	it('keeps admins signed in when they reset their own password', async () => {
		const admin = await app.signIn('admin');
		const reset = await admin.post(`/api/users/${admin.userId}/password`, {
			password: 'my own new password'
		});
		expect(reset.status).toBe(200);
		expect((await admin.get('/api/auth/me')).status).toBe(200);
	});

	it('refuses a short password and keeps the old one', async () => {
		const admin = await app.signIn('admin');
		const agent = await app.signIn('agent');
		const reset = await admin.post(`/api/users/${agent.userId}/password`, { password: 'short' });
		expect(reset.status).toBe(422);
		expect(reset.json.error.fields.password).toEqual(['Use at least 10 characters.']);
		expect((await agent.get('/api/auth/me')).status).toBe(200);
	});
});
