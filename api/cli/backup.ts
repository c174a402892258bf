import { existsSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { openDatabase } from '../../db/client';
import { defaultDatabaseUrl } from '../node';

/**
 * `npm run backup -- [path]`: a consistent copy of the live database with
 * `VACUUM INTO`. It only reads the source (WAL lets the server keep writing).
 */
const url = process.env.DATABASE_URL || defaultDatabaseUrl;
if (!url.startsWith('file:')) {
	console.error('Backups by VACUUM INTO are for the embedded file database. For a libSQL server or D1, use its own tools (turso db shell, wrangler d1 export).');
	process.exit(1);
}
const stamp = new Date().toISOString().replace(/[:.]/g, '-');
const target = resolve(process.argv[2] ?? `data/backups/closeloop-${stamp}.db`);
if (existsSync(target)) {
	console.error(`${target} already exists; choose another path.`);
	process.exit(1);
}
const { client, close } = openDatabase(url);
mkdirSync(dirname(target), { recursive: true });
await client.execute({ sql: 'VACUUM INTO ?', args: [target] });
close();
console.log(`Backed up ${url} to ${target}`);
