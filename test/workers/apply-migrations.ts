import { applyD1Migrations } from 'cloudflare:test';
import { env } from 'cloudflare:workers';

// Each test file gets its own D1 storage; bring it to the committed schema
// (db/migrations, the same files `wrangler d1 migrations apply` uses).
await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);
