import { and, asc, count, desc, eq, isNotNull, isNull, or, sql, type SQL } from 'drizzle-orm';
import type { Database } from '../../db/database';
import { accounts, contacts } from '../../db/schema/accounts';
import { outbox } from '../../db/schema/outbox';
import { containsPattern } from '../accounts/store';
import { isErasedContact } from '../domain/personal-data';
import { contactStatus } from './contact-status';
import type { Contact, ContactFilters, ContactSort } from './schemas';

export type ContactRow = typeof contacts.$inferSelect;

const sortColumns: Record<string, SQL> = {
	name: sql`lower(${contacts.name})`,
	email: sql`${contacts.email}`,
	account: sql`lower(${accounts.name})`,
	createdAt: sql`${contacts.createdAt}`
};

function orderBy(sort: ContactSort) {
	const descending = sort.startsWith('-');
	const column = sortColumns[descending ? sort.slice(1) : sort]!;
	return [descending ? desc(column) : asc(column), sql`lower(${contacts.name})`, asc(contacts.id)];
}

const isBounced = or(isNotNull(contacts.bouncedAt), isNotNull(contacts.complainedAt));

function conditions(filters: ContactFilters): SQL | undefined {
	const where: (SQL | undefined)[] = [];
	if (filters.q) {
		const pattern = containsPattern(filters.q);
		where.push(
			or(
				sql`lower(${contacts.name}) LIKE ${pattern} ESCAPE '\\'`,
				sql`${contacts.email} LIKE ${pattern} ESCAPE '\\'`
			)
		);
	}
	if (filters.account) where.push(eq(contacts.accountId, filters.account));
	if (filters.locale) where.push(sql`lower(${contacts.locale}) = ${filters.locale.toLowerCase()}`);
	switch (filters.status) {
		case 'archived':
			where.push(isNotNull(contacts.archivedAt));
			break;
		case 'unsubscribed':
			where.push(isNull(contacts.archivedAt), isNotNull(contacts.unsubscribedAt));
			break;
		case 'bounced':
			where.push(isNull(contacts.archivedAt), isBounced);
			break;
		case 'active':
			where.push(
				isNull(contacts.archivedAt),
				isNull(contacts.unsubscribedAt),
				isNull(contacts.bouncedAt),
				isNull(contacts.complainedAt)
			);
			break;
		default:
			where.push(isNull(contacts.archivedAt));
	}
	return and(...where);
}

const contactSelection = {
	contact: contacts,
	accountName: accounts.name,
	accountArchivedAt: accounts.archivedAt
};

function toContact(row: {
	contact: ContactRow;
	accountName: string;
	accountArchivedAt: Date | null;
}): Contact {
	const { contact } = row;
	return {
		id: contact.id,
		account: {
			id: contact.accountId,
			name: row.accountName,
			archived: row.accountArchivedAt !== null
		},
		email: contact.email,
		name: contact.name,
		locale: contact.locale,
		timeZone: contact.timeZone,
		consent: contact.consent,
		status: contactStatus(contact),
		unsubscribedAt: contact.unsubscribedAt?.toISOString() ?? null,
		bouncedAt: contact.bouncedAt?.toISOString() ?? null,
		complainedAt: contact.complainedAt?.toISOString() ?? null,
		archivedAt: contact.archivedAt?.toISOString() ?? null,
		createdAt: contact.createdAt.toISOString(),
		updatedAt: contact.updatedAt.toISOString(),
		erased: isErasedContact(contact)
	};
}

export async function listContacts(
	db: Database,
	filters: ContactFilters,
	page: { offset: number; limit: number }
): Promise<{ items: Contact[]; total: number }> {
	const where = conditions(filters);
	const [rows, [totalRow]] = await Promise.all([
		db
			.select(contactSelection)
			.from(contacts)
			.innerJoin(accounts, eq(accounts.id, contacts.accountId))
			.where(where)
			.orderBy(...orderBy(filters.sort))
			.limit(page.limit)
			.offset(page.offset),
		db.select({ n: count() }).from(contacts).where(where)
	]);
	return { items: rows.map(toContact), total: totalRow?.n ?? 0 };
}

/** Every contact matching the filters, with its account's reference, for the CSV export. */
export async function listAllContacts(db: Database, filters: ContactFilters) {
	const rows = await db
		.select({ ...contactSelection, accountExternalRef: accounts.externalRef })
		.from(contacts)
		.innerJoin(accounts, eq(accounts.id, contacts.accountId))
		.where(conditions(filters))
		.orderBy(...orderBy(filters.sort));
	return rows.map((row) => ({ ...toContact(row), accountExternalRef: row.accountExternalRef }));
}

export async function findContact(db: Database, id: string): Promise<Contact | null> {
	const [row] = await db
		.select(contactSelection)
		.from(contacts)
		.innerJoin(accounts, eq(accounts.id, contacts.accountId))
		.where(eq(contacts.id, id));
	return row ? toContact(row) : null;
}

export async function findContactRow(db: Database, id: string): Promise<ContactRow | null> {
	const [row] = await db.select().from(contacts).where(eq(contacts.id, id));
	return row ?? null;
}

/** The contact that has `email` (lower-cased), with its account's name, for conflict messages. */
export async function findContactByEmail(db: Database, email: string) {
	const [row] = await db
		.select({ id: contacts.id, name: contacts.name, accountName: accounts.name })
		.from(contacts)
		.innerJoin(accounts, eq(accounts.id, contacts.accountId))
		.where(eq(contacts.email, email));
	return row ?? null;
}

export async function findAccountForContact(db: Database, id: string) {
	const [row] = await db
		.select({ id: accounts.id, name: accounts.name, archivedAt: accounts.archivedAt })
		.from(accounts)
		.where(eq(accounts.id, id));
	return row ?? null;
}

/** Languages in use by contacts that are not archived, most common first. */
export async function listContactLocales(db: Database) {
	const rows = await db
		.select({ locale: contacts.locale, count: count() })
		.from(contacts)
		.where(isNull(contacts.archivedAt))
		.groupBy(contacts.locale)
		.orderBy(desc(count()), asc(contacts.locale));
	return rows;
}

/** The emails written for a contact, newest first. */
export async function listContactEmails(db: Database, contactId: string, limit: number) {
	return db
		.select({
			subject: outbox.subject,
			toAddress: outbox.toAddress,
			status: outbox.status,
			createdAt: outbox.createdAt,
			sentAt: outbox.sentAt,
			lastError: outbox.lastError
		})
		.from(outbox)
		.where(eq(outbox.contactId, contactId))
		.orderBy(desc(sql`coalesce(${outbox.sentAt}, ${outbox.createdAt})`), desc(outbox.id))
		.limit(limit);
}

export function insertContact(db: Database, row: typeof contacts.$inferInsert) {
	return db.insert(contacts).values(row);
}

export function updateContact(
	db: Database,
	id: string,
	values: Partial<typeof contacts.$inferInsert>
) {
	return db.update(contacts).set(values).where(eq(contacts.id, id));
}

export function setContactArchived(db: Database, id: string, archivedAt: Date | null, now: Date) {
	return db
		.update(contacts)
		.set({ archivedAt, updatedAt: now })
		.where(
			and(
				eq(contacts.id, id),
				archivedAt ? isNull(contacts.archivedAt) : isNotNull(contacts.archivedAt)
			)
		)
		.returning({ id: contacts.id });
}

/** Whether a failed write broke a unique index (a racing insert of the same email or reference). */
export function isUniqueViolation(error: unknown): boolean {
	for (let current: unknown = error; current; current = (current as { cause?: unknown }).cause) {
		const { code, message } = current as { code?: unknown; message?: unknown };
		if (typeof code === 'string' && code.startsWith('SQLITE_CONSTRAINT_UNIQUE')) return true;
		if (typeof message === 'string' && message.includes('UNIQUE constraint failed')) return true;
	}
	return false;
}
