import { parseArgs } from 'node:util';
import { z } from 'zod';
import { migrateDatabase, openDatabase } from '../../db/client';
import { Password } from '../auth/routes';
import { systemClock } from '../clock';
import { readConfig } from '../config';
import { AppError } from '../errors';
import { Email } from '../openapi';
import { createToken } from '../tokens';
import { createUser } from '../users/create-user';
import { resetPassword } from '../users/reset-password';
import { findUserRowByEmail, listUsers } from '../users/store';

const usage = `Manage staff users from the command line (npm run admin -- <command>).

Commands:
  create --email <email> [--name <name>] [--password <password>]
      Adds an admin. Without --password a strong one is generated and printed once.
  reset-password --email <email> [--password <password>]
      Sets a new password (generated unless given), ends the user's sessions
      and lifts any sign-in lockout.
  list
      Shows every staff user with role and status.

Options:
  -h, --help   Show this help.

The database is DATABASE_URL (default file:./data/closeloop.db); migrations are applied first.`;

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
			help: { type: 'boolean', short: 'h' }
		}
	});
	const [command, ...extra] = positionals;
	if (values.help || command === 'help') {
		console.log(usage);
		return;
	}
	if (!command) fail('Give a command: create, reset-password or list.');
	if (extra.length > 0) fail(`Unexpected argument: ${extra.join(' ')}`);
	if (!['create', 'reset-password', 'list'].includes(command)) fail(`Unknown command: ${command}`);

	const config = readConfig(process.env);
	const url = process.env.DATABASE_URL || 'file:./data/closeloop.db';
	const database = openDatabase(url, process.env.DATABASE_AUTH_TOKEN);
	try {
		await migrateDatabase(database.db);
		const db = database.db;
		const now = systemClock.now();

		if (command === 'create') {
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
			const header = ['EMAIL', 'NAME', 'ROLE', 'STATUS'];
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
	} finally {
		database.close();
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
