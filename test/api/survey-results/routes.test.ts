import Papa from 'papaparse';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../support/app';
import {
	daysBefore,
	givenAccountRow,
	givenContactRow,
	givenInvitation,
	givenResponse,
	givenSkip,
	givenSurvey
} from './helpers';

let app: TestApp;
let now: Date;
beforeEach(async () => {
	app = await startTestApp();
	now = app.clock.now();
});
afterEach(async () => {
	await app.stop();
});

/**
 * The hand-computed fixture. Over the last 90 days: 14 invitations (11
 * emails delivered, 2 queued, 1 failed; 3 reminded), 12 answers from 11
 * contacts — Ana answered 3 in December and 10 last week, so only her 10
 * counts. Latest scores: promoters 10 10 9 9 9, passives 7 8 8, detractors
 * 6 3 0, so n = 11, NPS = (5 − 3) / 11 = 18.18 and the margin is
 * 1.96 · √((5/11 + 3/11 − (2/11)²) / 11) · 100 = 1.96 · √(84/1331) · 100 = 49.24.
 * The 90 days before: 10 10 9 0 0 → NPS 20 (n = 5), margin 85.88.
 */
async function givenNpsFixture() {
	const acme = await givenAccountRow(app.db, { name: 'Acme Bakery' });
	const globex = await givenAccountRow(app.db, { name: 'Globex' });
	const survey = await givenSurvey(app.db, { name: 'Quarterly NPS', kind: 'nps' });
	const contact = (name: string, account = acme) => givenContactRow(app.db, account.id, { name });
	const ana = await contact('Ana Lima');
	await givenResponse(app.db, {
		surveyId: survey.id,
		contact: ana,
		score: 3,
		at: daysBefore(now, 80),
		comment: 'Too slow'
	});
	await givenResponse(app.db, {
		surveyId: survey.id,
		contact: ana,
		score: 10,
		at: daysBefore(now, 6),
		comment: 'Much better since the new portal'
	});
	const latest: [string, number, string | null][] = [
		['Ben Okafor', 9, null],
		['Chloé Martin', 9, '   '],
		['Dev Patel', 10, null],
		['Eva Novak', 9, null],
		['Femi Ade', 7, null],
		['Gus Berg', 8, 'Fine'],
		['Hana Sato', 8, null],
		['Ivan Petrov', 3, null],
		['Jo Kim', 6, null],
		['Kai Wong', 0, 'Nobody answered my calls']
	];
	const people: Record<string, { id: string; accountId: string }> = { 'Ana Lima': ana };
	for (const [index, [name, score, comment]] of latest.entries()) {
		const person = await contact(name, index % 2 ? globex : acme);
		people[name] = person;
		await givenResponse(app.db, {
			surveyId: survey.id,
			contact: person,
			score,
			at: daysBefore(now, 10 + index),
			comment
		});
	}
	// Two unanswered invitations, one reminded; their emails are still queued.
	const lou = await contact('Lou Reed');
	const max = await contact('Max Ernst');
	await givenInvitation(app.db, {
		surveyId: survey.id,
		contactId: lou.id,
		at: daysBefore(now, 3),
		email: 'pending'
	});
	await givenInvitation(app.db, {
		surveyId: survey.id,
		contactId: max.id,
		at: daysBefore(now, 20),
		remindedAt: daysBefore(now, 15),
		email: 'pending'
	});
	// The previous 90 days.
	for (const [index, score] of [10, 10, 9, 0, 0].entries()) {
		const person = await contact(`Earlier ${index}`, globex);
		await givenResponse(app.db, {
			surveyId: survey.id,
			contact: person,
			score,
			at: daysBefore(now, 100 + index),
			comment: 'An old comment'
		});
	}
	return { survey, people, acme, globex };
}

/** 11 delivered, 2 queued, 1 failed (one of the answered ones), 3 reminded. */
async function markDelivery(surveyId: string) {
	const { outbox } = await import('../../../db/schema/outbox');
	const { surveyInvitations } = await import('../../../db/schema/surveys');
	const { and, eq, gte, isNotNull } = await import('drizzle-orm');
	const answered = await app.db
		.select({ id: surveyInvitations.id })
		.from(surveyInvitations)
		.where(
			and(
				eq(surveyInvitations.surveyId, surveyId),
				isNotNull(surveyInvitations.respondedAt),
				gte(surveyInvitations.createdAt, daysBefore(now, 90))
			)
		);
	await app.db
		.update(outbox)
		.set({ status: 'failed', sentAt: null })
		.where(eq(outbox.id, answered[0]!.id));
	for (const row of answered.slice(1, 3)) {
		await app.db
			.update(surveyInvitations)
			.set({ remindedAt: daysBefore(now, 1) })
			.where(eq(surveyInvitations.id, row.id));
	}
}

describe('a survey’s summary', () => {
	it('counts invitations, delivery and answers, and scores the latest answer per contact, as computed by hand', async () => {
		const { survey } = await givenNpsFixture();
		await markDelivery(survey.id);
		const agent = await app.signIn('agent');

		const response = await agent.get(`/api/surveys/${survey.id}/summary?period=90d`);
		expect(response.status, response.text).toBe(200);
		const summary = response.json;
		expect(summary.survey).toMatchObject({
			id: survey.id,
			name: 'Quarterly NPS',
			kind: 'nps',
			status: 'active',
			scale: { min: 0, max: 10 }
		});
		expect(summary.period).toMatchObject({
			key: '90d',
			from: daysBefore(now, 90).toISOString(),
			to: now.toISOString()
		});
		expect(summary.invitations).toEqual({
			sent: 14,
			delivered: 11,
			pending: 2,
			failed: 1,
			answered: 12,
			reminded: 3,
			responseRate: (12 / 14) * 100
		});
		expect(summary.responses).toBe(12);
		expect(summary.score.n).toBe(11);
		expect(summary.score.reliable).toBe(true);
		expect(summary.score.score).toBeCloseTo(18.18, 2);
		expect(summary.score.marginOfError).toBeCloseTo(49.24, 2);
		expect(summary.score.shares.promoters).toBeCloseTo((5 / 11) * 100, 6);
		expect(summary.score.shares.detractors).toBeCloseTo((3 / 11) * 100, 6);
		expect(summary.score.distribution).toHaveLength(11);
		expect(summary.score.distribution.filter((d: { count: number }) => d.count > 0)).toEqual([
			{ score: 0, count: 1, band: 'detractor' },
			{ score: 3, count: 1, band: 'detractor' },
			{ score: 6, count: 1, band: 'detractor' },
			{ score: 7, count: 1, band: 'passive' },
			{ score: 8, count: 2, band: 'passive' },
			{ score: 9, count: 3, band: 'promoter' },
			{ score: 10, count: 2, band: 'promoter' }
		]);
		expect(summary.previous.n).toBe(5);
		expect(summary.previous.score).toBeCloseTo(20, 6);
		expect(summary.previous.marginOfError).toBeCloseTo(85.88, 2);
		expect(summary.change).toBeCloseTo(18.18 - 20, 1);
	});

	it('shows the newest comments with who wrote them, leaving out blank ones and older periods', async () => {
		const { survey } = await givenNpsFixture();
		const agent = await app.signIn('agent');
		const { comments } = (await agent.get(`/api/surveys/${survey.id}/summary`)).json;
		expect(comments.map((c: { comment: string }) => c.comment)).toEqual([
			'Much better since the new portal',
			'Fine',
			'Nobody answered my calls',
			'Too slow'
		]);
		expect(comments[0]).toMatchObject({
			contact: { name: 'Ana Lima' },
			account: { name: 'Acme Bakery' },
			score: 10,
			band: 'promoter',
			answeredAt: daysBefore(now, 6).toISOString()
		});
	});

	it('reads only the chosen period, and all time has nothing to compare with', async () => {
		const { survey } = await givenNpsFixture();
		const agent = await app.signIn('agent');

		const month = (await agent.get(`/api/surveys/${survey.id}/summary?period=30d`)).json;
		// Ana's 10 (6 days ago) and the ten answers 10–19 days ago; her December 3 falls outside.
		expect(month.score.n).toBe(11);
		expect(month.responses).toBe(11);
		expect(month.invitations.sent).toBe(13);
		expect(month.previous).toMatchObject({ n: 0, score: null, reliable: false });
		expect(month.change).toBeNull();

		const everything = (await agent.get(`/api/surveys/${survey.id}/summary?period=all`)).json;
		expect(everything.period).toMatchObject({
			key: 'all',
			from: null,
			previousFrom: null,
			previousTo: null
		});
		expect(everything.responses).toBe(17);
		expect(everything.score.n).toBe(16);
		expect(everything.previous).toBeNull();
		expect(everything.change).toBeNull();
		expect(everything.invitationsEver).toBe(19);
	});

	it('flags a score from fewer than 5 answers as unreliable', async () => {
		const account = await givenAccountRow(app.db);
		const survey = await givenSurvey(app.db, { name: 'Support CSAT', kind: 'csat' });
		for (const score of [5, 4, 2]) {
			const contact = await givenContactRow(app.db, account.id);
			await givenResponse(app.db, { surveyId: survey.id, contact, score, at: daysBefore(now, 2) });
		}
		const agent = await app.signIn('agent');
		const { score } = (await agent.get(`/api/surveys/${survey.id}/summary`)).json;
		expect(score).toMatchObject({ n: 3, reliable: false });
		expect(score.score).toBeCloseTo((2 / 3) * 100, 6);
		expect(score.distribution.map((d: { band: string }) => d.band)).toEqual([
			'detractor',
			'detractor',
			'passive',
			'promoter',
			'promoter'
		]);
	});

	it('counts currently skipped contacts by reason, in plain words with the organisation’s numbers', async () => {
		const account = await givenAccountRow(app.db);
		const survey = await givenSurvey(app.db);
		const skip = async (
			reason: Parameters<typeof givenSkip>[1]['reason'],
			values: { archived?: boolean } = {}
		) => {
			const contact = await givenContactRow(
				app.db,
				account.id,
				values.archived ? { archivedAt: now } : {}
			);
			await givenSkip(app.db, {
				surveyId: survey.id,
				contactId: contact.id,
				reason,
				at: daysBefore(now, 1),
				cycle: 3
			});
			return contact;
		};
		await skip('throttled');
		await skip('throttled');
		await skip('open_complaint');
		await skip('unsubscribed');
		await skip('throttled', { archived: true });
		// Skipped earlier in this window, then invited once the complaint closed: no longer skipped.
		const invitedLater = await skip('recent_complaint');
		await givenInvitation(app.db, {
			surveyId: survey.id,
			contactId: invitedLater.id,
			at: now,
			cycle: 3
		});

		const agent = await app.signIn('agent');
		const { skipped } = (await agent.get(`/api/surveys/${survey.id}/summary`)).json;
		expect(skipped).toEqual({
			total: 4,
			reasons: [
				{ reason: 'throttled', label: 'Throttled: surveyed in the last 30 days', count: 2 },
				{ reason: 'open_complaint', label: 'Open complaint', count: 1 },
				{ reason: 'unsubscribed', label: 'Unsubscribed', count: 1 }
			]
		});
	});

	it('of a survey that has sent nothing yet is all zeros, with no score', async () => {
		const survey = await givenSurvey(app.db, { status: 'draft', activatedAt: null });
		const agent = await app.signIn('agent');
		const summary = (await agent.get(`/api/surveys/${survey.id}/summary`)).json;
		expect(summary).toMatchObject({
			invitations: { sent: 0, answered: 0, responseRate: null },
			invitationsEver: 0,
			responses: 0,
			score: { n: 0, score: null, marginOfError: null, reliable: false },
			skipped: { total: 0, reasons: [] },
			comments: []
		});
	});
});

describe('a survey’s responses', () => {
	it('come a page at a time, newest first, with the total', async () => {
		const { survey } = await givenNpsFixture();
		const agent = await app.signIn('agent');
		const first = (await agent.get(`/api/surveys/${survey.id}/responses?pageSize=5`)).json;
		expect(first).toMatchObject({ total: 17, page: 1, pageSize: 5 });
		expect(first.items).toHaveLength(5);
		expect(first.items[0]).toMatchObject({
			contact: { name: 'Ana Lima' },
			account: { name: 'Acme Bakery' },
			score: 10,
			band: 'promoter',
			comment: 'Much better since the new portal',
			locale: 'en',
			answeredAt: daysBefore(now, 6).toISOString(),
			editedAt: null
		});
		const last = (await agent.get(`/api/surveys/${survey.id}/responses?pageSize=5&page=4`)).json;
		expect(last.items).toHaveLength(2);
		const ids = new Set<string>();
		for (let page = 1; page <= 4; page++) {
			const { items } = (
				await agent.get(`/api/surveys/${survey.id}/responses?pageSize=5&page=${page}`)
			).json;
			for (const item of items) ids.add(item.id);
		}
		expect(ids.size).toBe(17);
	});

	it('filter by group, comment, search and dates, and sort by score', async () => {
		const { survey } = await givenNpsFixture();
		const agent = await app.signIn('agent');
		const list = async (query: string) =>
			(await agent.get(`/api/surveys/${survey.id}/responses?${query}`)).json;
		const scores = (page: { items: { score: number }[] }) => page.items.map((item) => item.score);

		expect(scores(await list('group=detractors&sort=score'))).toEqual([0, 0, 0, 3, 3, 6]);
		expect(scores(await list('group=passives&sort=-score'))).toEqual([8, 8, 7]);
		expect((await list('group=promoters')).total).toBe(8);
		const withComments = await list('hasComment=true');
		expect(withComments.total).toBe(9);
		expect(withComments.items.every((item: { comment: string | null }) => item.comment)).toBe(true);
		expect((await list('hasComment=false')).total).toBe(8);
		expect((await list('q=globex')).total).toBe(10);
		expect(
			(await list('q=LIMA')).items.map((item: { contact: { name: string } }) => item.contact.name)
		).toEqual(['Ana Lima', 'Ana Lima']);
		expect((await list('q=calls')).items[0].contact.name).toBe('Kai Wong');
		const from = daysBefore(now, 15).toISOString().slice(0, 10);
		const to = daysBefore(now, 10).toISOString().slice(0, 10);
		expect((await list(`from=${from}&to=${to}`)).total).toBe(6);
		expect((await list('group=&hasComment=&q=&from=&to=&sort=')).total).toBe(17);
		expect(
			(await list('sort=contact&pageSize=2')).items.map(
				(i: { contact: { name: string } }) => i.contact.name
			)
		).toEqual(['Ana Lima', 'Ana Lima']);
	});

	it('count follow-up answers given in the same half hour as part of answering, not as an edit', async () => {
		const account = await givenAccountRow(app.db);
		const survey = await givenSurvey(app.db);
		const at = daysBefore(now, 3);
		for (const [name, minutes] of [['Same visit', 30], ['Came back', 31]] as const) {
			const contact = await givenContactRow(app.db, account.id, { name });
			await givenResponse(app.db, { surveyId: survey.id, contact, score: 8, at, editedAt: new Date(at.getTime() + minutes * 60_000) });
		}
		const agent = await app.signIn('agent');
		const items = (await agent.get(`/api/surveys/${survey.id}/responses?sort=contact`)).json.items;
		expect(items.map((item: { contact: { name: string }; editedAt: string | null }) => [item.contact.name, item.editedAt])).toEqual([
			['Came back', new Date(at.getTime() + 31 * 60_000).toISOString()],
			['Same visit', null]
		]);
	});

	it('say when an answer was edited and carry the further answers', async () => {
		const account = await givenAccountRow(app.db);
		const contact = await givenContactRow(app.db, account.id);
		const survey = await givenSurvey(app.db, {
			definition: {
				lead: { en: 'How likely are you to recommend us?' },
				improve: { en: 'What should we improve?' },
				questions: [
					{
						id: 'q1',
						type: 'choice',
						text: { en: 'Plan' },
						options: [{ en: 'Basic' }, { en: 'Team' }, { en: 'Pro' }]
					},
					{ id: 'q3', type: 'rating', text: { en: 'Onboarding' }, scaleMax: 7 },
					{ id: 'q2', type: 'text', text: { en: 'Anything else?' } },
					{ id: 'q4', type: 'text', text: { en: 'Not answered' } }
				]
			}
		});
		await givenResponse(app.db, {
			surveyId: survey.id,
			contact,
			score: 7,
			at: daysBefore(now, 3),
			editedAt: daysBefore(now, 2),
			answers: { q1: 2, q2: 'Faster invoices', q3: 6 },
			locale: 'de'
		});
		const agent = await app.signIn('agent');
		const [item] = (await agent.get(`/api/surveys/${survey.id}/responses`)).json.items;
		expect(item).toMatchObject({
			editedAt: daysBefore(now, 2).toISOString(),
			answers: { q1: 2, q2: 'Faster invoices', q3: 6 },
			further: [
				{ id: 'q1', question: 'Plan', answer: 'Pro' },
				{ id: 'q3', question: 'Onboarding', answer: '6 of 7' },
				{ id: 'q2', question: 'Anything else?', answer: 'Faster invoices' }
			],
			locale: 'de'
		});
	});
});

describe('the responses CSV', () => {
	it('has one row per answer matching the filters and one column per further question, with formulas defused', async () => {
		const account = await givenAccountRow(app.db, { name: '=cmd|calc' });
		const contact = await givenContactRow(app.db, account.id, {
			name: '@Rae Lin',
			email: 'rae@example.test'
		});
		const other = await givenContactRow(app.db, account.id, { name: 'Sam Roe' });
		const survey = await givenSurvey(app.db, {
			name: 'Onboarding CSAT',
			kind: 'csat',
			definition: {
				lead: { en: 'How satisfied are you?' },
				improve: { en: 'What should we improve?' },
				questions: [
					{
						id: 'channel',
						type: 'choice',
						text: { en: 'How did you reach us?', de: 'Wie?' },
						options: [{ en: 'Phone' }, { en: 'Email' }, { en: 'Chat' }]
					},
					{ id: 'extra', type: 'text', text: { en: 'Anything else?' } }
				]
			}
		});
		await givenResponse(app.db, {
			surveyId: survey.id,
			contact,
			score: 2,
			at: daysBefore(now, 1),
			comment: '+SUM(A1:A9)',
			answers: { channel: 1, extra: '-2+3' }
		});
		await givenResponse(app.db, {
			surveyId: survey.id,
			contact: other,
			score: 5,
			at: daysBefore(now, 2)
		});
		const agent = await app.signIn('agent');

		const csv = await agent.get(`/api/surveys/${survey.id}/responses.csv?group=detractors`);
		expect(csv.status).toBe(200);
		expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
		expect(csv.headers.get('content-disposition')).toBe(
			'attachment; filename="onboarding-csat-responses-2026-03-02.csv"'
		);
		const { data } = Papa.parse<string[]>(csv.text.trim());
		expect(data[0]).toEqual([
			'response_id',
			'answered_at',
			'edited_at',
			'contact',
			'email',
			'account',
			'score',
			'group',
			'comment',
			'locale',
			'channel: How did you reach us?',
			'extra: Anything else?'
		]);
		expect(data).toHaveLength(2);
		expect(data[1]!.slice(1)).toEqual([
			daysBefore(now, 1).toISOString(),
			'',
			"'@Rae Lin",
			'rae@example.test',
			"'=cmd|calc",
			'2',
			'detractor',
			"'+SUM(A1:A9)",
			'en',
			'Email',
			"'-2+3"
		]);

		const all = await agent.get(`/api/surveys/${survey.id}/responses.csv`);
		expect(Papa.parse(all.text.trim()).data).toHaveLength(3);
	});
});

describe('a contact’s surveys', () => {
	it('give per survey the latest invitation, the latest answer and the current skip with its reason', async () => {
		const account = await givenAccountRow(app.db);
		const contact = await givenContactRow(app.db, account.id, { name: 'Ana Lima' });
		const nps = await givenSurvey(app.db, { name: 'Quarterly NPS' });
		const csat = await givenSurvey(app.db, { name: 'Support CSAT', kind: 'csat' });
		const ces = await givenSurvey(app.db, { name: 'Effort', kind: 'ces' });
		await givenSurvey(app.db, { name: 'Never asked' });
		// NPS: answered in window 1, skipped in window 2 for an open complaint.
		await givenResponse(app.db, {
			surveyId: nps.id,
			contact,
			score: 4,
			at: daysBefore(now, 95),
			comment: 'Slow',
			cycle: 1
		});
		await givenSkip(app.db, {
			surveyId: nps.id,
			contactId: contact.id,
			reason: 'open_complaint',
			at: daysBefore(now, 1),
			cycle: 2
		});
		// CSAT: invited and reminded, no answer yet.
		await givenInvitation(app.db, {
			surveyId: csat.id,
			contactId: contact.id,
			at: daysBefore(now, 8),
			remindedAt: daysBefore(now, 3),
			cycle: 1
		});
		// CES: throttled, then invited later in the same window, so the skip is history.
		await givenSkip(app.db, {
			surveyId: ces.id,
			contactId: contact.id,
			reason: 'throttled',
			at: daysBefore(now, 20),
			cycle: 1
		});
		await givenInvitation(app.db, {
			surveyId: ces.id,
			contactId: contact.id,
			at: daysBefore(now, 2),
			cycle: 1
		});

		const agent = await app.signIn('agent');
		const response = await agent.get(`/api/contacts/${contact.id}/surveys`);
		expect(response.status, response.text).toBe(200);
		const surveys = response.json.surveys;
		expect(surveys.map((entry: { survey: { name: string } }) => entry.survey.name)).toEqual([
			'Quarterly NPS',
			'Effort',
			'Support CSAT'
		]);
		expect(surveys[0]).toMatchObject({
			survey: { id: nps.id, kind: 'nps', status: 'active' },
			invitation: { cycle: 1, answeredAt: daysBefore(now, 95).toISOString() },
			response: { score: 4, band: 'detractor', scaleMax: 10, comment: 'Slow' },
			skip: {
				reason: 'open_complaint',
				label: 'Open complaint',
				nextPossibleAt: null,
				at: daysBefore(now, 1).toISOString()
			}
		});
		expect(surveys[2]).toMatchObject({
			invitation: {
				sentAt: daysBefore(now, 8).toISOString(),
				remindedAt: daysBefore(now, 3).toISOString(),
				answeredAt: null
			},
			response: null,
			skip: null
		});
		expect(surveys[1]).toMatchObject({
			invitation: { sentAt: daysBefore(now, 2).toISOString() },
			skip: null
		});
	});

	it('is an empty list for a contact never asked', async () => {
		const account = await givenAccountRow(app.db);
		const contact = await givenContactRow(app.db, account.id);
		const agent = await app.signIn('agent');
		expect((await agent.get(`/api/contacts/${contact.id}/surveys`)).json).toEqual({ surveys: [] });
	});
});

describe('refusals, in the one error shape', () => {
	it('answer unknown surveys and contacts with 404', async () => {
		const agent = await app.signIn('agent');
		for (const path of [
			'/api/surveys/nope/summary',
			'/api/surveys/nope/responses',
			'/api/surveys/nope/responses.csv',
			'/api/contacts/nope/surveys'
		]) {
			const response = await agent.get(path);
			expect(response.status, path).toBe(404);
			expect(response.json.error.code, path).toBe('not_found');
		}
	});

	it('answer bad query values with 422 naming the field', async () => {
		const survey = await givenSurvey(app.db);
		const agent = await app.signIn('agent');
		const cases: [string, string][] = [
			['summary?period=7d', 'period'],
			['responses?group=fans', 'group'],
			['responses?hasComment=maybe', 'hasComment'],
			['responses?from=yesterday', 'from'],
			['responses?to=2026-02-30T99:00', 'to'],
			['responses?pageSize=500', 'pageSize'],
			['responses?page=0', 'page'],
			['responses?sort=mood', 'sort'],
			[`responses?q=${'x'.repeat(201)}`, 'q'],
			['responses.csv?group=fans', 'group']
		];
		for (const [query, field] of cases) {
			const response = await agent.get(`/api/surveys/${survey.id}/${query}`);
			expect(response.status, query).toBe(422);
			expect(response.json.error.code, query).toBe('validation_failed');
			expect(Object.keys(response.json.error.fields), query).toEqual([field]);
		}
	});

	it('refuses a date range that ends before it starts', async () => {
		const survey = await givenSurvey(app.db);
		const agent = await app.signIn('agent');
		const response = await agent.get(
			`/api/surveys/${survey.id}/responses?from=2026-03-01&to=2026-02-01`
		);
		expect(response.status).toBe(422);
		expect(response.json.error.fields).toEqual({ to: ['The end must be on or after the start.'] });
	});

	it('asks strangers to sign in', async () => {
		const survey = await givenSurvey(app.db);
		const account = await givenAccountRow(app.db);
		const contact = await givenContactRow(app.db, account.id);
		for (const path of [
			`/api/surveys/${survey.id}/summary`,
			`/api/surveys/${survey.id}/responses`,
			`/api/surveys/${survey.id}/responses.csv`,
			`/api/contacts/${contact.id}/surveys`
		]) {
			const response = await app.anonymous().get(path);
			expect(response.status).toBe(401);
			expect(response.json.error.code).toBe('unauthenticated');
		}
	});
});
