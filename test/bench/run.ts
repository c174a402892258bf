import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

import { benchPlanning } from './planning';
import { benchReports } from './reports';
import { benchSlaReport } from './sla-report';
import { benchSlaSweep } from './sla-sweep';
import { benchToken } from './seed-invitations';
import { benchWorkers } from './workers';

/**
 * `npm run bench`, every figure as a ratio to a baseline measured in this run:
 * - requests per second of creating a contact and of answering a survey
 *   (the public response POST) through the real API, against a bare Hono
 *   route doing one insert into the same kind of database; rounds alternate
 *   so drift hits all of them alike;
 * - requests per second of filing a complaint (the public intake), against
 *   the same bare route;
 * - rows per second of planning and queueing invitations for 100,000 eligible
 *   contacts, against a bulk insert of the same rows;
 * - the SLA sweep over 1,000,000 open cases of which 1,000 are due, against a
 *   full read of the same clocks table;
 * - the satisfaction trend read from the rollups, against the same figures
 *   computed from the raw answers (BENCH_REPORT_RESPONSES, default 1,000,000),
 *   and the largest event-loop stall while answers arrive (each counting
 *   itself in the rollups), reports are read and the tick runs its step;
 * - the SLA report read from its rollups, against the same figures computed
 *   from the raw rows (BENCH_SLA_REPORT_CASES, default 1,000,000 cases), and
 *   the largest stall while the tick rolls the rounds up and reports are read;
 * - the Workers host against the Node host on the same seed (test/bench/workers.ts):
 *   the response POST's rate on each, rounds alternating, and the server
 *   process's CPU time per request of the main routes, next to the health route's.
 *
 * BENCH_ONLY picks sections (comma-separated: http, planning, sla-sweep,
 * reports, sla-report, workers); without it every section runs.
 */
const concurrency = Number(process.env.BENCH_CONCURRENCY || 16);
const roundMs = Number(process.env.BENCH_ROUND_MS || 4000);
const rounds = Number(process.env.BENCH_ROUNDS || 3);
const planContacts = Number(process.env.BENCH_PLAN_CONTACTS || 100_000);
const slaCases = Number(process.env.BENCH_SLA_CASES || 1_000_000);
const reportResponses = Number(process.env.BENCH_REPORT_RESPONSES || 1_000_000);
const stallSeconds = Number(process.env.BENCH_STALL_SECONDS || 15);
const slaReportCases = Number(process.env.BENCH_SLA_REPORT_CASES || 1_000_000);
const only = process.env.BENCH_ONLY?.split(',').map((name) => name.trim()).filter(Boolean);
const selected = (section: string) => !only?.length || only.includes(section);

type Target = { name: string; url: (n: number) => string; headers: Record<string, string>; body: (n: number) => unknown; status: number };

async function signInToProduct(port: number): Promise<Record<string, string>> {
	const base = `http://127.0.0.1:${port}/api`;
	const setup = await fetch(`${base}/auth/setup`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ email: 'bench@example.test', name: 'Bench', password: 'bench password 1' })
	});
	if (!setup.ok) throw new Error(`setup failed: ${setup.status} ${await setup.text()}`);
	const cookie = setup.headers.getSetCookie()[0]!.split(';')[0]!;
	return { cookie, 'content-type': 'application/json' };
}

async function createAccount(port: number, headers: Record<string, string>): Promise<string> {
	const response = await fetch(`http://127.0.0.1:${port}/api/accounts`, {
		method: 'POST',
		headers,
		body: JSON.stringify({ name: 'Bench Industries', tier: 'standard' })
	});
	if (!response.ok) throw new Error(`account failed: ${response.status} ${await response.text()}`);
	const json = (await response.json()) as { account?: { id: string }; id?: string };
	return json.account?.id ?? json.id!;
}

let sequence = 0;
async function measure(target: Target): Promise<{ rps: number; p50: number; p99: number; errors: number }> {
	const latencies: number[] = [];
	let errors = 0;
	const deadline = performance.now() + roundMs;
	await Promise.all(
		Array.from({ length: concurrency }, async () => {
			while (performance.now() < deadline) {
				const n = sequence++;
				const started = performance.now();
				const response = await fetch(target.url(n), { method: 'POST', headers: target.headers, body: JSON.stringify(target.body(n)) });
				await response.arrayBuffer();
				if (response.status !== target.status) errors++;
				latencies.push(performance.now() - started);
			}
		})
	);
	latencies.sort((a, b) => a - b);
	const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
	return { rps: latencies.length / (roundMs / 1000), p50: at(0.5), p99: at(0.99), errors };
}

if (selected('http')) {
	// Node itself rather than `npx tsx`, so the SIGTERM below reaches the servers (npx does not pass it on,
	// and the orphaned servers kept this process alive on their stdout).
	const child = spawn(process.execPath, ['--import', 'tsx', 'test/bench/servers.ts'], { stdio: ['ignore', 'pipe', 'inherit'] });
	const firstLine = await new Promise<string>((resolve) => createInterface({ input: child.stdout! }).once('line', resolve));
	const ports = JSON.parse(firstLine) as { baseline: number; product: number };
	try {
		const headers = await signInToProduct(ports.product);
		const accountId = await createAccount(ports.product, headers);
		const baseline: Target = {
			name: 'baseline: bare Hono route, one insert',
			url: () => `http://127.0.0.1:${ports.baseline}/insert`,
			headers: { 'content-type': 'application/json' },
			body: (n) => ({ email: `person${n}@example.test`, name: `Person ${n}` }),
			status: 201
		};
		const product: Target = {
			name: 'POST /api/contacts (real app: session, validation, audit)',
			url: () => `http://127.0.0.1:${ports.product}/api/contacts`,
			headers,
			body: (n) => ({ accountId, email: `person${n}@example.test`, name: `Person ${n}`, locale: 'en', timeZone: 'Europe/Berlin' }),
			status: 201
		};
		// Each request answers a fresh invitation (its first answer), as customers do.
		let invitation = 0;
		const answer: Target = {
			name: 'POST /api/public/invitations/{token}/response',
			url: () => `http://127.0.0.1:${ports.product}/api/public/invitations/${benchToken(invitation++)}/response`,
			headers: { 'content-type': 'application/json' },
			body: (n) => ({ score: n % 11 }),
			status: 200
		};
		const complaint: Target = {
			name: 'POST /api/public/complaints (intake: routing, SLA, emails)',
			url: () => `http://127.0.0.1:${ports.product}/api/public/complaints`,
			headers: { 'content-type': 'application/json' },
			body: (n) => ({ name: `Customer ${n}`, email: `complainant${n}@example.test`, subject: 'Late delivery', description: 'The order arrived three days late and nobody told us.' }),
			status: 201
		};
		const targets = [baseline, product, answer, complaint];
		// Warm up (JIT, page cache) before measuring.
		for (const target of targets) await measure(target);

		const results = new Map<string, Awaited<ReturnType<typeof measure>>[]>();
		for (let round = 0; round < rounds; round++) {
			for (const target of targets) {
				const result = await measure(target);
				results.set(target.name, [...(results.get(target.name) ?? []), result]);
			}
		}
		const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
		const summary = [...results].map(([name, runs]) => ({
			name,
			rps: median(runs.map((r) => r.rps)),
			p50: median(runs.map((r) => r.p50)),
			p99: median(runs.map((r) => r.p99)),
			errors: runs.reduce((sum, r) => sum + r.errors, 0)
		}));
		const base = summary[0]!;
		console.log(`\nCloseloop bench: ${rounds} rounds × ${roundMs / 1000} s, ${concurrency} concurrent requests, Node ${process.version}\n`);
		for (const row of summary) {
			console.log(
				`${row.name.padEnd(60)} ${row.rps.toFixed(0).padStart(7)} req/s  p50 ${row.p50.toFixed(1).padStart(6)} ms  p99 ${row.p99.toFixed(1).padStart(6)} ms  ratio ${(row.rps / base.rps).toFixed(2)}${row.errors ? `  (${row.errors} errors)` : ''}`
			);
		}
	} finally {
		child.kill('SIGTERM');
	}
}

if (selected('planning')) {
	const plan = await benchPlanning(planContacts);
	console.log(`\nPlanning and queueing invitations for ${plan.contacts.toLocaleString('en')} eligible contacts (${plan.rows.toLocaleString('en')} rows: invitations and their emails)`);
	console.log(`${'baseline: bulk insert of the same rows (json_each, 200 per statement)'.padEnd(72)} ${plan.insertRowsPerSecond.toFixed(0).padStart(7)} rows/s  ${(plan.insertMs / 1000).toFixed(1)} s`);
	console.log(`${'scheduler: audience, eligibility, tokens, emails, race-safe writes'.padEnd(72)} ${plan.planRowsPerSecond.toFixed(0).padStart(7)} rows/s  ${(plan.planMs / 1000).toFixed(1)} s  ratio ${(plan.planRowsPerSecond / plan.insertRowsPerSecond).toFixed(2)}`);
}

if (selected('sla-sweep')) {
	const sweep = await benchSlaSweep(slaCases, 1000);
	console.log(`\nSLA sweep over ${sweep.openCases.toLocaleString('en')} open cases, ${sweep.dueCases.toLocaleString('en')} of them due (seeded in ${(sweep.seedMs / 1000).toFixed(1)} s)`);
	console.log(`${'baseline: full read of the clocks table'.padEnd(72)} ${sweep.scanMs.toFixed(1).padStart(9)} ms  (${sweep.scannedRows.toLocaleString('en')} rows)`);
	console.log(`${'sweep: find the due clocks through the next-check index'.padEnd(72)} ${sweep.readMs.toFixed(1).padStart(9)} ms  ratio ${(sweep.readMs / sweep.scanMs).toFixed(4)}`);
	console.log(`${'sweep: the whole sweep (1,000 breaches recorded, clocks updated)'.padEnd(72)} ${sweep.sweepMs.toFixed(1).padStart(9)} ms  ratio ${(sweep.sweepMs / sweep.scanMs).toFixed(4)}`);
	console.log(`${'sweep: the next tick, nothing due'.padEnd(72)} ${sweep.idleMs.toFixed(1).padStart(9)} ms  ratio ${(sweep.idleMs / sweep.scanMs).toFixed(4)}`);
}

if (selected('reports')) {
	const reports = await benchReports(reportResponses, stallSeconds);
	console.log(`\nSatisfaction report over ${reports.responses.toLocaleString('en')} answers in a year (seeded in ${(reports.seedMs / 1000).toFixed(1)} s; rollups built in ${(reports.rollupMs / 1000).toFixed(1)} s, ${reports.periods} periods)`);
	console.log(`${'baseline: the monthly NPS computed from the raw answers'.padEnd(72)} ${reports.rawMs.toFixed(1).padStart(9)} ms`);
	console.log(`${'report: the same twelve months read from the rollups'.padEnd(72)} ${reports.reportMs.toFixed(1).padStart(9)} ms  ratio ${(reports.reportMs / reports.rawMs).toFixed(4)}`);
	console.log(`${`largest event-loop stall over ${reports.stall.seconds} s of answers, report reads and tick steps`.padEnd(72)} ${reports.stall.maxMs.toFixed(1).padStart(9)} ms  (p99 ${reports.stall.p99Ms.toFixed(1)} ms; slowest tick step ${reports.stall.refreshMaxMs.toFixed(1)} ms; ${reports.stall.answered} answers, ${reports.stall.reportsRead} reports, ${reports.stall.refreshes} tick steps)`);
}

if (selected('sla-report')) {
	const slaReportRun = await benchSlaReport(slaReportCases);
	console.log(`\nSLA report over ${slaReportRun.cases.toLocaleString('en')} cases in a year (${slaReportRun.rounds.toLocaleString('en')} clock rounds settled, ${slaReportRun.events.toLocaleString('en')} events; seeded in ${(slaReportRun.seedMs / 1000).toFixed(1)} s; rolled up by ${slaReportRun.ticks} tick steps in ${(slaReportRun.rollupMs / 1000).toFixed(1)} s, the slowest ${slaReportRun.slowestTickMs.toFixed(0)} ms)`);
	console.log(`${'baseline: the year computed from the raw rows (every round judged)'.padEnd(72)} ${slaReportRun.rawMs.toFixed(1).padStart(9)} ms`);
	console.log(`${'report: the same year read from the rollups'.padEnd(72)} ${slaReportRun.reportMs.toFixed(1).padStart(9)} ms  ratio ${(slaReportRun.reportMs / slaReportRun.rawMs).toFixed(4)}`);
	console.log(`${'largest event-loop stall while the rounds are rolled up and reports read'.padEnd(72)} ${slaReportRun.stall.maxMs.toFixed(1).padStart(9)} ms  (p99 ${slaReportRun.stall.p99Ms.toFixed(1)} ms; ${slaReportRun.stall.reportsRead} reports)`);
}

if (selected('workers')) {
	const workers = await benchWorkers({ measure, rounds });
	const { seed, rate, cpu } = workers;
	console.log(`\nWorkers host against the Node host: the API Worker as \`wrangler deploy\` bundles it, in workerd (Miniflare) on local D1, and the real app on Node (its own process) on a libSQL file`);
	console.log(`Same seed on both: ${seed.contacts.toLocaleString('en')} contacts in ${seed.accounts} accounts, ${seed.cases} complaint cases, ${seed.answers.toLocaleString('en')} answers over a year (${seed.shown.answers.toLocaleString('en')} in the report's twelve months), ${seed.invitations.toLocaleString('en')} open invitations; clocks frozen at one instant (set up in ${(workers.setupMs / 1000).toFixed(1)} s)`);
	console.log(`Response POST rate, ${rounds} rounds × ${roundMs / 1000} s alternating between the hosts, ${concurrency} concurrent requests:`);
	for (const [name, row] of [['Workers (workerd, local D1)', rate.workers], ['Node (libSQL file)', rate.node]] as const)
		console.log(`${`POST /api/public/invitations/{token}/response on ${name}`.padEnd(72)} ${row.rps.toFixed(0).padStart(7)} req/s  p50 ${row.p50.toFixed(1).padStart(6)} ms  p99 ${row.p99.toFixed(1).padStart(6)} ms${row.errors ? `  (${row.errors} errors)` : ''}`);
	console.log(`${'ratio workers/node'.padEnd(72)} ${(rate.workers.rps / rate.node.rps).toFixed(2).padStart(7)}`);
	if (rate.exhausted.length) console.log(`(${rate.exhausted.join(' and ')} ran out of invitations: raise BENCH_WORKER_INVITATIONS)`);
	console.log(`CPU time per request: the server process's utime + stime (/proc/<pid>/stat, 1/${workers.ticks} s ticks) over N sequential requests, ÷ N;`);
	console.log(`it includes the host's own HTTP handling (workerd: Miniflare's entry Worker and local D1's SQLite too; Node: libSQL), not the client's; ×health is the ratio to the same host's health route`);
	console.log(`${'route'.padEnd(48)} ${'N'.padStart(5)}  ${'Workers ms'.padStart(10)} ${'×health'.padStart(8)}  ${'Node ms'.padStart(8)} ${'×health'.padStart(8)}  workers/node`);
	const [health] = cpu;
	for (const row of cpu)
		console.log(`${row.route.padEnd(48)} ${String(row.requests).padStart(5)}  ${row.workers.toFixed(2).padStart(10)} ${(row.workers / health!.workers).toFixed(1).padStart(8)}  ${row.node.toFixed(2).padStart(8)} ${(row.node / health!.node).toFixed(1).padStart(8)}  ${(row.workers / row.node).toFixed(2).padStart(12)}`);
	const did = (report: typeof workers.tick.workers) => `${report.detractorCases.opened} detractor cases opened, ${report.emails.sent} emails sent`;
	console.log(`(the tick's due work on Workers: ${did(workers.tick.workers)}; on Node: ${did(workers.tick.node)})`);
}
