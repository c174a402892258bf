import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

/**
 * `npm run bench`: requests per second of creating a contact through the real
 * API, as a ratio to a bare Hono route doing one insert into the same kind of
 * database, both measured in this run. Rounds alternate so drift hits both.
 */
const concurrency = Number(process.env.BENCH_CONCURRENCY || 16);
const roundMs = Number(process.env.BENCH_ROUND_MS || 4000);
const rounds = Number(process.env.BENCH_ROUNDS || 3);

const child = spawn('npx', ['tsx', 'test/bench/servers.ts'], { stdio: ['ignore', 'pipe', 'inherit'] });
const firstLine = await new Promise<string>((resolve) => createInterface({ input: child.stdout! }).once('line', resolve));
const ports = JSON.parse(firstLine) as { baseline: number; product: number };

type Target = { name: string; url: string; headers: Record<string, string>; body: (n: number) => unknown };

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
				const response = await fetch(target.url, { method: 'POST', headers: target.headers, body: JSON.stringify(target.body(n)) });
				await response.arrayBuffer();
				if (response.status !== 201) errors++;
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
		url: `http://127.0.0.1:${ports.baseline}/insert`,
		headers: { 'content-type': 'application/json' },
		body: (n) => ({ email: `person${n}@example.test`, name: `Person ${n}` })
	};
	const product: Target = {
		name: 'POST /api/contacts (real app: session, validation, audit)',
		url: `http://127.0.0.1:${ports.product}/api/contacts`,
		headers,
		body: (n) => ({ accountId, email: `person${n}@example.test`, name: `Person ${n}`, locale: 'en', timeZone: 'Europe/Berlin' })
	};
	// Warm up both (JIT, page cache) before measuring.
	for (const target of [baseline, product]) await measure({ ...target, url: target.url });

	const results = new Map<string, Awaited<ReturnType<typeof measure>>[]>();
	for (let round = 0; round < rounds; round++) {
		for (const target of [baseline, product]) {
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
			`${row.name.padEnd(58)} ${row.rps.toFixed(0).padStart(7)} req/s  p50 ${row.p50.toFixed(1).padStart(6)} ms  p99 ${row.p99.toFixed(1).padStart(6)} ms  ratio ${(row.rps / base.rps).toFixed(2)}${row.errors ? `  (${row.errors} errors)` : ''}`
		);
	}
} finally {
	child.kill('SIGTERM');
}
