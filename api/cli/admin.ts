import { parseArgs } from 'node:util';
import { z } from 'zod';
import { migrateDatabase, openDatabase } from '../../db/client';
import type { Database } from '../../db/database';
import { createApiToken } from '../api-tokens/create-api-token';
import { revokeApiToken } from '../api-tokens/revoke-api-token';
import { ApiTokenName } from '../api-tokens/schemas';
import { listApiTokens } from '../api-tokens/store';
import { Password } from '../auth/routes';
import { systemClock } from '../clock';
import { readConfig } from '../config';
import { AppError } from '../errors';
import { Email } from '../openapi';
import { createToken } from '../tokens';
import { createUser } from '../users/create-user';
import { resetPassword } from '../users/reset-password';
import { StaffRoleName } from '../users/schemas';
import { findUserRowByEmail, listUsers } from '../users/store';

const usage = `Manage staff users and API tokens from the command line (npm run admin -- <command>).

Commands:
  create --email <email> [--name <name>] [--password <password>]
      Adds an admin. Without --password a strong one is generated and printed once.
  reset-password --email <email> [--password <password>]
      Sets a new password (generated unless given), ends the user's sessions
      and lifts any sign-in lockout.
  list
      Shows every staff user with role and status.
  token create --name <name> --email <admin email> [--role admin|manager|agent]
      Makes an API token that acts as that admin with the role (default agent)
      and prints it once. Integrations send it as: Authorization: Bearer <token>
  token list
      Shows every API token (never the token itself) with role and status.
  token revoke --id <id>
      Revokes a token at once: its next request is refused.

Options:
  -h, --help   Show this help.

The database is DATABASE_URL (default file:./data/closeloop.db); migrations are applied first.`;

/** The options each command takes; any other is refused rather than ignored. */
const commandOptions: Record<string, string[]> = {
	create: ['email', 'name', 'password'],
	'reset-password': ['email', 'password'],
	list: [],
	'token create': ['name', 'email', 'role'],
	'token list': [],
	'token revoke': ['id']
};

/** Something the operator got wrong: printed without a stack trace, exit code 1. */
class UsageError extends Error {}

function fail(message: string): never {
	throw new UsageError(message);
}

function parse<T>(schema: z.ZodType<T>, value: string | undefined, what: string): T {
	if (value === undefined) fail(`Missing --${what}.`);
	const result = schema.safeParse(value);
	if (!result.success)
		fail(`--${what}: ${result.error.issues.map((issue) => issue.message).join(' ')}`);
	return result.data;
}

function generatePassword(): string {
	return createToken(16);
}

/** `ada.lovelace@example.com` → `Ada Lovelace` */
function nameFromEmail(email: string): string {
	const local = email.split('@')[0] ?? email;
	return (
		local
			.split(/[._+-]+/)
			.filter(Boolean)
			.map((part) => part[0]!.toUpperCase() + part.slice(1))
			.join(' ') || email
	);
}

async function main(argv: string[]): Promise<void> {
	const { values, positionals } = parseArgs({
		args: argv,
		allowPositionals: true,
		strict: true,
		options: {
			email: { type: 'string' },
			name: { type: 'string' },
			password: { type: 'string' },
			role: { type: 'string' },
			id: { type: 'string' },
			help: { type: 'boolean', short: 'h' }
		}
	});
	const [command, ...extra] = positionals;
	if (values.help || command === 'help') {
		console.log(usage);
		return;
	}
	if (!command) fail('Give a command: create, reset-password, list or token.');
	if (!['create', 'reset-password', 'list', 'token'].includes(command))
		fail(`Unknown command: ${command}`);
	const [tokenCommand, ...rest] = command === 'token' ? extra : [undefined, ...extra];
	if (command === 'token') {
		if (!tokenCommand) fail('Give a token command: create, list or revoke.');
		if (!['create', 'list', 'revoke'].includes(tokenCommand))
			fail(`Unknown token command: ${tokenCommand}`);
	}
	if (rest.length > 0) fail(`Unexpected argument: ${rest.join(' ')}`);
	const commandName = tokenCommand ? `${command} ${tokenCommand}` : command;
	const allowed = commandOptions[commandName] ?? [];
	for (const option of Object.keys(values)) {
		if (option !== 'help' && !allowed.includes(option))
			fail(`--${option} does not apply to ${commandName}.`);
	}

	const config = readConfig(process.env);
	const url = process.env.DATABASE_URL || 'file:./data/closeloop.db';
	const database = openDatabase(url, process.env.DATABASE_AUTH_TOKEN);
	try {
		await migrateDatabase(database.db);
		const db = database.db;
		const now = systemClock.now();

		if (command === 'token') {
			await tokenMain(db, now, tokenCommand!, values);
		} else if (command === 'create') {
			const email = parse(Email, values.email, 'email');
			const name = values.name?.trim() || nameFromEmail(email);
			const password =
				values.password === undefined
					? generatePassword()
					: parse(Password, values.password, 'password');
			const user = await createUser({
				db,
				config,
				now,
				actor: null,
				input: { email, name, role: 'admin', password },
				sendWelcome: false
			}).catch((error: unknown) => {
				if (error instanceof AppError && error.code === 'conflict') {
					fail(
						`${email} already has an account. To give it a new password: npm run admin -- reset-password --email ${email}`
					);
				}
				throw error;
			});
			console.log(`Created admin ${user.name} <${user.email}>.`);
			if (values.password === undefined) printPassword(password);
		} else if (command === 'reset-password') {
			const email = parse(Email, values.email, 'email');
			const user = await findUserRowByEmail(db, email);
			if (!user)
				fail(`No staff user has the email ${email}. See them all with: npm run admin -- list`);
			const password =
				values.password === undefined
					? generatePassword()
					: parse(Password, values.password, 'password');
			await resetPassword({ db, now, actorId: null, userId: user.id, password });
			console.log(
				`Set a new password for ${user.name} <${user.email}> and signed them out everywhere.`
			);
			if (user.disabledAt)
				console.log(
					'Note: this user is disabled; an admin must enable them before they can sign in.'
				);
			if (values.password === undefined) printPassword(password);
		} else {
			const users = await listUsers(db);
			if (users.length === 0) {
				console.log(
					'No staff users yet. Add the first admin with: npm run admin -- create --email <email>'
				);
				return;
			}
			const rows = users.map((user) => [
				user.email,
				user.name,
				user.role,
				user.active ? 'active' : 'disabled'
			]);
			printTable(['EMAIL', 'NAME', 'ROLE', 'STATUS'], rows);
		}
	} finally {
		database.close();
	}
}

async function tokenMain(
	db: Database,
	now: Date,
	command: string,
	values: { name?: string; email?: string; role?: string; id?: string }
): Promise<void> {
	if (command === 'create') {
		const name = parse(ApiTokenName, values.name, 'name');
		const role = values.role === undefined ? 'agent' : parse(StaffRoleName, values.role, 'role');
		const email = parse(Email, values.email, 'email');
		const creator = await findUserRowByEmail(db, email);
		if (!creator)
			fail(`No staff user has the email ${email}. See them all with: npm run admin -- list`);
		if (creator.disabledAt) fail(`${email} is disabled; a token must act as an active admin.`);
		if (creator.role !== 'admin')
			fail(
				`${email} is ${creator.role === 'agent' ? 'an' : 'a'} ${creator.role}; a token must be made by an admin.`
			);
		const { token, apiToken } = await createApiToken({
			db,
			now,
			creator,
			actor: null,
			input: { name, role }
		});
		console.log(
			`Created API token ${apiToken.name} (id ${apiToken.id}, role ${apiToken.role}), acting as ${creator.name} <${creator.email}>.`
		);
		console.log(`Token (shown only this once): ${token}`);
		console.log('Send it as the header: Authorization: Bearer <token>');
	} else if (command === 'list') {
		const tokens = await listApiTokens(db);
		if (tokens.length === 0) {
			console.log(
				'No API tokens yet. Make one with: npm run admin -- token create --name <name> --email <admin email>'
			);
			return;
		}
		printTable(
			['ID', 'NAME', 'ROLE', 'CREATOR', 'STATUS', 'LAST USED'],
			tokens.map((token) => [
				token.id,
				token.name,
				token.role,
				token.createdBy?.name ?? '(deleted)',
				token.revokedAt ? 'revoked' : 'active',
				token.lastUsedAt ?? 'never'
			])
		);
	} else {
		const id = parse(z.string().trim().min(1, 'Give a token id.'), values.id, 'id');
		const apiToken = await revokeApiToken({ db, now, actor: null, tokenId: id }).catch(
			(error: unknown) => {
				if (error instanceof AppError && error.code === 'not_found') {
					fail(`No API token has the id ${id}. See them all with: npm run admin -- token list`);
				}
				throw error;
			}
		);
		console.log(`Revoked API token ${apiToken.name} (id ${apiToken.id}).`);
	}
}

function printTable(header: string[], rows: string[][]) {
	const widths = header.map((title, column) =>
		Math.max(title.length, ...rows.map((row) => row[column]!.length))
	);
	for (const row of [header, ...rows]) {
		console.log(
			row
				.map((cell, column) => cell.padEnd(widths[column]!))
				.join('  ')
				.trimEnd()
		);
	}
}

function printPassword(password: string) {
	console.log(`Password (shown only this once): ${password}`);
}

try {
	await main(process.argv.slice(2));
} catch (error) {
	if (error instanceof UsageError || error instanceof AppError) {
		console.error(error.message);
		if (error instanceof UsageError) console.error('Run with --help for usage.');
		process.exitCode = 1;
	} else if (
		error instanceof TypeError &&
		'code' in error &&
		String(error.code).startsWith('ERR_PARSE_ARGS')
	) {
		console.error(`${error.message}\nRun with --help for usage.`);
		process.exitCode = 1;
	} else {
		throw error;
	}
}
