import { env, exports } from 'cloudflare:workers';
import { count, eq, inArray, sql, type AnyColumn } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { accounts, contacts } from '../../db/schema/accounts';
import { cases } from '../../db/schema/cases';
import { outbox } from '../../db/schema/outbox';
import { sessions, staffUsers } from '../../db/schema/staff';
import { surveyInvitations, surveyResponses, surveys } from '../../db/schema/surveys';
import { defaultDefinition, defaultSendWindow } from '../../api/domain/survey-definition';
import { hashToken } from '../../api/tokens';
import { workerHost } from '../../api/worker';

const origin = 'https://closeloop.example.com';
const email = 'many@example.test';

describe('erasing a contact on D1', () => {
	it('erases a contact with more rows than one statement may bind, in one batch D1 accepts', async () => {
		const { db } = workerHost(env).deps;
		// D1 refuses a statement binding more than 100 values: the slices below must stay under it.
		await expect(
			db
				.select({ n: count() })
				.from(outbox)
				.where(
					inArray(
						outbox.id,
						Array.from({ length: 101 }, (_, index) => `id-${index}`)
					)
				)
		).rejects.toThrow();

		const now = new Date();
		await db.insert(staffUsers).values({
			id: 'erasing-admin',
			email: 'admin@example.test',
			name: 'Admin',
			role: 'admin',
			passwordHash: 'x',
			createdAt: now,
			updatedAt: now
		});
		await db.insert(sessions).values({
			id: hashToken('erasing-admin-token'),
			userId: 'erasing-admin',
			createdAt: now,
			expiresAt: new Date(now.getTime() + 86_400_000)
		});
		await db
			.insert(accounts)
			.values({ id: 'acct', name: 'Many Ltd', wonAt: now, createdAt: now, updatedAt: now });
		await db.insert(contacts).values({
			id: 'many',
			accountId: 'acct',
			email,
			name: 'Mx Many',
			createdAt: now,
			updatedAt: now
		});

		// One real complaint gives a case row to copy 120 times, half of them anonymous.
		const filed = await exports.default.fetch(`${origin}/api/public/complaints`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', 'cf-connecting-ip': '203.0.113.9' },
			body: JSON.stringify({
				name: 'Mx Many',
				email,
				subject: 'Many words',
				description: 'A distinctive grievance'
			})
		});
		expect(filed.status).toBe(201);
		const [template] = await db.select().from(cases);
		for (let index = 0; index < 120; index++) {
			await db.insert(cases).values({
				...template!,
				id: `case-${index}`,
				number: 2000 + index,
				isAnonymous: index % 2 === 0,
				contactId: index % 2 === 0 ? null : 'many'
			});
		}
		// 150 emails to the address without a link to the contact, and a survey answered 90 times.
		for (let index = 0; index < 150; index++) {
			await db.insert(outbox).values({
				id: `mail-${index}`,
				template: 'case-reply',
				toAddress: email,
				fromAddress: 'us@example.test',
				subject: 'About your case',
				html: '<p>A distinctive grievance</p>',
				text: 'A distinctive grievance',
				nextAttemptAt: template!.createdAt,
				createdAt: template!.createdAt
			});
		}
		await db.insert(surveys).values({
			id: 'survey',
			name: 'NPS',
			kind: 'nps',
			status: 'active',
			definition: defaultDefinition('nps'),
			audience: { tiers: [], ownerIds: [], accountStatuses: [], tags: [] },
			sendWindow: defaultSendWindow,
			detractorThreshold: 6,
			activatedAt: now,
			createdAt: now,
			updatedAt: now
		});
		for (let cycle = 0; cycle < 90; cycle++) {
			await db.insert(surveyInvitations).values({
				id: `inv-${cycle}`,
				surveyId: 'survey',
				contactId: 'many',
				cycle,
				tokenHash: `hash-${cycle}`,
				locale: 'en',
				createdAt: now,
				respondedAt: now
			});
			await db.insert(surveyResponses).values({
				id: `resp-${cycle}`,
				invitationId: `inv-${cycle}`,
				surveyId: 'survey',
				contactId: 'many',
				accountId: 'acct',
				score: cycle % 11,
				comment: 'A distinctive grievance',
				locale: 'en',
				detractor: cycle % 11 <= 6,
				createdAt: now,
				updatedAt: now,
				editableUntil: now
			});
		}

		const cookie = 'closeloop_session=erasing-admin-token';
		const exported = await exports.default.fetch(`${origin}/api/contacts/many/export`, {
			headers: { cookie }
		});
		expect(exported.status, await exported.clone().text()).toBe(200);
		const document = (await exported.json()) as any;
		// The anonymous half stays out of the export, and so do their emails (those carry no status link here).
		expect([document.cases.length, document.responses.length, document.emails.length]).toEqual([
			61, 90, 151
		]);

		const erased = await exports.default.fetch(`${origin}/api/contacts/many/erase`, {
			method: 'POST',
			headers: {
				'content-type': 'application/json',
				cookie
			},
			body: JSON.stringify({ confirm: email })
		});
		expect(erased.status, await erased.clone().text()).toBe(200);
		expect(((await erased.json()) as any).erased).toMatchObject({
			responses: 90,
			cases: 121,
			cancelledEmails: 151
		});
		const mentions = (column: AnyColumn) => sql`instr(${column}, 'distinctive') > 0`;
		const remaining = await Promise.all([
			db.select({ n: count() }).from(cases).where(mentions(cases.description)),
			db.select({ n: count() }).from(outbox).where(mentions(outbox.text)),
			db.select({ n: count() }).from(surveyResponses).where(mentions(surveyResponses.comment))
		]);
		expect(remaining.map(([row]) => row!.n)).toEqual([0, 0, 0]);
		expect((await db.select({ n: count() }).from(surveyResponses))[0]!.n).toBe(90);
		const [contact] = await db.select().from(contacts).where(eq(contacts.id, 'many'));
		expect(contact!.email).toBe('erased-many@erased.invalid');
	});
});
