import type { SQL } from 'drizzle-orm';

/**
 * Raw SQL meant for a `db.batch`, its values written into the statement as
 * SQL literals. drizzle's D1 batch binds parameters only for query builders
 * (a raw statement has no prepared statement to bind them to, so it fails
 * there), while a raw statement without parameters runs on every driver.
 * Strings become quoted literals with `'` doubled (SQLite's only escape),
 * numbers are written as they are; so nothing a value holds can change the
 * statement. Use it for the statements the query builder cannot express.
 */
export function forBatch(query: SQL): SQL {
	return query.inlineParams();
}
