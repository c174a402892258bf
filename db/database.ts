import type { LibSQLDatabase } from 'drizzle-orm/libsql';

/**
 * The drizzle handle every store uses. The Node host builds it over libSQL
 * (db/client.ts), the Workers host over D1 (api/worker.ts). Stores use only
 * what both drivers share: the query builder, `.returning()` and `db.batch`.
 */
export type Database = LibSQLDatabase<Record<string, never>>;
