import { integer, text } from 'drizzle-orm/sqlite-core';

/** Primary keys are random UUIDs made by the caller, so batches can reference rows they create. */
export const id = () => text('id').primaryKey();

/** Instants are stored as Unix milliseconds (UTC). */
export const instant = (name: string) => integer(name, { mode: 'timestamp_ms' });
