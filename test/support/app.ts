import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import type { Client } from '@libsql/client';
import { migrateDatabase, openDatabase } from '../../db/client';
import { staffUsers, type StaffRole } from '../../db/schema/staff';
import { createLocalMailer } from '../../emails/local-mailer';
import type { Mailer } from '../../emails/mailer';
import { createResendMailer } from '../../emails/resend-mailer';
import type { Database } from '../../db/database';
import { createApp } from '../../api/app';
import { hashPassword } from '../../api/auth/password';
import { createFixedClock, type Clock } from '../../api/clock';
import { Config } from '../../api/config';
import type { Deps } from '../../api/deps';
import { runTick, type TickReport } from '../../api/tick';
import { newId } from '../../api/tokens';
import { borrowApiWorker } from './worker-host';

export const testPassword = 'correct horse battery';
let passwordHash: Promise<string> | undefined;

/**
 * Which host the integration suite runs against: the embedded default (Node
 * with libSQL, the default) or the Workers host (the deployed bundle in
 * workerd on local D1), chosen by the vitest project (vitest.config.ts).
 */
export const testHost: 'node' | 'workers' =
	process.env.CLOSELOOP_TEST_HOST === 'workers' ? 'workers' : 'node';

/**
 * For the few tests of the Node host's own machinery (its libSQL client, a
 * second process on the same file); the Workers host has its own in test/workers.
 */
export const onNodeHostOnly = { skip: testHost !== 'node' };

export type TestApp = Awaited<ReturnType<typeof startTestApp>>;

export type TestAppOptions = {
	now?: Date;
	/** An in-process mailer for code the test runs itself (`sendOutbox(app.deps)`). */
	mailer?: Mailer;
	/** Resend (or its local fake) as the host's mailer, on either host. */
	resend?: { apiKey: string; baseUrl: string; timeoutMs?: number };
	config?: Partial<Config>;
};

/**
 * The real app over HTTP on 127.0.0.1 with the real migrations and a clock
 * that moves only when told (2026-03-02T09:00:00Z unless told otherwise): on
 * a fresh libSQL file in this process, or, on the Workers host, in workerd on
 * a fresh local D1 database.
 *
 * `db` and `deps` reach the same database from the test, for arranging and
 * asserting; `tick()` runs one tick on the host itself.
 */
export async function startTestApp(options: TestAppOptions = {}) {
	const clock = createFixedClock(options.now ?? new Date('2026-03-02T09:00:00Z'));
	const config = Config.parse({
		publicUrl: 'http://127.0.0.1',
		version: 'test',
		...options.config
	});
	const mailer =
		options.mailer ?? (options.resend ? createResendMailer(options.resend) : createLocalMailer());
	const host =
		testHost === 'workers'
			? await workersHost(options, config, clock)
			: await nodeHost(config, clock, mailer);
	const deps: Deps = { db: host.db, clock, mailer, config };
	const client = () => createClient(host.url, host.beforeRequest);

	/** Makes a staff user directly in the database and returns a signed-in client. */
	async function signIn(
		role: StaffRole = 'admin',
		email = `${role}-${newId().slice(0, 8)}@example.test`
	) {
		// A cheap hash (N = 2^10): sign-in checks it at the cost it names, so a test's sign-ins take
		// milliseconds where real passwords take 150 ms; the routes that hash passwords are tested as they are.
		passwordHash ??= hashPassword(testPassword, { N: 2 ** 10 });
		const now = clock.now();
		const id = newId();
		await deps.db.insert(staffUsers).values({
			id,
			email,
			name: `${role[0]!.toUpperCase()}${role.slice(1)} ${id.slice(0, 4)}`,
			role,
			passwordHash: await passwordHash,
			createdAt: now,
			updatedAt: now
		});
		const signedIn = client();
		const response = await signedIn.post('/api/auth/sign-in', { email, password: testPassword });
		if (response.status !== 200) throw new Error(`sign-in failed: ${response.status}`);
		return Object.assign(signedIn, { userId: id, email });
	}

	return {
		host: testHost,
		url: host.url,
		deps,
		clock,
		db: host.db,
		/** The libSQL client, on the Node host only (tests of that host's own behaviour). */
		client: host.client,
		anonymous: client,
		signIn,
		/** One tick on the host: in this process, or inside the Worker on its D1. */
		tick: (): Promise<TickReport> => host.tick(deps),
		/** `fetch` for requests made by hand, with the host's clock brought to the test's first. */
		async fetch(input: string, init?: RequestInit) {
			await host.beforeRequest();
			return fetch(input, init);
		},
		stop: host.stop
	};
}

type Host = {
	url: string;
	db: Database;
	client?: Client;
	beforeRequest(): Promise<void>;
	tick(deps: Deps): Promise<TickReport>;
	stop(): Promise<void>;
};

async function nodeHost(config: Config, clock: Clock, mailer: Mailer): Promise<Host> {
	const dir = mkdtempSync(join(tmpdir(), 'closeloop-test-'));
	const database = openDatabase(`file:${join(dir, 'test.db')}`);
	await migrateDatabase(database.db);
	const app = createApp({ db: database.db, clock, mailer, config });
	const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
	await new Promise<void>((resolve) => server.once('listening', () => resolve()));
	return {
		url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
		db: database.db,
		client: database.client,
		// The server reads the test's own clock object.
		beforeRequest: async () => {},
		tick: (deps) => runTick(deps),
		async stop() {
			await new Promise<void>((resolve) => server.close(() => resolve()));
			database.close();
			rmSync(dir, { recursive: true, force: true });
		}
	};
}

/** The settings a deployment would give the Worker as `[vars]`, for each config key a test sets. */
const workerVariables: {
	[K in keyof Config]?: (value: NonNullable<Config[K]>) => [string, string];
} = {
	publicUrl: (value) => ['PUBLIC_URL', value],
	orgName: (value) => ['ORG_NAME', value],
	emailFrom: (value) => ['EMAIL_FROM', value],
	resendWebhookSecret: (value) => ['RESEND_WEBHOOK_SECRET', value],
	surveyInvitationsPerTick: (value) => ['SURVEY_INVITATIONS_PER_TICK', String(value)],
	complaintsPerAddressPerHour: (value) => ['COMPLAINTS_PER_ADDRESS_PER_HOUR', String(value)],
	caseAutoCloseDays: (value) => ['CASE_AUTO_CLOSE_DAYS', String(value)],
	allowPrivateWebhookUrls: (value) => ['WEBHOOKS_ALLOW_PRIVATE', value ? '1' : ''],
	// Always on for the Workers host: it is how the suite gives the Worker the test's time.
	clockControl: () => ['CLOSELOOP_CLOCK_CONTROL', '1']
};

async function workersHost(options: TestAppOptions, config: Config, clock: Clock): Promise<Host> {
	const bindings: Record<string, string> = {
		CLOSELOOP_ENV: 'test',
		CLOSELOOP_CLOCK_CONTROL: '1',
		PUBLIC_URL: config.publicUrl
	};
	for (const key of Object.keys(options.config ?? {}) as (keyof Config)[]) {
		const variable = workerVariables[key] as ((value: unknown) => [string, string]) | undefined;
		if (!variable)
			throw new Error(`The Workers host cannot be given config.${key}; add it to workerVariables.`);
		const [name, value] = variable(config[key]);
		bindings[name] = value;
	}
	if (options.resend)
		Object.assign(bindings, {
			RESEND_API_KEY: options.resend.apiKey,
			RESEND_BASE_URL: options.resend.baseUrl
		});
	const worker = await borrowApiWorker(bindings);

	// The Worker keeps its own clock (one per isolate); it is stopped at the
	// test's reading and set again whenever the test has moved its clock.
	let synced: number | undefined;
	async function beforeRequest() {
		const now = clock.now().getTime();
		if (now === synced) return;
		const response = await fetch(`${worker.url}/api/clock`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ frozen: true, set: new Date(now).toISOString() })
		});
		if (!response.ok)
			throw new Error(
				`could not set the Worker's clock: ${response.status} ${await response.text()}`
			);
		synced = now;
	}
	return {
		url: worker.url,
		db: worker.db,
		beforeRequest,
		async tick() {
			await beforeRequest();
			const response = await fetch(`${worker.url}/api/clock/tick`, { method: 'POST' });
			if (!response.ok)
				throw new Error(`the Worker's tick failed: ${response.status} ${await response.text()}`);
			return (await response.json()) as TickReport;
		},
		stop: worker.release
	};
}

export type TestClient = ReturnType<typeof createClient>;

/** A tiny HTTP client with a cookie jar; bodies that are not strings are sent as JSON. */
export function createClient(baseUrl: string, beforeRequest?: () => Promise<void>) {
	const cookies = new Map<string, string>();
	async function request(
		method: string,
		path: string,
		body?: unknown,
		headers: Record<string, string> = {}
	) {
		await beforeRequest?.();
		const init: RequestInit = { method, headers: { ...headers } };
		const allHeaders = init.headers as Record<string, string>;
		if (cookies.size) allHeaders.cookie = [...cookies].map(([k, v]) => `${k}=${v}`).join('; ');
		if (body !== undefined) {
			if (typeof body === 'string') init.body = body;
			else {
				init.body = JSON.stringify(body);
				allHeaders['content-type'] ??= 'application/json';
			}
		}
		const response = await fetch(baseUrl + path, init);
		for (const header of response.headers.getSetCookie()) {
			const [pair = ''] = header.split(';');
			const [name = '', value = ''] = pair.split('=');
			if (value === '' || /max-age=0/i.test(header)) cookies.delete(name);
			else cookies.set(name, value);
		}
		const text = await response.text();
		let json: any;
		try {
			json = text ? JSON.parse(text) : undefined;
		} catch {
			json = undefined;
		}
		return { status: response.status, headers: response.headers, text, json };
	}
	return {
		cookies,
		request,
		get: (path: string, headers?: Record<string, string>) =>
			request('GET', path, undefined, headers),
		post: (path: string, body?: unknown, headers?: Record<string, string>) =>
			request('POST', path, body ?? {}, headers),
		patch: (path: string, body: unknown, headers?: Record<string, string>) =>
			request('PATCH', path, body, headers),
		put: (path: string, body: unknown, headers?: Record<string, string>) =>
			request('PUT', path, body, headers),
		delete: (path: string, headers?: Record<string, string>) =>
			request('DELETE', path, undefined, headers)
	};
}

/**
 * Sends a body with node:http and reads the answer even if the server answers
 * before reading it all (as it does for oversize bodies, where fetch gives up).
 */
export async function postOversize(
	url: string,
	body: string,
	headers: Record<string, string> = {}
) {
	const { request } = await import('node:http');
	return new Promise<{ status: number; json: any }>((resolve, reject) => {
		const req = request(
			url,
			{
				method: 'POST',
				headers: {
					'content-type': 'application/json',
					'content-length': Buffer.byteLength(body),
					...headers
				}
			},
			(res) => {
				let text = '';
				res.setEncoding('utf8');
				res.on('data', (chunk: string) => (text += chunk));
				res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(text) }));
			}
		);
		req.on('error', (error: NodeJS.ErrnoException) => {
			if (error.code !== 'EPIPE' && error.code !== 'ECONNRESET') reject(error);
		});
		req.end(body);
	});
}

/**
 * Like `postOversize`, for bodies of tens of megabytes: the server answers and
 * closes while the client is still writing, so the socket's own EPIPE is
 * expected and swallowed too.
 */
export async function postHugeBody(
	url: string,
	body: string,
	headers: Record<string, string> = {}
) {
	const { request } = await import('node:http');
	return new Promise<{ status: number; json: any }>((resolve, reject) => {
		const req = request(
			url,
			{ method: 'POST', headers: { 'content-length': Buffer.byteLength(body), ...headers } },
			(res) => {
				let text = '';
				res.setEncoding('utf8');
				res.on('data', (chunk: string) => (text += chunk));
				res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(text) }));
			}
		);
		const ignoreBrokenPipe = (error: NodeJS.ErrnoException) => {
			if (error.code !== 'EPIPE' && error.code !== 'ECONNRESET') reject(error);
		};
		req.on('error', ignoreBrokenPipe);
		req.on('socket', (socket) => socket.on('error', ignoreBrokenPipe));
		req.end(body);
	});
}
