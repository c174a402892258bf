import { afterEach, beforeEach, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../support/app';
import {
	daysBefore,
	givenAccountRow,
	givenContactRow,
	givenInvitation,
	givenResponse,
	givenSurvey
} from './helpers';

let app: TestApp;
beforeEach(async () => {
	app = await startTestApp();
});
afterEach(async () => {
	await app.stop();
});

it('a contact’s timeline shows its invitations, reminders and answers among its emails', async () => {
	const now = app.clock.now();
	const account = await givenAccountRow(app.db);
	const contact = await givenContactRow(app.db, account.id, { createdAt: daysBefore(now, 200) });
	const nps = await givenSurvey(app.db, { name: 'Quarterly NPS' });
	const ces = await givenSurvey(app.db, { name: 'Support effort', kind: 'ces' });
	await givenResponse(app.db, {
		surveyId: nps.id,
		contact,
		score: 9,
		at: daysBefore(now, 40),
		editedAt: daysBefore(now, 39),
		comment: 'Keep the Friday calls'
	});
	await givenInvitation(app.db, {
		surveyId: ces.id,
		contactId: contact.id,
		at: daysBefore(now, 6),
		remindedAt: daysBefore(now, 1)
	});

	const agent = await app.signIn('agent');
	const response = await agent.get(`/api/contacts/${contact.id}/timeline`);
	expect(response.status).toBe(200);
	const survey = response.json.events.filter((event: { kind: string }) => event.kind === 'survey');
	expect(survey).toEqual([
		{
			at: daysBefore(now, 1).toISOString(),
			kind: 'survey',
			title: 'Reminded about “Support effort”',
			detail: 'No answer yet, so one reminder went out.'
		},
		{ at: daysBefore(now, 6).toISOString(), kind: 'survey', title: 'Invited to “Support effort”' },
		{
			at: daysBefore(now, 40).toISOString(),
			kind: 'survey',
			title: 'Answered “Quarterly NPS”: 9 out of 10',
			detail: `“Keep the Friday calls” Changed on ${daysBefore(now, 39).toISOString().slice(0, 10)}.`
		},
		{
			at: new Date(daysBefore(now, 40).getTime() - 60 * 60 * 1000).toISOString(),
			kind: 'survey',
			title: 'Invited to “Quarterly NPS”'
		}
	]);
	const titles = response.json.events.map((event: { title: string }) => event.title);
	expect(titles).toContain('Email sent: “How are we doing?”');
	expect(titles.at(-1)).toBe('Contact added');
});
