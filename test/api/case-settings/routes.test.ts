import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditLog } from '../../../db/schema/audit';
import {
	businessCalendars,
	caseCategories,
	cases,
	rootCauses,
	slaPolicies
} from '../../../db/schema/cases';
import { newId } from '../../../api/tokens';
import { startTestApp, type TestApp, type TestClient } from '../../support/app';

let app: TestApp;
beforeEach(async () => {
	app = await startTestApp();
});
afterEach(async () => {
	await app.stop();
});

const base = '/api/case-settings';
const hours = (count: number) => count * 60;
/** Monday to Friday 09:00–17:00, nothing at the weekend. */
const officeWeek = [
	...Array.from({ length: 5 }, () => [{ start: hours(9), end: hours(17) }]),
	[],
	[]
];
const calendarBody = (overrides: Record<string, unknown> = {}) => ({
	name: 'Berlin office',
	timeZone: 'Europe/Berlin',
	week: officeWeek,
	holidays: [],
	...overrides
});
const sameTargets = (firstResponse: number) => {
	const targets = { firstResponse, nextResponse: hours(24), resolution: hours(40) };
	return { low: targets, normal: targets, high: targets, urgent: targets };
};
const policyBody = (overrides: Record<string, unknown> = {}) => ({
	name: 'Standard',
	targets: sameTargets(hours(8)),
	...overrides
});

/** Every row these routes can write, to show a refusal changed nothing. */
async function snapshot() {
	return {
		calendars: await app.db.select().from(businessCalendars),
		policies: await app.db.select().from(slaPolicies),
		categories: await app.db.select().from(caseCategories),
		rootCauses: await app.db.select().from(rootCauses),
		audit: await app.db.select().from(auditLog)
	};
}

async function auditOf(entityId: string) {
	const rows = await app.db.select().from(auditLog).where(eq(auditLog.entityId, entityId));
	return rows.map((row) => ({ action: row.action, actorId: row.actorId, detail: row.detail }));
}

async function created<T = any>(
	response: Promise<{ status: number; text: string; json: any }>,
	key: string
): Promise<T> {
	const result = await response;
	expect(result.status, result.text).toBe(201);
	return result.json[key] as T;
}

let complaints = 0;
/** Files a complaint on the public form; returns its token and the promised first reply. */
async function fileComplaint(overrides: Record<string, unknown> = {}) {
	complaints++;
	const response = await app.anonymous().post('/api/public/complaints', {
		name: 'Mira König',
		email: `mira-${complaints}@alder.example`,
		subject: 'Late delivery again',
		description: 'The order of last week arrived three days late, and nobody told us.',
		...overrides
	});
	expect(response.status, response.text).toBe(201);
	const { number, token, firstReplyBy } = response.json.case as {
		number: number;
		token: string;
		firstReplyBy: string;
	};
	const [row] = await app.db.select({ id: cases.id }).from(cases).where(eq(cases.number, number));
	return { id: row!.id, token, firstReplyBy };
}

async function staffCase(client: TestClient, id: string) {
	const response = await client.get(`/api/cases/${id}`);
	expect(response.status, response.text).toBe(200);
	return response.json.case as {
		priority: string;
		teamId: string | null;
		assigneeId: string | null;
		policy: { name: string; version: number; timeZone: string; targets: Record<string, number> };
	};
}

function expect422(response: { status: number; json: any }, fields: string[]) {
	expect(response.status, JSON.stringify(response.json)).toBe(422);
	expect(response.json.error.code).toBe('validation_failed');
	expect(Object.keys(response.json.error.fields).sort()).toEqual([...fields].sort());
}

describe('business calendars', () => {
	it('are created, listed, replaced and deleted, each change audited', async () => {
		const manager = await app.signIn('manager');
		const calendar = await created(
			manager.post(`${base}/calendars`, {
				name: '  Berlin office ',
				timeZone: 'Europe/Berlin',
				// A split shift given out of order comes back sorted.
				week: [
					[
						{ start: hours(14), end: hours(18) },
						{ start: hours(8), end: hours(12) }
					],
					...officeWeek.slice(1)
				],
				holidays: [
					{ date: '2026-12-25', yearly: true, name: 'Christmas Day' },
					{ date: '2026-04-03' }
				]
			}),
			'calendar'
		);
		expect(calendar).toMatchObject({
			name: 'Berlin office',
			timeZone: 'Europe/Berlin',
			holidays: [
				{ date: '2026-12-25', yearly: true, name: 'Christmas Day' },
				{ date: '2026-04-03', yearly: false }
			],
			policies: [],
			createdAt: '2026-03-02T09:00:00.000Z'
		});
		expect(calendar.week[0]).toEqual([
			{ start: hours(8), end: hours(12) },
			{ start: hours(14), end: hours(18) }
		]);
		await created(
			manager.post(
				`${base}/calendars`,
				calendarBody({ name: 'Around the clock', timeZone: 'UTC' })
			),
			'calendar'
		);
		const list = await manager.get(`${base}/calendars`);
		expect(list.status).toBe(200);
		expect(list.json.calendars.map((entry: { name: string }) => entry.name)).toEqual([
			'Around the clock',
			'Berlin office'
		]);

		const replaced = await manager.put(
			`${base}/calendars/${calendar.id}`,
			calendarBody({ name: 'Berlin', timeZone: 'Europe/Paris' })
		);
		expect(replaced.status, replaced.text).toBe(200);
		expect(replaced.json.calendar).toMatchObject({
			id: calendar.id,
			name: 'Berlin',
			timeZone: 'Europe/Paris',
			holidays: []
		});

		const deleted = await manager.delete(`${base}/calendars/${calendar.id}`);
		expect(deleted.status).toBe(204);
		expect((await manager.get(`${base}/calendars`)).json.calendars).toHaveLength(1);
		expect(await auditOf(calendar.id)).toEqual([
			{
				action: 'business_calendar.created',
				actorId: manager.userId,
				detail: { name: 'Berlin office', timeZone: 'Europe/Berlin' }
			},
			{
				action: 'business_calendar.updated',
				actorId: manager.userId,
				detail: { name: 'Berlin', changed: ['name', 'timeZone', 'week', 'holidays'] }
			},
			{ action: 'business_calendar.deleted', actorId: manager.userId, detail: { name: 'Berlin' } }
		]);
	});

	it('make a new case’s first-response promise land in business time, and a changed calendar makes a new policy version', async () => {
		await app.stop();
		// Friday 6 March 2026, 16:00 in Berlin (CET): one business hour left this week.
		app = await startTestApp({ now: new Date('2026-03-06T15:00:00Z') });
		const manager = await app.signIn('manager');
		const calendar = await created(manager.post(`${base}/calendars`, calendarBody()), 'calendar');
		const policy = await created(
			manager.post(`${base}/policies`, policyBody({ calendarId: calendar.id })),
			'policy'
		);
		expect(policy.calendar).toEqual({
			id: calendar.id,
			name: 'Berlin office',
			timeZone: 'Europe/Berlin'
		});

		const friday = await fileComplaint();
		// 16:00–17:00 on Friday, then 09:00–16:00 on Monday: eight business hours.
		expect(friday.firstReplyBy).toBe('2026-03-09T15:00:00.000Z');
		const status = await app.anonymous().get(`/api/public/cases/${friday.token}`);
		expect(status.json.case).toMatchObject({
			firstReplyBy: '2026-03-09T15:00:00.000Z',
			timeZone: 'Europe/Berlin'
		});

		// Monday becomes a holiday: the policy's promise changes, so its version does.
		const withHoliday = await manager.put(
			`${base}/calendars/${calendar.id}`,
			calendarBody({ holidays: [{ date: '2026-03-09', yearly: false, name: 'Office move' }] })
		);
		expect(withHoliday.status, withHoliday.text).toBe(200);
		const [policyRow] = await app.db.select().from(slaPolicies);
		expect(policyRow!.version).toBe(2);

		const later = await fileComplaint();
		expect(
			(await app.anonymous().get(`/api/public/cases/${later.token}`)).json.case.firstReplyBy
		).toBe('2026-03-10T15:00:00.000Z');
		expect((await staffCase(manager, later.id)).policy.version).toBe(2);
		// The first customer keeps the promise made to them.
		expect(
			(await app.anonymous().get(`/api/public/cases/${friday.token}`)).json.case.firstReplyBy
		).toBe('2026-03-09T15:00:00.000Z');
		expect((await staffCase(manager, friday.id)).policy.version).toBe(1);

		// Renaming alone changes no promise and no version.
		await manager.put(
			`${base}/calendars/${calendar.id}`,
			calendarBody({
				name: 'Berlin HQ',
				holidays: [{ date: '2026-03-09', yearly: false, name: 'Office move' }]
			})
		);
		expect((await app.db.select().from(slaPolicies))[0]!.version).toBe(2);
	});

	it('cannot be deleted while a policy uses it, even an inactive one', async () => {
		const manager = await app.signIn('manager');
		const calendar = await created(manager.post(`${base}/calendars`, calendarBody()), 'calendar');
		const policy = await created(
			manager.post(
				`${base}/policies`,
				policyBody({ name: 'Office hours', calendarId: calendar.id })
			),
			'policy'
		);
		await manager.post(`${base}/policies/${policy.id}/deactivate`);
		expect((await manager.get(`${base}/calendars`)).json.calendars[0].policies).toEqual([
			{ id: policy.id, name: 'Office hours' }
		]);
		const before = await snapshot();

		const refused = await manager.delete(`${base}/calendars/${calendar.id}`);
		expect(refused.status).toBe(409);
		expect(refused.json.error.code).toBe('conflict');
		expect(refused.json.error.message).toContain('Office hours');
		expect(await snapshot()).toEqual(before);

		await manager.put(
			`${base}/policies/${policy.id}`,
			policyBody({ name: 'Office hours', calendarId: null })
		);
		expect((await manager.delete(`${base}/calendars/${calendar.id}`)).status).toBe(204);
	});

	it('refuses bad input with field errors, unknown ids with 404, taken names with 409, and writes nothing', async () => {
		const manager = await app.signIn('manager');
		const calendar = await created(manager.post(`${base}/calendars`, calendarBody()), 'calendar');
		const before = await snapshot();

		const everythingWrong = await manager.post(`${base}/calendars`, {
			name: ' ',
			timeZone: 'Mars/Olympus_Mons',
			week: [
				[{ start: hours(17), end: hours(9) }],
				[
					{ start: hours(9), end: hours(13) },
					{ start: hours(12), end: hours(17) }
				],
				[{ start: -5, end: 1441 }],
				[{ start: 9.5, end: hours(10) }],
				[],
				[],
				[]
			],
			holidays: [
				{ date: '2026-02-30', yearly: false },
				{ date: 'Christmas' },
				{ date: '2026-12-24', yearly: 'yes' }
			]
		});
		expect422(everythingWrong, [
			'name',
			'timeZone',
			'week.0.0.end',
			'week.1',
			'week.2.0.start',
			'week.2.0.end',
			'week.3.0.start',
			'holidays.0.date',
			'holidays.1.date',
			'holidays.2.yearly'
		]);
		expect(everythingWrong.json.error.fields.timeZone).toEqual([
			'Use an IANA time zone such as Europe/Berlin.'
		]);
		expect(everythingWrong.json.error.fields['week.0.0.end']).toEqual([
			'A time frame must end after it starts.'
		]);
		expect(everythingWrong.json.error.fields['week.1']).toEqual([
			'Time frames on the same day must not overlap.'
		]);

		expect422(
			await manager.post(`${base}/calendars`, calendarBody({ week: officeWeek.slice(1) })),
			['week']
		);
		expect422(
			await manager.post(
				`${base}/calendars`,
				calendarBody({ week: Array.from({ length: 7 }, () => []) })
			),
			['week']
		);
		expect422(await manager.post(`${base}/calendars`, { name: 'Nothing else' }), [
			'timeZone',
			'week'
		]);
		// Holidays on every day of the year leave no minute to promise.
		const everyDay = Array.from({ length: 366 }, (_, day) => ({
			date: new Date(Date.UTC(2028, 0, 1 + day)).toISOString().slice(0, 10),
			yearly: true
		}));
		const closedForever = await manager.post(
			`${base}/calendars`,
			calendarBody({ name: 'Closed', holidays: everyDay })
		);
		expect422(closedForever, ['holidays']);

		const taken = await manager.post(`${base}/calendars`, calendarBody({ name: 'BERLIN OFFICE' }));
		expect(taken.status).toBe(409);
		expect(taken.json.error.fields.name).toEqual(['Another calendar already has this name.']);

		const malformed = await manager.post(`${base}/calendars`, '{"name":', {
			'content-type': 'application/json'
		});
		expect(malformed.status).toBe(400);

		const unknown = newId();
		expect(
			(await manager.put(`${base}/calendars/${unknown}`, calendarBody({ name: 'Other' }))).status
		).toBe(404);
		expect((await manager.delete(`${base}/calendars/${unknown}`)).status).toBe(404);
		expect422(
			await manager.put(`${base}/calendars/${calendar.id}`, calendarBody({ timeZone: '+01:00' })),
			['timeZone']
		);
		expect(await snapshot()).toEqual(before);
	});
});

describe('SLA policies', () => {
	it('start at version 1, active, last in the order, with plain defaults', async () => {
		const manager = await app.signIn('manager');
		const first = await created(manager.post(`${base}/policies`, policyBody()), 'policy');
		expect(first).toMatchObject({
			name: 'Standard',
			position: 0,
			version: 1,
			isActive: true,
			conditions: { priorities: [], categoryIds: [], tiers: [] },
			warning: { share: 0.75 },
			escalation: [],
			calendarId: null,
			calendar: null,
			targets: sameTargets(hours(8))
		});
		const second = await created(
			manager.post(
				`${base}/policies`,
				policyBody({
					name: 'Premium',
					conditions: { tiers: ['premium', 'enterprise', 'premium'], priorities: ['urgent'] },
					warning: { leadMinutes: 30 },
					escalation: [
						{ afterMinutes: 0, userIds: [manager.userId] },
						{ afterMinutes: 60, userIds: [manager.userId] }
					]
				})
			),
			'policy'
		);
		expect(second).toMatchObject({
			position: 1,
			conditions: { tiers: ['premium', 'enterprise'], priorities: ['urgent'], categoryIds: [] },
			warning: { leadMinutes: 30 },
			escalation: [
				{ afterMinutes: 0, userIds: [manager.userId], teamIds: [] },
				{ afterMinutes: 60, userIds: [manager.userId], teamIds: [] }
			]
		});
		const list = await manager.get(`${base}/policies`);
		expect(list.json.policies.map((policy: { id: string }) => policy.id)).toEqual([
			first.id,
			second.id
		]);
		expect(await auditOf(first.id)).toEqual([
			{
				action: 'sla_policy.created',
				actorId: manager.userId,
				detail: { name: 'Standard', version: 1 }
			}
		]);
	});

	it('bump their version on every edit, and a case opened before keeps its snapshot', async () => {
		const manager = await app.signIn('manager');
		const policy = await created(manager.post(`${base}/policies`, policyBody()), 'policy');
		const before = await fileComplaint();
		expect((await staffCase(manager, before.id)).policy).toMatchObject({
			name: 'Standard',
			version: 1,
			targets: { firstResponse: hours(8) }
		});

		const edited = await manager.put(
			`${base}/policies/${policy.id}`,
			policyBody({ name: 'Standard (faster)', targets: sameTargets(hours(2)) })
		);
		expect(edited.status, edited.text).toBe(200);
		expect(edited.json.policy).toMatchObject({ version: 2, position: 0, isActive: true });
		const again = await manager.put(
			`${base}/policies/${policy.id}`,
			policyBody({ name: 'Standard (faster)', targets: sameTargets(hours(2)) })
		);
		expect(again.json.policy.version).toBe(3);

		expect((await staffCase(manager, before.id)).policy).toMatchObject({
			name: 'Standard',
			version: 1,
			targets: { firstResponse: hours(8) }
		});
		const after = await fileComplaint();
		expect((await staffCase(manager, after.id)).policy).toMatchObject({
			name: 'Standard (faster)',
			version: 3,
			targets: { firstResponse: hours(2) }
		});
		expect(after.firstReplyBy).toBe('2026-03-02T11:00:00.000Z');
		expect((await auditOf(policy.id)).map((entry) => entry.detail)).toEqual([
			{ name: 'Standard', version: 1 },
			{ name: 'Standard (faster)', fromVersion: 1, changed: ['name', 'targets'] },
			{ name: 'Standard (faster)', fromVersion: 2, changed: [] }
		]);
	});

	it('are matched in their order, which managers set; inactive ones are skipped', async () => {
		const manager = await app.signIn('manager');
		const everything = await created(
			manager.post(
				`${base}/policies`,
				policyBody({ name: 'Everything', targets: sameTargets(hours(8)) })
			),
			'policy'
		);
		const normal = await created(
			manager.post(
				`${base}/policies`,
				policyBody({
					name: 'Normal priority',
					conditions: { priorities: ['normal'] },
					targets: sameTargets(hours(1))
				})
			),
			'policy'
		);
		expect((await staffCase(manager, (await fileComplaint()).id)).policy.name).toBe('Everything');

		const reordered = await manager.post(`${base}/policies/order`, {
			ids: [normal.id, everything.id]
		});
		expect(reordered.status, reordered.text).toBe(200);
		expect(
			reordered.json.policies.map((policy: { id: string; position: number; version: number }) => [
				policy.id,
				policy.position,
				policy.version
			])
		).toEqual([
			[normal.id, 0, 1],
			[everything.id, 1, 1]
		]);
		expect((await staffCase(manager, (await fileComplaint()).id)).policy.name).toBe(
			'Normal priority'
		);
		expect((await auditOf(normal.id)).at(-1)).toEqual({
			action: 'sla_policy.moved',
			actorId: manager.userId,
			detail: { name: 'Normal priority', from: 1, to: 0 }
		});

		const off = await manager.post(`${base}/policies/${normal.id}/deactivate`);
		expect(off.status).toBe(200);
		expect(off.json.policy).toMatchObject({ isActive: false, version: 1, position: 0 });
		expect((await staffCase(manager, (await fileComplaint()).id)).policy.name).toBe('Everything');
		expect((await manager.post(`${base}/policies/${normal.id}/deactivate`)).status).toBe(409);

		const on = await manager.post(`${base}/policies/${normal.id}/activate`);
		expect(on.json.policy).toMatchObject({ isActive: true, position: 0 });
		expect((await staffCase(manager, (await fileComplaint()).id)).policy.name).toBe(
			'Normal priority'
		);
		const twice = await manager.post(`${base}/policies/${normal.id}/activate`);
		expect(twice.status).toBe(409);
		expect(twice.json.error.message).toBe('Normal priority is already active.');
		expect((await auditOf(normal.id)).map((entry) => entry.action)).toEqual([
			'sla_policy.created',
			'sla_policy.moved',
			'sla_policy.deactivated',
			'sla_policy.activated'
		]);
	});

	it('name unknown or disabled people, teams, categories and calendars in a 422, and write nothing', async () => {
		const admin = await app.signIn('admin');
		const manager = await app.signIn('manager');
		const agent = await app.signIn('agent');
		await admin.post(`/api/users/${agent.userId}/disable`);
		const team = (await admin.post('/api/teams', { name: 'Billing' })).json.team;
		const before = await snapshot();
		const ghost = newId();

		const response = await manager.post(
			`${base}/policies`,
			policyBody({
				conditions: { categoryIds: [ghost] },
				calendarId: ghost,
				escalation: [
					{ afterMinutes: 0, userIds: [manager.userId, ghost], teamIds: [team.id] },
					{ afterMinutes: 30, userIds: [agent.userId], teamIds: [ghost] }
				]
			})
		);
		expect422(response, [
			'calendarId',
			'conditions.categoryIds',
			'escalation.0.userIds',
			'escalation.1.userIds',
			'escalation.1.teamIds'
		]);
		const fields = response.json.error.fields;
		expect(fields['escalation.0.userIds']).toEqual([`No staff user has the id ${ghost}.`]);
		expect(fields['escalation.1.userIds'][0]).toMatch(/is disabled/);
		expect(fields['escalation.1.teamIds']).toEqual([`No team has the id ${ghost}.`]);
		expect(fields.calendarId[0]).toContain(ghost);
		expect(await snapshot()).toEqual(before);

		const policy = await created(manager.post(`${base}/policies`, policyBody()), 'policy');
		const afterCreate = await snapshot();
		expect422(
			await manager.put(`${base}/policies/${policy.id}`, policyBody({ calendarId: ghost })),
			['calendarId']
		);
		expect(await snapshot()).toEqual(afterCreate);
	});

	it('refuse bad input on every route with field errors, unknown ids with 404, and write nothing', async () => {
		const manager = await app.signIn('manager');
		const policy = await created(manager.post(`${base}/policies`, policyBody()), 'policy');
		const other = await created(
			manager.post(`${base}/policies`, policyBody({ name: 'Other' })),
			'policy'
		);
		const before = await snapshot();

		const everythingWrong = await manager.post(`${base}/policies`, {
			name: '',
			conditions: { priorities: ['critical'], tiers: ['gold'], categoryIds: 'all' },
			targets: {
				low: { firstResponse: 0, nextResponse: 60.5, resolution: 6_000_000 },
				normal: { firstResponse: '8h', nextResponse: 60, resolution: 600 },
				high: { firstResponse: 60, nextResponse: 60, resolution: 600 }
			},
			warning: { share: 1.5 },
			escalation: [{ afterMinutes: -1, userIds: [] }],
			calendarId: 42
		});
		expect422(everythingWrong, [
			'name',
			'conditions.priorities.0',
			'conditions.tiers.0',
			'conditions.categoryIds',
			'targets.low.firstResponse',
			'targets.low.nextResponse',
			'targets.low.resolution',
			'targets.normal.firstResponse',
			'targets.urgent',
			'warning.share',
			'escalation.0.afterMinutes',
			'escalation.0.userIds',
			'calendarId'
		]);
		expect(everythingWrong.json.error.fields['targets.low.resolution']).toEqual([
			'Allow at most 3,650 days.'
		]);
		expect(everythingWrong.json.error.fields['targets.urgent']).toEqual([
			'Give the targets for urgent priority.'
		]);

		expect422(await manager.post(`${base}/policies`, { name: 'No targets' }), ['targets']);
		expect422(
			await manager.post(
				`${base}/policies`,
				policyBody({ warning: { share: 0.5, leadMinutes: 10 } })
			),
			['warning.leadMinutes']
		);
		const leadTooLong = await manager.post(
			`${base}/policies`,
			policyBody({ warning: { leadMinutes: hours(8) } })
		);
		expect422(leadTooLong, ['warning.leadMinutes']);
		expect(leadTooLong.json.error.fields['warning.leadMinutes'][0]).toMatch(
			/shortest target is 8 hours/
		);
		const backwards = await manager.post(
			`${base}/policies`,
			policyBody({
				escalation: [
					{ afterMinutes: 60, userIds: [manager.userId] },
					{ afterMinutes: 30, userIds: [manager.userId] }
				]
			})
		);
		expect422(backwards, ['escalation.1.afterMinutes']);
		const taken = await manager.post(`${base}/policies`, policyBody({ name: 'standard' }));
		expect(taken.status).toBe(409);
		expect(taken.json.error.fields.name).toEqual(['Another policy already has this name.']);
		expect(
			(await manager.put(`${base}/policies/${other.id}`, policyBody({ name: 'STANDARD' }))).status
		).toBe(409);
		expect(
			(await manager.post(`${base}/policies`, '{"name":', { 'content-type': 'application/json' }))
				.status
		).toBe(400);

		const ghost = newId();
		expect(
			(await manager.put(`${base}/policies/${ghost}`, policyBody({ name: 'Ghost' }))).status
		).toBe(404);
		expect((await manager.post(`${base}/policies/${ghost}/activate`)).status).toBe(404);
		expect((await manager.post(`${base}/policies/${ghost}/deactivate`)).status).toBe(404);
		expect422(await manager.put(`${base}/policies/${policy.id}`, policyBody({ targets: {} })), [
			'targets.low',
			'targets.normal',
			'targets.high',
			'targets.urgent'
		]);

		const missing = await manager.post(`${base}/policies/order`, { ids: [policy.id] });
		expect422(missing, ['ids']);
		expect(missing.json.error.fields.ids[0]).toContain(other.id);
		const unknownAndRepeated = await manager.post(`${base}/policies/order`, {
			ids: [policy.id, other.id, policy.id, ghost]
		});
		expect(unknownAndRepeated.json.error.fields.ids).toEqual([
			`No policy has the id ${ghost}.`,
			`Name each policy once; repeated: ${policy.id}.`
		]);
		expect422(await manager.post(`${base}/policies/order`, { ids: [] }), ['ids']);
		expect422(await manager.post(`${base}/policies/order`, { ids: 'all' }), ['ids']);
		expect(await snapshot()).toEqual(before);
	});
});

describe('categories', () => {
	it('route new cases to their priority and team, or the account owner, until archived', async () => {
		const admin = await app.signIn('admin');
		const manager = await app.signIn('manager');
		const agent = await app.signIn('agent');
		const team = (await admin.post('/api/teams', { name: 'Delivery', memberIds: [agent.userId] }))
			.json.team;

		const category = await created(
			manager.post(`${base}/categories`, {
				name: ' Late delivery ',
				priority: 'high',
				teamId: team.id
			}),
			'category'
		);
		expect(category).toMatchObject({
			name: 'Late delivery',
			priority: 'high',
			teamId: team.id,
			team: { id: team.id, name: 'Delivery' },
			assignToOwner: false,
			position: 0,
			archivedAt: null
		});
		const filed = await fileComplaint({ categoryId: category.id });
		expect(await staffCase(manager, filed.id)).toMatchObject({
			priority: 'high',
			teamId: team.id,
			assigneeId: agent.userId
		});

		const second = await created(
			manager.post(`${base}/categories`, { name: 'Billing' }),
			'category'
		);
		expect(second).toMatchObject({
			priority: 'normal',
			teamId: null,
			team: null,
			assignToOwner: false,
			position: 1
		});
		const replaced = await manager.put(`${base}/categories/${category.id}`, {
			name: 'Late delivery',
			priority: 'urgent',
			teamId: null,
			assignToOwner: true
		});
		expect(replaced.status, replaced.text).toBe(200);
		expect(replaced.json.category).toMatchObject({
			priority: 'urgent',
			team: null,
			assignToOwner: true
		});

		const archived = await manager.post(`${base}/categories/${category.id}/archive`);
		expect(archived.status).toBe(200);
		expect(archived.json.category.archivedAt).toBe('2026-03-02T09:00:00.000Z');
		const list = (await manager.get(`${base}/categories`)).json.categories;
		expect(list.map((entry: { name: string }) => entry.name)).toEqual(['Billing', 'Late delivery']);
		const offered = (await agent.get('/api/cases/options')).json.categories;
		expect(offered.map((entry: { id: string }) => entry.id)).toEqual([second.id]);
		// The name is free again once its category is archived.
		await created(manager.post(`${base}/categories`, { name: 'late delivery' }), 'category');

		expect((await auditOf(category.id)).map((entry) => entry.action)).toEqual([
			'case_category.created',
			'case_category.updated',
			'case_category.archived'
		]);
		expect((await auditOf(category.id))[1]!.detail).toEqual({
			priority: { from: 'high', to: 'urgent' },
			teamId: { from: team.id, to: null },
			assignToOwner: { from: false, to: true }
		});
	});

	it('refuse bad input with field errors, unknown ids with 404, conflicts with 409, and write nothing', async () => {
		const manager = await app.signIn('manager');
		const category = await created(
			manager.post(`${base}/categories`, { name: 'Billing' }),
			'category'
		);
		const old = await created(manager.post(`${base}/categories`, { name: 'Old' }), 'category');
		await manager.post(`${base}/categories/${old.id}/archive`);
		const before = await snapshot();
		const ghost = newId();

		expect422(
			await manager.post(`${base}/categories`, {
				name: '',
				priority: 'critical',
				teamId: 5,
				assignToOwner: 'yes'
			}),
			['name', 'priority', 'teamId', 'assignToOwner']
		);
		const unknownTeam = await manager.post(`${base}/categories`, {
			name: 'Returns',
			teamId: ghost
		});
		expect422(unknownTeam, ['teamId']);
		expect(unknownTeam.json.error.fields.teamId).toEqual([`No team has the id ${ghost}.`]);
		expect422(
			await manager.put(`${base}/categories/${category.id}`, { name: 'Billing', teamId: ghost }),
			['teamId']
		);
		expect((await manager.post(`${base}/categories`, { name: 'BILLING' })).status).toBe(409);
		expect((await manager.put(`${base}/categories/${ghost}`, { name: 'Ghost' })).status).toBe(404);
		expect((await manager.post(`${base}/categories/${ghost}/archive`)).status).toBe(404);
		expect((await manager.put(`${base}/categories/${old.id}`, { name: 'Old again' })).status).toBe(
			409
		);
		expect((await manager.post(`${base}/categories/${old.id}/archive`)).status).toBe(409);
		expect(await snapshot()).toEqual(before);
	});
});

describe('root causes', () => {
	it('start with a list that fits most teams, and are added, renamed and archived, each change audited', async () => {
		const manager = await app.signIn('manager');
		const defaults = (await manager.get(`${base}/root-causes`)).json.rootCauses.map(
			(entry: { name: string }) => entry.name
		);
		expect(defaults).toEqual([
			'Billing error',
			'Communication or expectations',
			'Customer error or misunderstanding',
			'Delivery or logistics',
			'Other',
			'Process or policy gap',
			'Product defect',
			'Staff conduct'
		]);
		const cause = await created(
			manager.post(`${base}/root-causes`, { name: 'Carrier delay' }),
			'rootCause'
		);
		expect(cause).toMatchObject({ name: 'Carrier delay', archivedAt: null });
		await created(manager.post(`${base}/root-causes`, { name: 'Packaging damage' }), 'rootCause');
		const renamed = await manager.put(`${base}/root-causes/${cause.id}`, { name: 'Courier delay' });
		expect(renamed.json.rootCause.name).toBe('Courier delay');
		expect(
			(await manager.post(`${base}/root-causes/${cause.id}/archive`)).json.rootCause.archivedAt
		).toBe('2026-03-02T09:00:00.000Z');
		const list = (await manager.get(`${base}/root-causes`)).json.rootCauses;
		// Archived ones are listed last, and no longer offered when resolving.
		expect(list.map((entry: { name: string }) => entry.name)).toEqual([
			...defaults.slice(0, 5),
			'Packaging damage',
			...defaults.slice(5),
			'Courier delay'
		]);
		expect(
			(await manager.get('/api/cases/options')).json.rootCauses.map(
				(entry: { name: string }) => entry.name
			)
		).toEqual([...defaults.slice(0, 5), 'Packaging damage', ...defaults.slice(5)]);
		expect(await auditOf(cause.id)).toEqual([
			{ action: 'root_cause.created', actorId: manager.userId, detail: { name: 'Carrier delay' } },
			{
				action: 'root_cause.updated',
				actorId: manager.userId,
				detail: { name: { from: 'Carrier delay', to: 'Courier delay' } }
			},
			{ action: 'root_cause.archived', actorId: manager.userId, detail: { name: 'Courier delay' } }
		]);
	});

	it('refuse bad input, unknown ids and conflicts, and write nothing', async () => {
		const manager = await app.signIn('manager');
		const cause = await created(
			manager.post(`${base}/root-causes`, { name: 'Carrier delay' }),
			'rootCause'
		);
		await manager.post(`${base}/root-causes/${cause.id}/archive`);
		const other = await created(
			manager.post(`${base}/root-causes`, { name: 'Packaging damage' }),
			'rootCause'
		);
		const before = await snapshot();
		const ghost = newId();

		expect422(await manager.post(`${base}/root-causes`, { name: '   ' }), ['name']);
		expect422(await manager.post(`${base}/root-causes`, { name: 'x'.repeat(81) }), ['name']);
		expect422(await manager.post(`${base}/root-causes`, {}), ['name']);
		expect422(await manager.put(`${base}/root-causes/${other.id}`, { name: 7 }), ['name']);
		expect((await manager.post(`${base}/root-causes`, { name: 'packaging DAMAGE' })).status).toBe(
			409
		);
		expect((await manager.put(`${base}/root-causes/${ghost}`, { name: 'Ghost' })).status).toBe(404);
		expect((await manager.post(`${base}/root-causes/${ghost}/archive`)).status).toBe(404);
		expect((await manager.put(`${base}/root-causes/${cause.id}`, { name: 'Back' })).status).toBe(
			409
		);
		expect((await manager.post(`${base}/root-causes/${cause.id}/archive`)).status).toBe(409);
		expect(await snapshot()).toEqual(before);
	});
});

describe('who may change these settings', () => {
	it('managers and admins; agents get 403 and strangers 401 on every route, and nothing changes', async () => {
		const admin = await app.signIn('admin');
		const calendar = await created(admin.post(`${base}/calendars`, calendarBody()), 'calendar');
		const policy = await created(admin.post(`${base}/policies`, policyBody()), 'policy');
		const category = await created(
			admin.post(`${base}/categories`, { name: 'Billing' }),
			'category'
		);
		const cause = await created(
			admin.post(`${base}/root-causes`, { name: 'Carrier delay' }),
			'rootCause'
		);
		const agent = await app.signIn('agent');
		const stranger = app.anonymous();
		const before = await snapshot();

		const routes: [method: 'get' | 'post' | 'put' | 'delete', path: string, body?: unknown][] = [
			['get', '/calendars'],
			['post', '/calendars', calendarBody({ name: 'Other' })],
			['put', `/calendars/${calendar.id}`, calendarBody()],
			['delete', `/calendars/${calendar.id}`],
			['get', '/policies'],
			['post', '/policies', policyBody({ name: 'Other' })],
			['put', `/policies/${policy.id}`, policyBody()],
			['post', '/policies/order', { ids: [policy.id] }],
			['post', `/policies/${policy.id}/deactivate`],
			['post', `/policies/${policy.id}/activate`],
			['get', '/categories'],
			['post', '/categories', { name: 'Other' }],
			['put', `/categories/${category.id}`, { name: 'Other' }],
			['post', `/categories/${category.id}/archive`],
			['get', '/root-causes'],
			['post', '/root-causes', { name: 'Other' }],
			['put', `/root-causes/${cause.id}`, { name: 'Other' }],
			['post', `/root-causes/${cause.id}/archive`]
		];
		for (const [method, path, body] of routes) {
			const send = (client: TestClient) =>
				method === 'get' || method === 'delete'
					? client[method](base + path)
					: client[method](base + path, body ?? {});
			const asAgent = await send(agent);
			expect(asAgent.status, `${method} ${path}`).toBe(403);
			expect(asAgent.json.error.code).toBe('forbidden');
			// Even an invalid body is refused for the role first: the rules stay private.
			if (body)
				expect((await agent.request(method.toUpperCase(), base + path, { name: 5 })).status).toBe(
					403
				);
			expect((await send(stranger)).status, `${method} ${path}`).toBe(401);
		}
		expect(await snapshot()).toEqual(before);
	});
});
