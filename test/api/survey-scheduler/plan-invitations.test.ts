import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { contacts } from '../../../db/schema/accounts';
import { organization } from '../../../db/schema/organization';
import { surveyInvitations, surveySkips } from '../../../db/schema/surveys';
import { surveyInvitationUrls, renderSurveyInvitation } from '../../../emails/templates/survey-invitation';
import { planInvitations } from '../../../api/survey-scheduler/plan-invitations';
import { buildInvitationStatements, findCandidates, runBatch } from '../../../api/survey-scheduler/store';
import { createEmailTemplates } from '../../../api/survey-scheduler/email-template';
import { findActiveSurveys } from '../../../api/survey-scheduler/store';
import { createToken, hashToken, newId } from '../../../api/tokens';
import { onNodeHostOnly, startTestApp, testHost, type TestApp } from '../../support/app';
import {
	countRows,
	day,
	hour,
	invitationsOf,
	recordStatements,
	seedAccount,
	seedContact,
	seedContacts,
	seedOwner,
	seedSurvey,
	surveyEmails
} from './fixtures';

let app: TestApp | undefined;
afterEach(async () => {
	await app?.stop();
	app = undefined;
});

/** Monday 2 March 2026, 09:00 UTC: 10:00 in Berlin, 04:00 in New York. */
const monday = new Date('2026-03-02T09:00:00Z');

async function start(now = monday) {
	app = await startTestApp({ now, config: { publicUrl: 'https://feedback.acme.test' } });
	return app;
}

const skipOf = async (target: TestApp, surveyId: string, contactId: string) => {
	const [row] = await target.db
		.select()
		.from(surveySkips)
		.where(eq(surveySkips.surveyId, surveyId))
		.then((rows) => rows.filter((skip) => skip.contactId === contactId));
	return row;
};

describe('the audience', () => {
	it('invites exactly the contacts whose account matches every filter, never archived ones', async () => {
		const { db, deps } = await start();
		const now = deps.clock.now();
		const owner = await seedOwner(db, now, 'Olga');
		const other = await seedOwner(db, now, 'Otto');
		const match = await seedAccount(db, now, { tier: 'premium', ownerId: owner, status: 'active', tags: ['emea', 'retail'] });
		const wrongTier = await seedAccount(db, now, { tier: 'basic', ownerId: owner, tags: ['emea'] });
		const wrongOwner = await seedAccount(db, now, { tier: 'premium', ownerId: other, tags: ['emea'] });
		const wrongStatus = await seedAccount(db, now, { tier: 'premium', ownerId: owner, status: 'lost', tags: ['emea'] });
		const wrongTags = await seedAccount(db, now, { tier: 'premium', ownerId: owner, tags: ['apac'] });
		const archivedAccount = await seedAccount(db, now, { tier: 'premium', ownerId: owner, tags: ['emea'], archived: true });

		const invited = await seedContact(db, now, match);
		const archivedContact = await seedContact(db, now, match, { archivedAt: now });
		const others = [];
		for (const account of [wrongTier, wrongOwner, wrongStatus, wrongTags]) others.push(await seedContact(db, now, account));
		await seedContact(db, now, archivedAccount);
		const survey = await seedSurvey(db, now, {
			activatedAt: new Date(now.getTime() - hour),
			audience: { tiers: ['premium', 'enterprise'], ownerIds: [owner], accountStatuses: ['active'], tags: ['emea', 'nordics'] }
		});
		const everyone = await seedSurvey(db, now, { name: 'Everyone' });

		const report = await planInvitations(deps);
		expect((await invitationsOf(db, survey)).map((row) => row.contactId)).toEqual([invited]);
		// The second survey asks everyone not archived, but the first one just asked `invited`.
		const second = (await invitationsOf(db, everyone)).map((row) => row.contactId);
		expect(second.sort()).toEqual(others.sort());
		expect(second).not.toContain(archivedContact);
		expect(report.surveys.find((row) => row.surveyId === survey)).toMatchObject({ invited: 1, skipped: {} });
		expect(report.surveys.find((row) => row.surveyId === everyone)).toMatchObject({ invited: 4, skipped: { throttled: 1 } });
	});
});

describe('the send window', () => {
	it('waits for the window in the contact’s own time zone and records when it opens', async () => {
		const { db, clock } = await start();
		const now = clock.now();
		const account = await seedAccount(db, now);
		const berlin = await seedContact(db, now, account, { timeZone: 'Europe/Berlin' });
		const newYork = await seedContact(db, now, account, { timeZone: 'America/New_York' });
		const survey = await seedSurvey(db, now);

		await app!.tick();
		expect((await invitationsOf(db, survey)).map((row) => row.contactId)).toEqual([berlin]);
		expect(await skipOf(app!, survey, newYork)).toMatchObject({
			reason: 'outside_send_window',
			// 09:00 in New York (EST, UTC−5) the same Monday.
			nextPossibleAt: new Date('2026-03-02T14:00:00Z'),
			recheckAt: new Date('2026-03-02T14:00:00Z'),
			cycle: 0
		});

		clock.advance(4 * hour + 59 * 60_000);
		await app!.tick();
		expect(await invitationsOf(db, survey)).toHaveLength(1);

		clock.advance(60_000);
		const report = await app!.tick();
		expect(report.surveys.surveys[0]).toMatchObject({ invited: 1 });
		expect((await invitationsOf(db, survey)).map((row) => row.contactId).sort()).toEqual([berlin, newYork].sort());
		// Invited: the reason it waited is gone.
		expect(await skipOf(app!, survey, newYork)).toBeUndefined();
	});
});

describe('fatigue and blockers', () => {
	it('asks a contact at most once per fatigue window across surveys, and says when the next survey may come', async () => {
		const { db, clock } = await start();
		const now = clock.now();
		const account = await seedAccount(db, now);
		const contact = await seedContact(db, now, account);
		const first = await seedSurvey(db, now, { name: 'First', activatedAt: new Date(now.getTime() - hour) });
		const second = await seedSurvey(db, now, { name: 'Second' });

		await app!.tick();
		expect(await invitationsOf(db, first)).toHaveLength(1);
		expect(await invitationsOf(db, second)).toHaveLength(0);
		// 30 days later is Wednesday 1 April, 11:00 in Berlin: inside the window.
		expect(await skipOf(app!, second, contact)).toMatchObject({ reason: 'throttled', nextPossibleAt: new Date(now.getTime() + 30 * day) });
		const [row] = await db.select().from(contacts).where(eq(contacts.id, contact));
		expect(row!.lastSurveyedAt).toEqual(now);

		for (let tick = 0; tick < 29; tick++) {
			clock.advance(day);
			await app!.tick();
		}
		expect(await invitationsOf(db, second)).toHaveLength(0);
		clock.advance(day);
		await app!.tick();
		expect(await invitationsOf(db, second)).toHaveLength(1);
		expect(await invitationsOf(db, first)).toHaveLength(1);
	});

	it('uses the organisation’s own fatigue days once saved', async () => {
		const { db, clock } = await start();
		const now = clock.now();
		await db.insert(organization).values({ id: 1, name: 'Acme', brandColor: '#0e7490', emailFrom: 'Acme <hi@acme.test>', fatigueDays: 7, complaintCooldownDays: 0, updatedAt: now });
		const account = await seedAccount(db, now);
		const contact = await seedContact(db, now, account);
		await seedSurvey(db, now, { activatedAt: new Date(now.getTime() - hour) });
		const second = await seedSurvey(db, now);
		await app!.tick();
		expect(await skipOf(app!, second, contact)).toMatchObject({ reason: 'throttled', nextPossibleAt: new Date(now.getTime() + 7 * day) });
		clock.advance(7 * day);
		await app!.tick();
		expect(await invitationsOf(db, second)).toHaveLength(1);
		const [email] = (await surveyEmails(db)).filter((row) => row.contactId === contact);
		expect(email!.fromAddress).toBe('Acme <hi@acme.test>');
		expect(email!.html).toContain('Acme');
	});

	it('never invites unsubscribed, bounced, complained or unconsenting contacts, and records why', async () => {
		const { db, clock } = await start();
		const now = clock.now();
		const account = await seedAccount(db, now);
		const blocked = {
			unsubscribed: await seedContact(db, now, account, { unsubscribedAt: now }),
			bounced: await seedContact(db, now, account, { bouncedAt: now }),
			complained: await seedContact(db, now, account, { complainedAt: now }),
			no_consent: await seedContact(db, now, account, { consent: false })
		};
		const openComplaint = await seedContact(db, now, account, { openCaseCount: 1 });
		const recentComplaint = await seedContact(db, now, account, { lastCaseClosedAt: new Date(now.getTime() - 4 * day) });
		const survey = await seedSurvey(db, now);

		for (let tick = 0; tick < 8; tick++) {
			await app!.tick();
			clock.advance(day / 2);
		}
		expect(await invitationsOf(db, survey)).toEqual([]);
		for (const [reason, contact] of Object.entries(blocked)) {
			expect(await skipOf(app!, survey, contact)).toMatchObject({ reason, nextPossibleAt: null });
		}
		expect(await skipOf(app!, survey, openComplaint)).toMatchObject({ reason: 'open_complaint', nextPossibleAt: null });
		// Closed 4 days before the start with a 14-day cool-down: Monday 12 March 2026, 10:00 in Berlin.
		expect(await skipOf(app!, survey, recentComplaint)).toMatchObject({
			reason: 'recent_complaint',
			nextPossibleAt: new Date(now.getTime() + 10 * day)
		});
		expect(await countRows(app!.db, 'outbox')).toBe(0);
	});

	it('does not create an invitation when the contact changed between the read and the write', async () => {
		const { db, deps } = await start();
		const now = deps.clock.now();
		const account = await seedAccount(db, now);
		const [unsubscribes, surveyedElsewhere, stays] = await seedContacts(db, now, account, [{}, {}, {}]);
		const surveyId = await seedSurvey(db, now);
		const [survey] = await findActiveSurveys(db);
		const candidates = await findCandidates(db, { surveyId, audience: survey!.audience, cycle: 0, now, after: '', upTo: null });
		expect(candidates).toHaveLength(3);

		await db.update(contacts).set({ unsubscribedAt: now }).where(eq(contacts.id, unsubscribes!));
		await db.update(contacts).set({ lastSurveyedAt: now }).where(eq(contacts.id, surveyedElsewhere!));

		const invitations = candidates.map((contact) => {
			const token = createToken(16);
			return { id: newId(), contactId: contact.id, token, tokenHash: hashToken(token) };
		});
		const email = createEmailTemplates({ name: 'Acme', color: '#0e7490', publicUrl: deps.config.publicUrl }, 'a@acme.test')(survey!, 'en', false);
		const { statements } = buildInvitationStatements(db, { surveyId, cycle: 0, locale: 'en', now, rules: { fatigueDays: 30, complaintCooldownDays: 14 }, email, invitations });
		await runBatch(db, statements);
		expect((await invitationsOf(db, surveyId)).map((row) => row.contactId)).toEqual([stays]);
		expect((await surveyEmails(db)).map((row) => row.contactId)).toEqual([stays]);
	});
});

describe('cadence', () => {
	it('invites again in the next cadence window, not before', async () => {
		const { db, clock } = await start();
		const now = clock.now();
		const account = await seedAccount(db, now);
		await seedContact(db, now, account);
		const survey = await seedSurvey(db, now, { cadenceDays: 90 });
		await app!.tick();
		clock.advance(89 * day);
		await app!.tick();
		expect(await invitationsOf(db, survey)).toHaveLength(1);
		// Day 90 is Sunday 31 May: outside the weekday window, so Monday 1 June, 10:00 in Berlin.
		clock.advance(day);
		await app!.tick();
		expect(await invitationsOf(db, survey)).toHaveLength(1);
		clock.advance(day);
		await app!.tick();
		expect((await invitationsOf(db, survey)).map((row) => row.cycle).sort()).toEqual([0, 1]);
	});
});

describe('the invitation email', () => {
	it('is queued with the invitation: same id, the token as its secret, List-Unsubscribe headers, the contact’s language', async () => {
		const { db, deps } = await start();
		const now = deps.clock.now();
		const account = await seedAccount(db, now);
		const ada = await seedContact(db, now, account, { name: 'Zoë "Z" <O\'Neil> & $& Co', locale: 'de-AT', email: 'zoe@customer.test' });
		const bo = await seedContact(db, now, account, { name: 'Bo', locale: 'pt' });
		const survey = await seedSurvey(db, now);

		const tick = await app!.tick();
		expect(tick.surveys).toMatchObject({ invited: 2 });
		const invitations = await invitationsOf(db, survey);
		const emails = await surveyEmails(db);
		expect(emails.map((row) => row.id).sort()).toEqual(invitations.map((row) => row.id).sort());

		for (const invitation of invitations) {
			const email = emails.find((row) => row.id === invitation.id)!;
			const token = email.secret!;
			expect(token).toMatch(/^[A-Za-z0-9_-]{22}$/);
			expect(hashToken(token)).toBe(invitation.tokenHash);
			expect(email.contactId).toBe(invitation.contactId);
			expect(email.status).toBe('sent');
			expect(email.providerId).toBe('local');
			const base = 'https://feedback.acme.test';
			expect(email.headers).toEqual({
				'List-Unsubscribe': `<${base}/api/public/unsubscribe/${token}>`,
				'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click'
			});
			// Byte for byte what rendering the template for this contact gives.
			const isAda = invitation.contactId === ada;
			expect(invitation.locale).toBe(isAda ? 'de' : 'en');
			const expected = renderSurveyInvitation(
				{
					locale: invitation.locale,
					contactName: isAda ? 'Zoë "Z" <O\'Neil> & $& Co' : 'Bo',
					question: isAda
						? 'Wie wahrscheinlich ist es, dass Sie Closeloop einem Freund oder Kollegen empfehlen?'
						: 'How likely are you to recommend Closeloop to a friend or colleague?',
					kind: 'nps',
					min: 0,
					max: 10,
					...surveyInvitationUrls(base, token),
					reminder: false
				},
				{ name: 'Closeloop', color: '#4f46e5', publicUrl: base }
			);
			expect(email.subject).toBe(expected.subject);
			expect(email.html).toBe(expected.html);
			expect(email.text).toBe(expected.text);
			expect(email.toAddress).toBe(isAda ? 'zoe@customer.test' : `${bo}@customer.test`);
		}
	});
});

describe('concurrent ticks', () => {
	it('create each invitation and its email once, however the two interleave', async () => {
		const { db, deps, clock } = await start();
		const now = clock.now();
		const accounts = [await seedAccount(db, now, { tier: 'premium' }), await seedAccount(db, now)];
		for (const account of accounts) {
			await seedContacts(db, now, account, Array.from({ length: 150 }, (_, index) => ({ locale: ['en', 'de', 'fr'][index % 3]! })));
		}
		const first = await seedSurvey(db, now, { audience: { tiers: ['premium'] }, activatedAt: new Date(now.getTime() - hour) });
		const second = await seedSurvey(db, now);

		let lost = 0;
		for (let round = 0; round < 4; round++) {
			const reports = await Promise.all([
				planInvitations(deps, { sliceSize: 40 }),
				planInvitations(deps, { sliceSize: 70 }),
				app!.tick()
			]);
			const invited = reports[0].invited + reports[1].invited + reports[2].surveys.invited;
			lost += [reports[0], reports[1], reports[2].surveys].flatMap((report) => report.surveys).reduce((sum, row) => sum + row.lost, 0);
			expect(invited).toBe(300);
			const all = await invitationsOf(db);
			expect(all).toHaveLength(300 * (round + 1));
			expect(await countRows(db, 'outbox')).toBe(300 * (round + 1));
			// Each contact once per round across both surveys (fatigue); which survey
			// asks a premium contact depends on which run got there first.
			const thisRound = all.filter((row) => row.cycle === round);
			expect(new Set(thisRound.map((row) => row.contactId)).size).toBe(300);
			expect(thisRound.filter((row) => row.surveyId === first).length).toBeLessThanOrEqual(150);
			expect(thisRound.filter((row) => row.surveyId === second).length).toBeGreaterThanOrEqual(150);
			// The next cadence window opens on a weekday 90 days on.
			clock.advance(91 * day);
			while (![1, 2, 3, 4, 5].includes(clock.now().getUTCDay())) clock.advance(day);
			expect(Math.floor((clock.now().getTime() - now.getTime()) / day / 90)).toBe(round + 1);
		}
		// The runs really did race: some decided to send and found the invitation taken. (On D1, a
		// Worker's statements and the test's queue one after another, and may not interleave.)
		if (testHost === 'node') expect(lost).toBeGreaterThan(0);
	});
});

describe('a large audience', () => {
	it('is swept over several runs, each examining at most maxContacts contacts and going on where the last stopped', async () => {
		const { db, deps } = await start();
		const now = deps.clock.now();
		const account = await seedAccount(db, now);
		await seedContacts(db, now, account, Array.from({ length: 30 }, () => ({ timeZone: 'UTC' })));
		await seedSurvey(db, now, { activatedAt: new Date(now.getTime() - hour) });
		const runs: number[] = [];
		for (let run = 0; run < 4; run++) runs.push((await planInvitations(deps, { maxContacts: 10, sliceSize: 10 })).invited);
		expect(runs).toEqual([10, 10, 10, 0]);
		const invited = await invitationsOf(db);
		expect(new Set(invited.map((invitation) => invitation.contactId)).size).toBe(30);
	});

	it('shares the contacts a run may examine among the surveys, so a large one does not starve the others', async () => {
		const { db, deps } = await start();
		const now = deps.clock.now();
		const account = await seedAccount(db, now);
		await seedContacts(db, now, account, Array.from({ length: 30 }, () => ({ timeZone: 'UTC' })));
		await seedSurvey(db, now, { activatedAt: new Date(now.getTime() - 2 * hour) });
		await seedSurvey(db, now, { activatedAt: new Date(now.getTime() - hour) });
		const run = await planInvitations(deps, { maxContacts: 20, sliceSize: 10 });
		const examined = run.surveys.map(
			(survey) => survey.invited + Object.values(survey.skipped).reduce((sum, n) => sum + (n ?? 0), 0)
		);
		expect(examined).toEqual([10, 10]);
	});
});

describe('statement size', () => {
	it('binds at most 100 parameters in every statement of a busy tick', { timeout: 60_000, ...onNodeHostOnly }, async () => {
		const { db, client, clock } = await start();
		const now = clock.now();
		const owners = await Promise.all(Array.from({ length: 60 }, (_, index) => seedOwner(db, now, `Owner ${index}`)));
		const account = await seedAccount(db, now, { tier: 'premium', ownerId: owners[7], tags: ['emea'] });
		await seedContacts(
			db,
			now,
			account,
			Array.from({ length: 1200 }, (_, index) => ({
				locale: ['en', 'de', 'fr', 'es'][index % 4]!,
				timeZone: index % 5 === 0 ? 'America/New_York' : 'Europe/Berlin',
				unsubscribedAt: index % 7 === 0 ? now : null
			}))
		);
		await seedSurvey(db, now, {
			reminderAfterDays: 3,
			audience: { ownerIds: owners, tags: Array.from({ length: 50 }, (_, index) => (index === 0 ? 'emea' : `tag-${index}`)), tiers: ['premium'] }
		});
		await seedSurvey(db, now, { kind: 'csat', reminderAfterDays: 2, activatedAt: new Date(now.getTime() - hour) });

		const recorder = recordStatements(client!);
		try {
			const first = await app!.tick();
			expect(first.surveys.invited).toBeGreaterThan(800);
			clock.advance(3 * day);
			const later = await app!.tick();
			expect(later.reminders.reminded).toBeGreaterThan(800);
		} finally {
			recorder.stop();
		}
		const widest = Math.max(...recorder.log.map((statement) => statement.parameters));
		expect(widest).toBeLessThanOrEqual(100);
		expect(widest).toBeGreaterThan(80);
		expect(recorder.log.filter((statement) => /insert into survey_invitations/i.test(statement.sql)).length).toBeGreaterThan(20);
	});
});

describe('a per-tick cap', () => {
	it('stops at the cap and lets the next tick carry on', async () => {
		const { db, deps } = await start();
		const now = deps.clock.now();
		const account = await seedAccount(db, now);
		await seedContacts(db, now, account, Array.from({ length: 25 }, () => ({})));
		const survey = await seedSurvey(db, now);
		expect(await planInvitations(deps, { maxInvitations: 10, sliceSize: 4 })).toMatchObject({ invited: 10 });
		expect(await planInvitations(deps, { maxInvitations: 10, sliceSize: 7 })).toMatchObject({ invited: 10 });
		expect(await planInvitations(deps, { maxInvitations: 10 })).toMatchObject({ invited: 5 });
		expect(await planInvitations(deps, { maxInvitations: 10 })).toMatchObject({ invited: 0 });
		expect(await invitationsOf(db, survey)).toHaveLength(25);
		expect(await db.select().from(surveyInvitations)).toHaveLength(25);
	});
});
