import { asc, eq, sql } from 'drizzle-orm';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cases, caseEvents } from '../../../db/schema/cases';
import { outbox } from '../../../db/schema/outbox';
import { surveyInvitations, surveyResponses, surveys } from '../../../db/schema/surveys';
import { defaultDefinition, defaultSendWindow } from '../../../api/domain/survey-definition';
import {
	customerAt,
	recoveryOutcome,
	retentionComparison,
	scoreChange
} from '../../../api/domain/recovery';
import { accountHistoriesQuery, resolvedCasesQuery } from '../../../api/reports/recovery-store';
import { createToken, hashToken, newId } from '../../../api/tokens';
import { startTestApp, testPassword, type TestApp, type TestClient } from '../../support/app';

/**
 * The recovery report against a fixture worked out by hand. Accounts and
 * contacts are made through the API, complaints filed on the public form,
 * worked by staff, answered by the customer through the link in the
 * "resolved" email, closed by the tick; survey answers go through the public
 * answer route as the clock moves (the invitations are written as the
 * scheduler would). The report is read on Tuesday 10 March 2026 for January
 * and February. All times UTC.
 *
 * Accounts, all customers since 1 June 2025 unless said: Acme (premium, owner
 * Olga; contact Ann), Birch (Ben), Cedar (Cat), Dune and Elm (no contacts; Elm
 * lost 10 Feb), Fir (Fay; lost 20 Feb), Gale (won 20 Jan), Hale (Hal).
 * Categories: "Late delivery" (normal, team Delivery), "Wrong invoice" (high, Billing).
 * Survey answers: NPS Ann 7 (10 Dec), Ben 8 (11 Dec), Fay 10 (12 Dec); CSAT Cat 4 (12 Dec);
 * then NPS Ann 9 (16 Feb), Fay 7 (19 Feb), Ben 8 (20 Feb), Cat 9 (23 Feb).
 *
 * H Hal, Late delivery. Filed 1 Dec 10:00, resolved 2 Dec 10:00, confirmed: December, outside.
 * A Ann, Wrong invoice. Filed Mon 5 Jan 09:00, resolved 6 Jan 09:00 (24 h); Ann says yes 7 Jan.
 *   Score 7 → 9: rose.
 * B Ben, Late delivery. Filed 12 Jan 09:00, resolved 13 Jan 21:00 (36 h); Ben says no 14 Jan
 *   (reopened). Resolved again 2 Feb 09:00 (504 h after filing); Ben says yes 3 Feb. January
 *   counts its first resolution (not solved), February and the totals its second (confirmed).
 *   Score 8 → 8: same.
 * C Cat, Late delivery. Filed 19 Jan 09:00, resolved 20 Jan 09:00 (24 h); no answer; the tick
 *   on 27 Jan 09:30 closes it. Cat answered CSAT before and NPS after: no score pair.
 * F Fay, Wrong invoice. Filed 9 Feb 09:00, resolved 10 Feb 15:00 (30 h); the tick closes it on
 *   17 Feb 16:00; Fay says no on 18 Feb (within the reopen window): not solved. Score 10 → 7: fell.
 * G anonymous (Gus of Gale), no category. Filed 16 Feb 09:00, resolved 21:00 (12 h); staff close
 *   it 17 Feb 09:00. No contact, no account.
 * K Ann, Late delivery. Filed 23 Feb 09:00, resolved 15:00; Ann says no 18:00; resolved again
 *   24 Feb 09:00 (24 h): counted once, at the second, still waiting. No answer after.
 * E Ben, Wrong invoice. Filed 25 Feb 09:00, resolved 15:00 (6 h); staff reopen it 26 Feb 09:00.
 *
 * January: A, B (not solved), C → 3 resolved; confirmed 1, not solved 1, no answer 1 (closed
 *   automatically); hours 24, 24, 36 → median 24; score n 2: rose 1, same 1.
 * February: B (confirmed, 504 h), F, G, K, E → 5; confirmed 1, not solved 1, no answer 3 (closed
 *   by staff, reopened by staff, waiting); hours 6, 12, 24, 30, 504 → median 24; score n 2: same
 *   1, fell 1.
 * Totals: A, B, C, F, G, K, E → 7; confirmed 2 (28.6 %), not solved 1 (14.3 %), no answer 4
 *   (57.1 %); hours 6, 12, 24, 24, 24, 30, 504 → median 24; score n 3: rose, same, fell 1 each.
 * By category: Late delivery B, C, K (3: confirmed 1); Wrong invoice A, F, E (3: confirmed 1);
 *   no category G (1).
 * Retention, 1 Jan – 1 Mar: customers at the start Acme, Birch, Cedar, Dune, Elm, Fir, Hale
 *   (Gale came later). Complainants Acme, Birch, Cedar, Fir: 3 of 4 still customers (75 %).
 *   Never complained Dune, Elm (Hale did, in December): 1 of 2 (50 %).
 *   January: complainants Acme, Birch, Cedar 3 of 3; never before 1 Feb Dune, Elm, Fir 3 of 3.
 *   February (Gale now a customer at the start): complainants Acme, Birch, Fir 2 of 3; never
 *   Dune, Elm, Gale 2 of 3.
 */

let app: TestApp;
let admin: TestClient & { userId: string; email: string };
let manager: TestClient & { userId: string; email: string };
const ids: Record<string, string> = {};
const tokens: Record<string, string> = {};
const emails: Record<string, string> = {};
const accountIds: Record<string, string> = {};
const contactIds: Record<string, string> = {};
const surveyIds: Record<'nps' | 'csat', string> = { nps: '', csat: '' };
let lateDelivery: string;
let wrongInvoice: string;
let delivery: string;
let billing: string;
let rootCauseId: string;
let cycle = 0;
let signedInAt = 0;

/** Moves the clock forward to `iso` (never back); staff sign in again before their sessions lapse. */
async function at(iso: string) {
	const target = new Date(iso).getTime();
	const now = app.clock.now().getTime();
	if (target < now) throw new Error(`the clock only moves forward: ${iso}`);
	app.clock.advance(target - now);
	if (target - signedInAt > 20 * 86_400_000) {
		for (const client of [admin, manager]) {
			const response = await client.post('/api/auth/sign-in', {
				email: client.email,
				password: testPassword
			});
			expect(response.status, response.text).toBe(200);
		}
		signedInAt = target;
	}
}

async function ok<T = any>(
	response: Promise<{ status: number; text: string; json: any }>,
	status = 201
): Promise<T> {
	const result = await response;
	expect(result.status, result.text).toBe(status);
	return result.json as T;
}

async function account(key: string, input: Record<string, unknown>, contact?: string) {
	const created = await ok(manager.post('/api/accounts', { name: key, ...input }));
	accountIds[key] = created.account.id;
	if (contact) {
		emails[contact] = `${contact.toLowerCase()}@${key.toLowerCase()}.example`;
		const person = await ok(
			manager.post('/api/contacts', {
				accountId: created.account.id,
				name: contact,
				email: emails[contact]
			})
		);
		contactIds[contact] = person.contact.id;
	}
}

/** The contact answers the survey now, through the emailed link (the invitation written as the scheduler would). */
async function answers(contact: string, kind: 'nps' | 'csat', score: number, iso: string) {
	await at(iso);
	const token = createToken(16);
	await app.db.insert(surveyInvitations).values({
		id: newId(),
		surveyId: surveyIds[kind],
		contactId: contactIds[contact]!,
		cycle: cycle++,
		tokenHash: hashToken(token),
		locale: 'en',
		createdAt: app.clock.now()
	});
	await ok(app.anonymous().post(`/api/public/invitations/${token}/response`, { score }), 200);
}

async function file(
	key: string,
	contact: string,
	iso: string,
	options: { categoryId?: string; anonymous?: boolean } = {}
) {
	await at(iso);
	const { case: opened } = await ok(
		app.anonymous().post('/api/public/complaints', {
			name: contact,
			email: emails[contact] ?? `${contact.toLowerCase()}@elsewhere.example`,
			subject: `Complaint ${key}`,
			description: 'Something went wrong with our order, please help.',
			...(options.categoryId ? { categoryId: options.categoryId } : {}),
			...(options.anonymous ? { anonymous: true } : {})
		})
	);
	const [row] = await app.db
		.select({ id: cases.id })
		.from(cases)
		.where(eq(cases.number, opened.number));
	ids[key] = row!.id;
	tokens[key] = opened.token;
}

async function act(key: string, iso: string, body: Record<string, unknown>) {
	await at(iso);
	await ok(manager.post(`/api/cases/${ids[key]}/actions`, body), 200);
}
const start = (key: string, iso: string) => act(key, iso, { action: 'start' });
const resolve = (key: string, iso: string) =>
	act(key, iso, { action: 'resolve', resolutionNote: 'Sorted out.', rootCauseId });

/** The customer answers the recovery survey through the link in the latest "resolved" email. */
async function customerSays(key: string, solved: boolean, iso: string) {
	await at(iso);
	const [row] = await app.db.select().from(cases).where(eq(cases.id, ids[key]!));
	const mails = await app.db
		.select()
		.from(outbox)
		.where(eq(outbox.toAddress, row!.reporterEmail!))
		.orderBy(asc(outbox.createdAt), asc(outbox.id));
	const resolved = mails.filter((mail) => mail.template === 'case-resolved').at(-1)!;
	const token = /\/c\/([A-Za-z0-9_-]{16,})/.exec(resolved.text)![1];
	await ok(
		app.anonymous().post(`/api/public/cases/${token}/recovery`, {
			solved,
			...(solved ? {} : { comment: 'Still not right.' })
		}),
		200
	);
}

async function tick(iso: string) {
	await at(iso);
	await app.tick();
}

beforeAll(async () => {
	app = await startTestApp({ now: new Date('2025-12-01T09:00:00Z') });
	admin = await app.signIn('admin');
	manager = await app.signIn('manager');
	signedInAt = app.clock.now().getTime();
	await ok(admin.patch(`/api/users/${manager.userId}`, { name: 'Olga' }), 200);
	const agent = await app.signIn('agent');
	delivery = (await ok(admin.post('/api/teams', { name: 'Delivery', memberIds: [agent.userId] })))
		.team.id;
	billing = (await ok(admin.post('/api/teams', { name: 'Billing', memberIds: [agent.userId] })))
		.team.id;
	lateDelivery = (
		await ok(
			manager.post('/api/case-settings/categories', {
				name: 'Late delivery',
				priority: 'normal',
				teamId: delivery
			})
		)
	).category.id;
	wrongInvoice = (
		await ok(
			manager.post('/api/case-settings/categories', {
				name: 'Wrong invoice',
				priority: 'high',
				teamId: billing
			})
		)
	).category.id;
	rootCauseId = (await ok(manager.post('/api/case-settings/root-causes', { name: 'Courier' })))
		.rootCause.id;
	for (const kind of ['nps', 'csat'] as const) {
		surveyIds[kind] = newId();
		await app.db.insert(surveys).values({
			id: surveyIds[kind],
			name: `Quarterly ${kind.toUpperCase()}`,
			kind,
			status: 'draft',
			definition: defaultDefinition(kind),
			audience: { tiers: [], ownerIds: [], accountStatuses: [], tags: [] },
			sendWindow: defaultSendWindow,
			detractorThreshold: kind === 'nps' ? 6 : 2,
			createdAt: app.clock.now(),
			updatedAt: app.clock.now()
		});
	}

	const since = { wonAt: '2025-06-01' };
	await account('Acme', { ...since, tier: 'premium', ownerId: manager.userId }, 'Ann');
	await account('Birch', since, 'Ben');
	await account('Cedar', since, 'Cat');
	await account('Dune', { ...since, tier: 'basic' });
	await account('Elm', { ...since, tier: 'basic' });
	await account('Fir', since, 'Fay');
	await account('Hale', since, 'Hal');

	await file('H', 'Hal', '2025-12-01T10:00:00Z', { categoryId: lateDelivery });
	await start('H', '2025-12-01T11:00:00Z');
	await resolve('H', '2025-12-02T10:00:00Z');
	await customerSays('H', true, '2025-12-03T09:00:00Z');

	await answers('Ann', 'nps', 7, '2025-12-10T09:00:00Z');
	await answers('Ben', 'nps', 8, '2025-12-11T09:00:00Z');
	await answers('Cat', 'csat', 4, '2025-12-12T09:00:00Z');
	await answers('Fay', 'nps', 10, '2025-12-12T10:00:00Z');

	await file('A', 'Ann', '2026-01-05T09:00:00Z', { categoryId: wrongInvoice });
	await start('A', '2026-01-05T10:00:00Z');
	await resolve('A', '2026-01-06T09:00:00Z');
	await customerSays('A', true, '2026-01-07T09:00:00Z');

	await file('B', 'Ben', '2026-01-12T09:00:00Z', { categoryId: lateDelivery });
	await start('B', '2026-01-12T10:00:00Z');
	await resolve('B', '2026-01-13T21:00:00Z');
	await customerSays('B', false, '2026-01-14T09:00:00Z');

	await file('C', 'Cat', '2026-01-19T09:00:00Z', { categoryId: lateDelivery });
	await start('C', '2026-01-19T10:00:00Z');
	await resolve('C', '2026-01-20T09:00:00Z');
	await at('2026-01-20T12:00:00Z');
	await account('Gale', { wonAt: '2026-01-20' }, 'Gus');
	await tick('2026-01-27T09:30:00Z');

	await resolve('B', '2026-02-02T09:00:00Z');
	await customerSays('B', true, '2026-02-03T09:00:00Z');

	await file('F', 'Fay', '2026-02-09T09:00:00Z', { categoryId: wrongInvoice });
	await start('F', '2026-02-09T10:00:00Z');
	await at('2026-02-10T12:00:00Z');
	await ok(manager.post(`/api/accounts/${accountIds.Elm}/lost`, { at: '2026-02-10' }), 200);
	await resolve('F', '2026-02-10T15:00:00Z');

	await file('G', 'Gus', '2026-02-16T09:00:00Z', { anonymous: true });
	await answers('Ann', 'nps', 9, '2026-02-16T10:00:00Z');
	await start('G', '2026-02-16T11:00:00Z');
	await resolve('G', '2026-02-16T21:00:00Z');
	await act('G', '2026-02-17T09:00:00Z', { action: 'close' });
	await tick('2026-02-17T16:00:00Z');
	await customerSays('F', false, '2026-02-18T09:00:00Z');
	await answers('Fay', 'nps', 7, '2026-02-19T09:00:00Z');
	await answers('Ben', 'nps', 8, '2026-02-20T09:00:00Z');
	await ok(manager.post(`/api/accounts/${accountIds.Fir}/lost`, { at: '2026-02-20' }), 200);

	await file('K', 'Ann', '2026-02-23T09:00:00Z', { categoryId: lateDelivery });
	await answers('Cat', 'nps', 9, '2026-02-23T10:00:00Z');
	await start('K', '2026-02-23T11:00:00Z');
	await resolve('K', '2026-02-23T15:00:00Z');
	await customerSays('K', false, '2026-02-23T18:00:00Z');
	await resolve('K', '2026-02-24T09:00:00Z');

	await file('E', 'Ben', '2026-02-25T09:00:00Z', { categoryId: wrongInvoice });
	await start('E', '2026-02-25T10:00:00Z');
	await resolve('E', '2026-02-25T15:00:00Z');
	await act('E', '2026-02-26T09:00:00Z', { action: 'reopen' });
	await at('2026-03-10T12:00:00Z');
});
afterAll(async () => {
	await app?.stop();
});

const span = 'from=2026-01-01&to=2026-02-28';
const share = (count: number, n: number) => ({ count, share: n ? (count / n) * 100 : null, n });
function figures(input: {
	resolved: number;
	confirmed: number;
	notSolved: number;
	auto?: number;
	staffClosed?: number;
	reopened?: number;
	waiting?: number;
	median: number | null;
	rose?: number;
	same?: number;
	fell?: number;
}) {
	const { resolved: n } = input;
	const [auto, staffClosed, reopened, waiting] = [
		input.auto ?? 0,
		input.staffClosed ?? 0,
		input.reopened ?? 0,
		input.waiting ?? 0
	];
	const compared = (input.rose ?? 0) + (input.same ?? 0) + (input.fell ?? 0);
	return {
		resolved: n,
		confirmed: share(input.confirmed, n),
		notSolved: share(input.notSolved, n),
		noAnswer: {
			...share(auto + staffClosed + reopened + waiting, n),
			closedAutomatically: auto,
			closedByStaff: staffClosed,
			reopenedByStaff: reopened,
			waiting
		},
		hoursToResolve: { median: input.median, n },
		score: {
			rose: share(input.rose ?? 0, compared),
			same: share(input.same ?? 0, compared),
			fell: share(input.fell ?? 0, compared),
			n: compared
		}
	};
}
const retained = (kept: number, n: number) => ({
	n,
	retained: kept,
	share: n ? (kept / n) * 100 : null
});

const january = figures({
	resolved: 3,
	confirmed: 1,
	notSolved: 1,
	auto: 1,
	median: 24,
	rose: 1,
	same: 1
});
const february = figures({
	resolved: 5,
	confirmed: 1,
	notSolved: 1,
	staffClosed: 1,
	reopened: 1,
	waiting: 1,
	median: 24,
	same: 1,
	fell: 1
});
const totals = figures({
	resolved: 7,
	confirmed: 2,
	notSolved: 1,
	auto: 1,
	staffClosed: 1,
	reopened: 1,
	waiting: 1,
	median: 24,
	rose: 1,
	same: 1,
	fell: 1
});

describe('the recovery report', () => {
	it('counts the cases resolved in the period with what the customer said, the hours to resolve and the next score', async () => {
		const report = await ok(manager.get(`/api/reports/recovery?${span}`), 200);
		expect(report).toMatchObject({
			from: '2026-01-01',
			to: '2026-02-28',
			granularity: 'month',
			today: '2026-03-10'
		});
		expect(report.totals).toEqual(totals);
		expect(report.totals.confirmed.share).toBeCloseTo(28.571, 3);
		expect(report.periods).toEqual([
			{ start: '2026-01-01', label: '2026-01', partial: false, ...january },
			{ start: '2026-02-01', label: '2026-02', partial: false, ...february }
		]);
		expect(report.categories).toEqual([
			{
				category: { id: lateDelivery, name: 'Late delivery' },
				...figures({
					resolved: 3,
					confirmed: 1,
					notSolved: 0,
					auto: 1,
					waiting: 1,
					median: 24,
					same: 1
				})
			},
			{
				category: { id: wrongInvoice, name: 'Wrong invoice' },
				...figures({
					resolved: 3,
					confirmed: 1,
					notSolved: 1,
					reopened: 1,
					median: 24,
					rose: 1,
					fell: 1
				})
			},
			{
				category: null,
				...figures({ resolved: 1, confirmed: 0, notSolved: 0, staffClosed: 1, median: 12 })
			}
		]);
	});

	it('compares the retention of complaining accounts with that of accounts that never complained', async () => {
		const report = await ok(manager.get(`/api/reports/recovery?${span}`), 200);
		expect(report.retention).toEqual({
			complainants: retained(3, 4),
			neverComplained: retained(1, 2),
			periods: [
				{
					start: '2026-01-01',
					label: '2026-01',
					partial: false,
					complainants: retained(3, 3),
					neverComplained: retained(3, 3)
				},
				{
					start: '2026-02-01',
					label: '2026-02',
					partial: false,
					complainants: retained(2, 3),
					neverComplained: retained(2, 3)
				}
			]
		});
	});

	it('filters by category, team, priority, tier and owner, and `none` finds cases without one', async () => {
		const read = async (query: string) =>
			(await ok(manager.get(`/api/reports/recovery?${span}&${query}`), 200)) as any;
		const invoices = await read(`categoryId=${wrongInvoice}`);
		expect(invoices.totals.resolved).toBe(3);
		expect(invoices.periods.map((p: any) => p.resolved)).toEqual([1, 2]);
		// Complainants in this category: Acme, Fir, Birch; Fir was lost.
		expect(invoices.retention.complainants).toEqual(retained(2, 3));
		expect(invoices.retention.neverComplained).toEqual(retained(1, 2));
		expect((await read(`teamId=${billing}`)).totals).toEqual(invoices.totals);
		expect((await read('priority=high')).totals).toEqual(invoices.totals);

		const normal = await read('priority=normal');
		// B, C, K and the anonymous G.
		expect(normal.totals).toMatchObject({ resolved: 4, confirmed: share(1, 4) });
		expect((await read(`teamId=${delivery}`)).totals.resolved).toBe(3);

		const premium = await read('tier=premium');
		// Acme's A (confirmed, rose) and K (waiting).
		expect(premium.totals).toEqual(
			figures({ resolved: 2, confirmed: 1, notSolved: 0, waiting: 1, median: 24, rose: 1 })
		);
		expect(premium.retention.complainants).toEqual(retained(1, 1));
		expect(premium.retention.neverComplained).toEqual(retained(0, 0));
		expect((await read(`ownerId=${manager.userId}`)).totals).toEqual(premium.totals);

		const none = await read('categoryId=none');
		expect(none.totals).toEqual(
			figures({ resolved: 1, confirmed: 0, notSolved: 0, staffClosed: 1, median: 12 })
		);
		// The anonymous case has no account: no complainant account in this segment.
		expect(none.retention.complainants).toEqual(retained(0, 0));
		expect((await read('teamId=none')).totals).toEqual(none.totals);
		expect((await read('tier=enterprise')).totals.resolved).toBe(0);

		expect(normal.options.categories.map((c: { name: string }) => c.name)).toEqual([
			'Late delivery',
			'Wrong invoice'
		]);
		expect(normal.options.teams.map((t: { name: string }) => t.name)).toEqual([
			'Billing',
			'Delivery'
		]);
		expect(normal.options.owners.map((o: { name: string }) => o.name)).toContain('Olga');
	});

	it('counts a case in each week it was resolved in, at its latest resolution there, and defaults to twelve months', async () => {
		const weeks = await ok(
			manager.get('/api/reports/recovery?from=2026-01-05&to=2026-01-18&granularity=week'),
			200
		);
		expect(
			weeks.periods.map((p: any) => [p.label, p.resolved, p.confirmed.count, p.notSolved.count])
		).toEqual([
			['2026-W02', 1, 1, 0],
			['2026-W03', 1, 0, 1]
		]);
		// B's January resolution is the latest in this span: not solved, 36 hours.
		expect(weeks.totals).toEqual(
			figures({ resolved: 2, confirmed: 1, notSolved: 1, median: 30, rose: 1, same: 1 })
		);

		const byDefault = await ok(manager.get('/api/reports/recovery'), 200);
		expect(byDefault).toMatchObject({ from: '2025-04-01', to: '2026-03-10' });
		expect(byDefault.periods).toHaveLength(12);
		// December's H (confirmed, 24 hours) joins the seven; March so far has none.
		expect(byDefault.totals).toMatchObject({ resolved: 8, confirmed: share(3, 8) });
		expect(byDefault.periods.at(-1)).toMatchObject({
			label: '2026-03',
			partial: true,
			resolved: 0
		});
		expect(byDefault.periods.at(-4)).toMatchObject({ label: '2025-12', resolved: 1 });
	});

	it('exports a CSV row for all cases, each category and each month, named in the `group` column', async () => {
		const response = await manager.get(`/api/reports/recovery.csv?${span}`);
		expect(response.status).toBe(200);
		expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
		expect(response.headers.get('content-disposition')).toBe(
			'attachment; filename="recovery-2026-01-01-to-2026-02-28.csv"'
		);
		const rows = Papa.parse<Record<string, string>>(response.text.trim(), { header: true }).data;
		expect(Object.keys(rows[0]!)).toEqual([
			'group',
			'id',
			'name',
			'from',
			'to',
			'resolved',
			'confirmed',
			'confirmed_share',
			'not_solved',
			'not_solved_share',
			'no_answer',
			'no_answer_share',
			'closed_automatically',
			'closed_by_staff',
			'reopened_by_staff',
			'waiting',
			'median_hours_to_resolve',
			'score_n',
			'score_rose',
			'score_rose_share',
			'score_same',
			'score_fell',
			'complainant_accounts',
			'complainants_retained',
			'complainants_retained_share',
			'never_complained_accounts',
			'never_complained_retained',
			'never_complained_retained_share'
		]);
		expect(rows.map((row) => Object.values(row))).toEqual([
			[
				'all',
				'',
				'All cases',
				'2026-01-01',
				'2026-02-28',
				'7',
				'2',
				'28.6',
				'1',
				'14.3',
				'4',
				'57.1',
				'1',
				'1',
				'1',
				'1',
				'24',
				'3',
				'1',
				'33.3',
				'1',
				'1',
				'4',
				'3',
				'75',
				'2',
				'1',
				'50'
			],
			[
				'category',
				lateDelivery,
				'Late delivery',
				'2026-01-01',
				'2026-02-28',
				'3',
				'1',
				'33.3',
				'0',
				'0',
				'2',
				'66.7',
				'1',
				'0',
				'0',
				'1',
				'24',
				'1',
				'0',
				'0',
				'1',
				'0',
				'',
				'',
				'',
				'',
				'',
				''
			],
			[
				'category',
				wrongInvoice,
				'Wrong invoice',
				'2026-01-01',
				'2026-02-28',
				'3',
				'1',
				'33.3',
				'1',
				'33.3',
				'1',
				'33.3',
				'0',
				'0',
				'1',
				'0',
				'24',
				'2',
				'1',
				'50',
				'0',
				'1',
				'',
				'',
				'',
				'',
				'',
				''
			],
			[
				'category',
				'none',
				'No category',
				'2026-01-01',
				'2026-02-28',
				'1',
				'0',
				'0',
				'0',
				'0',
				'1',
				'100',
				'0',
				'1',
				'0',
				'0',
				'12',
				'0',
				'0',
				'',
				'0',
				'0',
				'',
				'',
				'',
				'',
				'',
				''
			],
			[
				'month',
				'2026-01-01',
				'2026-01',
				'2026-01-01',
				'2026-02-28',
				'3',
				'1',
				'33.3',
				'1',
				'33.3',
				'1',
				'33.3',
				'1',
				'0',
				'0',
				'0',
				'24',
				'2',
				'1',
				'50',
				'1',
				'0',
				'3',
				'3',
				'100',
				'3',
				'3',
				'100'
			],
			[
				'month',
				'2026-02-01',
				'2026-02',
				'2026-01-01',
				'2026-02-28',
				'5',
				'1',
				'20',
				'1',
				'20',
				'3',
				'60',
				'0',
				'1',
				'1',
				'1',
				'24',
				'2',
				'0',
				'0',
				'1',
				'1',
				'3',
				'2',
				'66.7',
				'3',
				'2',
				'66.7'
			]
		]);
	});

	it('refuses bad input with a 422 in the one error shape and changes nothing, and strangers with a 401', async () => {
		const count = async () => {
			const [row] = await app.db.all<{ n: number }>(
				sql`select (select count(*) from ${cases}) + (select count(*) from ${caseEvents})
					+ (select count(*) from ${surveyResponses}) + (select count(*) from ${outbox}) as n`
			);
			return Number(row!.n);
		};
		const before = await count();
		const refused = async (query: string, field: string) => {
			for (const path of ['/api/reports/recovery', '/api/reports/recovery.csv']) {
				const response = await manager.get(`${path}?${query}`);
				expect(response.status, `${path}?${query}`).toBe(422);
				expect(response.json.error).toMatchObject({
					code: 'validation_failed',
					message: expect.any(String)
				});
				expect(Object.keys(response.json.error.fields), query).toEqual([field]);
			}
		};
		await refused('from=2026-02-30', 'from');
		await refused('to=March', 'to');
		await refused('from=2026-03-10&to=2026-03-01', 'to');
		await refused('granularity=day', 'granularity');
		await refused('priority=critical', 'priority');
		await refused('tier=gold', 'tier');
		await refused('teamId=nope', 'teamId');
		await refused('categoryId=nope', 'categoryId');
		await refused('ownerId=nope', 'ownerId');
		await refused('from=2000-01-01&to=2026-01-01', 'from');
		expect(await count()).toBe(before);

		for (const path of ['/api/reports/recovery', '/api/reports/recovery.csv']) {
			const stranger = await app.anonymous().get(`${path}?${span}`);
			expect(stranger.status).toBe(401);
			expect(stranger.json.error.code).toBe('unauthenticated');
		}
		// Agents read reports too.
		const agent = await app.signIn('agent');
		expect((await agent.get(`/api/reports/recovery?${span}`)).status).toBe(200);
	});

	it('finds the resolutions through the index on fulfil events and reads each case by key', async () => {
		// Every resolution on a timeline is a fulfilment of the case's resolution clock at the same
		// instant, and nothing else fulfils one: what lets the report find them by that index.
		const resolutions = await app.db.all<{ pair: string }>(
			sql`select case_id || ' ' || created_at as pair from ${caseEvents} where type = 'resolved' order by 1`
		);
		const fulfilments = await app.db.all<{ pair: string }>(
			sql`select case_id || ' ' || at as pair from sla_events
				where kind = 'fulfill' and target = 'resolution' order by 1`
		);
		expect(resolutions).toHaveLength(10);
		expect(fulfilments).toEqual(resolutions);
		const filter = {
			from: new Date('2026-01-01'),
			to: new Date('2026-03-01'),
			tier: 'premium' as const,
			categoryId: wrongInvoice,
			teamId: 'none',
			priority: 'high' as const
		};
		for (const segment of [{ from: filter.from, to: filter.to }, filter]) {
			const plan = await app.db.all<{ detail: string }>(
				sql`explain query plan ${resolvedCasesQuery(segment, 'month')}`
			);
			const steps = plan.map((step) => step.detail);
			expect(steps.find((step) => /^(SCAN|SEARCH) /.test(step))).toBe(
				'SEARCH e USING INDEX sla_events_settled (at>? AND at<?)'
			);
			expect(
				steps.filter(
					(step) => step.startsWith('SCAN ') && !/^SCAN (k|\(subquery-\d+\))$/.test(step)
				)
			).toEqual([]);
		}
		// Retention reads the cases opened in the period and each account's first case through
		// indexes, and looks accounts up by key: its cost grows with the accounts, not every case.
		const plan = await app.db.all<{ detail: string }>(
			sql`explain query plan ${accountHistoriesQuery(filter)}`
		);
		const steps = plan.map((step) => step.detail);
		expect(steps.filter((step) => step.startsWith('SCAN '))).toEqual([
			'SCAN s USING INDEX account_spells_account',
			'SCAN p'
		]);
		expect(steps).toContain('SEARCH c USING INDEX cases_created (created_at>? AND created_at<?)');
	});
});

describe('the recovery figures', () => {
	it('judge a resolution by the customer’s latest answer, else by what moved the case on', () => {
		const change = (event: string, actor: 'staff' | 'customer' | 'system') => ({ event, actor });
		expect(
			recoveryOutcome({
				latestVerdict: 'customer_confirms',
				firstChange: change('customer_confirms', 'customer')
			})
		).toBe('confirmed');
		// Closed by the tick, then the customer said no: not solved.
		expect(
			recoveryOutcome({ latestVerdict: 'customer_rejects', firstChange: change('close', 'system') })
		).toBe('not_solved');
		expect(recoveryOutcome({ latestVerdict: null, firstChange: change('close', 'system') })).toBe(
			'auto_closed'
		);
		expect(recoveryOutcome({ latestVerdict: null, firstChange: change('close', 'staff') })).toBe(
			'staff_closed'
		);
		expect(recoveryOutcome({ latestVerdict: null, firstChange: change('reopen', 'staff') })).toBe(
			'staff_reopened'
		);
		expect(recoveryOutcome({ latestVerdict: null, firstChange: null })).toBe('waiting');
		expect(scoreChange(7, 9)).toBe('rose');
		expect(scoreChange(8, 8)).toBe('same');
		expect(scoreChange(10, 7)).toBe('fell');
		expect(scoreChange(null, 7)).toBeNull();
	});

	it('count a customer at an instant by a spell won before it and not lost before it', () => {
		const t = Date.UTC(2026, 0, 1);
		expect(customerAt([{ wonAt: t, lostAt: null }], t)).toBe(false);
		expect(customerAt([{ wonAt: t - 1, lostAt: t }], t)).toBe(true);
		expect(customerAt([{ wonAt: t - 10, lostAt: t - 1 }], t)).toBe(false);
		expect(
			customerAt(
				[
					{ wonAt: t - 10, lostAt: t - 5 },
					{ wonAt: t - 2, lostAt: null }
				],
				t
			)
		).toBe(true);
		const end = t + 100;
		expect(
			retentionComparison(
				[
					// Complained in the span, lost in it.
					{ spells: [{ wonAt: 0, lostAt: t + 50 }], firstCaseAt: t + 10, complaintsAt: [t + 10] },
					// Complained only before the span: in neither group.
					{ spells: [{ wonAt: 0, lostAt: null }], firstCaseAt: t - 10, complaintsAt: [] },
					// Complained after the end only: never before it.
					{ spells: [{ wonAt: 0, lostAt: null }], firstCaseAt: end, complaintsAt: [] },
					// Won in the span: not a customer at the start.
					{ spells: [{ wonAt: t + 1, lostAt: null }], firstCaseAt: null, complaintsAt: [] }
				],
				t,
				end
			)
		).toEqual({
			complainants: { n: 1, retained: 0, share: 0 },
			neverComplained: { n: 1, retained: 1, share: 100 }
		});
	});
});
