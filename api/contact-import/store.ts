import { count, sql, type SQL } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import type { Database } from '../../db/database';
import { accountSpells, accounts, contacts, type AccountTier } from '../../db/schema/accounts';
import { staffUsers } from '../../db/schema/staff';
import { insertAuditEntry } from '../audit/store';
import { newId } from '../tokens';
import type {
	ExistingAccount,
	ExistingContact,
	ExistingStaff,
	ImportLookups,
	ImportPlan,
	ImportTier,
	LookupKeys
} from '../domain/contact-import';

// The domain keeps its own copy of the tiers; this fails to compile if they drift.
const tiersAgree: [ImportTier, AccountTier] extends [AccountTier, ImportTier] ? true : never = true;
void tiersAgree;

/** D1 allows at most 100 bound parameters per statement; every statement here stays within it. */
export const maxBoundParameters = 100;

/**
 * Keys per lookup query. They travel as one JSON parameter read with
 * `json_each`, so a lookup is one bound parameter whatever its size (well
 * under D1's 2 MB per value).
 */
const keysPerLookup = 5000;

function chunk<T>(items: readonly T[], size: number): T[][] {
	const chunks: T[][] = [];
	for (let start = 0; start < items.length; start += size)
		chunks.push(items.slice(start, start + size));
	return chunks;
}

function inList(values: string[]): SQL {
	return sql`(select value from json_each(${JSON.stringify(values)}))`;
}

/** Everything `planContactImport` needs to know about what already exists. */
export async function findImportLookups(db: Database, keys: LookupKeys): Promise<ImportLookups> {
	const staffByEmail = new Map<string, ExistingStaff>();
	for (const emails of chunk(keys.ownerEmails, keysPerLookup)) {
		const rows = await db
			.select({ id: staffUsers.id, email: staffUsers.email, disabledAt: staffUsers.disabledAt })
			.from(staffUsers)
			.where(sql`${staffUsers.email} in ${inList(emails)}`);
		for (const row of rows) staffByEmail.set(row.email, { id: row.id, isActive: !row.disabledAt });
	}

	const contactsByEmail = new Map<string, ExistingContact>();
	for (const emails of chunk(keys.emails, keysPerLookup)) {
		const rows = await db
			.select({
				id: contacts.id,
				email: contacts.email,
				accountId: contacts.accountId,
				name: contacts.name,
				locale: contacts.locale,
				timeZone: contacts.timeZone,
				consent: contacts.consent
			})
			.from(contacts)
			.where(sql`${contacts.email} in ${inList(emails)}`);
		for (const { email, ...contact } of rows) contactsByEmail.set(email, contact);
	}

	const accountColumns = {
		id: accounts.id,
		name: accounts.name,
		externalRef: accounts.externalRef,
		isArchived: sql<boolean>`${accounts.archivedAt} is not null`.mapWith(Boolean)
	};
	const accountsByRef = new Map<string, ExistingAccount>();
	for (const refs of chunk(keys.accountRefs, keysPerLookup)) {
		const rows = await db
			.select(accountColumns)
			.from(accounts)
			.where(sql`${accounts.externalRef} in ${inList(refs)}`);
		for (const row of rows) accountsByRef.set(row.externalRef!, row);
	}

	// Archived accounts are out of play for matching by name (a reference still finds them).
	const accountsByNameKey = new Map<string, ExistingAccount[]>();
	for (const nameKeys of chunk(keys.accountNameKeys, keysPerLookup)) {
		const rows = await db
			.select({ ...accountColumns, key: sql<string>`lower(${accounts.name})` })
			.from(accounts)
			.where(sql`lower(${accounts.name}) in ${inList(nameKeys)} and ${accounts.archivedAt} is null`)
			.orderBy(accounts.createdAt);
		for (const { key, ...account } of rows) {
			const group = accountsByNameKey.get(key);
			if (group) group.push(account);
			else accountsByNameKey.set(key, [account]);
		}
	}

	return { staffByEmail, contactsByEmail, accountsByRef, accountsByNameKey };
}

/**
 * The statements that carry out `plan`: multi-row inserts of at most
 * `maxBoundParameters` parameters each, contacts matched by email updated in
 * place (ON CONFLICT), and the audit entry. Run together in one `db.batch`,
 * they are one transaction: all of the import or none of it.
 */
export function buildImportStatements(
	db: Database,
	input: { plan: ImportPlan; now: Date; actorId: string; importId: string }
): [BatchItem<'sqlite'>, ...BatchItem<'sqlite'>[]] {
	const { plan, now } = input;
	const audit = insertAuditEntry(db, {
		actorId: input.actorId,
		action: 'contacts.imported',
		entityType: 'contact_import',
		entityId: input.importId,
		detail: { mode: plan.mode, rows: plan.rowCount, ...plan.counts },
		at: now
	});
	const statements: BatchItem<'sqlite'>[] = [];

	const accountRows = plan.accounts.map((account) => ({
		id: account.id,
		name: account.name,
		externalRef: account.externalRef,
		ownerId: account.ownerId,
		tier: account.tier,
		tags: account.tags,
		status: 'active' as const,
		wonAt: now,
		createdAt: now,
		updatedAt: now
	}));
	const accountsPerStatement = Math.floor(maxBoundParameters / 10);
	for (const rows of chunk(accountRows, accountsPerStatement)) {
		statements.push(db.insert(accounts).values(rows));
	}
	// Each new account starts its first spell as a customer (retention counts it won now).
	const spellRows = accountRows.map((account) => ({
		id: newId(),
		accountId: account.id,
		wonAt: account.wonAt,
		lostAt: null
	}));
	for (const rows of chunk(spellRows, Math.floor(maxBoundParameters / 4))) {
		statements.push(db.insert(accountSpells).values(rows));
	}

	const contactRows = plan.contacts.map((contact) => ({
		id: contact.id,
		accountId: contact.accountId,
		email: contact.email,
		name: contact.name,
		locale: contact.locale,
		timeZone: contact.timeZone,
		consent: contact.consent,
		createdAt: now,
		updatedAt: now
	}));
	// Nine values per row, and drizzle binds open_case_count's default as a tenth.
	const contactsPerStatement = Math.floor(maxBoundParameters / 10);
	for (const rows of chunk(contactRows, contactsPerStatement)) {
		const insert = db.insert(contacts).values(rows);
		// In create-only mode a contact added meanwhile makes the insert (and so the batch) fail.
		statements.push(
			plan.mode === 'create-only'
				? insert
				: insert.onConflictDoUpdate({
						target: contacts.email,
						set: {
							accountId: sql.raw('excluded.account_id'),
							name: sql.raw('excluded.name'),
							locale: sql.raw('excluded.locale'),
							timeZone: sql.raw('excluded.time_zone'),
							consent: sql.raw('excluded.consent'),
							updatedAt: sql.raw('excluded.updated_at')
						}
					})
		);
	}
	return [audit, ...statements];
}

/** Writes the whole import in one transaction. */
export async function writeContactImport(
	db: Database,
	input: { plan: ImportPlan; now: Date; actorId: string; importId: string }
): Promise<void> {
	await db.batch(buildImportStatements(db, input));
}

/** Whether `error` is a unique-constraint failure (libSQL and D1 both say so in the message). */
export function isUniqueViolation(error: unknown): boolean {
	for (let cause = error; cause instanceof Error; cause = cause.cause) {
		if (/UNIQUE constraint failed/i.test(cause.message)) return true;
	}
	return false;
}

/** Totals of contacts and accounts, for checking what an import did. */
export async function countContactsAndAccounts(db: Database) {
	const [contactRow] = await db.select({ n: count() }).from(contacts);
	const [accountRow] = await db.select({ n: count() }).from(accounts);
	return { contacts: contactRow?.n ?? 0, accounts: accountRow?.n ?? 0 };
}
