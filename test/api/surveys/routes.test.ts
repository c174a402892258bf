import { count, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditLog } from '../../../db/schema/audit';
import { surveyInvitations, surveys } from '../../../db/schema/surveys';
import { hashToken } from '../../../api/tokens';
import { startTestApp, type TestApp, type TestClient } from '../../support/app';
import { givenAccount, givenContact } from '../accounts/helpers';

let app: TestApp;
beforeEach(async () => {
	app = await startTestApp();
});
afterEach(async () => {
	await app.stop();
});

async function snapshot() {
	const [surveyCount] = await app.db.select({ n: count() }).from(surveys);
	return {
		surveys: surveyCount?.n ?? 0,
		rows: await app.db.select().from(surveys),
		audit: await app.db.select().from(auditLog).where(eq(auditLog.entityType, 'survey'))
	};
}

async function givenSurvey(client: TestClient, input: Record<string, unknown> = {}) {
	const response = await client.post('/api/surveys', { name: 'Quarterly NPS', kind: 'nps', ...input });
	expect(response.status, response.text).toBe(201);
	return response.json.survey as { id: string; [key: string]: any };
}

/** What the tick would write when it invites a contact (here by hand: the tick is tested elsewhere). */
async function givenInvitation(surveyId: string, contactId: string) {
	await app.db.insert(surveyInvitations).values({
		id: crypto.randomUUID(),
		surveyId,
		contactId,
		cycle: 0,
		tokenHash: hashToken(crypto.randomUUID()),
		locale: 'en',
		createdAt: app.clock.now()
	});
}

describe('creating a survey', () => {
	it('makes a draft with the shipped wording and the defaults a manager would expect', async () => {
		const manager = await app.signIn('manager');
		const created = await manager.post('/api/surveys', { name: '  Quarterly NPS ', kind: 'nps' });
		expect(created.status).toBe(201);
		expect(created.json.survey).toMatchObject({
			name: 'Quarterly NPS',
			kind: 'nps',
			status: 'draft',
			cadenceDays: 90,
			reminderAfterDays: 7,
			sendWindow: { days: [1, 2, 3, 4, 5], startHour: 9, endHour: 17 },
			detractorThreshold: 6,
			scale: { min: 0, max: 10 },
			audience: { tiers: [], ownerIds: [], accountStatuses: [], tags: [] },
			audienceSummary: 'All contacts',
			locales: ['en', 'de', 'fr'],
			invited: 0,
			answered: 0,
			kindLocked: false,
			activatedAt: null,
			createdBy: { id: manager.userId },
			createdAt: '2026-03-02T09:00:00.000Z'
		});
		expect(created.json.survey.definition.lead.en).toBe(
			'How likely are you to recommend {org} to a friend or colleague?'
		);
		expect(created.json.survey.definition.improve.de).toBe('Was sollten wir verbessern?');

		const { id } = created.json.survey;
		expect((await manager.get(`/api/surveys/${id}`)).json.survey).toEqual(created.json.survey);
		const { audit } = await snapshot();
		expect(audit.map((entry) => [entry.action, entry.actorId, entry.entityId])).toEqual([
			['survey.created', manager.userId, id]
		]);
	});

	it('takes the scale’s own detractor threshold for CSAT and CES', async () => {
		const manager = await app.signIn('manager');
		expect(await givenSurvey(manager, { kind: 'csat' })).toMatchObject({ detractorThreshold: 2, scale: { min: 1, max: 5 } });
		expect(await givenSurvey(manager, { kind: 'ces' })).toMatchObject({ detractorThreshold: 3, scale: { min: 1, max: 7 } });
	});

	it('sends no reminder by default when the cadence is too short for one', async () => {
		const manager = await app.signIn('manager');
		expect((await givenSurvey(manager, { cadenceDays: 5 })).reminderAfterDays).toBeNull();
		expect((await givenSurvey(manager, { cadenceDays: 30, reminderAfterDays: null })).reminderAfterDays).toBeNull();
	});

	it('keeps an audience of tiers, owners, statuses and lower-cased tags, and says it in words', async () => {
		const manager = await app.signIn('manager');
		const survey = await givenSurvey(manager, {
			audience: {
				tiers: ['premium', 'enterprise'],
				ownerIds: [manager.userId],
				accountStatuses: ['active'],
				tags: ['Retail', 'EMEA']
			}
		});
		expect(survey.audience).toEqual({
			tiers: ['premium', 'enterprise'],
			ownerIds: [manager.userId],
			accountStatuses: ['active'],
			tags: ['retail', 'emea']
		});
		const name = (await manager.get('/api/auth/me')).json.user.name;
		expect(survey.audienceSummary).toBe(
			`Contacts at active Premium or Enterprise accounts owned by ${name}, tagged retail or emea`
		);
	});

	it('lets admins create too, but not agents, and not strangers', async () => {
		const admin = await app.signIn('admin');
		await givenSurvey(admin);
		const before = await snapshot();
		const agent = await app.signIn('agent');
		const refused = await agent.post('/api/surveys', { name: 'Mine', kind: 'nps' });
		expect(refused.status).toBe(403);
		expect(refused.json.error.code).toBe('forbidden');
		expect((await app.anonymous().post('/api/surveys', { name: 'X', kind: 'nps' })).status).toBe(401);
		expect(await snapshot()).toEqual(before);
		// Agents still read them.
		expect((await agent.get('/api/surveys')).json.surveys).toHaveLength(1);
	});

	it('explains every invalid field at once and writes nothing', async () => {
		const manager = await app.signIn('manager');
		const before = await snapshot();
		const response = await manager.post('/api/surveys', {
			name: '',
			kind: 'stars',
			cadenceDays: 0,
			reminderAfterDays: 0,
			sendWindow: { days: [], startHour: 17, endHour: 9 },
			audience: { tiers: ['gold'], tags: [''] }
		});
		expect(response.status).toBe(422);
		expect(response.json.error.code).toBe('validation_failed');
		expect(Object.keys(response.json.error.fields).sort()).toEqual(
			[
				'audience.tags.0',
				'audience.tiers.0',
				'cadenceDays',
				'kind',
				'name',
				'reminderAfterDays',
				'sendWindow.days',
				'sendWindow.endHour'
			].sort()
		);
		expect(response.json.error.fields.name).toEqual(['Enter a name.']);
		expect(await snapshot()).toEqual(before);
	});

	it('refuses a reminder that would come after the next survey, and a threshold off the scale', async () => {
		const manager = await app.signIn('manager');
		const before = await snapshot();
		const response = await manager.post('/api/surveys', {
			name: 'Monthly CSAT',
			kind: 'csat',
			cadenceDays: 30,
			reminderAfterDays: 30,
			detractorThreshold: 5
		});
		expect(response.status).toBe(422);
		expect(response.json.error.fields).toEqual({
			reminderAfterDays: ['Remind sooner than the next survey: fewer than 30 days, or no reminder.'],
			detractorThreshold: ['Choose a score from 1 to 4: answers at or below it count as detractors.']
		});
		const window = await manager.post('/api/surveys', {
			name: 'Late',
			kind: 'nps',
			sendWindow: { days: [1], startHour: 17, endHour: 9 }
		});
		expect(window.json.error.fields).toEqual({ 'sendWindow.endHour': ['The window must end after it starts.'] });
		expect(await snapshot()).toEqual(before);
	});

	it('refuses owners who are not staff, naming each one', async () => {
		const manager = await app.signIn('manager');
		const before = await snapshot();
		const response = await manager.post('/api/surveys', {
			name: 'Owned',
			kind: 'nps',
			audience: { ownerIds: [manager.userId, 'nobody'] }
		});
		expect(response.status).toBe(422);
		expect(response.json.error.fields).toEqual({ 'audience.ownerIds.1': ['No staff member has this id.'] });
		expect(await snapshot()).toEqual(before);
	});

	it('checks the questions: unique ids, 2–10 options, English always, no language the lead lacks', async () => {
		const manager = await app.signIn('manager');
		const before = await snapshot();
		const response = await manager.post('/api/surveys', {
			name: 'Checked',
			kind: 'nps',
			definition: {
				lead: { en: 'How likely…?' },
				improve: { en: 'What should we improve?', de: 'Was sollten wir verbessern?' },
				questions: [
					{ id: 'plan', type: 'choice', text: { en: 'Your plan?' }, options: [{ en: 'Basic' }] },
					{ id: 'plan', type: 'text', text: { fr: 'Autre chose ?' } },
					{ id: 'speed', type: 'rating', text: { en: 'Speed?' }, scaleMax: 11 },
					{ id: 'channel', type: 'choice', text: { en: 'Channel?' }, options: [{ en: 'Email' }, { de: 'Telefon' }] }
				]
			}
		});
		expect(response.status).toBe(422);
		expect(response.json.error.fields).toEqual({
			'definition.questions.1.text': ['English text is required.'],
			'definition.questions.2.scaleMax': [expect.stringMatching(/10/)],
			'definition.questions.3.options.1': ['English text is required.']
		});
		// With the shape right, the rules between fields.
		const second = await manager.post('/api/surveys', {
			name: 'Checked',
			kind: 'nps',
			definition: {
				lead: { en: 'How likely…?' },
				improve: { en: 'What should we improve?', de: 'Was sollten wir verbessern?' },
				questions: [
					{ id: 'plan', type: 'choice', text: { en: 'Your plan?' }, options: [{ en: 'Basic' }] },
					{ id: 'Plan', type: 'text', text: { en: 'Anything else?' }, options: [{ en: 'x' }, { en: 'y' }] }
				]
			}
		});
		expect(second.status).toBe(422);
		expect(second.json.error.fields).toEqual({
			'definition.improve.de': [
				'This has German text but the lead question has none in German. Translate the lead question too, or remove this text.'
			],
			'definition.questions.0.options': ['Give a single-choice question 2 to 10 options.'],
			'definition.questions.1.id': ['Another question already has this id.'],
			'definition.questions.1.options': ['Only single-choice questions have options.']
		});
		expect(await snapshot()).toEqual(before);
	});

	it('drops empty translations and gives rating questions a 5-point scale by default', async () => {
		const manager = await app.signIn('manager');
		const survey = await givenSurvey(manager, {
			definition: {
				lead: { en: 'How likely…?', de: 'Wie wahrscheinlich…?', fr: '' },
				improve: { en: 'What should we improve?', de: '' },
				questions: [{ id: 'speed', type: 'rating', text: { en: 'How fast were we?' } }]
			}
		});
		expect(survey.definition).toEqual({
			lead: { en: 'How likely…?', de: 'Wie wahrscheinlich…?' },
			improve: { en: 'What should we improve?' },
			questions: [{ id: 'speed', type: 'rating', text: { en: 'How fast were we?' }, scaleMax: 5 }]
		});
		expect(survey.locales).toEqual(['en', 'de']);
	});

	it('answers malformed JSON with a 400 in the one error shape', async () => {
		const manager = await app.signIn('manager');
		const response = await manager.post('/api/surveys', '{"name"', { 'content-type': 'application/json' });
		expect(response.status).toBe(400);
		expect(response.json.error.code).toBe('bad_request');
	});
});

describe('editing a survey', () => {
	it('changes only what is sent and audits what changed', async () => {
		const manager = await app.signIn('manager');
		const survey = await givenSurvey(manager);
		app.clock.advance(60_000);
		const edited = await manager.patch(`/api/surveys/${survey.id}`, {
			name: 'NPS, every quarter',
			cadenceDays: 120,
			reminderAfterDays: null,
			sendWindow: { days: [5, 2, 2], startHour: 10, endHour: 16 }
		});
		expect(edited.status).toBe(200);
		expect(edited.json.survey).toMatchObject({
			name: 'NPS, every quarter',
			kind: 'nps',
			cadenceDays: 120,
			reminderAfterDays: null,
			sendWindow: { days: [2, 5], startHour: 10, endHour: 16 },
			detractorThreshold: 6,
			updatedAt: '2026-03-02T09:01:00.000Z'
		});
		const { audit } = await snapshot();
		expect(audit.at(-1)).toMatchObject({
			action: 'survey.updated',
			actorId: manager.userId,
			detail: {
				changes: {
					name: { from: 'Quarterly NPS', to: 'NPS, every quarter' },
					cadenceDays: { from: 90, to: 120 },
					reminderAfterDays: { from: 7, to: null },
					sendWindow: expect.any(Object)
				}
			}
		});

		// Sending the same values again changes and records nothing.
		const before = await snapshot();
		expect((await manager.patch(`/api/surveys/${survey.id}`, { name: 'NPS, every quarter' })).status).toBe(200);
		expect(await snapshot()).toEqual(before);
	});

	it('moves a survey to another kind with that kind’s wording and threshold while it has sent nothing', async () => {
		const manager = await app.signIn('manager');
		const survey = await givenSurvey(manager, {
			definition: {
				lead: {
					en: 'How likely are you to recommend {org} to a friend or colleague?',
					de: 'Würden Sie uns weiterempfehlen?'
				},
				improve: { en: 'What should we improve?' }
			}
		});
		const moved = await manager.patch(`/api/surveys/${survey.id}`, { kind: 'csat' });
		expect(moved.status).toBe(200);
		expect(moved.json.survey).toMatchObject({
			kind: 'csat',
			detractorThreshold: 2,
			scale: { min: 1, max: 5 },
			definition: {
				// The shipped wording follows the kind; the manager's own stays.
				lead: { en: 'How satisfied are you with {org}?', de: 'Würden Sie uns weiterempfehlen?' }
			}
		});
	});

	it('keeps the kind once the survey has sent an invitation (409), and changes nothing', async () => {
		const manager = await app.signIn('manager');
		const survey = await givenSurvey(manager);
		const account = await givenAccount(manager);
		const contact = await givenContact(manager, account.id);
		await givenInvitation(survey.id, contact.id);
		expect((await manager.get(`/api/surveys/${survey.id}`)).json.survey).toMatchObject({ invited: 1, kindLocked: true });

		const before = await snapshot();
		const refused = await manager.patch(`/api/surveys/${survey.id}`, { kind: 'ces', name: 'Renamed' });
		expect(refused.status).toBe(409);
		expect(refused.json.error).toMatchObject({ code: 'conflict', fields: { kind: [expect.any(String)] } });
		expect(await snapshot()).toEqual(before);

		// Everything else may still change.
		const renamed = await manager.patch(`/api/surveys/${survey.id}`, { kind: 'nps', name: 'Renamed' });
		expect(renamed.status).toBe(200);
		expect(renamed.json.survey.name).toBe('Renamed');
	});

	it('checks the schedule against the saved values when only one side changes', async () => {
		const manager = await app.signIn('manager');
		const survey = await givenSurvey(manager, { cadenceDays: 30, reminderAfterDays: 10 });
		const before = await snapshot();
		const response = await manager.patch(`/api/surveys/${survey.id}`, { cadenceDays: 10 });
		expect(response.status).toBe(422);
		expect(Object.keys(response.json.error.fields)).toEqual(['reminderAfterDays']);
		const threshold = await manager.patch(`/api/surveys/${survey.id}`, { detractorThreshold: 10 });
		expect(threshold.json.error.fields.detractorThreshold).toEqual([
			'Choose a score from 0 to 9: answers at or below it count as detractors.'
		]);
		expect(await snapshot()).toEqual(before);
	});

	it('is for managers and admins, and 404s for a survey that does not exist', async () => {
		const manager = await app.signIn('manager');
		const survey = await givenSurvey(manager);
		const agent = await app.signIn('agent');
		const before = await snapshot();
		expect((await agent.patch(`/api/surveys/${survey.id}`, { name: 'Agent’s' })).status).toBe(403);
		expect((await agent.post(`/api/surveys/${survey.id}/activate`)).status).toBe(403);
		expect(await snapshot()).toEqual(before);
		expect((await manager.patch('/api/surveys/nope', { name: 'X' })).status).toBe(404);
		expect((await manager.get('/api/surveys/nope')).json.error.code).toBe('not_found');
		expect((await agent.get(`/api/surveys/${survey.id}`)).status).toBe(200);
	});
});

describe('activating and pausing', () => {
	it('runs draft → active → paused → active, anchoring the cadence at the first activation', async () => {
		const manager = await app.signIn('manager');
		const survey = await givenSurvey(manager);

		app.clock.advance(3_600_000);
		const active = await manager.post(`/api/surveys/${survey.id}/activate`);
		expect(active.status).toBe(200);
		expect(active.json.survey).toMatchObject({ status: 'active', activatedAt: '2026-03-02T10:00:00.000Z', pausedAt: null });

		app.clock.advance(86_400_000);
		const paused = await manager.post(`/api/surveys/${survey.id}/pause`);
		expect(paused.json.survey).toMatchObject({ status: 'paused', pausedAt: '2026-03-03T10:00:00.000Z' });

		app.clock.advance(86_400_000);
		const resumed = await manager.post(`/api/surveys/${survey.id}/activate`);
		expect(resumed.json.survey).toMatchObject({
			status: 'active',
			activatedAt: '2026-03-02T10:00:00.000Z',
			pausedAt: null
		});
		const { audit } = await snapshot();
		expect(audit.map((entry) => entry.action)).toEqual([
			'survey.created',
			'survey.activated',
			'survey.paused',
			'survey.resumed'
		]);
	});

	it('refuses illegal changes with 409 and records nothing', async () => {
		const manager = await app.signIn('manager');
		const survey = await givenSurvey(manager);
		const before = await snapshot();
		const pauseDraft = await manager.post(`/api/surveys/${survey.id}/pause`);
		expect(pauseDraft.status).toBe(409);
		expect(pauseDraft.json.error.message).toBe('Quarterly NPS is a draft; only active surveys can be paused.');
		expect(await snapshot()).toEqual(before);

		await manager.post(`/api/surveys/${survey.id}/activate`);
		const afterActivation = await snapshot();
		const again = await manager.post(`/api/surveys/${survey.id}/activate`);
		expect(again.status).toBe(409);
		expect(again.json.error.message).toBe(
			'Quarterly NPS is already active; only drafts and paused surveys can be activated.'
		);
		expect(await snapshot()).toEqual(afterActivation);
		expect((await manager.post('/api/surveys/nope/activate')).status).toBe(404);
	});

	it('lets exactly one of two racing activations win, with one audit entry', async () => {
		const manager = await app.signIn('manager');
		const survey = await givenSurvey(manager);
		const results = await Promise.all([
			manager.post(`/api/surveys/${survey.id}/activate`),
			manager.post(`/api/surveys/${survey.id}/activate`)
		]);
		expect(results.map((result) => result.status).sort()).toEqual([200, 409]);
		const { audit } = await snapshot();
		expect(audit.filter((entry) => entry.action === 'survey.activated')).toHaveLength(1);
	});
});

describe('the survey list', () => {
	it('lists active, paused, then drafts with invited and answered counts, filtered by status', async () => {
		const manager = await app.signIn('manager');
		const draft = await givenSurvey(manager, { name: 'A draft' });
		const active = await givenSurvey(manager, { name: 'Z active', kind: 'csat', cadenceDays: 30 });
		await manager.post(`/api/surveys/${active.id}/activate`);
		const account = await givenAccount(manager);
		for (let index = 0; index < 3; index++) {
			const contact = await givenContact(manager, account.id);
			await givenInvitation(active.id, contact.id);
		}

		const list = await manager.get('/api/surveys');
		expect(list.status).toBe(200);
		expect(list.json.surveys.map((survey: any) => [survey.name, survey.status, survey.invited, survey.answered])).toEqual([
			['Z active', 'active', 3, 0],
			['A draft', 'draft', 0, 0]
		]);
		expect(list.json.surveys[0]).toMatchObject({ kind: 'csat', cadenceDays: 30, audienceSummary: 'All contacts' });
		expect(list.json.surveys[0].definition).toBeUndefined();

		const drafts = await manager.get('/api/surveys?status=draft');
		expect(drafts.json.surveys.map((survey: any) => survey.id)).toEqual([draft.id]);
		expect((await manager.get('/api/surveys?status=closed')).status).toBe(422);
		expect((await app.anonymous().get('/api/surveys')).status).toBe(401);
	});
});

describe('previews', () => {
	const definition = {
		lead: { en: 'How likely are you to recommend {org}?', de: 'Wie wahrscheinlich empfehlen Sie {org}?' },
		improve: { en: 'What should we improve?', de: 'Was sollten wir verbessern?' },
		questions: [
			{
				id: 'plan',
				type: 'choice',
				text: { en: 'Which plan are you on?', de: 'Welchen Tarif haben Sie?' },
				options: [{ en: 'Basic', de: 'Basis' }, { en: 'Pro' }]
			},
			{ id: 'speed', type: 'rating', text: { en: 'How fast do we answer?' }, scaleMax: 4 }
		]
	};

	it('shows the email and the page in the asked language, English where a translation is missing', async () => {
		const admin = await app.signIn('admin');
		await admin.put('/api/organization', { name: 'Acme Care', brandColor: '#0f766e', emailFrom: 'care@acme.example' });
		const survey = await givenSurvey(admin, { definition });

		const german = await admin.get(`/api/surveys/${survey.id}/preview?locale=de-CH`);
		expect(german.status).toBe(200);
		expect(german.json).toMatchObject({
			locale: 'de',
			locales: ['en', 'de'],
			page: {
				lead: 'Wie wahrscheinlich empfehlen Sie Acme Care?',
				improve: 'Was sollten wir verbessern?',
				questions: [
					{ id: 'plan', type: 'choice', text: 'Welchen Tarif haben Sie?', options: ['Basis', 'Pro'] },
					{ id: 'speed', type: 'rating', text: 'How fast do we answer?', scaleMax: 4 }
				],
				scale: { min: 0, max: 10 }
			},
			fallbacks: ['questions.0.options.1', 'questions.1.text']
		});
		expect(german.json.email.subject).toContain('Acme Care');
		expect(german.json.email.html).toContain('Wie wahrscheinlich empfehlen Sie Acme Care?');
		expect(german.json.email.html).toContain('lang="de"');
		expect(german.json.email.text).toContain('http://127.0.0.1/s/preview/10');

		// A language the survey does not speak gets English throughout.
		const spanish = await admin.get(`/api/surveys/${survey.id}/preview?locale=es`);
		expect(spanish.json).toMatchObject({
			locale: 'en',
			page: { lead: 'How likely are you to recommend Acme Care?', improve: 'What should we improve?' },
			fallbacks: []
		});
		expect(spanish.json.email.html).toContain('How likely are you to recommend Acme Care?');
		const english = await admin.get(`/api/surveys/${survey.id}/preview`);
		expect(english.json.locale).toBe('en');
	});

	it('previews unsaved questions for any colleague, and refuses a bad language tag', async () => {
		const agent = await app.signIn('agent');
		const draft = await agent.post('/api/surveys/preview', { kind: 'ces', definition, locale: 'de' });
		expect(draft.status).toBe(200);
		expect(draft.json.page).toMatchObject({ lead: 'Wie wahrscheinlich empfehlen Sie Closeloop?', scale: { min: 1, max: 7 } });
		const bad = await agent.post('/api/surveys/preview', { kind: 'ces', definition: { lead: {} }, locale: 'de' });
		expect(bad.status).toBe(422);
		expect(Object.keys(bad.json.error.fields)).toEqual(expect.arrayContaining(['definition.lead', 'definition.improve']));
		const manager = await app.signIn('manager');
		const survey = await givenSurvey(manager);
		expect((await agent.get(`/api/surveys/${survey.id}/preview?locale=${'x'.repeat(40)}`)).status).toBe(422);
		expect((await agent.get('/api/surveys/nope/preview')).status).toBe(404);
	});
});

describe('audience counts', () => {
	it('counts the contacts an audience matches now, leaving out archived ones, and how many can be asked', async () => {
		const manager = await app.signIn('manager');
		const other = await app.signIn('manager');
		const premium = await givenAccount(manager, { tier: 'premium', ownerId: manager.userId, tags: ['retail'] });
		const basic = await givenAccount(manager, { tier: 'basic', ownerId: other.userId, tags: ['emea'] });
		const lost = await givenAccount(manager, { tier: 'premium', tags: ['retail', 'emea'] });
		await manager.post(`/api/accounts/${lost.id}/lost`, {});
		await givenContact(manager, premium.id);
		await givenContact(manager, premium.id, { consent: false });
		const archived = await givenContact(manager, premium.id);
		await manager.post(`/api/contacts/${archived.id}/archive`);
		await givenContact(manager, basic.id);
		await givenContact(manager, lost.id);

		const count = async (query: string) => (await manager.get(`/api/surveys/audience-count${query}`)).json;
		expect(await count('')).toEqual({ matched: 4, reachable: 3 });
		expect(await count('?tiers=premium')).toEqual({ matched: 3, reachable: 2 });
		expect(await count('?tiers=premium&accountStatuses=active')).toEqual({ matched: 2, reachable: 1 });
		expect(await count(`?ownerIds=${other.userId}`)).toEqual({ matched: 1, reachable: 1 });
		expect(await count('?tags=EMEA')).toEqual({ matched: 2, reachable: 2 });
		expect(await count('?tags=retail,emea&tiers=basic,premium')).toEqual({ matched: 4, reachable: 3 });
		expect((await manager.get('/api/surveys/audience-count?tiers=gold')).status).toBe(422);

		const survey = await givenSurvey(manager, { audience: { tiers: ['premium'], tags: ['retail'] } });
		const saved = await manager.get(`/api/surveys/${survey.id}/audience-count`);
		expect(saved.status).toBe(200);
		expect(saved.json).toEqual({ matched: 3, reachable: 2 });
	});
});

describe('the API document', () => {
	it('lists every survey route', async () => {
		const document = (await app.anonymous().get('/api/openapi.json')).json;
		expect(Object.keys(document.paths['/api/surveys'])).toEqual(['get', 'post']);
		expect(Object.keys(document.paths['/api/surveys/{id}'])).toEqual(['get', 'patch']);
		for (const path of ['/activate', '/pause']) expect(document.paths[`/api/surveys/{id}${path}`].post).toBeDefined();
		for (const path of ['/preview', '/audience-count']) expect(document.paths[`/api/surveys/{id}${path}`].get).toBeDefined();
		expect(document.paths['/api/surveys/preview'].post).toBeDefined();
		expect(document.paths['/api/surveys/audience-count'].get).toBeDefined();
	});
});
