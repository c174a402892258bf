import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { getRequestListener } from '@hono/node-server';
import { migrateDatabase, openDatabase } from '../db/client';
import { createLocalMailer } from '../emails/local-mailer';
import { createResendMailer } from '../emails/resend-mailer';
import { isApiPath } from './api-path';
import { createApp } from './app';
import { createAdjustableClock, systemClock } from './clock';
import { readConfig } from './config';
import type { Deps } from './deps';
import { runTick } from './tick';
import { startTicker } from './ticker';

type NodeHandler = (req: IncomingMessage, res: ServerResponse, next: () => void) => void;

export const defaultDatabaseUrl = 'file:./data/closeloop.db';

export function readVersion(): string {
	const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
		version: string;
	};
	return pkg.version;
}

/** Builds the dependencies of the embedded default from the environment and applies migrations. */
export async function createNodeDeps(env: Record<string, string | undefined> = process.env) {
	const config = readConfig(env, readVersion());
	const database = openDatabase(env.DATABASE_URL || defaultDatabaseUrl, env.DATABASE_AUTH_TOKEN);
	await migrateDatabase(database.db);
	const deps: Deps = {
		db: database.db,
		clock: config.clockControl ? createAdjustableClock() : systemClock,
		mailer: config.resendApiKey
			? createResendMailer({ apiKey: config.resendApiKey, baseUrl: config.resendBaseUrl })
			: createLocalMailer(),
		config
	};
	return { deps, close: database.close };
}

export { isApiPath };

/**
 * One HTTP server for the API (under `/api`, or wherever `isApi` says) and the
 * web app (`web`), which reaches the API in-process. Used by the embedded
 * default and by `npm run dev`.
 */
export function createApiAndWebServer(
	deps: Deps,
	web: (req: IncomingMessage, res: ServerResponse) => void,
	isApi: (url: string | undefined) => boolean = isApiPath
) {
	const app = createApp(deps);
	globalThis.__closeloopApiFetch = (request) => Promise.resolve(app.fetch(request));
	const api = getRequestListener(app.fetch);
	const server = createServer((req, res) => {
		const forwardedProto = deps.config.trustProxy ? req.headers['x-forwarded-proto'] : undefined;
		req.headers['x-closeloop-proto'] =
			typeof forwardedProto === 'string' ? forwardedProto.split(',')[0]!.trim() : 'http';
		if (!deps.config.trustProxy) req.headers['x-real-ip'] = req.socket.remoteAddress ?? 'unknown';
		if (isApi(req.url)) void api(req, res);
		else web(req, res);
	});
	return { app, server };
}

/**
 * The embedded default: the API under `/api` and the built SvelteKit app on
 * one port, in one process, with the tick every minute.
 */
export async function startNodeHost(
	options: {
		env?: Record<string, string | undefined>;
		port?: number;
		host?: string;
		tickIntervalMs?: number;
	} = {}
) {
	const env = options.env ?? process.env;
	const { deps, close } = await createNodeDeps(env);
	// adapter-node assumes https unless told; this server speaks plain HTTP
	// (TLS, if any, ends at a proxy that sets X-Forwarded-Proto).
	process.env.BODY_SIZE_LIMIT ??= '33M';
	process.env.PROTOCOL_HEADER ??= 'x-closeloop-proto';
	const web = (await import(new URL('../build/handler.js', import.meta.url).href)) as {
		handler: NodeHandler;
	};
	const { app, server } = createApiAndWebServer(deps, (req, res) =>
		web.handler(req, res, () => {
			res.statusCode = 404;
			res.end('Not found');
		})
	);

	const port = options.port ?? Number(env.PORT || 3000);
	const host = options.host ?? env.HOST ?? '0.0.0.0';
	await new Promise<void>((resolve) => server.listen(port, host, resolve));
	const address = server.address();
	const boundPort = typeof address === 'object' && address ? address.port : port;

	const ticker = startTicker(
		() => runTick(deps),
		options.tickIntervalMs ?? Number(env.TICK_INTERVAL_MS || 60_000)
	);

	return {
		deps,
		app,
		port: boundPort,
		url: `http://${host === '0.0.0.0' ? 'localhost' : host}:${boundPort}`,
		async stop() {
			await ticker.stop();
			await new Promise<void>((resolve) => server.close(() => resolve()));
			server.closeAllConnections();
			close();
		}
	};
}
