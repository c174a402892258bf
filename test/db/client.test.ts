import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrateDatabase, openDatabase, type DatabaseHandle } from '../../db/client';

let dir: string;
let handle: DatabaseHandle;
beforeEach(async () => {
	dir = mkdtempSync(join(tmpdir(), 'closeloop-db-'));
	handle = openDatabase(`file:${join(dir, 'test.db')}`);
	await migrateDatabase(handle.db);
});
afterEach(() => {
	handle.close();
	rmSync(dir, { recursive: true, force: true });
});

async function pragma(name: string, client = handle.client) {
	const result = await client.execute(`PRAGMA ${name}`);
	return Object.values(result.rows[0] ?? {})[0];
}

describe('the libSQL connection for a server', () => {
	it('sets WAL, synchronous=NORMAL, foreign keys and a busy timeout on every pooled connection', async () => {
		// Hold one connection in a transaction so the next statement must open another.
		const transaction = await handle.client.transaction('read');
		try {
			expect(await pragma('foreign_keys')).toBe(1);
			expect(await pragma('synchronous')).toBe(1);
			expect(await pragma('journal_mode')).toBe('wal');
			expect(await pragma('busy_timeout')).toBe(5000);
			const inTransaction = await transaction.execute('PRAGMA foreign_keys');
			expect(Object.values(inTransaction.rows[0] ?? {})[0]).toBe(1);
		} finally {
			transaction.close();
		}
	});

	it('enforces foreign keys: a contact cannot point at a missing account', async () => {
		const now = Date.now();
		await expect(
			handle.client.execute({
				sql: 'INSERT INTO contacts (id, account_id, email, name, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)',
				args: ['c1', 'no-such-account', 'a@b.test', 'A', now, now]
			})
		).rejects.toThrow(/FOREIGN KEY/);
	});

	it('applies migrations once: running them again changes nothing', async () => {
		await migrateDatabase(handle.db);
		const tables = await handle.client.execute("SELECT count(*) AS n FROM __drizzle_migrations");
		expect(Number(tables.rows[0]?.n)).toBeGreaterThan(0);
		const before = Number(tables.rows[0]?.n);
		await migrateDatabase(handle.db);
		const after = await handle.client.execute("SELECT count(*) AS n FROM __drizzle_migrations");
		expect(Number(after.rows[0]?.n)).toBe(before);
	});
});
