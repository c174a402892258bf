import Papa from 'papaparse';
import { count } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { accounts, contacts } from '../../../db/schema/accounts';
import { auditLog } from '../../../db/schema/audit';
import { startTestApp, type TestApp } from '../../support/app';
import { givenAccount, givenContact } from './helpers';

let app: TestApp;
beforeEach(async () => {
	app = await startTestApp();
});
afterEach(async () => {
	await app.stop();
});

async function countRows(table: typeof accounts | typeof contacts | typeof auditLog) {
	const [row] = await app.db.select({ n: count() }).from(table);
	return row?.n ?? 0;
}

describe('creating and reading accounts', () => {
	it('creates an account that shows its owner, appears in the list and starts its timeline', async () => {
		const manager = await app.signIn('manager');
		const owner = await app.signIn('agent');
		const created = await manager.post('/api/accounts', {
			name: '  Acme Ltd ',
			externalRef: 'C-1042',
			ownerId: owner.userId,
			tier: 'premium',
			tags: ['Retail', 'emea', 'retail'],
			wonAt: '2025-06-01'
		});
		expect(created.status).toBe(201);
		expect(created.json.account).toMatchObject({
			name: 'Acme Ltd',
			externalRef: 'C-1042',
			owner: { id: owner.userId, email: owner.email },
			tier: 'premium',
			tags: ['emea', 'retail'],
			status: 'active',
			wonAt: '2025-06-01T00:00:00.000Z',
			lostAt: null,
			archivedAt: null,
			contactCount: 0
		});

		const id = created.json.account.id;
		const detail = await owner.get(`/api/accounts/${id}`);
		expect(detail.status).toBe(200);
		expect(detail.json.account.owner.name).toMatch(/^Agent /);
		expect(detail.json.contacts).toEqual([]);
		expect(detail.json.counts).toEqual({
			contacts: 0,
			active: 0,
			unsubscribed: 0,
			bounced: 0,
			archived: 0
		});

		const list = await owner.get('/api/accounts');
		expect(list.json.items.map((a: { name: string }) => a.name)).toEqual(['Acme Ltd']);
		expect(list.json.total).toBe(1);

		const timeline = await owner.get(`/api/accounts/${id}/timeline`);
		expect(timeline.json.events).toEqual([
			{
				at: '2026-03-02T09:00:00.000Z',
				kind: 'change',
				title: expect.stringMatching(/^Account created by Manager /)
			}
		]);
	});

	it('takes today as the win date when none is given, and refuses one in the future', async () => {
		const manager = await app.signIn('manager');
		expect((await givenAccount(manager)).wonAt).toBe('2026-03-02T09:00:00.000Z');
		const future = await manager.post('/api/accounts', { name: 'Later', wonAt: '2026-04-01' });
		expect(future.status).toBe(422);
		expect(future.json.error.fields.wonAt).toEqual(['Customer since cannot be in the future.']);
	});

	it('answers an unknown account with 404 on every route', async () => {
		const manager = await app.signIn('manager');
		for (const response of [
			await manager.get('/api/accounts/nope'),
			await manager.patch('/api/accounts/nope', { name: 'x' }),
			await manager.post('/api/accounts/nope/lost'),
			await manager.post('/api/accounts/nope/won-back'),
			await manager.post('/api/accounts/nope/archive'),
			await manager.post('/api/accounts/nope/unarchive'),
			await manager.get('/api/accounts/nope/timeline')
		]) {
			expect(response.status).toBe(404);
			expect(response.json.error).toEqual({ code: 'not_found', message: 'Account not found' });
		}
	});
});

describe('who may do what', () => {
	it('lets an agent read accounts but not create, change, mark lost or archive them', async () => {
		const manager = await app.signIn('manager');
		const agent = await app.signIn('agent');
		const account = await givenAccount(manager);

		expect((await agent.get('/api/accounts')).status).toBe(200);
		expect((await agent.get(`/api/accounts/${account.id}`)).status).toBe(200);
		for (const response of [
			await agent.post('/api/accounts', { name: 'Mine' }),
			await agent.patch(`/api/accounts/${account.id}`, { name: 'Renamed' }),
			await agent.post(`/api/accounts/${account.id}/lost`),
			await agent.post(`/api/accounts/${account.id}/archive`)
		]) {
			expect(response.status).toBe(403);
			expect(response.json.error.code).toBe('forbidden');
		}
		expect((await manager.get(`/api/accounts/${account.id}`)).json.account.name).toBe(account.name);
		expect(await countRows(accounts)).toBe(1);
	});

	it('lets an admin do what a manager may', async () => {
		const admin = await app.signIn('admin');
		const account = await givenAccount(admin);
		expect((await admin.post(`/api/accounts/${account.id}/archive`)).status).toBe(200);
	});

	it('refuses anonymous callers with 401, before looking at the body', async () => {
		const visitor = app.anonymous();
		expect((await visitor.get('/api/accounts')).status).toBe(401);
		expect((await visitor.get('/api/accounts/export.csv')).status).toBe(401);
		const create = await visitor.post('/api/accounts', { name: 42 });
		expect(create.status).toBe(401);
		expect(create.json.error.code).toBe('unauthenticated');
	});
});

describe('bad input leaves the database unchanged', () => {
	it('refuses an owner who is not a staff user with a field error', async () => {
		const manager = await app.signIn('manager');
		const response = await manager.post('/api/accounts', { name: 'Acme', ownerId: 'someone-else' });
		expect(response.status).toBe(422);
		expect(response.json.error.fields).toEqual({ ownerId: ['No active staff user has this id.'] });
		expect(await countRows(accounts)).toBe(0);
	});

	it('refuses a second account with the same reference, naming the first', async () => {
		const manager = await app.signIn('manager');
		await givenAccount(manager, { name: 'Acme Ltd', externalRef: 'C-1' });
		const auditBefore = await countRows(auditLog);
		const response = await manager.post('/api/accounts', { name: 'Other', externalRef: 'C-1' });
		expect(response.status).toBe(409);
		expect(response.json.error.message).toBe('Acme Ltd already has the reference C-1.');
		expect(response.json.error.fields.externalRef).toHaveLength(1);
		expect(await countRows(accounts)).toBe(1);
		expect(await countRows(auditLog)).toBe(auditBefore);

		const other = await givenAccount(manager, { name: 'Other' });
		const rename = await manager.patch(`/api/accounts/${other.id}`, {
			externalRef: 'C-1',
			name: 'Changed'
		});
		expect(rename.status).toBe(409);
		expect((await manager.get(`/api/accounts/${other.id}`)).json.account).toMatchObject({
			name: 'Other',
			externalRef: null
		});
	});

	it('answers malformed JSON with 400 and wrong types with 422 naming each field', async () => {
		const manager = await app.signIn('manager');
		const malformed = await manager.post('/api/accounts', '{"name":', {
			'content-type': 'application/json'
		});
		expect(malformed.status).toBe(400);
		expect(malformed.json.error.code).toBe('bad_request');

		const wrong = await manager.post('/api/accounts', {
			name: 7,
			tier: 'gold',
			tags: 'vip',
			wonAt: 'yesterday'
		});
		expect(wrong.status).toBe(422);
		expect(Object.keys(wrong.json.error.fields).sort()).toEqual(['name', 'tags', 'tier', 'wonAt']);

		const empty = await manager.post('/api/accounts', { name: '   ' });
		expect(empty.json.error.fields.name).toEqual(['Enter a name.']);

		const badQuery = await manager.get('/api/accounts?page=0&sort=owner');
		expect(badQuery.status).toBe(422);
		expect(Object.keys(badQuery.json.error.fields).sort()).toEqual(['page', 'sort']);
		expect(await countRows(accounts)).toBe(0);
	});
});

describe('finding accounts', () => {
	async function givenSeveralAccounts() {
		const manager = await app.signIn('manager');
		const owner = await app.signIn('agent');
		const acme = await givenAccount(manager, {
			name: 'Acme Ltd',
			externalRef: 'C-100',
			tier: 'premium',
			ownerId: owner.userId,
			tags: ['retail']
		});
		const bolt = await givenAccount(manager, {
			name: 'Bolt & Sons',
			externalRef: 'X-200',
			tier: 'basic',
			tags: ['retail', 'emea']
		});
		const crane = await givenAccount(manager, {
			name: 'crane corp',
			tier: 'enterprise',
			ownerId: owner.userId
		});
		const dune = await givenAccount(manager, { name: 'Dune 50% Off', tier: 'standard' });
		await givenContact(manager, crane.id);
		await givenContact(manager, crane.id);
		await givenContact(manager, acme.id);
		return { manager, owner, acme, bolt, crane, dune };
	}
	const names = (response: { json: { items: { name: string }[] } }) =>
		response.json.items.map((a) => a.name);

	it('searches names and references without regard to case, and treats % literally', async () => {
		const { manager } = await givenSeveralAccounts();
		expect(names(await manager.get('/api/accounts?q=ACME'))).toEqual(['Acme Ltd']);
		expect(names(await manager.get('/api/accounts?q=x-2'))).toEqual(['Bolt & Sons']);
		expect(names(await manager.get('/api/accounts?q=c'))).toEqual(['Acme Ltd', 'crane corp']);
		expect(names(await manager.get('/api/accounts?q=%25'))).toEqual(['Dune 50% Off']);
		expect((await manager.get('/api/accounts?q=nothing')).json).toEqual({
			items: [],
			total: 0,
			page: 1,
			pageSize: 25
		});
	});

	it('filters by tier, owner, status and tag', async () => {
		const { manager, owner, bolt } = await givenSeveralAccounts();
		expect(names(await manager.get('/api/accounts?tier=premium'))).toEqual(['Acme Ltd']);
		expect(names(await manager.get(`/api/accounts?owner=${owner.userId}`))).toEqual([
			'Acme Ltd',
			'crane corp'
		]);
		expect(names(await manager.get('/api/accounts?owner=none'))).toEqual([
			'Bolt & Sons',
			'Dune 50% Off'
		]);
		expect(names(await manager.get('/api/accounts?tag=RETAIL'))).toEqual([
			'Acme Ltd',
			'Bolt & Sons'
		]);
		await manager.post(`/api/accounts/${bolt.id}/lost`);
		expect(names(await manager.get('/api/accounts?status=lost'))).toEqual(['Bolt & Sons']);
		expect(names(await manager.get('/api/accounts?status=active&tag=retail'))).toEqual([
			'Acme Ltd'
		]);
		expect(names(await manager.get('/api/accounts?tier=&status='))).toHaveLength(4);
	});

	it('lists the tags in use and the staff who can own accounts', async () => {
		const { manager } = await givenSeveralAccounts();
		expect((await manager.get('/api/accounts/tags')).json.tags).toEqual([
			{ tag: 'emea', count: 1 },
			{ tag: 'retail', count: 2 }
		]);
		const owners = (await manager.get('/api/accounts/owners')).json.owners;
		expect(owners.map((o: { role: string }) => o.role).sort()).toEqual(['agent', 'manager']);
	});

	it('sorts by name, tier, contact count and date, either way', async () => {
		const { manager, acme, dune } = await givenSeveralAccounts();
		expect(names(await manager.get('/api/accounts?sort=-name'))).toEqual([
			'Dune 50% Off',
			'crane corp',
			'Bolt & Sons',
			'Acme Ltd'
		]);
		expect(names(await manager.get('/api/accounts?sort=tier'))).toEqual([
			'Bolt & Sons',
			'Dune 50% Off',
			'Acme Ltd',
			'crane corp'
		]);
		const byContacts = await manager.get('/api/accounts?sort=-contacts');
		expect(byContacts.json.items.map((a: { contactCount: number }) => a.contactCount)).toEqual([
			2, 1, 0, 0
		]);
		await manager.patch(`/api/accounts/${acme.id}`, { wonAt: '2020-01-01' });
		await manager.patch(`/api/accounts/${dune.id}`, { wonAt: '2021-01-01' });
		expect(names(await manager.get('/api/accounts?sort=wonAt')).slice(0, 2)).toEqual([
			'Acme Ltd',
			'Dune 50% Off'
		]);
		expect(names(await manager.get('/api/accounts?sort=-wonAt')).slice(2)).toEqual([
			'Dune 50% Off',
			'Acme Ltd'
		]);
	});

	it('pages through the list and reports the total', async () => {
		const { manager } = await givenSeveralAccounts();
		const first = await manager.get('/api/accounts?pageSize=3');
		expect(first.json).toMatchObject({ total: 4, page: 1, pageSize: 3 });
		expect(names(first)).toEqual(['Acme Ltd', 'Bolt & Sons', 'crane corp']);
		const second = await manager.get('/api/accounts?pageSize=3&page=2');
		expect(names(second)).toEqual(['Dune 50% Off']);
		expect((await manager.get('/api/accounts?pageSize=3&page=9')).json).toMatchObject({
			items: [],
			total: 4
		});
	});
});

describe('changing an account', () => {
	it('changes only what is sent and records each change on the timeline', async () => {
		const manager = await app.signIn('manager');
		const owner = await app.signIn('agent');
		const account = await givenAccount(manager, { name: 'Acme', tier: 'basic' });
		app.clock.advance(60_000);
		const changed = await manager.patch(`/api/accounts/${account.id}`, {
			name: 'Acme Ltd',
			tier: 'premium',
			ownerId: owner.userId,
			tags: ['VIP']
		});
		expect(changed.status).toBe(200);
		expect(changed.json.account).toMatchObject({
			name: 'Acme Ltd',
			tier: 'premium',
			tags: ['vip'],
			owner: { id: owner.userId },
			updatedAt: '2026-03-02T09:01:00.000Z'
		});

		const timeline = (await manager.get(`/api/accounts/${account.id}/timeline`)).json.events;
		expect(timeline).toHaveLength(2);
		expect(timeline[0].title).toMatch(/^Details edited by Manager /);
		expect(timeline[0].detail).toContain('Name: Acme → Acme Ltd');
		expect(timeline[0].detail).toContain('Tier: basic → premium');
		expect(timeline[0].detail).toMatch(/Owner: — → Agent /);
		expect(timeline[1].title).toMatch(/^Account created/);
	});

	it('writes nothing when nothing changes', async () => {
		const manager = await app.signIn('manager');
		const account = await givenAccount(manager, { name: 'Acme', tags: ['a', 'b'] });
		const before = await countRows(auditLog);
		const same = await manager.patch(`/api/accounts/${account.id}`, {
			name: 'Acme',
			tags: ['b', 'a']
		});
		expect(same.status).toBe(200);
		expect(await countRows(auditLog)).toBe(before);
	});

	it('clears the owner and the reference with null', async () => {
		const manager = await app.signIn('manager');
		const account = await givenAccount(manager, { externalRef: 'R-1', ownerId: manager.userId });
		const cleared = await manager.patch(`/api/accounts/${account.id}`, {
			ownerId: null,
			externalRef: ''
		});
		expect(cleared.json.account).toMatchObject({ owner: null, externalRef: null });
		const badOwner = await manager.patch(`/api/accounts/${account.id}`, {
			ownerId: 'ghost',
			name: 'New name'
		});
		expect(badOwner.status).toBe(422);
		expect(badOwner.json.error.fields.ownerId).toBeDefined();
		expect((await manager.get(`/api/accounts/${account.id}`)).json.account.name).toBe(account.name);
	});
});

describe('losing and winning back', () => {
	it('marks an account lost on a given date, then wins it back today', async () => {
		const manager = await app.signIn('manager');
		const account = await givenAccount(manager, { wonAt: '2024-01-15' });
		const lost = await manager.post(`/api/accounts/${account.id}/lost`, { at: '2026-02-20' });
		expect(lost.status).toBe(200);
		expect(lost.json.account).toMatchObject({ status: 'lost', lostAt: '2026-02-20T00:00:00.000Z' });

		const again = await manager.post(`/api/accounts/${account.id}/lost`);
		expect(again.status).toBe(409);
		expect(again.json.error.message).toBe(`${account.name} is already marked lost.`);

		const back = await manager.post(`/api/accounts/${account.id}/won-back`);
		expect(back.status).toBe(200);
		expect(back.json.account).toMatchObject({
			status: 'active',
			lostAt: null,
			wonAt: '2026-03-02T09:00:00.000Z'
		});
		expect((await manager.post(`/api/accounts/${account.id}/won-back`)).status).toBe(409);

		const titles = (await manager.get(`/api/accounts/${account.id}/timeline`)).json.events.map(
			(e: { title: string }) => e.title
		);
		expect(titles[0]).toMatch(/^Won back by /);
		expect(titles[1]).toMatch(/^Marked lost by /);
	});

	it('marks lost as of now when no date is given', async () => {
		const manager = await app.signIn('manager');
		const account = await givenAccount(manager, { wonAt: '2025-01-01' });
		const lost = await manager.request('POST', `/api/accounts/${account.id}/lost`);
		expect(lost.status).toBe(200);
		expect(lost.json.account.lostAt).toBe('2026-03-02T09:00:00.000Z');
	});

	it('refuses a loss dated in the future or before the account was won', async () => {
		const manager = await app.signIn('manager');
		const account = await givenAccount(manager, { wonAt: '2025-06-01' });
		const future = await manager.post(`/api/accounts/${account.id}/lost`, { at: '2026-03-03' });
		expect(future.status).toBe(422);
		expect(future.json.error.fields.at).toEqual(['The date lost cannot be in the future.']);
		const early = await manager.post(`/api/accounts/${account.id}/lost`, { at: '2025-05-31' });
		expect(early.status).toBe(422);
		expect(early.json.error.fields.at).toEqual([
			'The date lost cannot be before the account was won (2025-06-01).'
		]);
		expect((await manager.get(`/api/accounts/${account.id}`)).json.account.status).toBe('active');
	});
});

describe('archiving', () => {
	it('archives an account with its contacts in one go, and restores the ones archived with it', async () => {
		const manager = await app.signIn('manager');
		const account = await givenAccount(manager, { name: 'Acme' });
		const kept = await givenContact(manager, account.id, { name: 'Kept' });
		const earlier = await givenContact(manager, account.id, { name: 'Earlier' });
		await manager.post(`/api/contacts/${earlier.id}/archive`);
		const other = await givenAccount(manager, { name: 'Other' });
		await givenContact(manager, other.id);

		app.clock.advance(60_000);
		const archived = await manager.post(`/api/accounts/${account.id}/archive`);
		expect(archived.status).toBe(200);
		expect(archived.json.account.archivedAt).toBe('2026-03-02T09:01:00.000Z');

		expect(
			(await manager.get('/api/accounts')).json.items.map((a: { name: string }) => a.name)
		).toEqual(['Other']);
		expect(
			(await manager.get('/api/accounts?archived=only')).json.items.map(
				(a: { name: string }) => a.name
			)
		).toEqual(['Acme']);
		expect((await manager.get('/api/accounts?archived=include')).json.total).toBe(2);
		expect((await manager.get(`/api/contacts/${kept.id}`)).json.contact).toMatchObject({
			status: 'archived',
			account: { archived: true }
		});
		expect((await manager.get(`/api/contacts?account=${account.id}`)).json.total).toBe(0);
		const contactTimeline = (await manager.get(`/api/contacts/${kept.id}/timeline`)).json.events;
		expect(contactTimeline[0]).toMatchObject({
			title: expect.stringMatching(/^Archived by Manager/),
			detail: 'Archived with the account Acme'
		});
		expect((await manager.get(`/api/accounts/${account.id}/timeline`)).json.events[0].detail).toBe(
			'Archived with its 1 contact'
		);

		expect((await manager.post(`/api/accounts/${account.id}/archive`)).status).toBe(409);

		app.clock.advance(60_000);
		const restored = await manager.post(`/api/accounts/${account.id}/unarchive`);
		expect(restored.status).toBe(200);
		expect(restored.json.account).toMatchObject({ archivedAt: null, contactCount: 1 });
		expect((await manager.get(`/api/contacts/${kept.id}`)).json.contact.status).toBe('active');
		expect((await manager.get(`/api/contacts/${earlier.id}`)).json.contact.status).toBe('archived');
		expect((await manager.post(`/api/accounts/${account.id}/unarchive`)).status).toBe(409);
	});
});

describe('CSV export', () => {
	it('downloads the filtered accounts as CSV that parses back to the same rows', async () => {
		const manager = await app.signIn('manager');
		await givenAccount(manager, {
			name: 'Smith, Jones & "Partners"',
			externalRef: 'C-1',
			tier: 'premium',
			tags: ['a', 'b'],
			ownerId: manager.userId
		});
		await givenAccount(manager, { name: 'Zürich Line\nTwo', tier: 'premium' });
		await givenAccount(manager, { name: '=HYPERLINK("x")', tier: 'premium' });
		await givenAccount(manager, { name: 'Not exported', tier: 'basic' });

		const response = await manager.get('/api/accounts/export.csv?tier=premium');
		expect(response.status).toBe(200);
		expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
		expect(response.headers.get('content-disposition')).toBe(
			'attachment; filename="accounts-2026-03-02.csv"'
		);

		const parsed = Papa.parse<Record<string, string>>(response.text, {
			header: true,
			skipEmptyLines: true
		});
		expect(parsed.errors).toEqual([]);
		expect(parsed.meta.fields).toEqual([
			'id',
			'name',
			'external_ref',
			'tier',
			'owner_name',
			'owner_email',
			'tags',
			'status',
			'won_at',
			'lost_at',
			'archived_at',
			'contacts',
			'created_at'
		]);
		const list = (await manager.get('/api/accounts?tier=premium&sort=name')).json.items;
		expect(parsed.data.map((row) => row.id)).toEqual(list.map((a: { id: string }) => a.id));
		expect(parsed.data.map((row) => row.name)).toEqual([
			'\'=HYPERLINK("x")',
			'Smith, Jones & "Partners"',
			'Zürich Line\nTwo'
		]);
		expect(parsed.data[1]).toMatchObject({
			external_ref: 'C-1',
			tier: 'premium',
			owner_email: manager.email,
			tags: 'a;b',
			status: 'active',
			won_at: '2026-03-02T09:00:00.000Z',
			lost_at: '',
			contacts: '0'
		});
	});
});

describe('API reference', () => {
	it('documents every account and contact route in the OpenAPI document', async () => {
		const document = (await app.anonymous().get('/api/openapi.json')).json;
		const paths = Object.keys(document.paths);
		for (const path of [
			'/api/accounts',
			'/api/accounts/export.csv',
			'/api/accounts/{id}',
			'/api/accounts/{id}/lost',
			'/api/accounts/{id}/won-back',
			'/api/accounts/{id}/archive',
			'/api/accounts/{id}/unarchive',
			'/api/accounts/{id}/timeline',
			'/api/contacts',
			'/api/contacts/export.csv',
			'/api/contacts/{id}',
			'/api/contacts/{id}/archive',
			'/api/contacts/{id}/unarchive',
			'/api/contacts/{id}/timeline'
		]) {
			expect(paths).toContain(path);
		}
		expect(document.paths['/api/accounts'].post.responses).toHaveProperty('403');
	});
});
