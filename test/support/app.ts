import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { migrateDatabase, openDatabase } from '../../db/client';
import { staffUsers, type StaffRole } from '../../db/schema/staff';
import { createLocalMailer } from '../../emails/local-mailer';
import type { Mailer } from '../../emails/mailer';
import { createApp } from '../../api/app';
import { hashPassword } from '../../api/auth/password';
import { createFixedClock } from '../../api/clock';
import { Config } from '../../api/config';
import type { Deps } from '../../api/deps';
import { newId } from '../../api/tokens';

export const testPassword = 'correct horse battery';
let passwordHash: Promise<string> | undefined;

export type TestApp = Awaited<ReturnType<typeof startTestApp>>;

/**
 * The real app over HTTP on 127.0.0.1, on a fresh libSQL file with the real
 * migrations and a fixed clock (2026-03-02T09:00:00Z unless told otherwise).
 */
export async function startTestApp(options: { now?: Date; mailer?: Mailer; config?: Partial<Config> } = {}) {
	const dir = mkdtempSync(join(tmpdir(), 'closeloop-test-'));
	const database = openDatabase(`file:${join(dir, 'test.db')}`);
	await migrateDatabase(database.db);
	const clock = createFixedClock(options.now ?? new Date('2026-03-02T09:00:00Z'));
	const deps: Deps = {
		db: database.db,
		clock,
		mailer: options.mailer ?? createLocalMailer(),
		config: Config.parse({ publicUrl: 'http://127.0.0.1', version: 'test', ...options.config })
	};
	const app = createApp(deps);
	const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
	await new Promise<void>((resolve) => server.once('listening', () => resolve()));
	const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

	/** Makes a staff user directly in the database and returns a signed-in client. */
	async function signIn(role: StaffRole = 'admin', email = `${role}-${newId().slice(0, 8)}@example.test`) {
		passwordHash ??= hashPassword(testPassword);
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
		const client = createClient(url);
		const response = await client.post('/api/auth/sign-in', { email, password: testPassword });
		if (response.status !== 200) throw new Error(`sign-in failed: ${response.status}`);
		return Object.assign(client, { userId: id, email });
	}

	return {
		url,
		deps,
		clock,
		db: database.db,
		client: database.client,
		anonymous: () => createClient(url),
		signIn,
		async stop() {
			await new Promise<void>((resolve) => server.close(() => resolve()));
			database.close();
			rmSync(dir, { recursive: true, force: true });
		}
	};
}

export type TestClient = ReturnType<typeof createClient>;

/** A tiny HTTP client with a cookie jar; bodies that are not strings are sent as JSON. */
export function createClient(baseUrl: string) {
	const cookies = new Map<string, string>();
	async function request(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
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
		get: (path: string, headers?: Record<string, string>) => request('GET', path, undefined, headers),
		post: (path: string, body?: unknown, headers?: Record<string, string>) => request('POST', path, body ?? {}, headers),
		patch: (path: string, body: unknown, headers?: Record<string, string>) => request('PATCH', path, body, headers),
		put: (path: string, body: unknown, headers?: Record<string, string>) => request('PUT', path, body, headers),
		delete: (path: string, headers?: Record<string, string>) => request('DELETE', path, undefined, headers)
	};
}

/**
 * Sends a body with node:http and reads the answer even if the server answers
 * before reading it all (as it does for oversize bodies, where fetch gives up).
 */
export async function postOversize(url: string, body: string, headers: Record<string, string> = {}) {
	const { request } = await import('node:http');
	return new Promise<{ status: number; json: any }>((resolve, reject) => {
		const req = request(url, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers } }, (res) => {
			let text = '';
			res.setEncoding('utf8');
			res.on('data', (chunk: string) => (text += chunk));
			res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(text) }));
		});
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
export async function postHugeBody(url: string, body: string, headers: Record<string, string> = {}) {
	const { request } = await import('node:http');
	return new Promise<{ status: number; json: any }>((resolve, reject) => {
		const req = request(url, { method: 'POST', headers: { 'content-length': Buffer.byteLength(body), ...headers } }, (res) => {
			let text = '';
			res.setEncoding('utf8');
			res.on('data', (chunk: string) => (text += chunk));
			res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(text) }));
		});
		const ignoreBrokenPipe = (error: NodeJS.ErrnoException) => {
			if (error.code !== 'EPIPE' && error.code !== 'ECONNRESET') reject(error);
		};
		req.on('error', ignoreBrokenPipe);
		req.on('socket', (socket) => socket.on('error', ignoreBrokenPipe));
		req.end(body);
	});
}
