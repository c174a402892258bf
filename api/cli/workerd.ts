import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { drizzle } from 'drizzle-orm/d1';
import { Miniflare, type WorkerOptions } from 'miniflare';
import { unstable_getMiniflareWorkerOptions } from 'wrangler';
import type { Database } from '../../db/database';

/**
 * The Workers host on this machine, as it deploys: `wrangler deploy --dry-run`
 * bundles each Worker exactly as `npm run deploy` uploads it, and Miniflare
 * runs the bundles in workerd with their wrangler configs' settings and a
 * local D1 database. Used by `npm run dev:workers`, the tests and the bench.
 */

export const root = resolve(import.meta.dirname, '../..');
const bin = (name: string) => join(root, 'node_modules/.bin', name);
export const buildDir = join(root, '.wrangler/build');

/** Runs the pinned wrangler with `args` in the project root. */
export function wrangler(args: string[], options: { quiet?: boolean } = {}) {
	execFileSync(bin('wrangler'), args, {
		cwd: root,
		stdio: options.quiet ? 'pipe' : 'inherit',
		env: { ...process.env, WRANGLER_SEND_METRICS: 'false' }
	});
}

/** Bundles a Worker as `wrangler deploy` would, without uploading it (about two seconds). */
function bundle(config: string, outdir: string): string {
	wrangler(['deploy', '--dry-run', '--outdir', outdir, '--config', config], { quiet: true });
	return join(outdir, 'worker.js');
}

/** Bundles the API Worker (wrangler.toml). */
export const buildApiWorker = (outdir = join(buildDir, 'api')) => bundle('wrangler.toml', outdir);

/** Builds the web app with adapter-cloudflare, which wrangler.web.toml deploys (about 30 s). */
export function buildWebApp(options: { quiet?: boolean } = {}) {
	execFileSync(bin('vite'), ['build', '--logLevel', 'warn'], {
		cwd: root,
		stdio: options.quiet ? 'pipe' : 'inherit',
		env: { ...process.env, BUILD_TARGET: 'cloudflare' }
	});
}

/** Builds the web app for Workers and bundles its Worker (wrangler.web.toml). */
export function buildWebWorker(outdir = join(buildDir, 'web')): string {
	buildWebApp({ quiet: true });
	return bundle('wrangler.web.toml', outdir);
}

/** Miniflare's options for a wrangler config's Worker, running the bundle at `script`. */
export function workerOptions(
	config: string,
	script: string,
	bindings: Record<string, string> = {}
): WorkerOptions {
	const { workerOptions: fromConfig } = unstable_getMiniflareWorkerOptions(join(root, config));
	if (!existsSync(script)) throw new Error(`No Worker bundle at ${script}; build it first.`);
	return {
		...fromConfig,
		// Listed rather than located: the bundle keeps the Resend SDK's optional
		// `import('@react-email/render')`, which is never reached (emails are HTML).
		modules: [{ type: 'ESModule', path: 'worker.js', contents: readFileSync(script, 'utf8') }],
		bindings: { ...(fromConfig.bindings as Record<string, string>), ...bindings }
	} as WorkerOptions;
}

/**
 * A third Worker, only on this machine, bound to the same D1 database: it runs
 * the statements Node sends it over HTTP. Reading D1 from Node this way is
 * asynchronous throughout, where Miniflare's own D1 proxy makes a synchronous
 * round trip for every `prepare`, which is slower and, under load, loses replies.
 */
const d1Gate = `export default {
	async fetch(request, env) {
		const { batch, statements } = await request.json();
		const prepare = ({ sql, params }) => env.DB.prepare(sql).bind(...params);
		try {
			if (batch) return Response.json({ result: await env.DB.batch(statements.map(prepare)) });
			const [{ method, options }] = statements;
			const statement = prepare(statements[0]);
			const result = method === 'raw' ? await statement.raw(options) : await statement[method]();
			return Response.json({ result });
		} catch (error) {
			return Response.json({ error: String(error?.message ?? error) }, { status: 500 });
		}
	}
};`;

type GateStatement = { sql: string; params: unknown[]; method?: string; options?: unknown };

/** The part of D1's binding that drizzle's D1 driver calls, over the gate. */
function d1OverHttp(url: string) {
	async function send(body: { batch: boolean; statements: GateStatement[] }) {
		const response = await fetch(url, { method: 'POST', body: JSON.stringify(body) });
		const answer = (await response.json()) as { result?: unknown; error?: string };
		if (answer.error !== undefined) throw new Error(answer.error);
		return answer.result;
	}
	const statement = (sql: string, params: unknown[] = []) => {
		const one = (method: string, options?: unknown) =>
			send({ batch: false, statements: [{ sql, params, method, options }] });
		return {
			sql,
			params,
			bind: (...values: unknown[]) => statement(sql, values),
			all: () => one('all'),
			run: () => one('run'),
			first: () => one('first'),
			raw: (options?: unknown) => one('raw', options)
		};
	};
	return {
		prepare: (sql: string) => statement(sql),
		batch: (statements: { sql: string; params: unknown[] }[]) =>
			send({ batch: true, statements: statements.map(({ sql, params }) => ({ sql, params })) })
	};
}

export type Workers = Awaited<ReturnType<typeof startWorkers>>;

/**
 * The API Worker alone, or with the web Worker in front of it (reaching it
 * through the `API` service binding, as deployed), on 127.0.0.1:`port`, with
 * local D1 kept under `persist`. `bindings` are the API Worker's settings, over
 * wrangler.toml's `[vars]`.
 */
export async function startWorkers(options: {
	persist: string;
	apiScript: string;
	webScript?: string;
	bindings?: Record<string, string>;
	port?: number;
}) {
	const api = {
		name: 'closeloop-api',
		...workerOptions('wrangler.toml', options.apiScript, options.bindings)
	};
	const gate = {
		name: 'd1-gate',
		modules: true,
		script: d1Gate,
		compatibilityDate: api.compatibilityDate,
		d1Databases: api.d1Databases,
		unsafeDirectSockets: [{ host: '127.0.0.1', port: 0 }]
	};
	const workers = options.webScript
		? // The first Worker is the one Miniflare serves on its port.
			[
				{ name: 'closeloop-web', ...workerOptions('wrangler.web.toml', options.webScript) },
				api,
				gate
			]
		: [api, gate];
	const mf = new Miniflare({
		host: '127.0.0.1',
		port: options.port ?? 0,
		d1Persist: options.persist,
		workers: workers as never
	});
	const url = (await mf.ready).origin;
	const d1 = d1OverHttp((await mf.unsafeGetDirectURL('d1-gate')).href);
	return {
		url,
		mf,
		/** The Worker's D1 from Node, statement by statement (`prepare`, `bind`, `batch`). */
		d1,
		/** drizzle over the Worker's D1, from Node: the driver api/worker.ts uses inside workerd. */
		db: drizzle(d1 as never) as unknown as Database,
		/** Fires the API Worker's scheduled handler, as the cron trigger does, and waits for its tick. */
		async scheduled(at?: Date) {
			const worker = await mf.getWorker('closeloop-api');
			return worker.scheduled({ cron: '* * * * *', scheduledTime: at });
		},
		stop: () => mf.dispose()
	};
}
