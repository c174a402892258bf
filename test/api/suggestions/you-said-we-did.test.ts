import { asc, count, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { accounts, contacts } from '../../../db/schema/accounts';
import { actionNotices, actions, actionSuggestions } from '../../../db/schema/actions';
import { auditLog } from '../../../db/schema/audit';
import { outbox } from '../../../db/schema/outbox';
import { suggestions } from '../../../db/schema/surveys';
import { newId } from '../../../api/tokens';
import { startTestApp, type TestApp, type TestClient } from '../../support/app';

let app: TestApp;
let manager: TestClient;

beforeEach(async () => {
	app = await startTestApp({ config: { publicUrl: 'https://feedback.acme.test' } });
	manager = await app.signIn('manager');
});
afterEach(async () => {
	await app.stop();
});

async function givenContact(
	name: string,
	email: string,
	extra: Partial<typeof contacts.$inferInsert> = {}
) {
	const now = app.clock.now();
	const accountId = newId();
	await app.db.insert(accounts).values({
		id: accountId,
		name: `${name}'s company`,
		tier: 'premium',
		wonAt: now,
		createdAt: now,
		updatedAt: now
	});
	const id = newId();
	await app.db
		.insert(contacts)
		.values({
			id,
			accountId,
			email,
			name,
			locale: 'en',
			timeZone: 'UTC',
			createdAt: now,
			updatedAt: now,
			...extra
		});
	return id;
}

async function suggest(text: string, contactId: string | null) {
	const response = await manager.post('/api/suggestions', { text, contactId });
	expect(response.status, response.text).toBe(201);
	app.clock.advance(60_000);
	return response.json.suggestion as { id: string; source: string };
}

const newsEmails = () =>
	app.db
		.select()
		.from(outbox)
		.where(eq(outbox.template, 'you-said-we-did'))
		.orderBy(asc(outbox.toAddress));

async function counts() {
	const tables = [
		suggestions,
		actions,
		actionSuggestions,
		actionNotices,
		outbox,
		auditLog
	] as const;
	return Promise.all(
		tables.map(async (table) => (await app.db.select({ n: count() }).from(table))[0]!.n)
	);
}

describe('from suggestion to action to "you said, we did"', () => {
	it('merges duplicates keeping every suggester, links them to an action, and tells each customer once when it is done', async () => {
		const ada = await givenContact('Ada Byron', 'ada@example.test', { locale: 'de' });
		const bob = await givenContact('Bob Stone', 'bob@example.test');
		const gone = await givenContact('Gil Gone', 'gil@example.test', {
			unsubscribedAt: app.clock.now()
		});

		const first = await suggest('Please put the PO number on delivery notes', ada);
		const second = await suggest('Delivery notes without our PO number are useless', bob);
		const third = await suggest('PO numbers on the notes, please!', gone);
		const again = await suggest('I still want the PO number on notes <b>now</b>', ada);
		const other = await suggest('Open on Saturdays', bob);

		const theme = (await manager.post('/api/themes', { name: 'Delivery paperwork' })).json.theme;
		expect(
			(await manager.patch(`/api/suggestions/${first.id}`, { themeId: theme.id })).json.suggestion
				.theme
		).toEqual({
			id: theme.id,
			name: 'Delivery paperwork'
		});

		const merged = await manager.post('/api/suggestions/merge', {
			primaryId: first.id,
			duplicateIds: [second.id, third.id, again.id]
		});
		expect(merged.status, merged.text).toBe(200);
		expect(merged.json.suggestion.duplicates).toHaveLength(3);
		// Ada (twice), Bob and Gil: three customers asked.
		expect(merged.json.suggestion.customers).toBe(3);

		const inbox = (await manager.get('/api/suggestions')).json;
		expect(inbox.total).toBe(2);
		expect(inbox.suggestions.map((s: { id: string }) => s.id).sort()).toEqual(
			[first.id, other.id].sort()
		);
		expect((await manager.get(`/api/suggestions?themeId=${theme.id}`)).json.total).toBe(1);
		expect((await manager.get('/api/suggestions?themeId=none')).json.total).toBe(1);
		expect((await manager.get('/api/suggestions?q=saturday')).json.suggestions[0].id).toBe(
			other.id
		);

		const created = await manager.post('/api/actions', {
			title: 'PO numbers on every delivery note',
			description: 'From this week every delivery note shows your purchase order number.',
			suggestionIds: [first.id],
			dueOn: '2026-04-01'
		});
		expect(created.status, created.text).toBe(201);
		const actionId = created.json.action.id;
		expect(created.json.action).toMatchObject({ status: 'planned', suggestions: 1, customers: 3 });
		expect((await manager.get('/api/suggestions?status=open')).json.total).toBe(1);

		expect(
			(await manager.post(`/api/actions/${actionId}/status`, { status: 'in_progress' })).json
				.emailed
		).toBe(0);
		expect(await newsEmails()).toEqual([]);
		const done = await manager.post(`/api/actions/${actionId}/status`, { status: 'done' });
		expect(done.status, done.text).toBe(200);
		// Ada and Bob; Gil unsubscribed, and Ada's two suggestions make one email.
		expect(done.json.emailed).toBe(2);
		expect(done.json.told).toEqual({ done: 2, declined: 0 });
		const emails = await newsEmails();
		expect(emails.map((email) => email.toAddress)).toEqual([
			'ada@example.test',
			'bob@example.test'
		]);
		const [toAda, toBob] = emails;
		expect(toAda!.subject).toMatch(/^Sie haben es gesagt, wir haben es getan/);
		expect(toAda!.text).toContain('Please put the PO number on delivery notes');
		expect(toBob!.text).toContain('Delivery notes without our PO number are useless');
		expect(toBob!.text).toContain('PO numbers on every delivery note');
		expect(toBob!.headers).toMatchObject({ 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' });

		// Never twice: done is final, and nothing more is written.
		const before = await counts();
		expect((await manager.post(`/api/actions/${actionId}/status`, { status: 'done' })).status).toBe(
			409
		);
		expect(
			(
				await manager.post(`/api/actions/${actionId}/status`, {
					status: 'declined',
					declineReason: 'No'
				})
			).status
		).toBe(409);
		expect(await counts()).toEqual(before);

		// The one-click unsubscribe in the email works without a session.
		const oneClick =
			/<(https:\/\/feedback\.acme\.test\/api\/public\/news\/([^>]+)\/unsubscribe)>/.exec(
				toBob!.headers!['List-Unsubscribe']!
			)!;
		const token = oneClick[2]!;
		expect((await app.anonymous().get(`/api/public/news/${token}`)).json).toMatchObject({
			unsubscribed: false
		});
		const unsubscribed = await app
			.anonymous()
			.request('POST', `/api/public/news/${token}/unsubscribe`, 'List-Unsubscribe=One-Click', {
				'content-type': 'application/x-www-form-urlencoded'
			});
		expect(unsubscribed.status, unsubscribed.text).toBe(200);
		expect(
			(await app.db.select().from(contacts).where(eq(contacts.id, bob)))[0]!.unsubscribedAt
		).not.toBeNull();
		expect((await app.anonymous().get('/api/public/news/not-a-real-token-at-all')).status).toBe(
			404
		);
	});

	it('tells customers why an action is declined only when the manager chooses to, and can plan it again', async () => {
		const ada = await givenContact('Ada Byron', 'ada@example.test');
		const idea = await suggest('Deliver by drone', ada);
		const quiet = (
			await manager.post('/api/actions', { title: 'Drone delivery', suggestionIds: [idea.id] })
		).json.action.id;
		const refused = await manager.post(`/api/actions/${quiet}/status`, { status: 'declined' });
		expect(refused.status).toBe(422);
		expect(refused.json.error.fields.declineReason).toBeDefined();
		expect(
			(
				await manager.post(`/api/actions/${quiet}/status`, {
					status: 'declined',
					declineReason: 'Not allowed in town.'
				})
			).json.emailed
		).toBe(0);
		expect(
			(await manager.post(`/api/actions/${quiet}/status`, { status: 'planned' })).json.action
		).toMatchObject({
			status: 'planned',
			declineReason: null
		});
		const shared = await manager.post(`/api/actions/${quiet}/status`, {
			status: 'declined',
			declineReason: 'Drones are not allowed over the town centre.',
			shareDecline: true
		});
		expect(shared.json.emailed).toBe(1);
		const [email] = await newsEmails();
		expect(email!.subject).toBe('About your suggestion to Closeloop');
		expect(email!.text).toContain('Drones are not allowed over the town centre.');
	});

	it('publishes done actions on the public page only when the organisation chooses to, naming no customer', async () => {
		const ada = await givenContact('Ada Byron', 'ada@example.test');
		const idea = await suggest('Longer opening hours', ada);
		const id = (
			await manager.post('/api/actions', {
				title: 'Open until 20:00',
				description: 'Weekdays.',
				suggestionIds: [idea.id]
			})
		).json.action.id;
		await manager.post(`/api/actions/${id}/status`, { status: 'done' });
		expect((await app.anonymous().get('/api/public/updates')).status).toBe(404);
		const admin = await app.signIn('admin');
		const current = (await admin.get('/api/organization')).json.organization;
		expect(
			(
				await admin.put('/api/organization', {
					name: current.name,
					brandColor: current.brandColor,
					emailFrom: current.emailFrom,
					publicUpdates: true
				})
			).status
		).toBe(200);
		const page = await app.anonymous().get('/api/public/updates');
		expect(page.status).toBe(200);
		expect(page.json.actions).toEqual([
			{
				title: 'Open until 20:00',
				description: 'Weekdays.',
				doneAt: expect.any(String),
				customers: 1
			}
		]);
		expect(JSON.stringify(page.json)).not.toContain('Ada');
	});

	it('refuses bad input and the wrong roles with the one error shape, and changes nothing', async () => {
		const ada = await givenContact('Ada Byron', 'ada@example.test');
		const idea = await suggest('Longer opening hours', ada);
		const other = await suggest('Cheaper shipping', ada);
		await manager.post('/api/suggestions/merge', { primaryId: idea.id, duplicateIds: [other.id] });
		const agent = await app.signIn('agent');
		const before = await counts();
		const cases: [TestClient, string, string, unknown, number][] = [
			[manager, 'POST', '/api/suggestions', { text: '' }, 422],
			[manager, 'POST', '/api/suggestions', { text: 'Fine idea', contactId: 'nobody' }, 422],
			[manager, 'POST', '/api/suggestions', { text: 'Fine idea', caseId: 'nothing' }, 422],
			[manager, 'PATCH', `/api/suggestions/${idea.id}`, { themeId: 'no-such-theme' }, 422],
			[manager, 'PATCH', '/api/suggestions/nope', { themeId: null }, 404],
			[manager, 'POST', '/api/suggestions/merge', { primaryId: idea.id, duplicateIds: [] }, 422],
			[
				manager,
				'POST',
				'/api/suggestions/merge',
				{ primaryId: other.id, duplicateIds: [idea.id] },
				409
			],
			[
				manager,
				'POST',
				'/api/suggestions/merge',
				{ primaryId: idea.id, duplicateIds: ['ghost'] },
				404
			],
			[manager, 'POST', `/api/suggestions/${idea.id}/unmerge`, undefined, 409],
			[manager, 'POST', '/api/actions', { title: 'x' }, 422],
			[manager, 'POST', '/api/actions', { title: 'Good title', dueOn: '31/03/2026' }, 422],
			[manager, 'POST', '/api/actions', { title: 'Good title', ownerId: 'ghost' }, 422],
			[manager, 'POST', '/api/actions', { title: 'Good title', suggestionIds: [other.id] }, 422],
			[manager, 'POST', '/api/actions/ghost/status', { status: 'done' }, 404],
			[manager, 'POST', '/api/themes', { name: ' ' }, 422],
			[manager, 'GET', '/api/suggestions?from=yesterday', undefined, 422],
			[
				agent,
				'POST',
				'/api/suggestions/merge',
				{ primaryId: idea.id, duplicateIds: [other.id] },
				403
			],
			[agent, 'POST', '/api/actions', { title: 'Good title' }, 403],
			[agent, 'POST', '/api/themes', { name: 'Shipping' }, 403],
			[app.anonymous(), 'GET', '/api/suggestions', undefined, 401]
		];
		for (const [client, method, path, body, status] of cases) {
			const response = await client.request(method, path, body);
			expect(response.status, `${method} ${path} ${JSON.stringify(body)}: ${response.text}`).toBe(
				status
			);
			expect(response.json.error.code).toEqual(expect.any(String));
		}
		expect(await counts()).toEqual(before);
	});
});
