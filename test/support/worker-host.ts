import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { drizzle } from 'drizzle-orm/d1';
import { migrate } from 'drizzle-orm/d1/migrator';
import { Miniflare, type WorkerOptions } from 'miniflare';
import { unstable_getMiniflareWorkerOptions } from 'wrangler';
import type { Database } from '../../db/database';

/**
 * The Workers host as it deploys: `wrangler deploy --dry-run` bundles
 * api/worker.ts exactly as `npm run deploy` would, and Miniflare runs that
 * bundle in workerd with wrangler.toml's settings and a local D1 database.
 * Tests reach it over HTTP on 127.0.0.1 and read its D1 from Node.
 */

const root = resolve(import.meta.dirname, '../..');
const wrangler = join(root, 'node_modules/.bin/wrangler');
export const apiBundleDir = join(root, '.wrangler/test-build/api');
export const webBundleDir = join(root, '.wrangler/test-build/web');

/** Bundles a Worker as `wrangler deploy` would, without uploading it (about two seconds). */
function bundle(config: string, outdir: string): string {
	execFileSync(wrangler, ['deploy', '--dry-run', '--outdir', outdir, '--config', config], {
		cwd: root,
		stdio: 'pipe',
		env: { ...process.env, WRANGLER_SEND_METRICS: 'false' }
	});
	return join(outdir, 'worker.js');
}

/** Bundles the API Worker (wrangler.toml). */
export const buildApiWorker = (outdir = apiBundleDir) => bundle('wrangler.toml', outdir);

/**
 * Builds the web app for Workers (adapter-cloudflare) and bundles its Worker
 * (wrangler.web.toml). The Vite build takes half a minute.
 */
export function buildWebWorker(outdir = webBundleDir): string {
	execFileSync(join(root, 'node_modules/.bin/vite'), ['build'], {
		cwd: root,
		stdio: 'pipe',
		env: { ...process.env, BUILD_TARGET: 'cloudflare' }
	});
	return bundle('wrangler.web.toml', outdir);
}

/** Miniflare's options for a wrangler config's Worker, running the bundle at `script`. */
export function workerOptions(
	config: string,
	script: string,
	bindings: Record<string, string> = {}
): WorkerOptions {
	const { workerOptions: fromConfig } = unstable_getMiniflareWorkerOptions(join(root, config));
	if (!existsSync(script))
		throw new Error(`No Worker bundle at ${script}: the test set-up builds it.`);
	return {
		...fromConfig,
		// Listed rather than located: the bundle keeps the Resend SDK's optional
		// `import('@react-email/render')`, which is never reached (emails are HTML).
		modules: [{ type: 'ESModule', path: 'worker.js', contents: readFileSync(script, 'utf8') }],
		bindings: { ...(fromConfig.bindings as Record<string, string>), ...bindings }
	} as WorkerOptions;
}

export type WorkerHost = Awaited<ReturnType<typeof startApiWorker>>;

/**
 * The API Worker in workerd on 127.0.0.1 with a fresh local D1 database,
 * migrated with the committed migrations. `bindings` override wrangler.toml's
 * `[vars]` (the settings a deployment would set).
 */
export async function startApiWorker(
	options: { bindings?: Record<string, string>; script?: string } = {}
) {
	// Local D1 keeps its data under `d1Persist`; a copy of the migrated template
	// is a fresh database in milliseconds, where migrating takes most of a second.
	const persist = mkdtempSync(join(tmpdir(), 'closeloop-d1-'));
	const template = join(apiBundleDir, 'd1-template');
	if (existsSync(template)) cpSync(template, persist, { recursive: true });
	const mf = new Miniflare({
		host: '127.0.0.1',
		port: 0,
		d1Persist: persist,
		...workerOptions(
			'wrangler.toml',
			options.script ?? join(apiBundleDir, 'worker.js'),
			options.bindings
		)
	});
	const url = (await mf.ready).origin;
	const d1 = await mf.getD1Database('DB');
	// drizzle's D1 driver, the same one api/worker.ts uses inside workerd.
	const db = drizzle(d1 as never) as unknown as Database;
	// A no-op on a copy of the template, which has them all.
	await migrate(db as never, { migrationsFolder: join(root, 'db/migrations') });
	return {
		url,
		mf,
		db,
		persist,
		/** Fires the Worker's scheduled handler, as the cron trigger does, and waits for its tick. */
		async scheduled(at?: Date) {
			const worker = await mf.getWorker();
			return worker.scheduled({ cron: '* * * * *', scheduledTime: at });
		},
		async stop() {
			await mf.dispose();
			rmSync(persist, { recursive: true, force: true });
		}
	};
}

/**
 * Workers kept between the tests of one file, by their settings: a test's
 * app hands its Worker back with the database emptied, and the next test with
 * the same settings gets it without starting workerd again. The app keeps no
 * state of its own between requests but the clock, which each test sets.
 */
const idle = new Map<string, PooledWorker[]>();

export async function borrowApiWorker(bindings: Record<string, string>) {
	const key = JSON.stringify(Object.entries(bindings).sort());
	let worker = idle.get(key)?.pop();
	if (!worker) {
		const started = await startApiWorker({ bindings });
		worker = { ...started, seeded: await seededRows(started) };
	}
	const borrowed = worker;
	return {
		...borrowed,
		/** Brings the database back to a fresh one's rows and keeps the Worker for the next test. */
		async release() {
			await resetDatabase(borrowed);
			idle.set(key, [...(idle.get(key) ?? []), borrowed]);
		}
	};
}

type PooledWorker = WorkerHost & { seeded: Record<string, Record<string, unknown>[]> };

export async function stopIdleWorkers() {
	const workers = [...idle.values()].flat();
	idle.clear();
	await Promise.all(workers.map((worker) => worker.stop()));
}

async function ourTables(worker: WorkerHost): Promise<string[]> {
	const d1 = await worker.mf.getD1Database('DB');
	const { results } = await d1
		.prepare(
			"select name from sqlite_master where type = 'table' and name not like 'sqlite^_%' escape '^' and name not like '^_cf^_%' escape '^' and name <> '__drizzle_migrations'"
		)
		.all<{ name: string }>();
	return results.map(({ name }) => name);
}

/** The rows a freshly migrated database starts with (the default root causes). */
async function seededRows(worker: WorkerHost) {
	const d1 = await worker.mf.getD1Database('DB');
	const seeded: Record<string, Record<string, unknown>[]> = {};
	for (const table of await ourTables(worker)) {
		const { results } = await d1.prepare(`select * from "${table}"`).all<Record<string, unknown>>();
		if (results.length) seeded[table] = results;
	}
	return seeded;
}

/** Deletes every row and puts the seeded ones back, in one batch. */
async function resetDatabase(worker: PooledWorker) {
	const d1 = await worker.mf.getD1Database('DB');
	const restore = Object.entries(worker.seeded).flatMap(([table, rows]) =>
		rows.map((row) => {
			const columns = Object.keys(row);
			return d1
				.prepare(
					`insert into "${table}" (${columns.map((column) => `"${column}"`).join(', ')}) values (${columns.map(() => '?').join(', ')})`
				)
				.bind(...Object.values(row));
		})
	);
	await d1.batch([
		// Checked at the end of the batch, when every table is empty.
		d1.prepare('pragma defer_foreign_keys = on'),
		...(await ourTables(worker)).map((table) => d1.prepare(`delete from "${table}"`)),
		// AUTOINCREMENT counters start again too.
		d1.prepare('delete from sqlite_sequence'),
		...restore
	]);
}

export type WorkerPair = Awaited<ReturnType<typeof startWorkerPair>>;

/**
 * Both Workers as `npm run deploy` puts them up: the web app (wrangler.web.toml)
 * on 127.0.0.1, reaching the API Worker through its `API` service binding, on
 * one fresh local D1 database. `bindings` are the API Worker's settings.
 */
export async function startWorkerPair(
	options: { bindings?: Record<string, string>; port?: number } = {}
) {
	const persist = mkdtempSync(join(tmpdir(), 'closeloop-d1-'));
	const template = join(apiBundleDir, 'd1-template');
	if (existsSync(template)) cpSync(template, persist, { recursive: true });
	const web = {
		name: 'closeloop-web',
		...workerOptions('wrangler.web.toml', join(webBundleDir, 'worker.js'))
	};
	const api = {
		name: 'closeloop-api',
		...workerOptions('wrangler.toml', join(apiBundleDir, 'worker.js'), options.bindings)
	};
	// The first Worker is the one Miniflare serves on its port.
	const mf = new Miniflare({
		host: '127.0.0.1',
		port: options.port ?? 0,
		d1Persist: persist,
		workers: [web, api] as never
	});
	const url = (await mf.ready).origin;
	const d1 = await mf.getD1Database('DB', 'closeloop-api');
	const db = drizzle(d1 as never) as unknown as Database;
	await migrate(db as never, { migrationsFolder: join(root, 'db/migrations') });
	return {
		url,
		mf,
		db,
		/** Fires the API Worker's scheduled handler, as the cron trigger does. */
		async scheduled(at?: Date) {
			const worker = await mf.getWorker('closeloop-api');
			return worker.scheduled({ cron: '* * * * *', scheduledTime: at });
		},
		async stop() {
			await mf.dispose();
			rmSync(persist, { recursive: true, force: true });
		}
	};
}

/** Makes the migrated D1 database that `startApiWorker` copies for each test. */
export async function buildD1Template() {
	const template = join(apiBundleDir, 'd1-template');
	rmSync(template, { recursive: true, force: true });
	const worker = await startApiWorker();
	await worker.mf.dispose();
	cpSync(worker.persist, template, { recursive: true });
	rmSync(worker.persist, { recursive: true, force: true });
}
