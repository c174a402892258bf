import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createClient, type Client } from '@libsql/client';
import { ConnectionPool, Sqlite3Client } from '@libsql/client/sqlite3';
import { drizzle } from 'drizzle-orm/libsql';
import { migrate } from 'drizzle-orm/libsql/migrator';
import type { Database } from './database';

export const migrationsFolder = fileURLToPath(new URL('./migrations', import.meta.url));

/** Per-connection settings for a server: SQLite forgets all but WAL when a connection closes. */
const connectionPragmas = [
	'PRAGMA journal_mode = WAL',
	'PRAGMA synchronous = NORMAL',
	'PRAGMA foreign_keys = ON',
	'PRAGMA busy_timeout = 5000'
];

type Statement = { run(): unknown; get(): unknown };
type Connection = { prepare(sql: string): Statement };

/** Compiled statements kept per connection; the app issues a few hundred distinct ones. */
const statementCacheSize = 500;

/**
 * The client pools connections and opens them lazily, so a PRAGMA sent once
 * reaches only one of them. This pool applies the settings to each connection
 * as it is opened, and gives each a cache of compiled statements: the client
 * prepares every statement afresh, and compiling SQL is most of the cost of a
 * small query. A statement is bound, stepped to its end and reset within one
 * synchronous call, so reusing it is safe; SQLite recompiles it by itself
 * after a schema change.
 */
class ConfiguredConnectionPool extends ConnectionPool {
	#configured = new WeakSet<object>();

	override acquireSync(forTransaction = false) {
		const connection = super.acquireSync(forTransaction) as unknown as Connection;
		if (!this.#configured.has(connection)) {
			for (const pragma of connectionPragmas) connection.prepare(pragma).get();
			cacheStatements(connection);
			this.#configured.add(connection);
		}
		return connection as never;
	}
}

function cacheStatements(connection: Connection) {
	const prepare = connection.prepare.bind(connection);
	const cache = new Map<string, Statement>();
	connection.prepare = (sql) => {
		let statement = cache.get(sql);
		if (statement) {
			// Most recently used last, so the first key is the one to evict.
			cache.delete(sql);
		} else {
			statement = prepare(sql);
			if (cache.size >= statementCacheSize) cache.delete(cache.keys().next().value!);
		}
		cache.set(sql, statement);
		return statement;
	};
}

export type DatabaseHandle = { db: Database; client: Client; close(): void };

/**
 * Opens `url`: a `file:` path (the embedded default, created if missing) or a
 * `libsql://` / `http(s)://` libSQL server.
 */
export function openDatabase(url: string, authToken?: string): DatabaseHandle {
	let client: Client;
	if (url.startsWith('file:')) {
		const path = url.slice('file:'.length).replace(/^\/\/(localhost)?(?=\/)/, '');
		if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
		const pool = new ConfiguredConnectionPool(path, { timeout: 5000 }, 8);
		const probe = pool.acquireSync();
		pool.release(probe);
		client = new Sqlite3Client(pool, 'number') as unknown as Client;
	} else {
		client = createClient({ url, authToken });
	}
	const db = drizzle(client) as Database;
	return { db, client, close: () => client.close() };
}

/** Applies the committed migrations that have not run yet. */
export async function migrateDatabase(db: Database): Promise<void> {
	await migrate(db, { migrationsFolder });
}
