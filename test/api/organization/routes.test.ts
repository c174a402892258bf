import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditLog } from '../../../db/schema/audit';
import { organization } from '../../../db/schema/organization';
import { startTestApp, type TestApp } from '../../support/app';

let app: TestApp;
beforeEach(async () => {
	app = await startTestApp();
});
afterEach(async () => {
	await app.stop();
});

const settings = {
	name: 'Acme Care',
	brandColor: '#0F766E',
	emailFrom: 'Acme Care <Care@Acme.Example>'
};

async function snapshot() {
	return {
		rows: await app.db.select().from(organization),
		audit: await app.db.select().from(auditLog).where(eq(auditLog.entityType, 'organization'))
	};
}

describe('organisation settings', () => {
	it('shows the server defaults to any colleague until an admin saves them', async () => {
		const agent = await app.signIn('agent');
		const response = await agent.get('/api/organization');
		expect(response.status).toBe(200);
		expect(response.json.organization).toEqual({
			name: 'Closeloop',
			brandColor: '#4f46e5',
			emailFrom: 'Closeloop <feedback@closeloop.localhost>',
			fatigueDays: 30,
			complaintCooldownDays: 14,
			publicUpdates: false,
			updatedAt: null
		});
		expect((await app.anonymous().get('/api/organization')).status).toBe(401);
	});

	it('saves the settings in one canonical form and audits what changed', async () => {
		const admin = await app.signIn('admin');
		const saved = await admin.put('/api/organization', settings);
		expect(saved.status).toBe(200);
		const expected = {
			name: 'Acme Care',
			brandColor: '#0f766e',
			emailFrom: 'Acme Care <care@acme.example>',
			fatigueDays: 30,
			complaintCooldownDays: 14,
			publicUpdates: false,
			updatedAt: '2026-03-02T09:00:00.000Z'
		};
		expect(saved.json.organization).toEqual(expected);
		expect((await admin.get('/api/organization')).json.organization).toEqual(expected);

		app.clock.advance(60_000);
		const renamed = await admin.put('/api/organization', {
			...settings,
			name: 'Acme, Inc.',
			emailFrom: 'Acme, Inc. <care@acme.example>'
		});
		expect(renamed.json.organization.emailFrom).toBe('"Acme, Inc." <care@acme.example>');

		const { rows, audit } = await snapshot();
		expect(rows).toHaveLength(1);
		expect(audit.map((entry) => [entry.action, entry.actorId, entry.detail])).toEqual([
			[
				'organization.updated',
				admin.userId,
				{
					name: { from: 'Closeloop', to: 'Acme Care' },
					brandColor: { from: '#4f46e5', to: '#0f766e' },
					emailFrom: {
						from: 'Closeloop <feedback@closeloop.localhost>',
						to: 'Acme Care <care@acme.example>'
					}
				}
			],
			[
				'organization.updated',
				admin.userId,
				{
					name: { from: 'Acme Care', to: 'Acme, Inc.' },
					emailFrom: {
						from: 'Acme Care <care@acme.example>',
						to: '"Acme, Inc." <care@acme.example>'
					}
				}
			]
		]);
	});

	it('refuses bad colours, senders and names field by field, and saves nothing', async () => {
		const admin = await app.signIn('admin');
		await admin.put('/api/organization', settings);
		const before = await snapshot();

		const cases: [Record<string, unknown>, string][] = [
			[{ brandColor: 'teal' }, 'brandColor'],
			[{ brandColor: '#abc' }, 'brandColor'],
			[{ brandColor: '#12345g' }, 'brandColor'],
			[{ brandColor: 0x0f766e }, 'brandColor'],
			[{ emailFrom: 'care at acme' }, 'emailFrom'],
			[{ emailFrom: 'Acme <care@acme.example' }, 'emailFrom'],
			[{ emailFrom: 'Acme <>' }, 'emailFrom'],
			[{ emailFrom: 'Acme <care@acme.example>, Other <x@y.example>' }, 'emailFrom'],
			[{ name: '  ' }, 'name'],
			[{ name: null }, 'name']
		];
		for (const [change, field] of cases) {
			const response = await admin.put('/api/organization', { ...settings, ...change });
			expect(response.status, JSON.stringify(change)).toBe(422);
			expect(Object.keys(response.json.error.fields)).toEqual([field]);
		}
		const malformed = await admin.put('/api/organization', '{"name"', {
			'content-type': 'application/json'
		});
		expect(malformed.status).toBe(400);
		expect(await snapshot()).toEqual(before);
	});

	it('lets only admins save', async () => {
		const before = await snapshot();
		for (const role of ['agent', 'manager'] as const) {
			const client = await app.signIn(role);
			const response = await client.put('/api/organization', settings);
			expect(response.status).toBe(403);
			expect(response.json.error.code).toBe('forbidden');
		}
		expect((await app.anonymous().put('/api/organization', settings)).status).toBe(401);
		expect(await snapshot()).toEqual(before);
	});
	it('saves the survey fatigue rules, keeps them when a save leaves them out, and audits the change', async () => {
		const admin = await app.signIn('admin');
		const saved = await admin.put('/api/organization', { ...settings, fatigueDays: 45, complaintCooldownDays: 0 });
		expect(saved.status).toBe(200);
		expect(saved.json.organization).toMatchObject({ fatigueDays: 45, complaintCooldownDays: 0 });

		app.clock.advance(60_000);
		const renamed = await admin.put('/api/organization', { ...settings, name: 'Acme' });
		expect(renamed.json.organization).toMatchObject({ name: 'Acme', fatigueDays: 45, complaintCooldownDays: 0 });
		const { rows, audit } = await snapshot();
		expect(rows[0]).toMatchObject({ fatigueDays: 45, complaintCooldownDays: 0 });
		expect(audit[0]?.detail).toMatchObject({
			fatigueDays: { from: 30, to: 45 },
			complaintCooldownDays: { from: 14, to: 0 }
		});
		expect(audit[1]?.detail).toEqual({ name: { from: 'Acme Care', to: 'Acme' } });
		const agent = await app.signIn('agent');
		expect((await agent.get('/api/organization')).json.organization).toMatchObject({ fatigueDays: 45 });
	});

	it('refuses fatigue rules outside 0–365 whole days, field by field, and saves nothing', async () => {
		const admin = await app.signIn('admin');
		await admin.put('/api/organization', settings);
		const before = await snapshot();
		const cases: [Record<string, unknown>, string][] = [
			[{ fatigueDays: -1 }, 'fatigueDays'],
			[{ fatigueDays: 366 }, 'fatigueDays'],
			[{ fatigueDays: 1.5 }, 'fatigueDays'],
			[{ fatigueDays: '30' }, 'fatigueDays'],
			[{ complaintCooldownDays: 400 }, 'complaintCooldownDays'],
			[{ complaintCooldownDays: null }, 'complaintCooldownDays']
		];
		for (const [change, field] of cases) {
			const response = await admin.put('/api/organization', { ...settings, ...change });
			expect(response.status, JSON.stringify(change)).toBe(422);
			expect(Object.keys(response.json.error.fields)).toEqual([field]);
		}
		expect(await snapshot()).toEqual(before);
		const manager = await app.signIn('manager');
		expect((await manager.put('/api/organization', { ...settings, fatigueDays: 1 })).status).toBe(403);
		expect(await snapshot()).toEqual(before);
	});
});
