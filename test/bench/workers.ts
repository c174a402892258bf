import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import type { Database } from '../../db/database';
import { defaultDefinition } from '../../api/domain/survey-definition';
import type { TickReport } from '../../api/tick';
import { startTestApp } from '../support/app';
import { buildApiWorker, startApiWorker } from '../support/worker-host';
import { benchToken, seedInvitations } from './seed-invitations';

/**
 * The Workers host against the Node host (issue #6), on the same seed:
 * - Workers: the API Worker bundled as `wrangler deploy` bundles it, in workerd
 *   (Miniflare) on a local D1 database;
 * - Node: the real app as the tests run it (`startTestApp`, a libSQL file), in
 *   a process of its own so its CPU can be read like workerd's.
 * Both clocks are frozen at the same instant, and both get the same rows and
 * the same requests in the same order, so their databases stay alike.
 *
 * It measures the public response POST's rate on each (rounds alternating,
 * through run.ts's request loop) and the CPU time per request of the main
 * routes: the server process's utime + stime (/proc/<pid>/stat) across N
 * sequential requests, divided by N. That includes the host's own HTTP
 * handling (for workerd also Miniflare's entry Worker and local D1's SQLite;
 * for Node also libSQL), and none of the load generator's.
 */

/** A target of run.ts's request loop. */
export type RateTarget = {
	name: string;
	url: (n: number) => string;
	headers: Record<string, string>;
	body: (n: number) => unknown;
	status: number;
};
export type RateResult = { rps: number; p50: number; p99: number; errors: number };

/** What the seed holds besides the invitations (the rows the list and report routes read). */
export const workersSeed = { accounts: 200, contacts: 2000, answers: 2000, cases: 200 };

/** Enough open invitations for the CPU runs and every round of the rate runs on the faster host. */
const invitationCount = Number(process.env.BENCH_WORKER_INVITATIONS || 10_000);
/**
 * Sequential requests per route for the CPU figures: enough that the clock ticks (10 ms) stay within
 * a few per cent; a twentieth of them for sign-in (scrypt), two and a half times as many for health.
 */
const cpuRequests = Number(process.env.BENCH_WORKER_CPU_REQUESTS || 200);
/** The public intake allows 10 complaints an hour per network address; the bench files hundreds from one. */
const unlimited = 1_000_000_000;
const admin = { email: 'bench@example.test', name: 'Bench', password: 'bench password 1' };
const dayMs = 86_400_000;

type Host = {
	name: 'Workers' | 'Node';
	url: string;
	/** The server process: workerd, or the Node host's. */
	pid: number;
	/** The admin's session cookie. */
	cookie: string;
	/** What the list and report routes show once seeded (totals, and the answers in the report's twelve months). */
	shown: { cases: number; contacts: number; answers: number };
	/** The next unanswered invitation (`benchToken(n)`) and the next complaint's sender. */
	next: { invitation: number; complaint: number };
};

type Request = {
	path: string;
	method?: 'GET' | 'POST';
	body?: unknown;
	staff?: boolean;
	status: number;
};
type Route = { name: string; requests: number; request: (host: Host) => Request };

/** Each host's CPU milliseconds per request of one route. */
export type CpuRow = { route: string; requests: number; workers: number; node: number };

export async function benchWorkers(options: {
	/** run.ts's request loop: fixed-length rounds at its concurrency. */
	measure: (target: RateTarget) => Promise<RateResult>;
	rounds: number;
}) {
	const started = performance.now();
	const now = new Date(Math.floor(Date.now() / 1000) * 1000);
	const buildDir = mkdtempSync(join(tmpdir(), 'closeloop-bench-worker-'));
	let worker: Awaited<ReturnType<typeof startApiWorker>> | undefined;
	let nodeProcess: ChildProcess | undefined;
	try {
		// The Node host seeds its own database while the Worker is built, started and seeded.
		const nodeStarted = startNodeHost(now);
		nodeProcess = nodeStarted.child;
		// Its own build directory: the test suite's (.wrangler/test-build) may be in use.
		const script = buildApiWorker(buildDir);
		worker = await startApiWorker({
			script,
			bindings: {
				CLOSELOOP_ENV: 'test',
				CLOSELOOP_CLOCK_CONTROL: '1',
				PUBLIC_URL: 'http://127.0.0.1',
				COMPLAINTS_PER_ADDRESS_PER_HOUR: String(unlimited)
			}
		});
		await call(worker.url, {
			path: '/api/clock',
			method: 'POST',
			body: { frozen: true, set: now.toISOString() },
			status: 200
		});
		const workerPid = workerdPid();
		await seedHost(worker.db, now);
		const nodeUrl = await nodeStarted.url;

		const hosts = await Promise.all([
			prepareHost({ name: 'Workers', url: worker.url, pid: workerPid }),
			prepareHost({ name: 'Node', url: nodeUrl, pid: nodeProcess.pid! })
		]);
		const setupMs = performance.now() - started;

		// CPU first: it also warms up the response POST for the rate rounds. Host by host, route by
		// route, each route warmed up (JIT, caches) with a tenth as many requests, not counted.
		const ticks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
		const cpu: CpuRow[] = [];
		for (const route of routes()) {
			const perHost: number[] = [];
			for (const host of hosts) {
				for (let i = 0; i < Math.ceil(route.requests / 10); i++)
					await call(host.url, route.request(host), host.cookie);
				perHost.push((await cpuPerRequest(host, route, ticks)).cpuMs);
			}
			cpu.push({
				route: route.name,
				requests: route.requests,
				workers: perHost[0]!,
				node: perHost[1]!
			});
		}
		// Then one tick on each, with the work the requests above left: detractor cases to open,
		// emails to send. Its report says what that work was.
		const tick: Route = {
			name: 'POST /api/clock/tick (one, with due work)',
			requests: 1,
			request: () => ({ path: '/api/clock/tick', method: 'POST', status: 200 })
		};
		const ticked = [];
		for (const host of hosts) ticked.push(await cpuPerRequest(host, tick, ticks));
		cpu.push({ route: tick.name, requests: 1, workers: ticked[0]!.cpuMs, node: ticked[1]!.cpuMs });
		const tickReports = {
			workers: JSON.parse(ticked[0]!.body) as TickReport,
			node: JSON.parse(ticked[1]!.body) as TickReport
		};

		// The rate rounds, alternating host by host, each answering fresh invitations.
		const answer = (host: Host): RateTarget => ({
			name: host.name,
			url: () =>
				`${host.url}/api/public/invitations/${benchToken(host.next.invitation++)}/response`,
			headers: { 'content-type': 'application/json' },
			body: (n) => ({ score: n % 11 }),
			status: 200
		});
		const runs: Record<Host['name'], RateResult[]> = { Workers: [], Node: [] };
		for (let round = 0; round < options.rounds; round++)
			for (const host of hosts) runs[host.name].push(await options.measure(answer(host)));
		const rate = (name: Host['name']) => ({
			rps: median(runs[name].map((run) => run.rps)),
			p50: median(runs[name].map((run) => run.p50)),
			p99: median(runs[name].map((run) => run.p99)),
			errors: runs[name].reduce((sum, run) => sum + run.errors, 0)
		});
		const exhausted = hosts
			.filter((host) => host.next.invitation > invitationCount)
			.map((host) => host.name);
		return {
			seed: { ...workersSeed, invitations: invitationCount, shown: hosts[0].shown },
			setupMs,
			rate: { workers: rate('Workers'), node: rate('Node'), exhausted },
			cpu,
			ticks,
			tick: tickReports
		};
	} finally {
		nodeProcess?.kill('SIGTERM');
		await worker?.stop();
		rmSync(buildDir, { recursive: true, force: true });
	}
}

/** The routes whose CPU is measured, lists and reports before the writes that grow them; health is the baseline. */
function routes(): Route[] {
	return [
		{
			name: 'GET /api/health',
			requests: Math.round(cpuRequests * 2.5),
			request: () => ({ path: '/api/health', status: 200 })
		},
		{
			name: 'POST /api/auth/sign-in (scrypt)',
			requests: Math.max(1, Math.round(cpuRequests / 20)),
			request: () => ({
				path: '/api/auth/sign-in',
				method: 'POST',
				body: { email: admin.email, password: admin.password },
				status: 200
			})
		},
		{
			name: 'GET /api/cases',
			requests: cpuRequests,
			request: () => ({ path: '/api/cases', staff: true, status: 200 })
		},
		{
			name: 'GET /api/contacts',
			requests: cpuRequests,
			request: () => ({ path: '/api/contacts', staff: true, status: 200 })
		},
		{
			name: 'GET /api/reports/satisfaction',
			requests: cpuRequests,
			request: () => ({ path: '/api/reports/satisfaction', staff: true, status: 200 })
		},
		{
			name: 'POST /api/public/invitations/{token}/response',
			requests: cpuRequests,
			request: (host) => {
				const n = host.next.invitation++;
				return {
					path: `/api/public/invitations/${benchToken(n)}/response`,
					method: 'POST',
					body: { score: n % 11 },
					status: 200
				};
			}
		},
		{
			name: 'POST /api/public/complaints',
			requests: cpuRequests,
			request: (host) => ({
				path: '/api/public/complaints',
				method: 'POST',
				body: complaint(`complainant${host.next.complaint++}@example.test`),
				status: 201
			})
		}
	];
}

const complaint = (email: string) => ({
	name: 'Bench Customer',
	email,
	subject: 'Late delivery',
	description: 'The order arrived three days late and nobody told us.'
});

/**
 * The server process's CPU per request over `route.requests` sequential requests (the process
 * does nothing else meanwhile), and the last answer's body.
 */
async function cpuPerRequest(host: Host, route: Route, ticks: number) {
	const before = cpuMs(host.pid, ticks);
	let body = '';
	for (let i = 0; i < route.requests; i++)
		body = await call(host.url, route.request(host), host.cookie);
	return { cpuMs: (cpuMs(host.pid, ticks) - before) / route.requests, body };
}

/** One request; answers the body, and throws on any other status than the one expected. */
async function call(base: string, request: Request, cookie?: string): Promise<string> {
	const headers: Record<string, string> = {};
	if (request.body !== undefined) headers['content-type'] = 'application/json';
	if (request.staff && cookie) headers.cookie = cookie;
	const response = await fetch(base + request.path, {
		method: request.method ?? 'GET',
		headers,
		body: request.body === undefined ? undefined : JSON.stringify(request.body)
	});
	const text = await response.text();
	if (response.status !== request.status)
		throw new Error(
			`${request.method ?? 'GET'} ${request.path}: ${response.status} ${text.slice(0, 300)}`
		);
	return text;
}

/**
 * Through each host's API: the first admin (a real scrypt hash, signed in),
 * the seeded complaint cases, then ticks until the seed's background work is
 * done (the rollups' backfill of the year, the survey invitations and emails).
 */
async function prepareHost(host: Pick<Host, 'name' | 'url' | 'pid'>): Promise<Host> {
	const setup = await fetch(`${host.url}/api/auth/setup`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(admin)
	});
	if (setup.status !== 201)
		throw new Error(`${host.name}: setup failed: ${setup.status} ${await setup.text()}`);
	const cookie = setup.headers.getSetCookie()[0]!.split(';')[0]!;
	for (let n = 0; n < workersSeed.cases; n++)
		await call(host.url, {
			path: '/api/public/complaints',
			method: 'POST',
			body: complaint(`contact${n}@example.test`),
			status: 201
		});
	for (let tick = 0; tick < 20; tick++) {
		const report = JSON.parse(
			await call(host.url, { path: '/api/clock/tick', method: 'POST', status: 200 })
		) as TickReport;
		if (
			!report.rollups.periods &&
			!report.surveys.invited &&
			!report.detractorCases.opened &&
			!report.emails.sent
		)
			break;
	}
	// The pages the CPU runs read are full ones: a bench over empty lists would flatter both hosts.
	const read = async (path: string) =>
		JSON.parse(await call(host.url, { path, staff: true, status: 200 }, cookie));
	const shown = {
		cases: ((await read('/api/cases')) as { total: number }).total,
		contacts: ((await read('/api/contacts')) as { total: number }).total,
		answers: (
			(await read('/api/reports/satisfaction')) as { periods: { responses: number }[] }
		).periods.reduce((sum, period) => sum + period.responses, 0)
	};
	if (
		shown.cases < workersSeed.cases ||
		shown.contacts < workersSeed.contacts ||
		shown.answers < workersSeed.answers * 0.8
	)
		throw new Error(`${host.name}: the seed did not show: ${JSON.stringify(shown)}`);
	return { ...host, cookie, shown, next: { invitation: 0, complaint: 0 } };
}

/** The same rows on either host's database: the bench's invitations, then the accounts, contacts and a year of answers. */
async function seedHost(db: Database, now: Date) {
	await seedInvitations(db, invitationCount);
	await seedHistory(db, now);
}

/**
 * 2,000 contacts in 200 accounts, each with one answer to a paused NPS survey
 * spread over the last year (so the report has twelve months to show).
 * Made inside SQLite from a recursive series, so each statement stays
 * far within D1's 100 bound values.
 */
async function seedHistory(db: Database, now: Date) {
	// Numbers are written into the SQL as integer literals: libSQL binds a JS number as a real, and
	// 'wb-a' || (n % 200.0) is 'wb-a0.0'. Only the survey's definition is a bound value.
	const int = (value: number) => sql.raw(String(Math.trunc(value)));
	const { accounts, contacts, answers } = workersSeed;
	const yearAgo = int(now.getTime() - 365 * dayMs);
	const paused = int(now.getTime() - dayMs);
	const step = int((364 * dayMs) / answers);
	const week = int(7 * dayMs);
	const series = (count: number) =>
		sql`with recursive series(n) as (select 0 union all select n + 1 from series where n < ${int(count - 1)})`;
	await db.run(sql`insert into accounts (id, name, tier, won_at, created_at, updated_at)
		${series(accounts)}
		select 'wb-a' || n, 'Account ' || n, case n % 4 when 0 then 'basic' when 1 then 'standard' when 2 then 'premium' else 'enterprise' end, ${yearAgo}, ${yearAgo}, ${yearAgo} from series`);
	await db.run(sql`insert into contacts (id, account_id, email, name, created_at, updated_at)
		${series(contacts)}
		select 'wb-c' || n, 'wb-a' || (n % ${int(accounts)}), 'contact' || n || '@example.test', 'Contact ' || n, ${yearAgo}, ${yearAgo} from series`);
	await db.run(sql`insert into surveys (id, name, kind, status, definition, audience, send_window, detractor_threshold, activated_at, paused_at, created_at, updated_at)
		values ('wb-s', 'Last year''s NPS', 'nps', 'paused', ${JSON.stringify(defaultDefinition('nps'))}, '{"tiers":[],"ownerIds":[],"accountStatuses":[],"tags":[]}', '{"days":[1,2,3,4,5,6,7],"startHour":0,"endHour":24}', 6, ${yearAgo}, ${paused}, ${yearAgo}, ${yearAgo})`);
	// Answer n is contact n's (one each), an hour after its invitation; its score from a fixed
	// pattern rather than random(), so both hosts hold the same answers.
	await db.run(sql`insert into survey_invitations (id, survey_id, contact_id, cycle, token_hash, locale, created_at, responded_at)
		${series(answers)}
		select 'wb-i' || n, 'wb-s', 'wb-c' || (n % ${int(contacts)}), n / ${int(contacts)}, 'wb-t' || n, 'en', ${yearAgo} + n * ${step}, ${yearAgo} + n * ${step} + 3600000 from series`);
	await db.run(sql`insert into survey_responses (id, invitation_id, survey_id, contact_id, account_id, score, answers, locale, detractor, created_at, updated_at, editable_until)
		select 'wb-r' || n, 'wb-i' || n, 'wb-s', 'wb-c' || (n % ${int(contacts)}), 'wb-a' || (n % ${int(contacts)} % ${int(accounts)}), score, '{}', 'en', score <= 6, at, at, at + ${week}
		from (${series(answers)} select n, (n * 7 + n / 11) % 11 as score, ${yearAgo} + n * ${step} + 3600000 as at from series)`);
}

/**
 * The Node host in its own process: this file run with `--node-host`. It
 * seeds its database, prints its URL as one JSON line and serves until SIGTERM.
 */
function startNodeHost(now: Date) {
	const child = spawn(
		process.execPath,
		['--import', 'tsx', fileURLToPath(import.meta.url), '--node-host', now.toISOString()],
		{
			stdio: ['ignore', 'pipe', 'inherit'],
			env: { ...process.env, CLOSELOOP_TEST_HOST: 'node' }
		}
	);
	const url = new Promise<string>((resolve, reject) => {
		child.once('exit', (code) =>
			reject(new Error(`the Node host exited (${code}) before it was ready`))
		);
		createInterface({ input: child.stdout! }).once('line', (line) =>
			resolve((JSON.parse(line) as { url: string }).url)
		);
	});
	// Awaited only once the Worker is up: until then an early exit must not be an unhandled rejection.
	url.catch(() => {});
	return { child, url };
}

async function serveNodeHost(now: Date) {
	const app = await startTestApp({
		now,
		config: { clockControl: true, complaintsPerAddressPerHour: unlimited }
	});
	await seedHost(app.db, now);
	process.stdout.write(`${JSON.stringify({ url: app.url })}\n`);
	process.once('SIGTERM', () => void app.stop().finally(() => process.exit(0)));
}

/** The CPU time a process has used so far, in milliseconds (utime + stime, in clock ticks of 1/`ticks` s). */
function cpuMs(pid: number, ticks: number): number {
	// The command name is in parentheses and may hold spaces; after it come field 3 (state) onwards,
	// so utime (field 14) and stime (field 15) are the 12th and 13th.
	const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
	const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
	return ((Number(fields[11]) + Number(fields[12])) * 1000) / ticks;
}

/** The workerd process Miniflare spawned: this process's child whose command line names workerd. */
function workerdPid(): number {
	const found = readdirSync('/proc')
		.filter((entry) => /^\d+$/.test(entry))
		.filter((pid) => {
			try {
				const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
				const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
				return (
					parent === process.pid && readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('workerd')
				);
			} catch {
				return false; // ended between the listing and the read
			}
		});
	if (found.length !== 1)
		throw new Error(`expected one workerd child process, found ${found.length}`);
	return Number(found[0]);
}

const median = (values: number[]) =>
	[...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

if (process.argv[1] === fileURLToPath(import.meta.url) && process.argv[2] === '--node-host')
	await serveNodeHost(new Date(process.argv[3]!));
