import { and, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { contacts } from '../../../db/schema/accounts';
import { auditLog } from '../../../db/schema/audit';
import {
	domainEvents,
	suggestions,
	surveyInvitations,
	surveyResponses
} from '../../../db/schema/surveys';
import {
	renderSurveyInvitation,
	surveyInvitationUrls
} from '../../../emails/templates/survey-invitation';
import { postOversize, startTestApp, type TestApp } from '../../support/app';
import { givenInvitation, snapshot } from './helpers';

let app: TestApp;
const start = new Date('2026-03-02T09:00:00Z');
const day = 24 * 3600_000;

beforeEach(async () => {
	app = await startTestApp({ now: start });
});
afterEach(async () => {
	await app.stop();
});

const postForm = (path: string, body: string, headers: Record<string, string> = {}) =>
	app.fetch(app.url + path, {
		method: 'POST',
		body,
		headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }
	});

async function responsesOf(invitationId: string) {
	return app.db
		.select()
		.from(surveyResponses)
		.where(eq(surveyResponses.invitationId, invitationId));
}

function expectErrorShape(json: any, code: string) {
	expect(json).toEqual({ error: expect.objectContaining({ code, message: expect.any(String) }) });
	expect(Object.keys(json.error).every((key) => ['code', 'message', 'fields'].includes(key))).toBe(
		true
	);
}

describe('opening a survey link', () => {
	it('shows the survey in the contact’s language with the organisation’s name, and records nothing', async () => {
		const given = await givenInvitation(app.db, { now: start, locale: 'de' });
		const before = await snapshot(app.db);
		const response = await app.anonymous().get(`/api/public/invitations/${given.token}`);
		expect(response.status).toBe(200);
		expect(response.headers.get('cache-control')).toBe('no-store');
		const { invitation } = response.json;
		expect(invitation).toMatchObject({
			state: 'open',
			editable: true,
			locale: 'de',
			timeZone: 'Europe/Berlin',
			organization: { name: 'Closeloop', brandColor: '#4f46e5' },
			survey: {
				kind: 'nps',
				min: 0,
				max: 10,
				question:
					'Wie wahrscheinlich ist es, dass Sie Closeloop einem Freund oder Kollegen empfehlen?',
				improve: 'Was sollten wir verbessern?',
				questions: [
					{
						id: 'channel',
						type: 'choice',
						text: 'Wie haben Sie uns erreicht?',
						options: ['E-Mail', 'Telefon', 'Chat']
					},
					{ id: 'speed', type: 'rating', text: 'Wie schnell haben wir geantwortet?', scaleMax: 5 },
					{ id: 'role', type: 'text', text: 'Was ist Ihre Rolle?' }
				]
			},
			response: null,
			unsubscribed: false
		});
		expect(invitation.copy).toMatchObject({ locale: 'de', submitScore: 'Bewertung senden' });
		expect(await snapshot(app.db)).toEqual(before);
	});

	it('falls back to English copy for a language the pages do not ship, keeping the survey’s own text', async () => {
		const given = await givenInvitation(app.db, { now: start, locale: 'es' });
		const { invitation } = (await app.anonymous().get(`/api/public/invitations/${given.token}`))
			.json;
		expect(invitation.locale).toBe('es');
		expect(invitation.copy.locale).toBe('en');
		expect(invitation.survey.improve).toBe('What should we improve?');
	});

	it('answers 404 in the one error shape for an unknown or malformed token', async () => {
		for (const token of [
			'AAAAAAAAAAAAAAAAAAAAAA',
			'short',
			'x'.repeat(300),
			'bad%20token%3Cscript%3E'
		]) {
			const response = await app.anonymous().get(`/api/public/invitations/${token}`);
			expect(response.status, token).toBe(404);
			expectErrorShape(response.json, 'not_found');
		}
	});

	it('lets a mail scanner GET (and HEAD) every link of the invitation email without recording or unsubscribing anything', async () => {
		const given = await givenInvitation(app.db, { now: start });
		const email = renderSurveyInvitation(
			{
				locale: 'en',
				contactName: 'Ada',
				question: 'How likely are you to recommend us?',
				kind: 'nps',
				min: 0,
				max: 10,
				...surveyInvitationUrls(app.url, given.token),
				reminder: false
			},
			{ name: 'Closeloop', color: '#4f46e5', publicUrl: app.url }
		);
		const links = new Set<string>();
		for (const match of email.html.matchAll(/href="([^"]+)"/g))
			links.add(match[1]!.replaceAll('&amp;', '&'));
		for (const match of email.text.matchAll(/https?:\/\/\S+/g))
			links.add(match[0].replace(/[)>\].,]+$/, ''));
		links.add(/<([^>]+)>/.exec(email.headers!['List-Unsubscribe']!)![1]!);
		const ours = [...links].filter((link) => link.startsWith(app.url));
		// Eleven scores, the survey, the unsubscribe page and the one-click address.
		expect(ours.length).toBeGreaterThanOrEqual(14);

		const before = await snapshot(app.db);
		for (const link of ours) {
			const path = new URL(link).pathname;
			// The page links are served by the web app, which reads the invitation through this API call.
			const page = /^\/(?:s|u)\/([^/]+)/.exec(path);
			const target = page ? `/api/public/invitations/${page[1]}` : path;
			for (const method of ['GET', 'HEAD']) {
				const response = await app.fetch(app.url + target, { method, redirect: 'manual' });
				expect(response.status, `${method} ${target}`).toBeLessThan(400);
			}
		}
		const oneClick = await app.fetch(`${app.url}/api/public/unsubscribe/${given.token}`, {
			redirect: 'manual'
		});
		expect(oneClick.status).toBe(303);
		expect(oneClick.headers.get('location')).toBe(`/u/${given.token}`);
		expect(await snapshot(app.db)).toEqual(before);
	});
});

describe('answering with a score', () => {
	it('creates the one response, stamps the invitation and raises response.received, with no session at all', async () => {
		const given = await givenInvitation(app.db, { now: start });
		const response = await app
			.anonymous()
			.post(`/api/public/invitations/${given.token}/response`, { score: 9 });
		expect(response.status, response.text).toBe(200);
		expect(response.headers.get('set-cookie')).toBeNull();
		expect(response.json.response).toEqual({
			score: 9,
			comment: null,
			answers: {},
			answeredAt: start.toISOString(),
			updatedAt: start.toISOString(),
			editableUntil: new Date(start.getTime() + 7 * day).toISOString()
		});
		const [row] = await responsesOf(given.invitationId);
		expect(row).toMatchObject({
			score: 9,
			detractor: false,
			contactId: given.contactId,
			accountId: given.accountId,
			locale: 'en'
		});
		const [invitation] = await app.db
			.select()
			.from(surveyInvitations)
			.where(eq(surveyInvitations.id, given.invitationId));
		expect(invitation?.respondedAt).toEqual(start);
		const events = await app.db.select().from(domainEvents);
		expect(events.map((event) => [event.type, event.subjectId])).toEqual([
			['response.received', row!.id]
		]);
		expect(events[0]!.payload).toMatchObject({
			responseId: row!.id,
			invitationId: given.invitationId,
			score: 9
		});

		const page = (await app.anonymous().get(`/api/public/invitations/${given.token}`)).json
			.invitation;
		expect(page).toMatchObject({ state: 'answered', editable: true, response: { score: 9 } });
	});

	it('edits the same response when a second answer comes through the same or the reminder’s token', async () => {
		const given = await givenInvitation(app.db, { now: start, withReminder: true });
		await app.anonymous().post(`/api/public/invitations/${given.token}/response`, { score: 9 });
		app.clock.advance(2 * day);
		const again = await app
			.anonymous()
			.post(`/api/public/invitations/${given.token}/response`, { score: 7 });
		expect(again.status).toBe(200);
		const viaReminder = await app
			.anonymous()
			.post(`/api/public/invitations/${given.reminderToken}/response`, { score: 8 });
		expect(viaReminder.status).toBe(200);
		expect(viaReminder.json.response).toMatchObject({
			score: 8,
			answeredAt: start.toISOString(),
			updatedAt: new Date(start.getTime() + 2 * day).toISOString(),
			editableUntil: new Date(start.getTime() + 7 * day).toISOString()
		});
		const rows = await responsesOf(given.invitationId);
		expect(rows).toHaveLength(1);
		expect(rows[0]!.score).toBe(8);
		const [invitation] = await app.db
			.select()
			.from(surveyInvitations)
			.where(eq(surveyInvitations.id, given.invitationId));
		expect(invitation?.respondedAt).toEqual(start);
		expect(await app.db.select().from(domainEvents)).toHaveLength(1);
	});

	it('ends as one response when two first answers arrive at once', async () => {
		const given = await givenInvitation(app.db, { now: start });
		const answers = await Promise.all(
			[3, 9, 5, 10].map((score) =>
				app.anonymous().post(`/api/public/invitations/${given.token}/response`, { score })
			)
		);
		expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200]);
		const rows = await responsesOf(given.invitationId);
		expect(rows).toHaveLength(1);
		const events = await app.db.select().from(domainEvents);
		expect(events.every((event) => event.subjectId === rows[0]!.id)).toBe(true);
	});

	it('raises response.detractor once for a score at or below the survey’s threshold, and keeps it when the score changes', async () => {
		const given = await givenInvitation(app.db, { now: start, kind: 'csat' });
		const detractors = () =>
			app.db.select().from(domainEvents).where(eq(domainEvents.type, 'response.detractor'));

		await app.anonymous().post(`/api/public/invitations/${given.token}/response`, { score: 4 });
		expect(await detractors()).toHaveLength(0);
		await app.anonymous().post(`/api/public/invitations/${given.token}/response`, { score: 2 });
		await app.anonymous().post(`/api/public/invitations/${given.token}/response`, { score: 1 });
		const raised = await detractors();
		expect(raised).toHaveLength(1);
		expect(raised[0]!.payload).toMatchObject({ score: 2 });
		await app.anonymous().post(`/api/public/invitations/${given.token}/response`, { score: 5 });
		expect(await detractors()).toHaveLength(1);
		const [row] = await responsesOf(given.invitationId);
		expect(row).toMatchObject({ score: 5, detractor: false });
	});

	it('honours a survey’s own detractor threshold', async () => {
		const given = await givenInvitation(app.db, { now: start, kind: 'nps', detractorThreshold: 4 });
		await app.anonymous().post(`/api/public/invitations/${given.token}/response`, { score: 5 });
		expect(
			await app.db.select().from(domainEvents).where(eq(domainEvents.type, 'response.detractor'))
		).toHaveLength(0);
	});

	it('refuses a change after the 7 days with 409 and leaves the answer as it was', async () => {
		const given = await givenInvitation(app.db, { now: start });
		await app.anonymous().post(`/api/public/invitations/${given.token}/response`, { score: 9 });
		app.clock.advance(7 * day);
		const before = await snapshot(app.db);
		const late = await app
			.anonymous()
			.post(`/api/public/invitations/${given.token}/response`, { score: 2 });
		expect(late.status).toBe(409);
		expectErrorShape(late.json, 'conflict');
		const answers = await app
			.anonymous()
			.post(`/api/public/invitations/${given.token}/answers`, { comment: 'late' });
		expect(answers.status).toBe(409);
		expect(await snapshot(app.db)).toEqual(before);
		const page = (await app.anonymous().get(`/api/public/invitations/${given.token}`)).json
			.invitation;
		expect(page).toMatchObject({ state: 'closed', editable: false, response: { score: 9 } });
	});

	it('closes an unanswered invitation after 30 days', async () => {
		const given = await givenInvitation(app.db, {
			now: start,
			createdAt: new Date(start.getTime() - 30 * day)
		});
		const before = await snapshot(app.db);
		const response = await app
			.anonymous()
			.post(`/api/public/invitations/${given.token}/response`, { score: 9 });
		expect(response.status).toBe(409);
		expect(await snapshot(app.db)).toEqual(before);
		expect(
			(await app.anonymous().get(`/api/public/invitations/${given.token}`)).json.invitation
		).toMatchObject({
			state: 'closed',
			editable: false,
			response: null
		});
	});

	it('refuses bad scores and bad bodies with a 4xx in the one error shape, changing nothing', async () => {
		const given = await givenInvitation(app.db, { now: start, kind: 'csat' });
		const path = `/api/public/invitations/${given.token}/response`;
		const before = await snapshot(app.db);
		const cases: [body: unknown, status: number, code: string, headers?: Record<string, string>][] =
			[
				[{ score: 0 }, 422, 'validation_failed'],
				[{ score: 6 }, 422, 'validation_failed'],
				[{ score: 3.5 }, 422, 'validation_failed'],
				[{ score: '4' }, 422, 'validation_failed'],
				[{}, 422, 'validation_failed'],
				['{"score": 4', 400, 'bad_request', { 'content-type': 'application/json' }],
				['score=4', 415, 'unsupported_media_type', { 'content-type': 'text/plain' }]
			];
		for (const [body, status, code, headers] of cases) {
			const response = await app.anonymous().post(path, body, headers);
			expect(response.status, JSON.stringify(body)).toBe(status);
			expectErrorShape(response.json, code);
		}
		const outOfRange = await app.anonymous().post(path, { score: 6 });
		expect(outOfRange.json.error.fields).toEqual({ score: ['Choose a score from 1 to 5.'] });
		const unknown = await app
			.anonymous()
			.post('/api/public/invitations/AAAAAAAAAAAAAAAAAAAAAA/response', { score: 4 });
		expect(unknown.status).toBe(404);
		const oversize = await postOversize(
			app.url + path,
			JSON.stringify({ score: 4, pad: 'x'.repeat(70_000) })
		);
		expect(oversize.status).toBe(413);
		expectErrorShape(oversize.json, 'payload_too_large');
		expect(await snapshot(app.db)).toEqual(before);
	});
});

describe('answering the follow-up questions', () => {
	it('asks for the score first', async () => {
		const given = await givenInvitation(app.db, { now: start });
		const before = await snapshot(app.db);
		const response = await app
			.anonymous()
			.post(`/api/public/invitations/${given.token}/answers`, { comment: 'Faster replies' });
		expect(response.status).toBe(409);
		expectErrorShape(response.json, 'conflict');
		expect(await snapshot(app.db)).toEqual(before);
	});

	it('saves the answers, turns the open answer into a suggestion and keeps it in step when it is edited or emptied', async () => {
		const given = await givenInvitation(app.db, { now: start });
		const path = `/api/public/invitations/${given.token}/answers`;
		await app.anonymous().post(`/api/public/invitations/${given.token}/response`, { score: 6 });

		const first = await app.anonymous().post(path, {
			comment: '  Faster replies, please.  ',
			answers: { channel: 1, speed: 2, role: ' Office manager ' }
		});
		expect(first.status, first.text).toBe(200);
		expect(first.json.response).toMatchObject({
			score: 6,
			comment: 'Faster replies, please.',
			answers: { channel: 1, speed: 2, role: 'Office manager' }
		});
		const allSuggestions = () => app.db.select().from(suggestions);
		const [suggestion] = await allSuggestions();
		const [row] = await responsesOf(given.invitationId);
		expect(suggestion).toMatchObject({
			source: 'survey',
			responseId: row!.id,
			contactId: given.contactId,
			accountId: given.accountId,
			text: 'Faster replies, please.'
		});

		app.clock.advance(day);
		await app.anonymous().post(path, { comment: 'Faster replies and a phone line.' });
		const edited = await allSuggestions();
		expect(edited).toHaveLength(1);
		expect(edited[0]).toMatchObject({
			id: suggestion!.id,
			text: 'Faster replies and a phone line.',
			createdAt: start
		});
		const [afterEdit] = await responsesOf(given.invitationId);
		expect(afterEdit?.answers).toEqual({ channel: 1, speed: 2, role: 'Office manager' });

		const replaced = await app.anonymous().post(path, { answers: { speed: 4, role: '' } });
		expect(replaced.json.response.answers).toEqual({ speed: 4 });
		expect(replaced.json.response.comment).toBe('Faster replies and a phone line.');

		await app.anonymous().post(path, { comment: '' });
		expect(await allSuggestions()).toHaveLength(0);
		const [cleared] = await responsesOf(given.invitationId);
		expect(cleared?.comment).toBeNull();
	});

	it('refuses answers that do not fit the survey’s questions, naming each, and changes nothing', async () => {
		const given = await givenInvitation(app.db, { now: start });
		const path = `/api/public/invitations/${given.token}/answers`;
		await app.anonymous().post(`/api/public/invitations/${given.token}/response`, { score: 9 });
		await app.anonymous().post(path, { comment: 'Keep it up', answers: { speed: 5 } });
		const before = await snapshot(app.db);

		const wrong = await app.anonymous().post(path, {
			comment: 'Changed',
			answers: { channel: 3, speed: 6, role: 'x'.repeat(2001), nope: 'x' }
		});
		expect(wrong.status).toBe(422);
		expectErrorShape(wrong.json, 'validation_failed');
		expect(Object.keys(wrong.json.error.fields).sort()).toEqual([
			'answers.channel',
			'answers.nope',
			'answers.role',
			'answers.speed'
		]);

		const cases: unknown[] = [
			{ comment: 'x'.repeat(2001) },
			{ answers: { speed: 1.5 } },
			{ answers: { channel: -1 } },
			{ answers: { role: 7 } },
			{ answers: 'speed=5' },
			{ extra: true },
			{ answers: Object.fromEntries(Array.from({ length: 21 }, (_, index) => [`q${index}`, 1])) }
		];
		for (const body of cases) {
			const response = await app.anonymous().post(path, body);
			expect(response.status, JSON.stringify(body).slice(0, 80)).toBe(422);
			expectErrorShape(response.json, 'validation_failed');
		}
		expect(await snapshot(app.db)).toEqual(before);
	});
});

describe('unsubscribing', () => {
	const contactOf = async (id: string) =>
		(await app.db.select().from(contacts).where(eq(contacts.id, id)))[0]!;
	const unsubscribeAudits = (id: string) =>
		app.db
			.select()
			.from(auditLog)
			.where(and(eq(auditLog.entityId, id), eq(auditLog.action, 'contact.unsubscribed')));

	it('takes the RFC 8058 one-click POST with no cookies and no Origin, at once and only once', async () => {
		const given = await givenInvitation(app.db, { now: start });
		const response = await postForm(
			`/api/public/unsubscribe/${given.token}`,
			'List-Unsubscribe=One-Click'
		);
		expect(response.status).toBe(200);
		expect(await response.json()).toEqual({
			unsubscribed: true,
			unsubscribedAt: start.toISOString(),
			changed: true
		});
		expect((await contactOf(given.contactId)).unsubscribedAt).toEqual(start);
		const [entry] = await unsubscribeAudits(given.contactId);
		expect(entry).toMatchObject({
			actorId: null,
			entityType: 'contact',
			detail: { via: 'one-click' },
			at: start
		});

		app.clock.advance(day);
		const again = await postForm(
			`/api/public/unsubscribe/${given.token}`,
			'List-Unsubscribe=One-Click'
		);
		expect(await again.json()).toEqual({
			unsubscribed: true,
			unsubscribedAt: start.toISOString(),
			changed: false
		});
		expect(await unsubscribeAudits(given.contactId)).toHaveLength(1);
		expect(
			(await app.anonymous().get(`/api/public/invitations/${given.token}`)).json.invitation
				.unsubscribed
		).toBe(true);
	});

	it('takes an empty body, a multipart form, and JSON from the unsubscribe page', async () => {
		const empty = await givenInvitation(app.db, { now: start });
		const response = await app.fetch(`${app.url}/api/public/unsubscribe/${empty.token}`, {
			method: 'POST'
		});
		expect(response.status).toBe(200);
		expect((await contactOf(empty.contactId)).unsubscribedAt).toEqual(start);

		const multipart = await givenInvitation(app.db, { now: start });
		const form = new FormData();
		form.set('List-Unsubscribe', 'One-Click');
		expect(
			(
				await app.fetch(`${app.url}/api/public/unsubscribe/${multipart.token}`, {
					method: 'POST',
					body: form
				})
			).status
		).toBe(200);
		expect((await contactOf(multipart.contactId)).unsubscribedAt).toEqual(start);

		const page = await givenInvitation(app.db, { now: start });
		expect(
			(await app.anonymous().post(`/api/public/unsubscribe/${page.token}`, { via: 'page' })).status
		).toBe(200);
		expect((await unsubscribeAudits(page.contactId))[0]?.detail).toEqual({ via: 'page' });
	});

	it('keeps working long after the survey closed', async () => {
		const given = await givenInvitation(app.db, {
			now: start,
			createdAt: new Date(start.getTime() - 400 * day)
		});
		expect(
			(await postForm(`/api/public/unsubscribe/${given.token}`, 'List-Unsubscribe=One-Click'))
				.status
		).toBe(200);
		expect((await contactOf(given.contactId)).unsubscribedAt).toEqual(start);
	});

	it('refuses an unknown token, a bad body and a cross-site browser post, changing nothing', async () => {
		const given = await givenInvitation(app.db, { now: start });
		const before = await snapshot(app.db);
		const unknown = await postForm(
			'/api/public/unsubscribe/AAAAAAAAAAAAAAAAAAAAAA',
			'List-Unsubscribe=One-Click'
		);
		expect(unknown.status).toBe(404);
		expectErrorShape(await unknown.json(), 'not_found');
		const cases: [string, Record<string, string>, number, string][] = [
			['{"via":"email"}', { 'content-type': 'application/json' }, 422, 'validation_failed'],
			['{"via":', { 'content-type': 'application/json' }, 400, 'bad_request'],
			['unsubscribe me', { 'content-type': 'text/plain' }, 415, 'unsupported_media_type'],
			[
				'List-Unsubscribe=One-Click',
				{ 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example' },
				403,
				'forbidden'
			]
		];
		for (const [body, headers, status, code] of cases) {
			const response = await app.fetch(`${app.url}/api/public/unsubscribe/${given.token}`, {
				method: 'POST',
				body,
				headers
			});
			expect(response.status, body).toBe(status);
			expectErrorShape(await response.json(), code);
		}
		expect(await snapshot(app.db)).toEqual(before);
	});
});

describe('page words without a link', () => {
	it('picks the best shipped language from Accept-Language', async () => {
		const german = await app
			.anonymous()
			.get(`/api/public/copy?locale=${encodeURIComponent('de-CH,de;q=0.9,en;q=0.8')}`);
		expect(german.status).toBe(200);
		expect(german.json).toMatchObject({
			locale: 'de',
			organization: { name: 'Closeloop' },
			copy: { unknownTitle: 'Dieser Link funktioniert nicht' }
		});
		const french = await app
			.anonymous()
			.get(`/api/public/copy?locale=${encodeURIComponent('es;q=1,fr;q=0.5,de;q=0.4')}`);
		expect(french.json.locale).toBe('fr');
		expect((await app.anonymous().get('/api/public/copy')).json.locale).toBe('en');
	});
});
