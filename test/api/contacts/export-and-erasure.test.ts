import Papa from 'papaparse';
import { count, eq, sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { accounts, contacts } from '../../../db/schema/accounts';
import { actionNotices } from '../../../db/schema/actions';
import { auditLog } from '../../../db/schema/audit';
import { caseLinks, cases } from '../../../db/schema/cases';
import { outbox } from '../../../db/schema/outbox';
import { suggestions, surveyInvitations, surveySkips } from '../../../db/schema/surveys';
import { createLocalMailer } from '../../../emails/local-mailer';
import type { Mailer } from '../../../emails/mailer';
import { runTick } from '../../../api/tick';
import { hashToken } from '../../../api/tokens';
import { startTestApp, type TestApp } from '../../support/app';
import { givenInvitation } from '../public-surveys/helpers';

let app: TestApp;
type StaffClient = Awaited<ReturnType<TestApp['signIn']>>;
let admin: StaffClient;
let manager: StaffClient;
let agent: StaffClient;
/** Ids of every email the mailer was handed. */
let delivered: string[];

const name = 'Mira Königsberg';
const email = 'mira.k@alder.example';
/** Words only this customer used: none may survive the erasure anywhere in the database. */
const phrases = ['Königsberg', email, 'zebra', 'forklift', 'quokka'];

beforeEach(async () => {
	delivered = [];
	const local = createLocalMailer();
	const mailer: Mailer = {
		...local,
		send: async (batch, key) => {
			delivered.push(...batch.map((message) => message.id));
			return local.send(batch, key);
		}
	};
	app = await startTestApp({ mailer, config: { publicUrl: 'https://feedback.acme.test' } });
	admin = await app.signIn('admin');
	manager = await app.signIn('manager');
	agent = await app.signIn('agent');
});
afterEach(async () => {
	await app.stop();
});

const tick = () => runTick(app.deps);

/**
 * A customer with something of every kind: an answer with a comment and a
 * text answer (a detractor, so a case opens from it), a complaint from the
 * public form with a reply on its status page, an internal note and a public
 * reply (its email still pending), an anonymous complaint, a suggestion that
 * became a done action ("you said, we did"), a skip record, an edit and a
 * retried email in the audit log, and another customer in the same survey.
 */
async function givenCustomerWithHistory() {
	const now = app.clock.now();
	const invitation = await givenInvitation(app.db, { now, email });
	const other = await givenInvitation(app.db, { now });
	// The other customer answers the same survey: a promoter.
	await app.db
		.update(surveyInvitations)
		.set({ surveyId: invitation.surveyId })
		.where(eq(surveyInvitations.id, other.invitationId));
	await app.db
		.update(accounts)
		.set({ ownerId: agent.userId })
		.where(eq(accounts.id, invitation.accountId));
	const id = invitation.contactId;
	expect((await manager.patch(`/api/contacts/${id}`, { name })).status).toBe(200);

	const anonymous = app.anonymous();
	const scored = await anonymous.post(`/api/public/invitations/${invitation.token}/response`, {
		score: 3
	});
	expect(scored.status, scored.text).toBeLessThan(300);
	const answered = await anonymous.post(`/api/public/invitations/${invitation.token}/answers`, {
		comment: 'The zebra-striped forklift scratched our floor',
		answers: { channel: 1, speed: 2, role: 'Head of quokka logistics' }
	});
	expect(answered.status, answered.text).toBe(200);
	expect(
		(await anonymous.post(`/api/public/invitations/${other.token}/response`, { score: 10 })).status
	).toBeLessThan(300);
	app.clock.advance(60_000);
	await tick(); // opens the detractor case and sends what is queued

	const filed = await anonymous.post('/api/public/complaints', {
		name,
		email,
		subject: 'Forklift incident in the zebra hall',
		description: 'Your driver, a quokka fan, hit our shelf.'
	});
	expect(filed.status, filed.text).toBe(201);
	const complaint = filed.json.case as { number: number; token: string };
	const anonymousComplaint = await anonymous.post('/api/public/complaints', {
		email,
		subject: 'Anonymous zebra tip',
		description: 'Someone leaves the forklift running.',
		anonymous: true
	});
	expect(anonymousComplaint.status, anonymousComplaint.text).toBe(201);
	const [complaintRow] = await app.db
		.select()
		.from(cases)
		.where(eq(cases.number, complaint.number));
	expect(
		(await manager.patch(`/api/cases/${complaintRow!.id}`, { assigneeId: agent.userId })).status
	).toBe(200);
	expect(
		(
			await anonymous.post(`/api/public/cases/${complaint.token}/replies`, {
				body: 'Still waiting for the zebra paint, Mira'
			})
		).status
	).toBe(201);
	expect(
		(
			await agent.post(`/api/cases/${complaintRow!.id}/actions`, {
				action: 'reply',
				body: 'Note: Mira Königsberg called about the forklift.',
				isPublic: false
			})
		).status
	).toBe(200);
	app.clock.advance(60_000);
	await tick();
	// A retried email leaves an audit entry naming the address.
	const [sentToThem] = await app.db
		.select({ id: outbox.id })
		.from(outbox)
		.where(eq(outbox.contactId, id))
		.limit(1);
	await app.db
		.update(outbox)
		.set({ status: 'failed', lastError: `Refused: ${email} is over quota` })
		.where(eq(outbox.id, sentToThem!.id));
	expect((await admin.post(`/api/mailbox/${sentToThem!.id}/retry`)).status).toBe(200);
	await tick();

	const suggested = await manager.post('/api/suggestions', {
		text: 'Zebra stripes on the invoices, please',
		contactId: id
	});
	expect(suggested.status, suggested.text).toBe(201);
	const action = await manager.post('/api/actions', {
		title: 'Striped invoices',
		description: 'Invoices now come with stripes.',
		suggestionIds: [suggested.json.suggestion.id]
	});
	expect(action.status, action.text).toBe(201);
	const done = await manager.post(`/api/actions/${action.json.action.id}/status`, {
		status: 'done'
	});
	expect(done.status, done.text).toBe(200);
	await app.db.insert(surveySkips).values({
		surveyId: invitation.surveyId,
		contactId: id,
		cycle: 1,
		reason: 'open_complaint',
		nextPossibleAt: null,
		recheckAt: app.clock.now(),
		at: app.clock.now()
	});
	app.clock.advance(60_000);
	await tick();

	// The agent's public reply is still queued when the admin acts.
	expect(
		(
			await agent.post(`/api/cases/${complaintRow!.id}/actions`, {
				action: 'reply',
				body: 'We will repaint the zebra hall floor on Monday.',
				isPublic: true
			})
		).status
	).toBe(200);
	const pending = await app.db
		.select({ id: outbox.id })
		.from(outbox)
		.where(eq(outbox.status, 'pending'));
	expect(pending.length).toBeGreaterThan(0);

	return {
		id,
		surveyId: invitation.surveyId,
		tokens: [invitation.token, complaint.token, anonymousComplaint.json.case.token as string],
		complaintNumber: complaint.number,
		anonymousNumber: anonymousComplaint.json.case.number as number,
		actionId: action.json.action.id as string,
		pendingIds: pending.map((row) => row.id)
	};
}

/** Every row of every table whose any column contains one of `needles` (case-insensitive): a real search, not a list of places. */
async function findInDatabase(needles: string[]) {
	const lowered = needles.map((needle) => needle.toLowerCase());
	const found: { table: string; column: string; value: string }[] = [];
	for (const [table, rows] of Object.entries(await dumpDatabase()))
		for (const row of rows as Record<string, unknown>[])
			for (const [column, value] of Object.entries(row)) {
				const text = value === null ? '' : String(value);
				if (lowered.some((needle) => text.toLowerCase().includes(needle)))
					found.push({ table, column, value: text });
			}
	return found;
}

/** Every table's rows, to show that a refused request changed nothing. */
async function dumpDatabase() {
	const tables = await app.db.all<{ name: string }>(
		sql.raw(
			"select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and substr(name, 1, 4) <> '_cf_' order by name"
		)
	);
	const dump: Record<string, unknown[]> = {};
	for (const { name: table } of tables)
		dump[table] = await app.db.all(sql.raw(`select * from "${table}" order by rowid`));
	return dump;
}

async function figures(surveyId: string, actionId: string) {
	const summary = (await manager.get(`/api/surveys/${surveyId}/summary?period=all`)).json;
	const countOf = async (table: typeof cases | typeof suggestions | typeof actionNotices) =>
		(await app.db.select({ n: count() }).from(table))[0]!.n;
	const action = (await manager.get(`/api/actions/${actionId}`)).json.action;
	return {
		responses: summary.responses,
		score: summary.score,
		answered: summary.invitations.answered,
		sent: summary.invitations.sent,
		cases: await countOf(cases),
		queue: (await manager.get('/api/cases?state=all')).json.total,
		suggestions: await countOf(suggestions),
		notices: await countOf(actionNotices),
		customersWhoAsked: action.customers
	};
}

describe('exporting a contact’s data', () => {
	it('gives an admin every kind of data held on the contact as one JSON document, without any token', async () => {
		const customer = await givenCustomerWithHistory();
		const response = await admin.get(`/api/contacts/${customer.id}/export?format=json`);
		expect(response.status, response.text).toBe(200);
		expect(response.headers.get('content-type')).toMatch(/^application\/json/);
		expect(response.headers.get('content-disposition')).toBe(
			'attachment; filename="contact-data-mira-konigsberg-2026-03-02.json"'
		);
		expect(response.headers.get('cache-control')).toBe('no-store');
		const data = response.json;

		expect(data.contact).toMatchObject({
			id: customer.id,
			name,
			email,
			account: { name: expect.stringMatching(/^Account /) },
			status: 'active'
		});
		expect(data.invitations).toContainEqual(
			expect.objectContaining({
				survey: expect.objectContaining({ id: customer.surveyId }),
				answeredAt: expect.any(String)
			})
		);
		expect(data.responses).toEqual([
			expect.objectContaining({
				score: 3,
				comment: 'The zebra-striped forklift scratched our floor',
				answers: [
					{ question: 'How did you reach us?', answer: 'Phone' },
					{ question: 'How quickly did we reply?', answer: '2 of 5' },
					{ question: 'What is your role?', answer: 'Head of quokka logistics' }
				]
			})
		]);
		expect(
			data.suggestions.map((s: { source: string; text: string }) => [s.source, s.text])
		).toEqual(
			expect.arrayContaining([
				['survey', 'The zebra-striped forklift scratched our floor'],
				['staff', 'Zebra stripes on the invoices, please']
			])
		);
		// The detractor case and the form complaint; never the anonymous one.
		expect(data.cases.map((c: { number: number }) => c.number)).toContain(customer.complaintNumber);
		expect(data.cases.map((c: { number: number }) => c.number)).not.toContain(
			customer.anonymousNumber
		);
		expect(data.cases).toHaveLength(2);
		const complaint = data.cases.find(
			(c: { number: number }) => c.number === customer.complaintNumber
		);
		expect(complaint).toMatchObject({
			subject: 'Forklift incident in the zebra hall',
			reporterName: name,
			reporterEmail: email
		});
		const bodies = data.caseEvents.map((event: { body: string | null }) => event.body);
		expect(bodies).toContain('Still waiting for the zebra paint, Mira');
		expect(bodies).toContain('We will repaint the zebra hall floor on Monday.');
		// Internal notes are staff data.
		expect(bodies).not.toContain('Note: Mira Königsberg called about the forklift.');
		expect(JSON.stringify(data)).not.toContain('Anonymous zebra tip');
		expect(data.caseLinks.length).toBeGreaterThanOrEqual(2);
		expect(data.notices).toEqual([
			expect.objectContaining({
				outcome: 'done',
				action: expect.objectContaining({ title: 'Striped invoices' })
			})
		]);
		const templates = data.emails.map((e: { template: string }) => e.template);
		expect(templates).toEqual(
			expect.arrayContaining([
				'survey-invitation',
				'case-received',
				'case-reply',
				'you-said-we-did'
			])
		);
		expect(templates).not.toContain('case-staff-alert');
		expect(data.emails.every((e: { to: string }) => e.to === email)).toBe(true);
		expect(data.emails.some((e: { status: string }) => e.status === 'pending')).toBe(true);
		expect(data.skips).toEqual([expect.objectContaining({ reason: 'open_complaint' })]);
		expect(data.auditEntries.map((entry: { action: string }) => entry.action)).toEqual(
			expect.arrayContaining(['contact.updated', 'email.retried'])
		);

		const text = response.text;
		for (const token of customer.tokens) {
			expect(text).not.toContain(token);
			expect(text).not.toContain(hashToken(token));
		}
		expect(text).not.toMatch(/\/[scnu]\/[A-Za-z0-9_-]{16,}/);
		expect(text).not.toMatch(/token/i);

		const [entry] = await app.db
			.select()
			.from(auditLog)
			.where(eq(auditLog.action, 'contact.exported'));
		expect(entry).toMatchObject({
			actorId: admin.userId,
			entityType: 'contact',
			entityId: customer.id,
			detail: { format: 'json' }
		});
	});

	it('gives the same data as one CSV sheet of section, record, field and value that parses cleanly', async () => {
		const customer = await givenCustomerWithHistory();
		const response = await admin.get(`/api/contacts/${customer.id}/export?format=csv`);
		expect(response.status, response.text).toBe(200);
		expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
		expect(response.headers.get('content-disposition')).toBe(
			'attachment; filename="contact-data-mira-konigsberg-2026-03-02.csv"'
		);
		// A byte order mark first, so spreadsheets read UTF-8 (fetch's text() drops it).
		const raw = await app.fetch(`${app.url}/api/contacts/${customer.id}/export?format=csv`, {
			headers: { cookie: [...admin.cookies].map(([key, value]) => `${key}=${value}`).join('; ') }
		});
		expect([...new Uint8Array(await raw.arrayBuffer()).slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
		const parsed = Papa.parse<string[]>(response.text, { skipEmptyLines: true });
		expect(parsed.errors).toEqual([]);
		const [header, ...rows] = parsed.data;
		expect(header).toEqual(['section', 'record', 'field', 'value']);
		expect(rows.every((row) => row.length === 4)).toBe(true);
		const sections = new Set(rows.map((row) => row[0]));
		for (const section of [
			'export',
			'contact',
			'invitations',
			'responses',
			'suggestions',
			'cases',
			'caseEvents',
			'caseLinks',
			'notices',
			'emails',
			'skips',
			'auditEntries'
		])
			expect(sections, section).toContain(section);
		expect(rows).toContainEqual(['contact', customer.id, 'name', name]);
		expect(rows).toContainEqual([
			'responses',
			expect.any(String),
			'comment',
			'The zebra-striped forklift scratched our floor'
		]);
		expect(rows).toContainEqual([
			'responses',
			expect.any(String),
			'answers.3.answer',
			'Head of quokka logistics'
		]);
		expect(rows).toContainEqual(['responses', expect.any(String), 'survey.kind', 'nps']);
		for (const token of customer.tokens) expect(response.text).not.toContain(token);
	});

	it('is for admins only: agents and managers get 403, strangers 401, an unknown contact 404', async () => {
		const customer = await givenCustomerWithHistory();
		expect((await agent.get(`/api/contacts/${customer.id}/export`)).status).toBe(403);
		expect((await manager.get(`/api/contacts/${customer.id}/export`)).status).toBe(403);
		expect((await app.anonymous().get(`/api/contacts/${customer.id}/export`)).status).toBe(401);
		const unknown = await admin.get('/api/contacts/no-such-contact/export');
		expect(unknown.status).toBe(404);
		expect(unknown.json.error.code).toBe('not_found');
		expect((await admin.get(`/api/contacts/${customer.id}/export?format=xml`)).status).toBe(422);
		expect(
			await app.db.select().from(auditLog).where(eq(auditLog.action, 'contact.exported'))
		).toEqual([]);
	});
});

describe('erasing a contact', () => {
	it('leaves no trace of their name, address or words anywhere, and keeps every figure', async () => {
		const customer = await givenCustomerWithHistory();
		const places = new Set(
			(await findInDatabase(phrases)).map((hit) => `${hit.table}.${hit.column}`)
		);
		for (const place of [
			'contacts.name',
			'survey_responses.comment',
			'survey_responses.answers',
			'suggestions.text',
			'cases.subject',
			'case_events.body',
			'outbox.text',
			'audit_log.detail',
			'rate_limits.key'
		])
			expect(places).toContain(place);
		const alerts = () =>
			app.db.select().from(outbox).where(eq(outbox.template, 'case-staff-alert'));
		const quoting = (await alerts()).filter((row) =>
			row.text.includes('Forklift incident in the zebra hall')
		);
		expect(quoting.length).toBeGreaterThan(0);
		const before = await figures(customer.surveyId, customer.actionId);
		expect(before.responses).toBe(2);
		expect(before.score).toMatchObject({ n: 2, score: 0 });

		const erased = await admin.post(`/api/contacts/${customer.id}/erase`, {
			confirm: ` ${email.toUpperCase()} `
		});
		expect(erased.status, erased.text).toBe(200);
		expect(erased.json.contact).toMatchObject({
			id: customer.id,
			name: 'Erased contact',
			email: `erased-${customer.id}@erased.invalid`,
			consent: false,
			status: 'archived',
			erased: true,
			unsubscribedAt: expect.any(String)
		});
		expect(erased.json.erased).toMatchObject({ responses: 1, cases: 3, cancelledEmails: 1 });
		expect(erased.json.erased.suggestions).toBeGreaterThanOrEqual(2);

		expect(await findInDatabase(phrases)).toEqual([]);
		// Staff alerts about their case stay, with its subject cut out.
		for (const alert of quoting) {
			const [after] = (await alerts()).filter((row) => row.id === alert.id);
			expect(after!.text).toContain('Subject: [erased]');
			expect(after!.subject).toBe(alert.subject);
			expect(after!.toAddress).toBe(alert.toAddress);
		}
		expect(await figures(customer.surveyId, customer.actionId)).toEqual(before);

		// Rows stay, their words go.
		const caseRows = await app.db.select().from(cases);
		expect(caseRows).toHaveLength(3);
		expect(caseRows.every((row) => row.subject === '[erased]' && row.reporterEmail === null)).toBe(
			true
		);
		expect(await app.db.select().from(caseLinks)).toEqual([]);
		const [row] = await app.db.select().from(contacts).where(eq(contacts.id, customer.id));
		expect(row!.archivedAt).not.toBeNull();
		const [entry] = await app.db
			.select()
			.from(auditLog)
			.where(eq(auditLog.action, 'contact.erased'));
		expect(entry).toMatchObject({
			actorId: admin.userId,
			entityType: 'contact',
			entityId: customer.id,
			at: app.clock.now()
		});

		// Their private links no longer open anything.
		for (const token of customer.tokens.slice(1))
			expect((await app.anonymous().get(`/api/public/cases/${token}`)).status).toBe(404);
		expect(
			(await app.anonymous().get(`/api/public/invitations/${customer.tokens[0]}`)).status
		).toBe(404);
	});

	it('cancels the pending emails to them: the next tick sends none of them, and they cannot be retried', async () => {
		const customer = await givenCustomerWithHistory();
		const toThem = await app.db
			.select({ id: outbox.id })
			.from(outbox)
			.where(eq(outbox.contactId, customer.id));
		const pendingToThem = customer.pendingIds.filter((id) => toThem.some((row) => row.id === id));
		expect(pendingToThem).toHaveLength(1);
		expect(
			(await admin.post(`/api/contacts/${customer.id}/erase`, { confirm: email })).status
		).toBe(200);

		delivered = [];
		await tick();
		for (const id of pendingToThem) expect(delivered).not.toContain(id);
		const [cancelled] = await app.db.select().from(outbox).where(eq(outbox.id, pendingToThem[0]!));
		expect(cancelled).toMatchObject({
			status: 'failed',
			lastError: 'Cancelled: the contact was erased.',
			sentAt: null,
			toAddress: `erased-${customer.id}@erased.invalid`,
			text: '[erased]'
		});
		const retry = await admin.post(`/api/mailbox/${pendingToThem[0]}/retry`);
		expect(retry.status).toBe(409);
		expect(retry.json.error.message).toMatch(/erased/);
	});

	it('opens no case from a detractor answer the tick had not taken up yet', async () => {
		const invitation = await givenInvitation(app.db, { now: app.clock.now(), email });
		expect(
			(
				await app
					.anonymous()
					.post(`/api/public/invitations/${invitation.token}/response`, { score: 1 })
			).status
		).toBeLessThan(300);
		expect(
			(await admin.post(`/api/contacts/${invitation.contactId}/erase`, { confirm: email })).status
		).toBe(200);
		const report = await tick();
		expect(report.detractorCases.opened).toBe(0);
		expect(await app.db.select().from(cases)).toEqual([]);
		expect(await app.db.select().from(outbox).where(eq(outbox.status, 'pending'))).toEqual([]);
	});

	it('refuses a wrong confirmation with 422 and changes nothing', async () => {
		const customer = await givenCustomerWithHistory();
		const before = await dumpDatabase();
		for (const body of [{ confirm: 'someone@else.example' }, { confirm: '' }, {}]) {
			const response = await admin.post(`/api/contacts/${customer.id}/erase`, body);
			expect(response.status, JSON.stringify(body)).toBe(422);
			expect(response.json.error.code).toBe('validation_failed');
			expect(Object.keys(response.json.error.fields)).toEqual(['confirm']);
		}
		expect(await dumpDatabase()).toEqual(before);
	});

	it('is for admins only: agents and managers get 403, an unknown contact 404; nothing changes', async () => {
		const customer = await givenCustomerWithHistory();
		const before = await dumpDatabase();
		for (const client of [agent, manager]) {
			const response = await client.post(`/api/contacts/${customer.id}/erase`, { confirm: email });
			expect(response.status).toBe(403);
			expect(response.json.error.code).toBe('forbidden');
		}
		expect(
			(await app.anonymous().post(`/api/contacts/${customer.id}/erase`, { confirm: email })).status
		).toBe(401);
		const unknown = await admin.post('/api/contacts/no-such-contact/erase', { confirm: email });
		expect(unknown.status).toBe(404);
		expect(await dumpDatabase()).toEqual(before);
	});

	it('erases once: a second erasure is a 409, and the erased contact can no longer be edited or restored', async () => {
		const customer = await givenCustomerWithHistory();
		expect(
			(await admin.post(`/api/contacts/${customer.id}/erase`, { confirm: email })).status
		).toBe(200);
		const erasedAddress = `erased-${customer.id}@erased.invalid`;
		const before = await dumpDatabase();
		for (const confirm of [email, erasedAddress]) {
			const again = await admin.post(`/api/contacts/${customer.id}/erase`, { confirm });
			expect(again.status).toBe(409);
			expect(again.json.error.message).toBe('This contact has already been erased.');
		}
		expect((await admin.patch(`/api/contacts/${customer.id}`, { name })).status).toBe(409);
		expect((await admin.post(`/api/contacts/${customer.id}/unarchive`)).status).toBe(409);
		expect(await dumpDatabase()).toEqual(before);

		// The export still works and shows the placeholders.
		const exported = await admin.get(`/api/contacts/${customer.id}/export`);
		expect(exported.status).toBe(200);
		expect(exported.json.contact).toMatchObject({ name: 'Erased contact', email: erasedAddress });
		expect(exported.json.responses).toEqual([
			expect.objectContaining({
				score: 3,
				comment: null,
				answers: [
					{ question: 'How did you reach us?', answer: 'Phone' },
					{ question: 'How quickly did we reply?', answer: '2 of 5' }
				]
			})
		]);
		expect(
			(await admin.get(`/api/contacts/${customer.id}/timeline`)).json.events.map(
				(event: { title: string }) => event.title
			)
		).toEqual(expect.arrayContaining([expect.stringMatching(/^Personal data erased by /)]));
	});
});
