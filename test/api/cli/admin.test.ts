import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../../api/app';
import { createFixedClock } from '../../../api/clock';
import { Config } from '../../../api/config';
import { openDatabase } from '../../../db/client';
import { apiTokens } from '../../../db/schema/api-tokens';
import { auditLog } from '../../../db/schema/audit';
import { outbox } from '../../../db/schema/outbox';
import { staffUsers } from '../../../db/schema/staff';
import { createLocalMailer } from '../../../emails/local-mailer';

let dir: string;
let databaseUrl: string;
beforeEach(() => {
	dir = mkdtempSync(join(tmpdir(), 'closeloop-cli-'));
	databaseUrl = `file:${join(dir, 'admin.db')}`;
});
afterEach(() => {
	rmSync(dir, { recursive: true, force: true });
});

/** Runs `npx tsx api/cli/admin.ts …` against the temporary database. */
function admin(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
	return new Promise((resolve) => {
		execFile(
			'npx',
			['tsx', 'api/cli/admin.ts', ...args],
			{ env: { ...process.env, DATABASE_URL: databaseUrl, npm_config_loglevel: 'error' } },
			(error, stdout, stderr) => {
				const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
				resolve({ code, stdout, stderr });
			}
		);
	});
}

function printedPassword(stdout: string): string {
	const match = /Password \(shown only this once\): (\S+)/.exec(stdout);
	if (!match) throw new Error(`no password in: ${stdout}`);
	return match[1]!;
}

/** Sends one request to the real API on the same database file; returns the status. */
async function callApi(path: string, init: RequestInit = {}): Promise<number> {
	const database = openDatabase(databaseUrl);
	try {
		const app = createApp({
			db: database.db,
			clock: createFixedClock(new Date('2026-03-02T09:00:00Z')),
			mailer: createLocalMailer(),
			config: Config.parse({ publicUrl: 'http://127.0.0.1', version: 'test' })
		});
		const response = await app.request(`http://127.0.0.1${path}`, init);
		return response.status;
	} finally {
		database.close();
	}
}

/** Signs in through the real API on the same database file; returns the status. */
function signIn(email: string, password: string): Promise<number> {
	return callApi('/api/auth/sign-in', {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ email, password })
	});
}

function printedToken(stdout: string): string {
	const match = /Token \(shown only this once\): (\S+)/.exec(stdout);
	if (!match) throw new Error(`no token in: ${stdout}`);
	return match[1]!;
}

async function readTables() {
	const database = openDatabase(databaseUrl);
	try {
		return {
			users: await database.db.select().from(staffUsers),
			tokens: await database.db.select().from(apiTokens),
			audit: await database.db.select().from(auditLog),
			outbox: await database.db.select().from(outbox)
		};
	} finally {
		database.close();
	}
}

describe('npm run admin', { timeout: 60_000 }, () => {
	it('creates an admin with a generated password, printed once, that signs in', async () => {
		const created = await admin('create', '--email', 'Ada.Lovelace@Example.test');
		expect(created.code).toBe(0);
		expect(created.stdout).toContain('Created admin Ada Lovelace <ada.lovelace@example.test>.');
		const password = printedPassword(created.stdout);
		expect(password.length).toBeGreaterThanOrEqual(20);
		expect(created.stdout.split(password)).toHaveLength(2);

		expect(await signIn('ada.lovelace@example.test', password)).toBe(200);
		const { users, audit, outbox } = await readTables();
		expect(users).toMatchObject([{ email: 'ada.lovelace@example.test', role: 'admin' }]);
		expect(audit).toMatchObject([{ action: 'user.created', actorId: null }]);
		expect(outbox).toEqual([]);
	});

	it('uses a password given with --password and does not print it', async () => {
		const created = await admin(
			'create',
			'--email',
			'root@example.test',
			'--name',
			'Operations',
			'--password',
			'a chosen password'
		);
		expect(created.code).toBe(0);
		expect(created.stdout).toContain('Created admin Operations <root@example.test>.');
		expect(created.stdout).not.toContain('a chosen password');
		expect(await signIn('root@example.test', 'a chosen password')).toBe(200);

		const short = await admin('create', '--email', 'other@example.test', '--password', 'short');
		expect(short.code).toBe(1);
		expect(short.stderr).toContain('Use at least 10 characters.');
	});

	it('refuses an email that already has an account with a clear message and exit code 1', async () => {
		expect((await admin('create', '--email', 'ada@example.test')).code).toBe(0);
		const before = await readTables();
		const again = await admin('create', '--email', 'ADA@example.test');
		expect(again.code).toBe(1);
		expect(again.stderr).toContain('ada@example.test already has an account.');
		expect(again.stderr).toContain('reset-password --email ada@example.test');
		expect(again.stdout).not.toContain('Password');
		expect(await readTables()).toEqual(before);
	});

	it('resets a password: the printed one works and the old one no longer does', async () => {
		const first = printedPassword((await admin('create', '--email', 'ada@example.test')).stdout);
		const reset = await admin('reset-password', '--email', 'ada@example.test');
		expect(reset.code).toBe(0);
		const second = printedPassword(reset.stdout);
		expect(second).not.toBe(first);
		expect(await signIn('ada@example.test', first)).toBe(401);
		expect(await signIn('ada@example.test', second)).toBe(200);
		expect((await readTables()).audit.map((entry) => entry.action)).toEqual([
			'user.created',
			'user.password_reset'
		]);

		const unknown = await admin('reset-password', '--email', 'nobody@example.test');
		expect(unknown.code).toBe(1);
		expect(unknown.stderr).toContain('No staff user has the email nobody@example.test.');
	});

	it('lists staff users with role and status', async () => {
		const empty = await admin('list');
		expect(empty.stdout).toContain('No staff users yet.');
		await admin('create', '--email', 'ada@example.test', '--name', 'Ada');
		await admin('create', '--email', 'grace@example.test', '--name', 'Grace');
		const list = await admin('list');
		expect(list.code).toBe(0);
		const lines = list.stdout.trim().split('\n');
		expect(lines[0]).toMatch(/^EMAIL\s+NAME\s+ROLE\s+STATUS$/);
		expect(lines.slice(1)).toEqual([
			expect.stringMatching(/^ada@example\.test\s+Ada\s+admin\s+active$/),
			expect.stringMatching(/^grace@example\.test\s+Grace\s+admin\s+active$/)
		]);
	});

	it('prints usage for --help, and refuses unknown commands and options with exit code 1', async () => {
		const [help, unknown, badOption, nothing, missingEmail] = await Promise.all([
			admin('--help'),
			admin('promote'),
			admin('create', '--emial', 'a@example.test'),
			admin(),
			admin('create')
		]);
		expect(help.code).toBe(0);
		expect(help.stdout).toContain('create --email <email>');
		expect(help.stdout).toContain('reset-password --email <email>');
		expect(help.stdout).toContain('list');
		expect(help.stdout).toContain('token create --name <name> --email <admin email>');
		expect(help.stdout).toContain('token list');
		expect(help.stdout).toContain('token revoke --id <id>');
		expect(unknown.code).toBe(1);
		expect(unknown.stderr).toContain('Unknown command: promote');
		expect(badOption.code).toBe(1);
		expect(badOption.stderr).toContain('--help');
		expect(nothing.code).toBe(1);
		expect(missingEmail.code).toBe(1);
		expect(missingEmail.stderr).toContain('Missing --email.');
	});

	it('makes an API token that acts as the admin, printed once, lists it and revokes it', async () => {
		await admin('create', '--email', 'ada@example.test', '--name', 'Ada');
		const created = await admin(
			'token',
			'create',
			'--name',
			'Helpdesk bridge',
			'--email',
			'ADA@example.test'
		);
		expect(created.code).toBe(0);
		expect(created.stdout).toMatch(
			/Created API token Helpdesk bridge \(id \S+, role agent\), acting as Ada <ada@example\.test>\./
		);
		const token = printedToken(created.stdout);
		expect(created.stdout.split(token)).toHaveLength(2);
		const bearer = { headers: { authorization: `Bearer ${token}` } };
		expect(await callApi('/api/cases', bearer)).toBe(200);
		expect(await callApi('/api/users', { method: 'POST', ...bearer })).toBe(403);

		const { users, tokens, audit } = await readTables();
		expect(tokens).toMatchObject([
			{ name: 'Helpdesk bridge', role: 'agent', createdById: users[0]!.id, revokedAt: null }
		]);
		expect(JSON.stringify(tokens)).not.toContain(token);
		expect(audit.map((entry) => [entry.action, entry.actorId, entry.detail])).toContainEqual([
			'api_token.created',
			null,
			{ name: 'Helpdesk bridge', role: 'agent', createdById: users[0]!.id, via: 'cli' }
		]);

		const id = tokens[0]!.id;
		const list = await admin('token', 'list');
		expect(list.code).toBe(0);
		expect(list.stdout).not.toContain(token);
		const lines = list.stdout.trim().split('\n');
		expect(lines[0]).toMatch(/^ID\s+NAME\s+ROLE\s+CREATOR\s+STATUS\s+LAST USED$/);
		expect(lines.slice(1)).toEqual([
			expect.stringMatching(
				new RegExp(
					`^${id}\\s+Helpdesk bridge\\s+agent\\s+Ada\\s+active\\s+2026-03-02T09:00:00\\.000Z$`
				)
			)
		]);

		const revoked = await admin('token', 'revoke', '--id', id);
		expect(revoked.code).toBe(0);
		expect(revoked.stdout).toContain(`Revoked API token Helpdesk bridge (id ${id}).`);
		expect(await callApi('/api/cases', bearer)).toBe(401);
		expect((await admin('token', 'list')).stdout).toMatch(/\srevoked\s/);

		const again = await admin('token', 'revoke', '--id', id);
		expect(again.code).toBe(1);
		expect(again.stderr).toContain('already revoked');
		expect((await readTables()).audit.map((entry) => entry.action)).toEqual([
			'user.created',
			'api_token.created',
			'api_token.revoked'
		]);
	});

	it('makes a token with the role given, and refuses bad token commands with exit code 1', async () => {
		await admin('create', '--email', 'ada@example.test');
		const manager = await admin(
			'token',
			'create',
			'--name',
			'Reports',
			'--role',
			'manager',
			'--email',
			'ada@example.test'
		);
		expect(manager.code).toBe(0);
		expect(manager.stdout).toContain('role manager');

		const database = openDatabase(databaseUrl);
		try {
			const now = new Date();
			await database.db.insert(staffUsers).values({
				id: 'agent-1',
				email: 'agent@example.test',
				name: 'Agent',
				role: 'agent',
				passwordHash: 'x',
				createdAt: now,
				updatedAt: now
			});
		} finally {
			database.close();
		}
		const before = await readTables();
		const [
			empty,
			noName,
			noEmail,
			badRole,
			nobody,
			notAdmin,
			unknownId,
			noId,
			noSub,
			badSub,
			foreignOption
		] = await Promise.all([
			admin('token', 'create', '--name', '  ', '--email', 'ada@example.test'),
			admin('token', 'create', '--email', 'ada@example.test'),
			admin('token', 'create', '--name', 'Bridge'),
			admin(
				'token',
				'create',
				'--name',
				'Bridge',
				'--role',
				'owner',
				'--email',
				'ada@example.test'
			),
			admin('token', 'create', '--name', 'Bridge', '--email', 'nobody@example.test'),
			admin('token', 'create', '--name', 'Bridge', '--email', 'agent@example.test'),
			admin('token', 'revoke', '--id', 'no-such-token'),
			admin('token', 'revoke'),
			admin('token'),
			admin('token', 'mint'),
			admin('create', '--email', 'other@example.test', '--role', 'agent')
		]);
		for (const result of [
			empty,
			noName,
			noEmail,
			badRole,
			nobody,
			notAdmin,
			unknownId,
			noId,
			noSub,
			badSub,
			foreignOption
		]) {
			expect(result.code).toBe(1);
			expect(result.stdout).not.toContain('Token');
		}
		expect(empty.stderr).toContain('--name: Name the token');
		expect(noName.stderr).toContain('Missing --name.');
		expect(noEmail.stderr).toContain('Missing --email.');
		expect(badRole.stderr).toContain('--role: Choose admin, manager or agent.');
		expect(nobody.stderr).toContain('No staff user has the email nobody@example.test.');
		expect(notAdmin.stderr).toContain(
			'agent@example.test is an agent; a token must be made by an admin.'
		);
		expect(unknownId.stderr).toContain('No API token has the id no-such-token.');
		expect(noId.stderr).toContain('Missing --id.');
		expect(noSub.stderr).toContain('Give a token command: create, list or revoke.');
		expect(badSub.stderr).toContain('Unknown token command: mint');
		expect(foreignOption.stderr).toContain('--role does not apply to create.');
		expect(await readTables()).toEqual(before);
	});
});
