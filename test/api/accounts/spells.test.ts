import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { asc, eq } from 'drizzle-orm';
import { migrate } from 'drizzle-orm/libsql/migrator';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrationsFolder, openDatabase } from '../../../db/client';
import { accountSpells, accounts } from '../../../db/schema/accounts';
import { auditLog } from '../../../db/schema/audit';
import { startTestApp, type TestApp } from '../../support/app';
import { givenAccount } from './helpers';

let app: TestApp;
beforeEach(async () => {
	app = await startTestApp();
});
afterEach(async () => {
	await app.stop();
});

async function spellsOf(accountId: string) {
	const rows = await app.db
		.select({ wonAt: accountSpells.wonAt, lostAt: accountSpells.lostAt })
		.from(accountSpells)
		.where(eq(accountSpells.accountId, accountId))
		.orderBy(asc(accountSpells.wonAt));
	return rows.map((row) => ({
		wonAt: row.wonAt.toISOString(),
		lostAt: row.lostAt?.toISOString() ?? null
	}));
}

describe('account spells', () => {
	it('starts one open spell when an account is created', async () => {
		const manager = await app.signIn('manager');
		const account = await givenAccount(manager, { wonAt: '2024-01-15' });
		expect(await spellsOf(account.id)).toEqual([
			{ wonAt: '2024-01-15T00:00:00.000Z', lostAt: null }
		]);
	});

	it('keeps the first spell when a lost account is won back, and a second loss closes the new one', async () => {
		const manager = await app.signIn('manager');
		const account = await givenAccount(manager, { wonAt: '2024-01-15' });
		expect(
			(await manager.post(`/api/accounts/${account.id}/lost`, { at: '2025-02-20' })).status
		).toBe(200);
		expect(
			(await manager.post(`/api/accounts/${account.id}/won-back`, { at: '2025-09-01' })).status
		).toBe(200);
		expect(await spellsOf(account.id)).toEqual([
			{ wonAt: '2024-01-15T00:00:00.000Z', lostAt: '2025-02-20T00:00:00.000Z' },
			{ wonAt: '2025-09-01T00:00:00.000Z', lostAt: null }
		]);
		// Refused changes write no spell.
		expect((await manager.post(`/api/accounts/${account.id}/won-back`)).status).toBe(409);
		expect(
			(await manager.post(`/api/accounts/${account.id}/lost`, { at: '2030-01-01' })).status
		).toBe(422);
		expect(await spellsOf(account.id)).toHaveLength(2);

		expect(
			(await manager.post(`/api/accounts/${account.id}/lost`, { at: '2026-01-10' })).status
		).toBe(200);
		expect(await spellsOf(account.id)).toEqual([
			{ wonAt: '2024-01-15T00:00:00.000Z', lostAt: '2025-02-20T00:00:00.000Z' },
			{ wonAt: '2025-09-01T00:00:00.000Z', lostAt: '2026-01-10T00:00:00.000Z' }
		]);
	});

	it('moves the latest spell when "customer since" is edited, within the earlier loss and the current one', async () => {
		const manager = await app.signIn('manager');
		const account = await givenAccount(manager, { wonAt: '2024-01-15' });
		await manager.post(`/api/accounts/${account.id}/lost`, { at: '2025-02-20' });
		await manager.post(`/api/accounts/${account.id}/won-back`, { at: '2025-09-01' });

		const moved = await manager.patch(`/api/accounts/${account.id}`, { wonAt: '2025-06-01' });
		expect(moved.status, moved.text).toBe(200);
		expect(moved.json.account.wonAt).toBe('2025-06-01T00:00:00.000Z');
		expect(await spellsOf(account.id)).toEqual([
			{ wonAt: '2024-01-15T00:00:00.000Z', lostAt: '2025-02-20T00:00:00.000Z' },
			{ wonAt: '2025-06-01T00:00:00.000Z', lostAt: null }
		]);

		const overlapping = await manager.patch(`/api/accounts/${account.id}`, { wonAt: '2025-01-01' });
		expect(overlapping.status).toBe(422);
		expect(overlapping.json.error.fields.wonAt).toEqual([
			'Customer since cannot be before the account was last lost (2025-02-20); earlier spells stay as they were.'
		]);

		await manager.post(`/api/accounts/${account.id}/lost`, { at: '2026-01-10' });
		const afterLoss = await manager.patch(`/api/accounts/${account.id}`, { wonAt: '2026-02-01' });
		expect(afterLoss.status).toBe(422);
		expect(afterLoss.json.error.fields.wonAt).toEqual([
			'Customer since cannot be after the account was lost (2026-01-10).'
		]);
		expect(await spellsOf(account.id)).toEqual([
			{ wonAt: '2024-01-15T00:00:00.000Z', lostAt: '2025-02-20T00:00:00.000Z' },
			{ wonAt: '2025-06-01T00:00:00.000Z', lostAt: '2026-01-10T00:00:00.000Z' }
		]);
	});

	it('starts a spell for every account a contact import creates, and none for accounts it reuses', async () => {
		const manager = await app.signIn('manager');
		const existing = await givenAccount(manager, { name: 'Acme Ltd', wonAt: '2023-05-05' });
		const csv = [
			'email,name,account',
			'ana@acme.example,Ana Lima,Acme Ltd',
			'cy@globex.example,Cy Doe,Globex',
			'di@initech.example,Di Roe,Initech'
		].join('\n');
		const imported = await manager.post('/api/contacts/import', csv, {
			'content-type': 'text/csv'
		});
		expect(imported.status, imported.text).toBe(200);

		const rows = await app.db
			.select({ name: accounts.name, wonAt: accountSpells.wonAt, lostAt: accountSpells.lostAt })
			.from(accountSpells)
			.innerJoin(accounts, eq(accounts.id, accountSpells.accountId))
			.orderBy(asc(accounts.name));
		expect(rows.map((row) => [row.name, row.wonAt.toISOString(), row.lostAt])).toEqual([
			['Acme Ltd', '2023-05-05T00:00:00.000Z', null],
			['Globex', '2026-03-02T09:00:00.000Z', null],
			['Initech', '2026-03-02T09:00:00.000Z', null]
		]);
		expect(await spellsOf(existing.id)).toHaveLength(1);
	});
});

describe('the account_spells migration', () => {
	it('backfills each account and the earlier spells its win backs recorded in the audit log', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'closeloop-spells-'));
		try {
			// The migrations before account_spells, applied to a database that then holds old-style history.
			const before = join(dir, 'before');
			cpSync(migrationsFolder, before, { recursive: true });
			const journalPath = join(before, 'meta', '_journal.json');
			const journal = JSON.parse(readFileSync(journalPath, 'utf8'));
			const index = journal.entries.findIndex((e: { tag: string }) =>
				e.tag.endsWith('_account_spells')
			);
			expect(index).toBeGreaterThan(0);
			journal.entries = journal.entries.slice(0, index);
			writeFileSync(journalPath, JSON.stringify(journal));

			const database = openDatabase(`file:${join(dir, 'old.db')}`);
			try {
				await migrate(database.db, { migrationsFolder: before });
				const at = new Date('2026-01-01T00:00:00Z');
				const row = { tier: 'standard' as const, createdAt: at, updatedAt: at };
				await database.db.insert(accounts).values([
					// Won 2022, lost 2023, won back 2024, lost again 2025, won back 2025-11.
					{ id: 'twice', name: 'Twice Back', wonAt: new Date('2025-11-03T10:20:30.456Z'), ...row },
					{
						id: 'lost',
						name: 'Gone Ltd',
						status: 'lost',
						wonAt: new Date('2021-04-01T00:00:00Z'),
						lostAt: new Date('2024-08-15T12:00:00.001Z'),
						...row
					},
					{ id: 'steady', name: 'Steady Co', wonAt: new Date('2020-02-02T02:02:02.002Z'), ...row }
				]);
				const wonBack = (entityId: string, previousWonAt: string, lostAt: string) => ({
					actorId: null,
					action: 'account.won_back',
					entityType: 'account',
					entityId,
					detail: { wonAt: 'ignored', previousWonAt, lostAt, note: 'Customer again' },
					at
				});
				await database.db
					.insert(auditLog)
					.values([
						wonBack('twice', '2022-03-04T05:06:07.089Z', '2023-07-08T09:10:11.120Z'),
						wonBack('twice', '2024-01-31T23:59:59.999Z', '2025-06-30T00:00:00.000Z'),
						wonBack('deleted-account', '2022-01-01T00:00:00.000Z', '2022-02-01T00:00:00.000Z'),
						{ ...wonBack('steady', 'x', 'y'), action: 'account.lost' }
					]);

				await migrate(database.db, { migrationsFolder });
				const spells = await database.db
					.select({
						accountId: accountSpells.accountId,
						wonAt: accountSpells.wonAt,
						lostAt: accountSpells.lostAt
					})
					.from(accountSpells)
					.orderBy(asc(accountSpells.accountId), asc(accountSpells.wonAt));
				expect(
					spells.map((s) => [s.accountId, s.wonAt.toISOString(), s.lostAt?.toISOString() ?? null])
				).toEqual([
					['lost', '2021-04-01T00:00:00.000Z', '2024-08-15T12:00:00.001Z'],
					['steady', '2020-02-02T02:02:02.002Z', null],
					['twice', '2022-03-04T05:06:07.089Z', '2023-07-08T09:10:11.120Z'],
					['twice', '2024-01-31T23:59:59.999Z', '2025-06-30T00:00:00.000Z'],
					['twice', '2025-11-03T10:20:30.456Z', null]
				]);
			} finally {
				database.close();
			}
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	});
});
