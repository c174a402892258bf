import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { freePort } from './browser';

/**
 * `npm run dev:workers` as a person runs it, on the bundles the set-up built
 * (`--no-build`) and a state directory of its own: wrangler migrates the local
 * D1, both Workers come up, the web Worker answers and hands /api to the API
 * Worker, and Ctrl-C stops them.
 */

const state = mkdtempSync(join(tmpdir(), 'closeloop-dev-workers-'));
afterAll(() => rmSync(state, { recursive: true, force: true }));

it('npm run dev:workers serves the pair on local D1 until stopped', async () => {
	const port = await freePort();
	const child = spawn(
		process.execPath,
		['--import', 'tsx', 'api/cli/dev-workers.ts', '--no-build', '--persist-to', state],
		{ env: { ...process.env, PORT: String(port) }, stdio: ['ignore', 'pipe', 'pipe'] }
	);
	let output = '';
	child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
	child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
	const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
	try {
		await expect
			.poll(() => output, { timeout: 60_000, interval: 200 })
			.toContain(`Closeloop on Workers (workerd, local D1) at http://localhost:${port}`);

		const health = await fetch(`http://127.0.0.1:${port}/api/health`);
		expect(health.status).toBe(200);
		expect(await health.json()).toMatchObject({ status: 'ok', database: { ok: true } });
		// No admin yet: the web Worker sends people to the set-up page.
		const home = await fetch(`http://127.0.0.1:${port}/`, { redirect: 'manual' });
		expect([home.status, home.headers.get('location')]).toEqual([303, '/setup']);
		const setup = await fetch(`http://127.0.0.1:${port}/setup`);
		expect(await setup.text()).toContain('Create admin and sign in');
	} finally {
		child.kill('SIGINT');
	}
	expect(await exited).toBe(0);
});
