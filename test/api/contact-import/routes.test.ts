import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
	buildImportStatements,
	countContactsAndAccounts,
	isUniqueViolation,
	maxBoundParameters,
	writeContactImport
} from '../../../api/contact-import/store';
import { prepareContactImport } from '../../../api/contact-import/prepare-import';
import { accounts, contacts } from '../../../db/schema/accounts';
import { auditLog } from '../../../db/schema/audit';
import { onNodeHostOnly, postHugeBody, startTestApp, type TestApp } from '../../support/app';

let app: TestApp;
let manager: Awaited<ReturnType<TestApp['signIn']>>;
beforeEach(async () => {
	app = await startTestApp();
	manager = await app.signIn('manager');
	await app.signIn('agent', 'sam@example.test');
});
afterEach(async () => {
	await app.stop();
});

const csvHeaders = { 'content-type': 'text/csv' };
const header = 'email,name,account,account_ref,tier,owner_email,locale,time_zone,tags,consent';
const validCsv = [
	header,
	'ana@acme.example,Ana Lima,Acme Ltd,C-1,premium,sam@example.test,pt-BR,America/Sao_Paulo,retail|emea,yes',
	'bo@acme.example,Bo Berg,acme ltd,,,,,,,no',
	'cy@globex.example,"Cy, Jr.",Globex,,basic,,de-ch,europe/berlin,,1'
].join('\n');

async function snapshot() {
	const counts = await countContactsAndAccounts(app.db);
	const audits = await app.db
		.select()
		.from(auditLog)
		.where(eq(auditLog.action, 'contacts.imported'));
	return { ...counts, audits: audits.length };
}

describe('who may import', () => {
	it('refuses anonymous callers with 401 and agents with 403', async () => {
		for (const path of ['/api/contacts/import/preview', '/api/contacts/import']) {
			const anonymous = await app.anonymous().post(path, validCsv, csvHeaders);
			expect(anonymous.status).toBe(401);
			expect(anonymous.json.error.code).toBe('unauthenticated');
			const agent = await app.signIn('agent');
			const refused = await agent.post(path, validCsv, csvHeaders);
			expect(refused.status).toBe(403);
			expect(refused.json.error.code).toBe('forbidden');
		}
		expect(await snapshot()).toEqual({ contacts: 0, accounts: 0, audits: 0 });
	});

	it('lets admins import too', async () => {
		const admin = await app.signIn('admin');
		expect((await admin.post('/api/contacts/import', validCsv, csvHeaders)).status).toBe(200);
	});
});

describe('preview', () => {
	it('says what would happen, row by row, and writes nothing', async () => {
		const csv = `\uFEFF${validCsv.replace(/,/g, ';').replace('"Cy; Jr."', '"Cy, Jr."')}\nbad-email;;Acme Ltd;;gold;nobody@example.test;;Mars/Base;;maybe`;
		const response = await manager.post('/api/contacts/import/preview', csv, csvHeaders);
		expect(response.status).toBe(200);
		const preview = response.json;
		expect(preview).toMatchObject({
			mode: 'upsert',
			rows: 4,
			valid: 3,
			invalid: 1,
			creates: { accounts: 2, contacts: 3 },
			updates: { contacts: 0, unchanged: 0 },
			columns: header.split(','),
			ignoredColumns: []
		});
		expect(preview.errors.map((e: { column: string }) => e.column)).toEqual([
			'email',
			'name',
			'tier',
			'owner_email',
			'time_zone',
			'consent'
		]);
		expect(preview.errors[0]).toMatchObject({
			line: 5,
			message: '“bad-email” is not an email address.',
			values: { email: 'bad-email', tier: 'gold', time_zone: 'Mars/Base' }
		});
		expect(preview.sample).toHaveLength(3);
		expect(preview.sample[0]).toMatchObject({
			line: 2,
			action: 'create',
			email: 'ana@acme.example',
			account: { name: 'Acme Ltd', ref: 'C-1', isNew: true },
			tier: 'premium',
			ownerEmail: 'sam@example.test',
			locale: 'pt-BR',
			timeZone: 'America/Sao_Paulo',
			tags: ['emea', 'retail'],
			consent: true
		});
		expect(preview.sample[1].account).toEqual({ name: 'Acme Ltd', ref: 'C-1', isNew: true });
		expect(preview.sample[2]).toMatchObject({
			name: 'Cy, Jr.',
			locale: 'de-CH',
			timeZone: 'Europe/Berlin'
		});
		expect(await snapshot()).toEqual({ contacts: 0, accounts: 0, audits: 0 });
	});

	it('takes JSON { csv, mode } too, and in create-only mode flags emails that exist', async () => {
		await manager.post('/api/contacts/import', validCsv, csvHeaders);
		const response = await manager.post('/api/contacts/import/preview', {
			csv: `${header}\nana@acme.example,Ana,Acme Ltd,,,,,,,\nnew@acme.example,New Person,Acme Ltd,,,,,,,`,
			mode: 'create-only'
		});
		expect(response.status).toBe(200);
		expect(response.json).toMatchObject({
			mode: 'create-only',
			rows: 2,
			valid: 1,
			creates: { accounts: 0, contacts: 1 }
		});
		expect(response.json.errors).toEqual([
			expect.objectContaining({
				line: 2,
				column: 'email',
				message: expect.stringContaining('already exists')
			})
		]);
	});

	it('reports a file without the needed columns, or without rows, as a problem on the header', async () => {
		const noEmail = await manager.post(
			'/api/contacts/import/preview',
			'name,company,shoe size\nAna,Acme,38',
			csvHeaders
		);
		expect(noEmail.status).toBe(200);
		expect(noEmail.json).toMatchObject({ rows: 1, valid: 0, ignoredColumns: ['shoe size'] });
		expect(noEmail.json.errors).toEqual([
			expect.objectContaining({
				line: 1,
				column: 'email',
				message: expect.stringContaining('no email column')
			})
		]);
		const empty = await manager.post('/api/contacts/import/preview', '', csvHeaders);
		expect(empty.json.errors[0].message).toContain('empty');
	});
});

describe('import', () => {
	it('writes nothing when one row is bad, and answers 422 with the same problems as the preview', async () => {
		const csv = `${validCsv}\ndup@x.example,Dup,Acme Ltd,,,,,,,\nnot-an-email,Eve,Acme Ltd,,,,,,,`;
		const before = await snapshot();
		const preview = await manager.post('/api/contacts/import/preview', csv, csvHeaders);
		const response = await manager.post('/api/contacts/import', csv, csvHeaders);
		expect(response.status).toBe(422);
		expect(response.json.error).toMatchObject({
			code: 'validation_failed',
			message: '1 row has problems. Nothing was imported; fix them and try again.',
			fields: { 'rows.6.email': ['“not-an-email” is not an email address.'] }
		});
		expect(response.json.errors).toEqual(preview.json.errors);
		expect(response.json).toMatchObject({ rows: 5, valid: 4, invalid: 1 });
		expect(await snapshot()).toEqual(before);
	});

	it('creates accounts once per name or reference and the contacts in them, with one audit entry', async () => {
		const response = await manager.post('/api/contacts/import', validCsv, csvHeaders);
		expect(response.status).toBe(200);
		expect(response.json).toMatchObject({
			mode: 'upsert',
			rows: 3,
			creates: { accounts: 2, contacts: 3 },
			updates: { contacts: 0, unchanged: 0 }
		});
		expect(await snapshot()).toEqual({ contacts: 3, accounts: 2, audits: 1 });

		const [acme] = await app.db.select().from(accounts).where(eq(accounts.externalRef, 'C-1'));
		expect(acme).toMatchObject({
			name: 'Acme Ltd',
			tier: 'premium',
			tags: ['emea', 'retail'],
			status: 'active'
		});
		expect(acme!.wonAt).toEqual(app.clock.now());
		const [ana] = await app.db
			.select()
			.from(contacts)
			.where(eq(contacts.email, 'ana@acme.example'));
		expect(ana).toMatchObject({
			accountId: acme!.id,
			locale: 'pt-BR',
			timeZone: 'America/Sao_Paulo',
			consent: true
		});
		const [bo] = await app.db.select().from(contacts).where(eq(contacts.email, 'bo@acme.example'));
		expect(bo).toMatchObject({
			accountId: acme!.id,
			locale: 'en',
			timeZone: 'UTC',
			consent: false
		});

		const [audit] = await app.db
			.select()
			.from(auditLog)
			.where(eq(auditLog.action, 'contacts.imported'));
		expect(audit).toMatchObject({
			entityType: 'contact_import',
			entityId: response.json.importId,
			detail: {
				mode: 'upsert',
				rows: 3,
				accountsCreated: 2,
				contactsCreated: 3,
				contactsUpdated: 0,
				contactsUnchanged: 0
			}
		});
	});

	it('matches existing accounts by reference, then by name in any case, and updates contacts by email', async () => {
		await manager.post('/api/contacts/import', validCsv, csvHeaders);
		const csv = [
			'Email,Full Name,Company,Customer Number,Time Zone',
			'ANA@acme.example,Ana Lima-Souza,Something Else,C-1,',
			'bo@acme.example,Bo Berg,GLOBEX,,',
			'cy@globex.example,"Cy, Jr.",Globex,,',
			'dee@initech.example,Dee,Initech,,Asia/Tokyo'
		].join('\r\n');
		const preview = await manager.post('/api/contacts/import/preview', csv, csvHeaders);
		expect(preview.json).toMatchObject({
			valid: 4,
			creates: { accounts: 1, contacts: 1 },
			updates: { contacts: 2, unchanged: 1 }
		});
		expect(preview.json.sample.map((row: { action: string }) => row.action)).toEqual([
			'update',
			'update',
			'unchanged',
			'create'
		]);

		const response = await manager.post('/api/contacts/import', csv, csvHeaders);
		expect(response.status).toBe(200);
		expect(await snapshot()).toEqual({ contacts: 4, accounts: 3, audits: 2 });
		const [ana] = await app.db
			.select()
			.from(contacts)
			.where(eq(contacts.email, 'ana@acme.example'));
		expect(ana).toMatchObject({
			name: 'Ana Lima-Souza',
			locale: 'pt-BR',
			timeZone: 'America/Sao_Paulo'
		});
		const [globex] = await app.db.select().from(accounts).where(eq(accounts.name, 'Globex'));
		const [bo] = await app.db.select().from(contacts).where(eq(contacts.email, 'bo@acme.example'));
		expect(bo!.accountId).toBe(globex!.id);
	});

	it('in create-only mode refuses a file with a known email, writing nothing', async () => {
		await manager.post('/api/contacts/import', validCsv, csvHeaders);
		const before = await snapshot();
		const response = await manager.post(
			'/api/contacts/import?mode=create-only',
			validCsv,
			csvHeaders
		);
		expect(response.status).toBe(422);
		expect(response.json.errors).toHaveLength(3);
		expect(await snapshot()).toEqual(before);
	});

	// workerd's local server, answering before a 33 MB upload has arrived, at times holds the answer until
	// the client gives up; on Cloudflare the edge takes the body first (up to 100 MB), so this is the Node host's.
	it('answers bodies over 32 MB with 413', onNodeHostOnly, async () => {
		const cookie = `closeloop_session=${manager.cookies.get('closeloop_session')}`;
		const huge = await postHugeBody(
			`${app.url}/api/contacts/import`,
			`${header}\n${'x'.repeat(33 * 1024 * 1024)}`,
			{
				'content-type': 'text/csv',
				cookie
			}
		);
		expect(huge.status).toBe(413);
		expect(huge.json.error.code).toBe('payload_too_large');
		expect(await snapshot()).toEqual({ contacts: 0, accounts: 0, audits: 0 });
	});

	it('answers other media types with 415 and a bad body with 422', async () => {
		const xml = await manager.post('/api/contacts/import', '<contacts/>', {
			'content-type': 'application/xml'
		});
		expect(xml.status).toBe(415);
		expect(xml.json.error.code).toBe('unsupported_media_type');
		const badJson = await manager.post('/api/contacts/import', { csv: 42 });
		expect(badJson.status).toBe(422);
		expect(await snapshot()).toEqual({ contacts: 0, accounts: 0, audits: 0 });
	});
});

describe('the write', () => {
	it('keeps every statement within D1’s 100 bound parameters', async () => {
		const rows = Array.from(
			{ length: 500 },
			(_, i) =>
				`p${i}@example.test,Person ${i},Account ${i % 50},R-${i % 50},enterprise,sam@example.test,en,UTC,a;b,yes`
		);
		const plan = await prepareContactImport({
			deps: app.deps,
			input: { csv: [header, ...rows].join('\n'), mode: 'upsert' }
		});
		expect(plan.problems).toEqual([]);
		const statements = buildImportStatements(app.db, {
			plan,
			now: app.clock.now(),
			actorId: manager.userId,
			importId: 'test'
		});
		const sizes = statements.map(
			(statement) =>
				(statement as unknown as { toSQL(): { params: unknown[] } }).toSQL().params.length
		);
		expect(Math.max(...sizes)).toBeLessThanOrEqual(maxBoundParameters);
		// The audit entry, accounts, their first spells (four values each) and contacts.
		expect(statements.length).toBe(
			1 + Math.ceil(50 / 10) + Math.ceil(50 / 25) + Math.ceil(500 / 10)
		);
	});

	it('is all or nothing: a row that fails at the very end undoes every row before it', async () => {
		const rows = Array.from(
			{ length: 500 },
			(_, i) => `p${i}@example.test,Person ${i},Account ${i % 50}`
		);
		const plan = await prepareContactImport({
			deps: app.deps,
			input: { csv: ['email,name,account', ...rows].join('\n'), mode: 'create-only' }
		});
		expect(plan.problems).toEqual([]);
		// Someone adds the last contact while the import is being prepared.
		await manager.post(
			'/api/contacts/import',
			'email,name,account\np499@example.test,Early Bird,Elsewhere',
			csvHeaders
		);
		const before = await snapshot();

		const write = writeContactImport(app.db, {
			plan,
			now: app.clock.now(),
			actorId: manager.userId,
			importId: 'race'
		});
		const error = await write.then(
			() => null,
			(caught: unknown) => caught
		);
		expect(isUniqueViolation(error)).toBe(true);
		expect(await snapshot()).toEqual(before);
	});
});
