import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { sql } from 'drizzle-orm';
import { migrateDatabase, openDatabase } from '../../db/client';
import { createApp } from '../../api/app';
import { systemClock } from '../../api/clock';
import { Config } from '../../api/config';
import { createLocalMailer } from '../../emails/local-mailer';
import { invitationCount, seedInvitations } from './seed-invitations';

/**
 * The two servers the benchmark compares, in their own process so the load
 * generator does not share their event loop:
 * - baseline: a bare Hono route that does one insert into a libSQL file set up
 *   exactly like the product's (WAL, synchronous=NORMAL, foreign keys, busy timeout);
 * - product: the real app, on its own file with the real migrations, seeded with
 *   survey invitations whose tokens the load generator knows (`benchToken(n)`).
 */
const dir = mkdtempSync(join(tmpdir(), 'closeloop-bench-'));

const baselineDb = openDatabase(`file:${join(dir, 'baseline.db')}`);
await baselineDb.db.run(sql`CREATE TABLE items (id TEXT PRIMARY KEY, email TEXT NOT NULL, name TEXT NOT NULL, created_at INTEGER NOT NULL)`);
const baseline = new Hono().post('/insert', async (c) => {
	const body = await c.req.json<{ email: string; name: string }>();
	const id = crypto.randomUUID();
	await baselineDb.db.run(sql`INSERT INTO items (id, email, name, created_at) VALUES (${id}, ${body.email}, ${body.name}, ${Date.now()})`);
	return c.json({ id }, 201);
});

const productDb = openDatabase(`file:${join(dir, 'product.db')}`);
await migrateDatabase(productDb.db);
const product = createApp({
	db: productDb.db,
	clock: systemClock,
	mailer: createLocalMailer(),
	config: Config.parse({ version: 'bench', complaintsPerAddressPerHour: 1_000_000_000 })
});

function listen(fetch: (request: Request) => Response | Promise<Response>) {
	return new Promise<number>((resolve) => {
		const server = serve({ fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) => resolve(info.port));
		process.once('SIGTERM', () => server.close());
	});
}

await seedInvitations(productDb.db, invitationCount);

const ports = { baseline: await listen(baseline.fetch), product: await listen(product.fetch) };
process.stdout.write(`${JSON.stringify({ ...ports, dir })}\n`);
process.once('SIGTERM', () => process.exit(0));
