import Papa from 'papaparse';
import { count, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { contacts } from '../../../db/schema/accounts';
import { auditLog } from '../../../db/schema/audit';
import { outbox } from '../../../db/schema/outbox';
import { startTestApp, type TestApp } from '../../support/app';
import { givenAccount, givenContact } from '../accounts/helpers';

let app: TestApp;
beforeEach(async () => {
	app = await startTestApp();
});
afterEach(async () => {
	await app.stop();
});

async function countRows(table: typeof contacts | typeof auditLog) {
	const [row] = await app.db.select({ n: count() }).from(table);
	return row?.n ?? 0;
}

describe('creating contacts', () => {
	it('lets an agent add a contact, with the address lower-cased and the language tag tidied', async () => {
		const manager = await app.signIn('manager');
		const agent = await app.signIn('agent');
		const account = await givenAccount(manager, { name: 'Acme' });
		const created = await agent.post('/api/contacts', {
			accountId: account.id,
			email: 'Ana.Lima@Example.TEST',
			name: ' Ana Lima ',
			locale: 'de-ch',
			timeZone: 'Europe/Zurich'
		});
		expect(created.status).toBe(201);
		expect(created.json.contact).toMatchObject({
			account: { id: account.id, name: 'Acme', archived: false },
			email: 'ana.lima@example.test',
			name: 'Ana Lima',
			locale: 'de-CH',
			timeZone: 'Europe/Zurich',
			consent: true,
			status: 'active',
			createdAt: '2026-03-02T09:00:00.000Z'
		});
		const id = created.json.contact.id;
		expect((await agent.get(`/api/contacts/${id}`)).json.contact.email).toBe(
			'ana.lima@example.test'
		);
		expect((await agent.get(`/api/accounts/${account.id}`)).json).toMatchObject({
			account: { contactCount: 1 },
			contacts: [{ id, name: 'Ana Lima', status: 'active' }],
			counts: { contacts: 1, active: 1 }
		});
	});

	it('defaults to English, UTC and consent', async () => {
		const manager = await app.signIn('manager');
		const account = await givenAccount(manager);
		const contact = await givenContact(manager, account.id);
		expect(contact).toMatchObject({ locale: 'en', timeZone: 'UTC', consent: true });
	});

	it('refuses an address that is taken, naming who has it, and changes nothing', async () => {
		const manager = await app.signIn('manager');
		const acme = await givenAccount(manager, { name: 'Acme' });
		await givenContact(manager, acme.id, { email: 'ana@example.test', name: 'Ana Lima' });
		const before = { contacts: await countRows(contacts), audit: await countRows(auditLog) };

		const duplicate = await manager.post('/api/contacts', {
			accountId: acme.id,
			email: 'ANA@example.test',
			name: 'Someone'
		});
		expect(duplicate.status).toBe(409);
		expect(duplicate.json.error).toEqual({
			code: 'conflict',
			message: 'Ana Lima (Acme) already has the address ana@example.test.',
			fields: { email: ['Ana Lima (Acme) already has the address ana@example.test.'] }
		});
		expect({ contacts: await countRows(contacts), audit: await countRows(auditLog) }).toEqual(
			before
		);
	});

	it('makes exactly one contact when two requests race for the same address', async () => {
		const manager = await app.signIn('manager');
		const account = await givenAccount(manager);
		const body = { accountId: account.id, email: 'race@example.test', name: 'Racer' };
		const results = await Promise.all([
			manager.post('/api/contacts', body),
			manager.post('/api/contacts', body)
		]);
		expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
		expect(await countRows(contacts)).toBe(1);
	});

	it('explains each invalid field', async () => {
		const manager = await app.signIn('manager');
		const account = await givenAccount(manager);
		const response = await manager.post('/api/contacts', {
			accountId: account.id,
			email: 'not an email',
			name: '',
			locale: 'english',
			timeZone: 'Mars/Olympus',
			consent: 'yes'
		});
		expect(response.status).toBe(422);
		expect(response.json.error.fields).toEqual({
			email: ['Enter a valid email address.'],
			name: ['Enter a name.'],
			locale: ['Use a language tag such as en, de or de-CH.'],
			timeZone: ['Use an IANA time zone such as Europe/Berlin or UTC.'],
			consent: [expect.any(String)]
		});
		expect(await countRows(contacts)).toBe(0);
	});

	it('refuses an unknown or archived account with a field error', async () => {
		const manager = await app.signIn('manager');
		const unknown = await manager.post('/api/contacts', {
			accountId: 'nope',
			email: 'a@example.test',
			name: 'A'
		});
		expect(unknown.status).toBe(422);
		expect(unknown.json.error.fields).toEqual({ accountId: ['No account has this id.'] });

		const account = await givenAccount(manager, { name: 'Gone' });
		await manager.post(`/api/accounts/${account.id}/archive`);
		const archived = await manager.post('/api/contacts', {
			accountId: account.id,
			email: 'a@example.test',
			name: 'A'
		});
		expect(archived.status).toBe(422);
		expect(archived.json.error.fields.accountId).toEqual([
			'Gone is archived. Restore it before adding contacts.'
		]);
		expect(await countRows(contacts)).toBe(0);
	});

	it('refuses anonymous callers and malformed bodies', async () => {
		expect((await app.anonymous().get('/api/contacts')).status).toBe(401);
		expect((await app.anonymous().post('/api/contacts', {})).status).toBe(401);
		const agent = await app.signIn('agent');
		const malformed = await agent.post('/api/contacts', '{"email', {
			'content-type': 'application/json'
		});
		expect(malformed.status).toBe(400);
		expect(malformed.json.error.code).toBe('bad_request');
		const wrongTypes = await agent.post('/api/contacts', [1, 2]);
		expect(wrongTypes.status).toBe(422);
	});

	it('answers an unknown contact with 404', async () => {
		const agent = await app.signIn('agent');
		for (const response of [
			await agent.get('/api/contacts/nope'),
			await agent.patch('/api/contacts/nope', { name: 'x' }),
			await agent.post('/api/contacts/nope/archive'),
			await agent.post('/api/contacts/nope/unarchive'),
			await agent.get('/api/contacts/nope/timeline')
		]) {
			expect(response.status).toBe(404);
			expect(response.json.error).toEqual({ code: 'not_found', message: 'Contact not found' });
		}
	});
});

describe('finding contacts', () => {
	async function givenContacts() {
		const manager = await app.signIn('manager');
		const acme = await givenAccount(manager, { name: 'Acme' });
		const bolt = await givenAccount(manager, { name: 'Bolt' });
		const ana = await givenContact(manager, acme.id, {
			name: 'Ana Lima',
			email: 'ana@acme.test',
			locale: 'de-CH'
		});
		const ben = await givenContact(manager, acme.id, { name: 'Ben Ortiz', email: 'ben@acme.test' });
		const cleo = await givenContact(manager, bolt.id, {
			name: 'Cleo Park',
			email: 'cleo@bolt.test',
			locale: 'de-CH'
		});
		const dan = await givenContact(manager, bolt.id, { name: 'Dan Wu', email: 'dan_w@bolt.test' });
		const eve = await givenContact(manager, bolt.id, { name: 'Eve Stone', email: 'eve@bolt.test' });
		const now = app.clock.now();
		await app.db.update(contacts).set({ unsubscribedAt: now }).where(eq(contacts.id, ben.id));
		await app.db.update(contacts).set({ bouncedAt: now }).where(eq(contacts.id, cleo.id));
		await manager.post(`/api/contacts/${eve.id}/archive`);
		return { manager, acme, bolt, ana, ben, cleo, dan, eve };
	}
	const names = (response: { json: { items: { name: string }[] } }) =>
		response.json.items.map((c) => c.name);

	it('searches names and addresses without regard to case, and treats _ literally', async () => {
		const { manager } = await givenContacts();
		expect(names(await manager.get('/api/contacts?q=LIMA'))).toEqual(['Ana Lima']);
		expect(names(await manager.get('/api/contacts?q=@bolt'))).toEqual(['Cleo Park', 'Dan Wu']);
		expect(names(await manager.get('/api/contacts?q=_'))).toEqual(['Dan Wu']);
	});

	it('filters by account, language and status, hiding archived contacts unless asked', async () => {
		const { manager, acme } = await givenContacts();
		expect(names(await manager.get('/api/contacts'))).toEqual([
			'Ana Lima',
			'Ben Ortiz',
			'Cleo Park',
			'Dan Wu'
		]);
		expect(names(await manager.get(`/api/contacts?account=${acme.id}`))).toEqual([
			'Ana Lima',
			'Ben Ortiz'
		]);
		expect(names(await manager.get('/api/contacts?locale=de-ch'))).toEqual([
			'Ana Lima',
			'Cleo Park'
		]);
		expect(names(await manager.get('/api/contacts?status=active'))).toEqual(['Ana Lima', 'Dan Wu']);
		expect(names(await manager.get('/api/contacts?status=unsubscribed'))).toEqual(['Ben Ortiz']);
		expect(names(await manager.get('/api/contacts?status=bounced'))).toEqual(['Cleo Park']);
		expect(names(await manager.get('/api/contacts?status=archived'))).toEqual(['Eve Stone']);

		const listed = (await manager.get('/api/contacts')).json.items;
		expect(listed.map((c: { status: string }) => c.status)).toEqual([
			'active',
			'unsubscribed',
			'bounced',
			'active'
		]);
		expect((await manager.get('/api/contacts/locales')).json.locales).toEqual([
			{ locale: 'de-CH', count: 2 },
			{ locale: 'en', count: 2 }
		]);
	});

	it('sorts and pages, reporting the total', async () => {
		const { manager } = await givenContacts();
		const first = await manager.get('/api/contacts?sort=-name&pageSize=3');
		expect(first.json).toMatchObject({ total: 4, page: 1, pageSize: 3 });
		expect(names(first)).toEqual(['Dan Wu', 'Cleo Park', 'Ben Ortiz']);
		expect(names(await manager.get('/api/contacts?sort=-name&pageSize=3&page=2'))).toEqual([
			'Ana Lima'
		]);
		expect(names(await manager.get('/api/contacts?sort=-account'))).toEqual([
			'Cleo Park',
			'Dan Wu',
			'Ana Lima',
			'Ben Ortiz'
		]);
		expect((await manager.get('/api/contacts?pageSize=500')).status).toBe(422);
	});
});

describe('changing contacts', () => {
	it('edits details and moves a contact to another account, recording what changed', async () => {
		const manager = await app.signIn('manager');
		const agent = await app.signIn('agent');
		const acme = await givenAccount(manager, { name: 'Acme' });
		const bolt = await givenAccount(manager, { name: 'Bolt' });
		const contact = await givenContact(manager, acme.id, {
			name: 'Ana',
			email: 'ana@example.test'
		});

		app.clock.advance(60_000);
		const changed = await agent.patch(`/api/contacts/${contact.id}`, {
			name: 'Ana Lima',
			email: 'ANA.LIMA@example.test',
			accountId: bolt.id,
			consent: false,
			timeZone: 'America/Sao_Paulo'
		});
		expect(changed.status).toBe(200);
		expect(changed.json.contact).toMatchObject({
			name: 'Ana Lima',
			email: 'ana.lima@example.test',
			account: { id: bolt.id, name: 'Bolt' },
			consent: false,
			timeZone: 'America/Sao_Paulo'
		});
		const [latest] = (await agent.get(`/api/contacts/${contact.id}/timeline`)).json.events;
		expect(latest.title).toMatch(/^Details edited by Agent /);
		expect(latest.detail).toBe(
			'Name: Ana → Ana Lima; Time zone: UTC → America/Sao_Paulo; Consent: yes → no; Email: ana@example.test → ana.lima@example.test; Account: Acme → Bolt'
		);
	});

	it('refuses an address another contact has, and leaves the contact as it was', async () => {
		const manager = await app.signIn('manager');
		const account = await givenAccount(manager, { name: 'Acme' });
		await givenContact(manager, account.id, { email: 'taken@example.test', name: 'Tess' });
		const contact = await givenContact(manager, account.id, {
			email: 'mine@example.test',
			name: 'Me'
		});
		const response = await manager.patch(`/api/contacts/${contact.id}`, {
			email: 'taken@example.test',
			name: 'Renamed'
		});
		expect(response.status).toBe(409);
		expect(response.json.error.message).toBe(
			'Tess (Acme) already has the address taken@example.test.'
		);
		expect((await manager.get(`/api/contacts/${contact.id}`)).json.contact).toMatchObject({
			email: 'mine@example.test',
			name: 'Me'
		});

		const same = await manager.patch(`/api/contacts/${contact.id}`, { email: 'MINE@example.test' });
		expect(same.status).toBe(200);
	});

	it('archives and restores a contact, but not while its account is archived', async () => {
		const manager = await app.signIn('manager');
		const agent = await app.signIn('agent');
		const account = await givenAccount(manager, { name: 'Acme' });
		const contact = await givenContact(manager, account.id);
		const archived = await agent.post(`/api/contacts/${contact.id}/archive`);
		expect(archived.status).toBe(200);
		expect(archived.json.contact).toMatchObject({
			status: 'archived',
			archivedAt: '2026-03-02T09:00:00.000Z'
		});
		expect((await agent.post(`/api/contacts/${contact.id}/archive`)).status).toBe(409);
		expect((await agent.post(`/api/contacts/${contact.id}/unarchive`)).json.contact.status).toBe(
			'active'
		);

		await manager.post(`/api/accounts/${account.id}/archive`);
		const blocked = await agent.post(`/api/contacts/${contact.id}/unarchive`);
		expect(blocked.status).toBe(409);
		expect(blocked.json.error.message).toBe('Acme is archived. Restore the account first.');
	});
});

describe('timeline', () => {
	it('merges changes and the emails sent to the contact, newest first', async () => {
		const manager = await app.signIn('manager');
		const account = await givenAccount(manager);
		const contact = await givenContact(manager, account.id, {
			name: 'Ana',
			email: 'ana@example.test'
		});
		const other = await givenContact(manager, account.id);
		const at = (minutes: number) => new Date(Date.parse('2026-03-02T09:00:00Z') + minutes * 60_000);
		const email = (
			id: string,
			contactId: string,
			subject: string,
			status: 'pending' | 'sent' | 'failed',
			createdAt: Date,
			sentAt: Date | null
		) => ({
			id,
			template: 'survey-invitation',
			toAddress: 'ana@example.test',
			fromAddress: 'Closeloop <feedback@closeloop.localhost>',
			subject,
			html: '<p>Hi</p>',
			text: 'Hi',
			contactId,
			status,
			nextAttemptAt: createdAt,
			createdAt,
			sentAt,
			lastError: status === 'failed' ? 'Mailbox full' : null
		});
		await app.db
			.insert(outbox)
			.values([
				email('e1', contact.id, 'How did we do?', 'sent', at(1), at(2)),
				email('e2', contact.id, 'A reminder', 'failed', at(10), null),
				email('e3', other.id, 'Not for Ana', 'sent', at(3), at(3))
			]);
		app.clock.advance(5 * 60_000);
		await manager.patch(`/api/contacts/${contact.id}`, { name: 'Ana Lima' });

		const response = await manager.get(`/api/contacts/${contact.id}/timeline`);
		expect(response.status).toBe(200);
		expect(response.json.events).toEqual([
			{
				at: at(10).toISOString(),
				kind: 'email',
				title: 'Email failed: “A reminder”',
				detail: 'To ana@example.test: Mailbox full'
			},
			{
				at: at(5).toISOString(),
				kind: 'change',
				title: expect.stringMatching(/^Details edited by Manager/),
				detail: 'Name: Ana → Ana Lima'
			},
			{
				at: at(2).toISOString(),
				kind: 'email',
				title: 'Email sent: “How did we do?”',
				detail: 'To ana@example.test'
			},
			{
				at: at(0).toISOString(),
				kind: 'change',
				title: expect.stringMatching(/^Contact created by Manager/),
				detail: expect.stringContaining('Added to')
			}
		]);
		expect(
			(await manager.get(`/api/contacts/${contact.id}/timeline?limit=1`)).json.events
		).toHaveLength(1);
	});
});

describe('CSV export', () => {
	it('downloads the filtered contacts as CSV that parses back to the same rows', async () => {
		const manager = await app.signIn('manager');
		const account = await givenAccount(manager, {
			name: 'Smith, Jones & "Partners"',
			externalRef: 'C-9'
		});
		const other = await givenAccount(manager, { name: 'Other' });
		await givenContact(manager, account.id, {
			name: 'O\'Brien, "Pat"',
			email: 'pat@example.test',
			locale: 'en-GB',
			timeZone: 'Europe/London'
		});
		await givenContact(manager, account.id, {
			name: 'Zoë Ünal',
			email: 'zoe@example.test',
			consent: false
		});
		await givenContact(manager, other.id, { name: 'Elsewhere', email: 'else@example.test' });

		const response = await manager.get(`/api/contacts/export.csv?account=${account.id}`);
		expect(response.status).toBe(200);
		expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
		expect(response.headers.get('content-disposition')).toBe(
			'attachment; filename="contacts-2026-03-02.csv"'
		);
		const parsed = Papa.parse<Record<string, string>>(response.text, {
			header: true,
			skipEmptyLines: true
		});
		expect(parsed.errors).toEqual([]);
		expect(parsed.data).toEqual([
			expect.objectContaining({
				email: 'pat@example.test',
				name: 'O\'Brien, "Pat"',
				account: 'Smith, Jones & "Partners"',
				account_ref: 'C-9',
				locale: 'en-GB',
				time_zone: 'Europe/London',
				consent: 'yes',
				status: 'active',
				archived_at: ''
			}),
			expect.objectContaining({ email: 'zoe@example.test', name: 'Zoë Ünal', consent: 'no' })
		]);
		const listed = (await manager.get(`/api/contacts?account=${account.id}`)).json.items;
		expect(parsed.data.map((row) => row.id)).toEqual(listed.map((c: { id: string }) => c.id));
		expect((await app.anonymous().get('/api/contacts/export.csv')).status).toBe(401);
	});
});
