import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrate } from 'drizzle-orm/d1/migrator';
import {
	buildApiWorker,
	buildDir,
	buildWebWorker,
	root,
	startWorkers
} from '../../api/cli/workerd';
import type { Database } from '../../db/database';

/**
 * The Workers host for tests: the deployed bundles (api/cli/workerd.ts) in
 * workerd, each on a fresh local D1 database copied from a migrated template.
 * Tests reach it over HTTP on 127.0.0.1 and read its D1 from Node.
 */

export const apiBundleDir = join(buildDir, 'api');
export const webBundleDir = join(buildDir, 'web');
export { buildApiWorker, buildWebWorker };

/** A fresh local D1 directory: a copy of the migrated template, once it exists. */
function freshPersist() {
	const persist = mkdtempSync(join(tmpdir(), 'closeloop-d1-'));
	const template = join(buildDir, 'd1-template');
	if (existsSync(template)) cpSync(template, persist, { recursive: true });
	return persist;
}

/** Brings a database to the committed schema; a no-op on the template's copies. */
const migrated = (db: Database) =>
	migrate(db as never, { migrationsFolder: join(root, 'db/migrations') });

export type WorkerHost = Awaited<ReturnType<typeof startApiWorker>>;

/**
 * The API Worker in workerd on 127.0.0.1 with a fresh local D1 database,
 * migrated with the committed migrations. `bindings` override wrangler.toml's
 * `[vars]` (the settings a deployment would set).
 */
export function startApiWorker(
	options: { bindings?: Record<string, string>; script?: string } = {}
) {
	return onFreshDatabase({
		apiScript: options.script ?? join(apiBundleDir, 'worker.js'),
		bindings: options.bindings
	});
}

/** Starts the Workers on a fresh, migrated local D1 database that goes when they stop. */
async function onFreshDatabase(options: Omit<Parameters<typeof startWorkers>[0], 'persist'>) {
	const persist = freshPersist();
	const workers = await startWorkers({ persist, ...options });
	await migrated(workers.db);
	return {
		...workers,
		persist,
		async stop() {
			await workers.stop();
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
	const { results } = (await worker.d1
		.prepare(
			"select name from sqlite_master where type = 'table' and name not like 'sqlite^_%' escape '^' and name not like '^_cf^_%' escape '^' and name <> '__drizzle_migrations'"
		)
		.all()) as { results: { name: string }[] };
	return results.map(({ name }) => name);
}

/** The rows a freshly migrated database starts with (the default root causes). */
async function seededRows(worker: WorkerHost) {
	const seeded: Record<string, Record<string, unknown>[]> = {};
	for (const table of await ourTables(worker)) {
		const { results } = (await worker.d1.prepare(`select * from "${table}"`).all()) as {
			results: Record<string, unknown>[];
		};
		if (results.length) seeded[table] = results;
	}
	return seeded;
}

/** Deletes every row and puts the seeded ones back, in one batch. */
async function resetDatabase(worker: PooledWorker) {
	const { d1 } = worker;
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
export function startWorkerPair(
	options: { bindings?: Record<string, string>; port?: number } = {}
) {
	return onFreshDatabase({
		apiScript: join(apiBundleDir, 'worker.js'),
		webScript: join(webBundleDir, 'worker.js'),
		...options
	});
}

/** Makes the migrated D1 database that `startApiWorker` copies for each test. */
export async function buildD1Template() {
	const template = join(buildDir, 'd1-template');
	rmSync(template, { recursive: true, force: true });
	const worker = await startApiWorker();
	await worker.mf.dispose();
	cpSync(worker.persist, template, { recursive: true });
	rmSync(worker.persist, { recursive: true, force: true });
}
