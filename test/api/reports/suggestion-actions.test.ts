import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { periodStart } from '../../../api/domain/report-periods';
import { periodStartOf } from '../../../api/reports/suggestion-actions-store';
import { startTestApp, testPassword, type TestApp, type TestClient } from '../../support/app';

/**
 * The suggestion-to-action report against a fixture worked out by hand. Every
 * row is created through the API as the clock moves forward; the report is
 * read on 2 March 2026 for 1 January – 28 February 2026.
 *
 *   id  received (UTC)        customer (account, tier, owner)   theme      actions
 *   s0  2025-12-31 23:59      Cy (Cory, basic, none)            —          A1 (done)        before the period
 *   s1  2026-01-05 09:00 Mon  Ada (Acme, premium, Morgan)       Delivery   A1 (done 4 Feb 12:00)
 *   s2  2026-01-06 10:00      Bea (Bolt, standard, Robin)       (merged into s1 → Delivery, answered by A1)
 *   s3  2026-01-11 23:59 Sun  Cy                                Billing    A2 (done 15 Feb 00:00)
 *   s4  2026-01-12 00:00 Mon  Alan (Acme)                       —          A3 (declined)
 *   s5  2026-01-20 12:00      Ada                               Delivery   A4 (planned)
 *   s6  2026-01-31 23:00      Bea                               Billing    A2 (done)
 *   s7  2026-02-01 00:00 Sun  Cy                                Delivery   A3 (declined), A4 (planned)
 *   s8  2026-02-10 12:00      nobody (staff-added)              —          —
 *   s9  2026-03-02 09:00      Ada                               —          A5 (done 2 Mar)  after the period
 *
 * Received 8 (s1–s8; s2 a merged duplicate) from 4 customers. Linked 7 (all
 * but s8) = 87.5 %. Done 4 (s1, s2, s3, s6) = 50 %. Declined 1 (s4; s7 still
 * has a planned action) = 12.5 %. Days to done: s6 14 d 1 h = 14.041 667,
 * s2 29 d 2 h = 29.083 333, s1 30 d 3 h = 30.125, s3 34 d 1 min = 34.000 694;
 * median (29.083 333 + 30.125) / 2 = 29.604 167 (= 29.5 + 5/48), n = 4.
 */

const dayAndHours = (days: number, hours: number, minutes = 0) =>
	days + hours / 24 + minutes / 1440;

let app: TestApp;
let admin: TestClient;
let manager: TestClient & { userId: string };
let agent: TestClient & { userId: string; email: string };
const ids: Record<string, string> = {};
const themes: Record<string, string> = {};
const actionIds: Record<string, string> = {};

/** Moves the clock forward to `iso` (never back). */
function at(iso: string) {
	const target = new Date(iso).getTime();
	const now = app.clock.now().getTime();
	if (target < now) throw new Error(`the clock only moves forward: ${iso}`);
	app.clock.advance(target - now);
}

async function ok<T = any>(
	response: Promise<{ status: number; text: string; json: any }>,
	status = 201
): Promise<T> {
	const result = await response;
	expect(result.status, result.text).toBe(status);
	return result.json as T;
}

async function suggest(key: string, iso: string, text: string, contactId: string | null) {
	at(iso);
	const { suggestion } = await ok(manager.post('/api/suggestions', { text, contactId }));
	ids[key] = suggestion.id;
}

async function tag(key: string, theme: string) {
	await ok(manager.patch(`/api/suggestions/${ids[key]}`, { themeId: themes[theme] }), 200);
}

async function plan(
	key: string,
	iso: string,
	title: string,
	suggestionKeys: string[],
	ownerId: string | null = null
) {
	at(iso);
	const { action } = await ok(
		manager.post('/api/actions', {
			title,
			ownerId,
			suggestionIds: suggestionKeys.map((k) => ids[k])
		})
	);
	actionIds[key] = action.id;
}

async function move(key: string, iso: string, status: string, declineReason?: string) {
	at(iso);
	await ok(manager.post(`/api/actions/${actionIds[key]}/status`, { status, declineReason }), 200);
}

beforeAll(async () => {
	app = await startTestApp({ now: new Date('2025-12-31T12:00:00Z') });
	admin = await app.signIn('admin');
	manager = await app.signIn('manager');
	agent = await app.signIn('agent');

	const account = async (name: string, tier: string, ownerId: string | null) =>
		(await ok(admin.post('/api/accounts', { name, tier, ownerId }))).account.id as string;
	const contact = async (accountId: string, name: string, email: string) =>
		(await ok(admin.post('/api/contacts', { accountId, name, email }))).contact.id as string;
	const acme = await account('Acme', 'premium', manager.userId);
	const bolt = await account('Bolt', 'standard', agent.userId);
	const cory = await account('Cory', 'basic', null);
	const ada = await contact(acme, 'Ada Byron', 'ada@acme.test');
	const alan = await contact(acme, 'Alan Turing', 'alan@acme.test');
	const bea = await contact(bolt, 'Bea Stone', 'bea@bolt.test');
	const cy = await contact(cory, 'Cy Cory', 'cy@cory.test');
	for (const name of ['Delivery', 'Billing'])
		themes[name] = (await ok(manager.post('/api/themes', { name }))).theme.id;

	await suggest('s0', '2025-12-31T23:59:00Z', 'Deliver before noon', cy);
	await suggest('s1', '2026-01-05T09:00:00Z', 'PO numbers on delivery notes', ada);
	await tag('s1', 'Delivery');
	await suggest('s2', '2026-01-06T10:00:00Z', 'Our PO number belongs on the notes', bea);
	at('2026-01-07T09:00:00Z');
	await ok(
		manager.post('/api/suggestions/merge', { primaryId: ids.s1, duplicateIds: [ids.s2] }),
		200
	);
	await plan('A1', '2026-01-08T09:00:00Z', 'PO numbers on every delivery note', ['s0', 's1']);
	await move('A1', '2026-01-08T10:00:00Z', 'in_progress');
	await suggest('s3', '2026-01-11T23:59:00Z', 'Send invoices by email', cy);
	await tag('s3', 'Billing');
	await suggest('s4', '2026-01-12T00:00:00Z', 'Open on Saturdays', alan);
	await suggest('s5', '2026-01-20T12:00:00Z', 'Cheaper shipping', ada);
	await tag('s5', 'Delivery');
	await suggest('s6', '2026-01-31T23:00:00Z', 'Invoices as PDF, please', bea);
	await tag('s6', 'Billing');
	await suggest('s7', '2026-02-01T00:00:00Z', 'Let us track parcels', cy);
	await tag('s7', 'Delivery');
	await plan('A2', '2026-02-02T09:00:00Z', 'Invoices by email, as PDF', ['s3', 's6'], agent.userId);
	await plan('A3', '2026-02-02T09:10:00Z', 'Saturday opening and tracking', ['s4', 's7']);
	await plan('A4', '2026-02-02T09:20:00Z', 'A new shipping partner', ['s5', 's7']);
	await move('A1', '2026-02-04T12:00:00Z', 'done');
	await suggest('s8', '2026-02-10T12:00:00Z', 'Staff idea: a loyalty card', null);
	await move('A2', '2026-02-15T00:00:00Z', 'done');
	await move('A3', '2026-02-16T09:00:00Z', 'declined', 'Not this year: too few staff.');
	await suggest('s9', '2026-03-02T09:00:00Z', 'A mobile app', ada);
	await plan('A5', '2026-03-02T09:30:00Z', 'A mobile app', ['s9']);
	await move('A5', '2026-03-02T10:00:00Z', 'done');
	// Two months on, the agent's session has lapsed: agents read reports too.
	await ok(agent.post('/api/auth/sign-in', { email: agent.email, password: testPassword }), 200);
});
afterAll(async () => {
	await app?.stop();
});

const period = 'from=2026-01-01&to=2026-02-28';
const report = async (query: string, client: TestClient = manager) =>
	ok(client.get(`/api/reports/suggestions?${query}`), 200);

const share = (count: number, n: number) => ({ count, share: n ? (count / n) * 100 : null, n });

describe('the suggestion-to-action report', () => {
	it('counts every suggestion received in the period, what became of it, and the median days to done', async () => {
		const body = await report(`${period}&granularity=month`, agent);
		expect(body.from).toBe('2026-01-01');
		expect(body.to).toBe('2026-02-28');
		expect(body.today).toBe('2026-03-02');
		const { median, ...totals } = { ...body.totals, median: body.totals.daysToDone.median };
		expect(totals).toEqual({
			received: 8,
			duplicates: 1,
			customers: 4,
			linked: { count: 7, share: 87.5, n: 8 },
			done: { count: 4, share: 50, n: 8 },
			declined: { count: 1, share: 12.5, n: 8 },
			daysToDone: { median: expect.any(Number), n: 4 }
		});
		expect(median).toBeCloseTo(29.5 + 5 / 48, 9);
		expect(median).toBeCloseTo((dayAndHours(29, 2) + dayAndHours(30, 3)) / 2, 9);
	});

	it('gives the same figures per theme, most received first, a duplicate under its primary’s theme', async () => {
		const body = await report(period);
		const rows = body.themes.map((row: any) => ({
			...row,
			daysToDone: { ...row.daysToDone, median: row.daysToDone.median?.toFixed(6) ?? null }
		}));
		expect(rows).toEqual([
			{
				theme: { id: themes.Delivery, name: 'Delivery' },
				received: 4,
				duplicates: 1,
				linked: share(4, 4),
				done: share(2, 4),
				declined: share(0, 4),
				daysToDone: { median: ((dayAndHours(29, 2) + dayAndHours(30, 3)) / 2).toFixed(6), n: 2 }
			},
			{
				theme: { id: themes.Billing, name: 'Billing' },
				received: 2,
				duplicates: 0,
				linked: share(2, 2),
				done: share(2, 2),
				declined: share(0, 2),
				// 14 d 1 h and 34 d 1 min.
				daysToDone: { median: (24 + 61 / 2880).toFixed(6), n: 2 }
			},
			{
				theme: null,
				received: 2,
				duplicates: 0,
				linked: share(1, 2),
				done: share(0, 2),
				declined: share(1, 2),
				daysToDone: { median: null, n: 0 }
			}
		]);
		expect((dayAndHours(14, 1) + dayAndHours(34, 0, 1)) / 2).toBeCloseTo(24 + 61 / 2880, 12);
	});

	it('buckets by the month or the UTC week (from Monday) a suggestion arrived in, with empty periods', async () => {
		const months = await report(`${period}&granularity=month`);
		expect(months.granularity).toBe('month');
		expect(months.periods).toEqual([
			{ start: '2026-01-01', label: '2026-01', partial: false, received: 6, linked: 6, done: 4 },
			{ start: '2026-02-01', label: '2026-02', partial: false, received: 2, linked: 1, done: 0 }
		]);

		const weeks = await report(`${period}&granularity=week`);
		const cell = (
			start: string,
			label: string,
			received: number,
			linked: number,
			done: number
		) => ({
			start,
			label,
			partial: false,
			received,
			linked,
			done
		});
		expect(weeks.periods).toEqual([
			// 29 Dec – 4 Jan: s0 (31 Dec) is before the period; the week is only partly in it.
			{ ...cell('2025-12-29', '2026-W01', 0, 0, 0), partial: true },
			// s1, s2 and s3 at 23:59 on Sunday 11 January.
			cell('2026-01-05', '2026-W02', 3, 3, 3),
			// s4 at 00:00 on Monday 12 January.
			cell('2026-01-12', '2026-W03', 1, 1, 0),
			cell('2026-01-19', '2026-W04', 1, 1, 0),
			// s6 on Saturday 31 January and s7 at 00:00 on Sunday 1 February.
			cell('2026-01-26', '2026-W05', 2, 2, 1),
			cell('2026-02-02', '2026-W06', 0, 0, 0),
			cell('2026-02-09', '2026-W07', 1, 0, 0),
			cell('2026-02-16', '2026-W08', 0, 0, 0),
			// 23 February – 1 March: the period ends on Saturday 28 February.
			{ ...cell('2026-02-23', '2026-W09', 0, 0, 0), partial: true }
		]);
	});

	it('lists the actions done in the period with the suggestions and customers each answered', async () => {
		const body = await report(period);
		expect(body.doneActions).toEqual([
			{
				id: actionIds.A2,
				title: 'Invoices by email, as PDF',
				doneAt: '2026-02-15T00:00:00.000Z',
				owner: { id: agent.userId, name: expect.stringMatching(/^Agent /) },
				suggestions: 2,
				customers: 2
			},
			{
				id: actionIds.A1,
				title: 'PO numbers on every delivery note',
				doneAt: '2026-02-04T12:00:00.000Z',
				owner: null,
				// s0 (before the period), s1 and its duplicate s2: Cy, Ada and Bea.
				suggestions: 3,
				customers: 3
			}
		]);
		expect(body.doneActionsTotal).toBe(2);
		expect(body.options.themes.map((theme: { name: string }) => theme.name)).toEqual([
			'Billing',
			'Delivery'
		]);
		expect(body.presets).toEqual([
			{ months: 3, from: '2026-01-01', to: '2026-03-02' },
			{ months: 6, from: '2025-10-01', to: '2026-03-02' },
			{ months: 12, from: '2025-04-01', to: '2026-03-02' }
		]);
	});

	it('filters by the suggester’s tier and account owner, and by theme', async () => {
		const premium = await report(`${period}&tier=premium`);
		expect(premium.totals).toMatchObject({
			received: 3,
			duplicates: 0,
			customers: 2,
			linked: share(3, 3),
			done: share(1, 3),
			declined: share(1, 3),
			daysToDone: { median: 30.125, n: 1 }
		});
		expect(premium.themes.map((row: any) => [row.theme?.name ?? null, row.received])).toEqual([
			['Delivery', 2],
			[null, 1]
		]);
		// A1 answers one premium suggestion (s1); A2 none.
		expect(
			premium.doneActions.map((row: any) => [row.title, row.suggestions, row.customers])
		).toEqual([['PO numbers on every delivery note', 1, 1]]);

		const robins = await report(`${period}&ownerId=${agent.userId}`);
		expect(robins.totals).toMatchObject({ received: 2, duplicates: 1, customers: 1 });
		expect(robins.themes.map((row: any) => [row.theme?.name, row.received])).toEqual([
			['Billing', 1],
			['Delivery', 1]
		]);

		const billing = await report(`${period}&themeId=${themes.Billing}&granularity=week`);
		expect(billing.totals).toMatchObject({
			received: 2,
			linked: share(2, 2),
			done: share(2, 2),
			daysToDone: { n: 2 }
		});
		expect(billing.totals.daysToDone.median).toBeCloseTo(24 + 61 / 2880, 9);
		expect(billing.doneActions.map((row: any) => row.title)).toEqual(['Invoices by email, as PDF']);
		expect(billing.periods.filter((p: any) => p.received).map((p: any) => p.label)).toEqual([
			'2026-W02',
			'2026-W05'
		]);

		const untagged = await report(`${period}&themeId=none`);
		expect(untagged.totals).toMatchObject({
			received: 2,
			linked: share(1, 2),
			declined: share(1, 2)
		});
		// A1 also answers s0, untagged, from before the period: the list counts suggestions received whenever.
		expect(
			untagged.doneActions.map((row: any) => [row.title, row.suggestions, row.customers])
		).toEqual([['PO numbers on every delivery note', 1, 1]]);
	});

	it('reads the last twelve months by default, and each end on its own', async () => {
		const body = await report('');
		expect([body.from, body.to, body.granularity]).toEqual(['2025-04-01', '2026-03-02', 'month']);
		// s0 to s9; A5 was done today.
		expect(body.totals.received).toBe(10);
		expect(body.totals.done.count).toBe(6);
		expect(body.doneActions.map((row: any) => row.id)).toEqual([
			actionIds.A5,
			actionIds.A2,
			actionIds.A1
		]);
		expect(body.periods).toHaveLength(12);
		expect((await report('to=2025-12-31')).from).toBe('2025-01-01');
		expect((await report('to=2025-12-31')).totals.received).toBe(1);
		expect((await report('from=2026-03-01')).to).toBe('2026-03-02');
		const empty = await report('from=2024-01-01&to=2024-12-31');
		expect(empty.totals).toEqual({
			received: 0,
			duplicates: 0,
			customers: 0,
			linked: share(0, 0),
			done: share(0, 0),
			declined: share(0, 0),
			daysToDone: { median: null, n: 0 }
		});
		expect(empty.themes).toEqual([]);
		expect(empty.periods).toHaveLength(12);
	});

	it('exports the table by theme with a totals row as CSV', async () => {
		const response = await manager.get(`/api/reports/suggestions.csv?${period}`);
		expect(response.status, response.text).toBe(200);
		expect(response.headers.get('content-type')).toMatch(/^text\/csv/);
		expect(response.headers.get('content-disposition')).toBe(
			'attachment; filename="suggestions-to-actions-2026-01-01-to-2026-02-28.csv"'
		);
		const parsed = Papa.parse<Record<string, string>>(response.text, { header: true });
		expect(parsed.errors).toEqual([]);
		expect(parsed.meta.fields).toEqual([
			'theme',
			'from',
			'to',
			'received',
			'merged_duplicates',
			'linked',
			'linked_share',
			'done',
			'done_share',
			'declined',
			'declined_share',
			'median_days_to_done',
			'median_days_n'
		]);
		const row = (values: string) => {
			const [theme, received, dup, linked, ls, done, ds, declined, dcs, median, n] =
				values.split('|');
			return {
				theme,
				from: '2026-01-01',
				to: '2026-02-28',
				received,
				merged_duplicates: dup,
				linked,
				linked_share: ls,
				done,
				done_share: ds,
				declined,
				declined_share: dcs,
				median_days_to_done: median,
				median_days_n: n
			};
		};
		expect(parsed.data).toEqual([
			row('Delivery|4|1|4|100|2|50|0|0|29.6|2'),
			row('Billing|2|0|2|100|2|100|0|0|24|2'),
			row('No theme|2|0|1|50|0|0|1|50||0'),
			row('All themes|8|1|7|87.5|4|50|1|12.5|29.6|4')
		]);

		const billing = await manager.get(
			`/api/reports/suggestions.csv?${period}&themeId=${themes.Billing}`
		);
		expect(billing.text.split('\r\n').map((line) => line.split(',')[0])).toEqual([
			'theme',
			'Billing',
			'All themes'
		]);
	});

	it('refuses bad input with 422 in the one error shape, and strangers with 401', async () => {
		const refused = async (query: string, field: string) => {
			for (const path of ['/api/reports/suggestions', '/api/reports/suggestions.csv']) {
				const response = await manager.get(`${path}?${query}`);
				expect(response.status, `${path}?${query}: ${response.text}`).toBe(422);
				expect(response.json.error.code).toBe('validation_failed');
				expect(typeof response.json.error.message).toBe('string');
				expect(Object.keys(response.json.error.fields), query).toEqual([field]);
			}
		};
		await refused('from=2026-02-28&to=2026-01-01', 'to');
		await refused('from=2026-02-30', 'from');
		await refused('to=2026-13-01', 'to');
		await refused('from=yesterday', 'from');
		await refused('granularity=day', 'granularity');
		await refused('tier=gold', 'tier');
		await refused('themeId=no-such-theme', 'themeId');
		await refused('ownerId=no-such-owner', 'ownerId');
		await refused('from=1990-01-01&to=2026-01-01', 'from');

		for (const path of ['/api/reports/suggestions', '/api/reports/suggestions.csv']) {
			const stranger = await app.anonymous().get(`${path}?granularity=day`);
			expect(stranger.status).toBe(401);
			expect(stranger.json.error.code).toBe('unauthenticated');
		}
	});
});

describe('the store’s periods', () => {
	it('start where api/domain/report-periods says, for any instant (weeks from Monday, months, UTC)', async () => {
		const instants = fc.sample(
			fc.integer({ min: Date.UTC(1999, 0, 1), max: Date.UTC(2045, 0, 1) }),
			{ numRuns: 300, seed: 20260302 }
		);
		// Midnights, the last millisecond before them, and a leap day, besides the random draw.
		instants.push(
			Date.UTC(2026, 0, 12),
			Date.UTC(2026, 0, 12) - 1,
			Date.UTC(2026, 1, 1) - 1,
			Date.UTC(2024, 1, 29, 12)
		);
		for (const granularity of ['week', 'month'] as const) {
			const rows = await app.db.all<{ ms: number; start: string }>(
				sql`select value as ms, ${periodStartOf(granularity, sql`value`)} as start from json_each(${JSON.stringify(instants)})`
			);
			expect(rows).toHaveLength(instants.length);
			for (const row of rows)
				expect(row.start, `${granularity} of ${new Date(row.ms).toISOString()}`).toBe(
					periodStart(granularity, new Date(row.ms)).toISOString().slice(0, 10)
				);
		}
	});
});
