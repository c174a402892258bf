import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

import { benchPlanning } from './planning';
import { benchReports } from './reports';
import { benchSlaReport } from './sla-report';
import { benchSlaSweep } from './sla-sweep';
import { benchToken } from './seed-invitations';

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
 *   the largest stall while the tick rolls the rounds up and reports are read.
 */
const concurrency = Number(process.env.BENCH_CONCURRENCY || 16);
const roundMs = Number(process.env.BENCH_ROUND_MS || 4000);
const rounds = Number(process.env.BENCH_ROUNDS || 3);
const planContacts = Number(process.env.BENCH_PLAN_CONTACTS || 100_000);
const slaCases = Number(process.env.BENCH_SLA_CASES || 1_000_000);
const reportResponses = Number(process.env.BENCH_REPORT_RESPONSES || 1_000_000);
const stallSeconds = Number(process.env.BENCH_STALL_SECONDS || 15);
const slaReportCases = Number(process.env.BENCH_SLA_REPORT_CASES || 1_000_000);

const child = spawn('npx', ['tsx', 'test/bench/servers.ts'], { stdio: ['ignore', 'pipe', 'inherit'] });
const firstLine = await new Promise<string>((resolve) => createInterface({ input: child.stdout! }).once('line', resolve));
const ports = JSON.parse(firstLine) as { baseline: number; product: number };

type Target = { name: string; url: (n: number) => string; headers: Record<string, string>; body: (n: number) => unknown; status: number };

async function signInToProduct(): Promise<Record<string, string>> {
	const base = `http://127.0.0.1:${ports.product}/api`;
	const setup = await fetch(`${base}/auth/setup`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ email: 'bench@example.test', name: 'Bench', password: 'bench password 1' })
	});
	if (!setup.ok) throw new Error(`setup failed: ${setup.status} ${await setup.text()}`);
	const cookie = setup.headers.getSetCookie()[0]!.split(';')[0]!;
	return { cookie, 'content-type': 'application/json' };
}

async function createAccount(headers: Record<string, string>): Promise<string> {
	const response = await fetch(`http://127.0.0.1:${ports.product}/api/accounts`, {
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

try {
	const headers = await signInToProduct();
	const accountId = await createAccount(headers);
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

const plan = await benchPlanning(planContacts);
console.log(`\nPlanning and queueing invitations for ${plan.contacts.toLocaleString('en')} eligible contacts (${plan.rows.toLocaleString('en')} rows: invitations and their emails)`);
console.log(`${'baseline: bulk insert of the same rows (json_each, 200 per statement)'.padEnd(72)} ${plan.insertRowsPerSecond.toFixed(0).padStart(7)} rows/s  ${(plan.insertMs / 1000).toFixed(1)} s`);
console.log(`${'scheduler: audience, eligibility, tokens, emails, race-safe writes'.padEnd(72)} ${plan.planRowsPerSecond.toFixed(0).padStart(7)} rows/s  ${(plan.planMs / 1000).toFixed(1)} s  ratio ${(plan.planRowsPerSecond / plan.insertRowsPerSecond).toFixed(2)}`);

const sweep = await benchSlaSweep(slaCases, 1000);
console.log(`\nSLA sweep over ${sweep.openCases.toLocaleString('en')} open cases, ${sweep.dueCases.toLocaleString('en')} of them due (seeded in ${(sweep.seedMs / 1000).toFixed(1)} s)`);
console.log(`${'baseline: full read of the clocks table'.padEnd(72)} ${sweep.scanMs.toFixed(1).padStart(9)} ms  (${sweep.scannedRows.toLocaleString('en')} rows)`);
console.log(`${'sweep: find the due clocks through the next-check index'.padEnd(72)} ${sweep.readMs.toFixed(1).padStart(9)} ms  ratio ${(sweep.readMs / sweep.scanMs).toFixed(4)}`);
console.log(`${'sweep: the whole sweep (1,000 breaches recorded, clocks updated)'.padEnd(72)} ${sweep.sweepMs.toFixed(1).padStart(9)} ms  ratio ${(sweep.sweepMs / sweep.scanMs).toFixed(4)}`);
console.log(`${'sweep: the next tick, nothing due'.padEnd(72)} ${sweep.idleMs.toFixed(1).padStart(9)} ms  ratio ${(sweep.idleMs / sweep.scanMs).toFixed(4)}`);

const reports = await benchReports(reportResponses, stallSeconds);
console.log(`\nSatisfaction report over ${reports.responses.toLocaleString('en')} answers in a year (seeded in ${(reports.seedMs / 1000).toFixed(1)} s; rollups built in ${(reports.rollupMs / 1000).toFixed(1)} s, ${reports.periods} periods)`);
console.log(`${'baseline: the monthly NPS computed from the raw answers'.padEnd(72)} ${reports.rawMs.toFixed(1).padStart(9)} ms`);
console.log(`${'report: the same twelve months read from the rollups'.padEnd(72)} ${reports.reportMs.toFixed(1).padStart(9)} ms  ratio ${(reports.reportMs / reports.rawMs).toFixed(4)}`);
console.log(`${`largest event-loop stall over ${reports.stall.seconds} s of answers, report reads and tick steps`.padEnd(72)} ${reports.stall.maxMs.toFixed(1).padStart(9)} ms  (p99 ${reports.stall.p99Ms.toFixed(1)} ms; slowest tick step ${reports.stall.refreshMaxMs.toFixed(1)} ms; ${reports.stall.answered} answers, ${reports.stall.reportsRead} reports, ${reports.stall.refreshes} tick steps)`);

const slaReportRun = await benchSlaReport(slaReportCases);
console.log(`\nSLA report over ${slaReportRun.cases.toLocaleString('en')} cases in a year (${slaReportRun.rounds.toLocaleString('en')} clock rounds settled, ${slaReportRun.events.toLocaleString('en')} events; seeded in ${(slaReportRun.seedMs / 1000).toFixed(1)} s; rolled up by ${slaReportRun.ticks} tick steps in ${(slaReportRun.rollupMs / 1000).toFixed(1)} s, the slowest ${slaReportRun.slowestTickMs.toFixed(0)} ms)`);
console.log(`${'baseline: the year computed from the raw rows (every round judged)'.padEnd(72)} ${slaReportRun.rawMs.toFixed(1).padStart(9)} ms`);
console.log(`${'report: the same year read from the rollups'.padEnd(72)} ${slaReportRun.reportMs.toFixed(1).padStart(9)} ms  ratio ${(slaReportRun.reportMs / slaReportRun.rawMs).toFixed(4)}`);
console.log(`${'largest event-loop stall while the rounds are rolled up and reports read'.padEnd(72)} ${slaReportRun.stall.maxMs.toFixed(1).padStart(9)} ms  (p99 ${slaReportRun.stall.p99Ms.toFixed(1)} ms; ${slaReportRun.stall.reportsRead} reports)`);
