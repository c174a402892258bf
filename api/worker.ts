import type { D1Database, ExecutionContext, ScheduledController } from '@cloudflare/workers-types';
import { drizzle } from 'drizzle-orm/d1';
import type { Database } from '../db/database';
import { createLocalMailer } from '../emails/local-mailer';
import { createResendMailer } from '../emails/resend-mailer';
import { version } from '../package.json';
import { createApp, type App } from './app';
import { createAdjustableClock, systemClock, type AdjustableClock, type Clock } from './clock';
import { readConfig } from './config';
import type { Deps } from './deps';
import { runTick } from './tick';

/**
 * The scale-out host: the API on Cloudflare Workers over D1, with a cron
 * trigger that runs the same tick as the Node host. Configured by
 * `wrangler.toml`; see docs/deploy-workers.md and docs/decisions/0004.
 *
 * Everything imported from here must run in workerd: no `node:fs`, no libSQL
 * client (db/client.ts), no process globals.
 */

/** Bindings and variables from wrangler.toml (`[vars]`) and `wrangler secret put`. */
export type WorkerEnv = {
	DB: D1Database;
	PUBLIC_URL?: string;
	ORG_NAME?: string;
	EMAIL_FROM?: string;
	RESEND_API_KEY?: string;
	RESEND_BASE_URL?: string;
	CLOSELOOP_ENV?: string;
	CLOSELOOP_CLOCK_CONTROL?: string;
	COOKIE_SECURE?: string;
	TRUST_PROXY?: string;
};

/**
 * With clock control on (never in production), one adjustable clock per
 * isolate. Isolates share no memory, so a moved clock is only seen by requests
 * that land on the same isolate: fine for `wrangler dev` and tests, which run
 * one, and the reason it is refused in production.
 */
let isolateClock: AdjustableClock | undefined;

/** The string settings of `env`; bindings (D1, services) are objects and are left out. */
function settings(env: WorkerEnv): Record<string, string | undefined> {
	return Object.fromEntries(
		Object.entries(env).filter((entry): entry is [string, string] => typeof entry[1] === 'string')
	);
}

/** Builds the app's dependencies from the Worker's bindings and variables. */
export function createWorkerDeps(env: WorkerEnv): Deps {
	const config = readConfig(settings(env), version);
	let clock: Clock = systemClock;
	if (config.clockControl && !config.production) clock = isolateClock ??= createAdjustableClock();
	return {
		// drizzle's D1 and libSQL databases share the query builder, `.returning()`
		// and `batch`, which is all the stores use (db/database.ts).
		db: drizzle(env.DB) as unknown as Database,
		clock,
		mailer: config.resendApiKey
			? createResendMailer({ apiKey: config.resendApiKey, baseUrl: config.resendBaseUrl })
			: createLocalMailer(),
		config
	};
}

/**
 * The app for `env`, built on first use. Workers hand every request of an
 * isolate the same `env`, so this builds once per isolate rather than once per
 * request; a new `env` object simply gets a new app.
 */
const hosts = new WeakMap<WorkerEnv, { deps: Deps; app: App }>();

export function workerHost(env: WorkerEnv): { deps: Deps; app: App } {
	let host = hosts.get(env);
	if (!host) {
		const deps = createWorkerDeps(env);
		host = { deps, app: createApp(deps) };
		hosts.set(env, host);
	}
	return host;
}

export default {
	fetch(request: Request, env: WorkerEnv, ctx: ExecutionContext): Response | Promise<Response> {
		return workerHost(env).app.fetch(request, env, ctx);
	},

	/** The cron trigger (`[triggers]` in wrangler.toml): one tick per minute. */
	scheduled(_controller: ScheduledController, env: WorkerEnv, ctx: ExecutionContext): void {
		ctx.waitUntil(runTick(workerHost(env).deps));
	}
};
