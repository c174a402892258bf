import { and, asc, eq, isNull, ne, sql } from 'drizzle-orm';
import type { Database } from '../../db/database';
import { rootCauses } from '../../db/schema/cases';
import { suggestionThemes } from '../../db/schema/surveys';

/** The tables that hold a managed list of names: the same four columns each. */
export const namedListTables = { rootCauses, suggestionThemes };
export type NamedListTable = keyof typeof namedListTables;

/** Both tables have the same columns; drizzle types them apart, so the queries are written against one. */
const tableOf = (name: NamedListTable) => namedListTables[name] as typeof rootCauses;

export type NamedItemRow = typeof rootCauses.$inferSelect;

/** Entries in use first, then archived ones, each by name (or the one with `id`). */
export function listNamedItems(db: Database, name: NamedListTable, id?: string) {
	const table = tableOf(name);
	return db
		.select()
		.from(table)
		.where(id ? eq(table.id, id) : undefined)
		.orderBy(sql`${table.archivedAt} is not null`, asc(sql`lower(${table.name})`), asc(table.id));
}

export async function findNamedItem(db: Database, name: NamedListTable, id: string) {
	const [row] = await listNamedItems(db, name, id);
	return row ?? null;
}

/** Whether an entry in use (not archived) other than `exceptId` has this name, regardless of case. */
export async function isNameTaken(
	db: Database,
	name: NamedListTable,
	value: string,
	exceptId?: string
) {
	const table = tableOf(name);
	const [row] = await db
		.select({ id: table.id })
		.from(table)
		.where(
			and(
				sql`lower(${table.name}) = lower(${value})`,
				isNull(table.archivedAt),
				exceptId ? ne(table.id, exceptId) : undefined
			)
		)
		.limit(1);
	return row !== undefined;
}

export function insertNamedItem(db: Database, name: NamedListTable, row: NamedItemRow) {
	return db.insert(tableOf(name)).values(row);
}

/** Renames an entry still in use; returns the id only when it was not archived. */
export function renameNamedItem(db: Database, name: NamedListTable, id: string, value: string) {
	const table = tableOf(name);
	return db
		.update(table)
		.set({ name: value })
		.where(and(eq(table.id, id), isNull(table.archivedAt)))
		.returning({ id: table.id });
}

/** Archives an entry, compare-and-set: returns the id only when it was still in use. */
export function archiveNamedItem(db: Database, name: NamedListTable, id: string, now: Date) {
	const table = tableOf(name);
	return db
		.update(table)
		.set({ archivedAt: now })
		.where(and(eq(table.id, id), isNull(table.archivedAt)))
		.returning({ id: table.id });
}
