import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newId } from '../../../api/tokens';
import { auditLog } from '../../../db/schema/audit';
import { staffUsers, teamMembers, teams } from '../../../db/schema/staff';
import { startTestApp, type TestApp } from '../../support/app';

let app: TestApp;
beforeEach(async () => {
	app = await startTestApp();
});
afterEach(async () => {
	await app.stop();
});

async function snapshot() {
	return {
		teams: await app.db.select().from(teams),
		members: await app.db.select().from(teamMembers),
		audit: (await app.db.select().from(auditLog)).length
	};
}

async function auditActions(teamId: string) {
	const rows = await app.db.select().from(auditLog).where(eq(auditLog.entityId, teamId));
	return rows.map((row) => ({ action: row.action, actorId: row.actorId, detail: row.detail }));
}

describe('creating and reading teams', () => {
	it('creates a team with a lead and members that every colleague can see', async () => {
		const admin = await app.signIn('admin');
		const lead = await app.signIn('manager');
		const agent = await app.signIn('agent');

		const created = await admin.post('/api/teams', {
			name: '  Billing  ',
			leadId: lead.userId,
			memberIds: [agent.userId, lead.userId, agent.userId]
		});
		expect(created.status).toBe(201);
		const team = created.json.team;
		expect(team).toMatchObject({
			name: 'Billing',
			lead: { id: lead.userId, active: true }
		});
		expect(team.members.map((member: { id: string }) => member.id).sort()).toEqual(
			[agent.userId, lead.userId].sort()
		);

		const seenByAgent = await agent.get('/api/teams');
		expect(seenByAgent.status).toBe(200);
		expect(seenByAgent.json.teams).toEqual([team]);
		expect((await agent.get(`/api/teams/${team.id}`)).json.team).toEqual(team);
		const users = (await admin.get('/api/users')).json.users;
		expect(users.find((user: { id: string }) => user.id === agent.userId).teams).toEqual([
			{ id: team.id, name: 'Billing' }
		]);

		expect(await auditActions(team.id)).toEqual([
			{
				action: 'team.created',
				actorId: admin.userId,
				detail: { name: 'Billing', leadId: lead.userId, memberIds: [agent.userId, lead.userId] }
			}
		]);
	});

	it('lists teams by name and a team without a lead or members is fine', async () => {
		const admin = await app.signIn('admin');
		for (const name of ['support', 'Accounts', 'Billing']) {
			expect((await admin.post('/api/teams', { name })).status).toBe(201);
		}
		const list = (await admin.get('/api/teams')).json.teams;
		expect(list.map((team: { name: string }) => team.name)).toEqual([
			'Accounts',
			'Billing',
			'support'
		]);
		expect(list[0]).toMatchObject({ lead: null, members: [] });
	});

	it('refuses a name another team has, whatever its case, and writes nothing', async () => {
		const admin = await app.signIn('admin');
		expect((await admin.post('/api/teams', { name: 'Support' })).status).toBe(201);
		const other = await admin.post('/api/teams', { name: 'Escalations' });
		const before = await snapshot();

		const duplicate = await admin.post('/api/teams', { name: 'SUPPORT' });
		expect(duplicate.status).toBe(409);
		expect(duplicate.json.error.code).toBe('conflict');
		expect(duplicate.json.error.fields.name).toEqual(['Another team already has this name.']);

		const rename = await admin.patch(`/api/teams/${other.json.team.id}`, { name: 'support' });
		expect(rename.status).toBe(409);
		expect(await snapshot()).toEqual(before);

		const sameNameNewCase = await admin.patch(`/api/teams/${other.json.team.id}`, {
			name: 'ESCALATIONS'
		});
		expect(sameNameNewCase.status).toBe(200);
		expect(sameNameNewCase.json.team.name).toBe('ESCALATIONS');
	});

	it('names unknown users in a 422 and writes nothing', async () => {
		const admin = await app.signIn('admin');
		const agent = await app.signIn('agent');
		const ghost = newId();
		const before = await snapshot();

		const unknownMember = await admin.post('/api/teams', {
			name: 'Support',
			memberIds: [agent.userId, ghost]
		});
		expect(unknownMember.status).toBe(422);
		expect(unknownMember.json.error.fields.memberIds[0]).toContain(ghost);
		expect(unknownMember.json.error.fields.memberIds[0]).not.toContain(agent.userId);

		const unknownLead = await admin.post('/api/teams', { name: 'Support', leadId: ghost });
		expect(unknownLead.status).toBe(422);
		expect(unknownLead.json.error.fields.leadId[0]).toContain(ghost);
		expect(await snapshot()).toEqual(before);
	});

	it('refuses a disabled user as lead', async () => {
		const admin = await app.signIn('admin');
		const manager = await app.signIn('manager');
		await admin.post(`/api/users/${manager.userId}/disable`);
		const response = await admin.post('/api/teams', { name: 'Support', leadId: manager.userId });
		expect(response.status).toBe(422);
		expect(response.json.error.fields.leadId[0]).toMatch(/disabled/);
	});

	it('answers malformed and wrong-typed input with 4xx, and writes nothing', async () => {
		const admin = await app.signIn('admin');
		const before = await snapshot();
		const malformed = await admin.post('/api/teams', '{"name":', {
			'content-type': 'application/json'
		});
		expect(malformed.status).toBe(400);
		const blank = await admin.post('/api/teams', { name: '   ' });
		expect(blank.status).toBe(422);
		expect(blank.json.error.fields.name).toEqual(['Enter a team name.']);
		const wrongTypes = await admin.post('/api/teams', {
			name: 5,
			leadId: [],
			memberIds: 'everyone'
		});
		expect(Object.keys(wrongTypes.json.error.fields).sort()).toEqual([
			'leadId',
			'memberIds',
			'name'
		]);
		expect(await snapshot()).toEqual(before);
	});
});

describe('changing teams', () => {
	it('renames a team and changes its lead, with an audit entry of what changed', async () => {
		const admin = await app.signIn('admin');
		const lead = await app.signIn('manager');
		const created = (await admin.post('/api/teams', { name: 'Support' })).json.team;

		const updated = await admin.patch(`/api/teams/${created.id}`, {
			name: 'Customer care',
			leadId: lead.userId
		});
		expect(updated.status).toBe(200);
		expect(updated.json.team).toMatchObject({ name: 'Customer care', lead: { id: lead.userId } });

		const cleared = await admin.patch(`/api/teams/${created.id}`, { leadId: '' });
		expect(cleared.json.team.lead).toBeNull();

		expect((await auditActions(created.id)).slice(1)).toEqual([
			{
				action: 'team.updated',
				actorId: admin.userId,
				detail: {
					name: { from: 'Support', to: 'Customer care' },
					leadId: { from: null, to: lead.userId }
				}
			},
			{
				action: 'team.updated',
				actorId: admin.userId,
				detail: { leadId: { from: lead.userId, to: null } }
			}
		]);
	});

	it('replaces the members with exactly the list given, and names unknown ids without changing anything', async () => {
		const admin = await app.signIn('admin');
		const [first, second, third] = [
			await app.signIn('agent'),
			await app.signIn('agent'),
			await app.signIn('manager')
		];
		const team = (
			await admin.post('/api/teams', { name: 'Support', memberIds: [first.userId, second.userId] })
		).json.team;

		const set = await admin.put(`/api/teams/${team.id}/members`, {
			userIds: [second.userId, third.userId]
		});
		expect(set.status).toBe(200);
		expect(set.json.team.members.map((member: { id: string }) => member.id).sort()).toEqual(
			[second.userId, third.userId].sort()
		);
		const [entry] = (await auditActions(team.id)).filter(
			(row) => row.action === 'team.members_set'
		);
		expect(entry).toEqual({
			action: 'team.members_set',
			actorId: admin.userId,
			detail: { added: [third.userId], removed: [first.userId] }
		});

		const before = await snapshot();
		const ghosts = [newId(), newId()];
		const refused = await admin.put(`/api/teams/${team.id}/members`, {
			userIds: [first.userId, ...ghosts]
		});
		expect(refused.status).toBe(422);
		expect(refused.json.error.code).toBe('validation_failed');
		for (const ghost of ghosts) expect(refused.json.error.message).toContain(ghost);
		expect(refused.json.error.fields.userIds).toHaveLength(1);
		expect(await snapshot()).toEqual(before);

		const emptied = await admin.put(`/api/teams/${team.id}/members`, { userIds: [] });
		expect(emptied.json.team.members).toEqual([]);
		const notAList = await admin.put(`/api/teams/${team.id}/members`, { userIds: first.userId });
		expect(notAList.status).toBe(422);
	});

	it('deletes a team; its members stay as users', async () => {
		const admin = await app.signIn('admin');
		const agent = await app.signIn('agent');
		const team = (await admin.post('/api/teams', { name: 'Support', memberIds: [agent.userId] }))
			.json.team;

		expect((await admin.delete(`/api/teams/${team.id}`)).status).toBe(204);
		expect((await admin.get(`/api/teams/${team.id}`)).status).toBe(404);
		expect(await app.db.select().from(teamMembers)).toEqual([]);
		expect(
			await app.db.select().from(staffUsers).where(eq(staffUsers.id, agent.userId))
		).toHaveLength(1);
		expect((await auditActions(team.id)).map((entry) => entry.action)).toEqual([
			'team.created',
			'team.deleted'
		]);
		expect((await admin.delete(`/api/teams/${team.id}`)).status).toBe(404);
	});

	it('answers 404 for teams that do not exist', async () => {
		const admin = await app.signIn('admin');
		const missing = newId();
		const responses = await Promise.all([
			admin.get(`/api/teams/${missing}`),
			admin.patch(`/api/teams/${missing}`, { name: 'Nobody' }),
			admin.put(`/api/teams/${missing}/members`, { userIds: [] }),
			admin.delete(`/api/teams/${missing}`)
		]);
		for (const response of responses) expect(response.status).toBe(404);
	});

	it('refuses strangers with 401 and non-admins with 403, changing nothing', async () => {
		const admin = await app.signIn('admin');
		const team = (await admin.post('/api/teams', { name: 'Support' })).json.team;
		const before = await snapshot();
		expect((await app.anonymous().get('/api/teams')).status).toBe(401);
		for (const role of ['agent', 'manager'] as const) {
			const client = await app.signIn(role);
			const responses = await Promise.all([
				client.post('/api/teams', { name: 'Mine' }),
				client.patch(`/api/teams/${team.id}`, { name: 'Mine' }),
				client.put(`/api/teams/${team.id}/members`, { userIds: [client.userId] }),
				client.delete(`/api/teams/${team.id}`)
			]);
			for (const response of responses) expect(response.status).toBe(403);
		}
		const stranger = await app.anonymous().post('/api/teams', { name: 'Mine' });
		expect(stranger.status).toBe(401);
		expect(await snapshot()).toEqual(before);
	});
});
