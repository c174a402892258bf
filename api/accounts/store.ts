import {
	and,
	asc,
	count,
	desc,
	eq,
	inArray,
	isNotNull,
	isNull,
	or,
	sql,
	type SQL
} from 'drizzle-orm';
import type { Database } from '../../db/database';
import { auditLog } from '../../db/schema/audit';
import { accountSpells, accounts, contacts } from '../../db/schema/accounts';
import { staffUsers } from '../../db/schema/staff';
import type { Account, AccountFilters, AccountSort } from './schemas';

export type AccountRow = typeof accounts.$inferSelect;

/** Turns user text into a LIKE pattern that matches it anywhere, literally. */
export function containsPattern(text: string): string {
	return `%${text.toLowerCase().replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}

const contactCount = sql<number>`(SELECT count(*) FROM ${contacts} WHERE ${contacts.accountId} = ${accounts.id} AND ${contacts.archivedAt} IS NULL)`;
const tierRank = sql`CASE ${accounts.tier} WHEN 'basic' THEN 1 WHEN 'standard' THEN 2 WHEN 'premium' THEN 3 ELSE 4 END`;

const sortColumns: Record<string, SQL | typeof accounts.name> = {
	name: sql`lower(${accounts.name})`,
	tier: tierRank,
	contacts: contactCount,
	wonAt: sql`${accounts.wonAt}`,
	createdAt: sql`${accounts.createdAt}`
};

function orderBy(sort: AccountSort) {
	const descending = sort.startsWith('-');
	const column = sortColumns[descending ? sort.slice(1) : sort]!;
	return [descending ? desc(column) : asc(column), sql`lower(${accounts.name})`, asc(accounts.id)];
}

function conditions(filters: AccountFilters): SQL | undefined {
	const where: (SQL | undefined)[] = [];
	if (filters.q) {
		const pattern = containsPattern(filters.q);
		where.push(
			or(
				sql`lower(${accounts.name}) LIKE ${pattern} ESCAPE '\\'`,
				sql`lower(${accounts.externalRef}) LIKE ${pattern} ESCAPE '\\'`
			)
		);
	}
	if (filters.tier) where.push(eq(accounts.tier, filters.tier));
	if (filters.status) where.push(eq(accounts.status, filters.status));
	if (filters.owner === 'none') where.push(isNull(accounts.ownerId));
	else if (filters.owner) where.push(eq(accounts.ownerId, filters.owner));
	if (filters.tag)
		where.push(
			sql`EXISTS (SELECT 1 FROM json_each(${accounts.tags}) WHERE json_each.value = ${filters.tag})`
		);
	if (filters.archived === 'exclude') where.push(isNull(accounts.archivedAt));
	if (filters.archived === 'only') where.push(isNotNull(accounts.archivedAt));
	return and(...where);
}

const accountSelection = {
	account: accounts,
	ownerName: staffUsers.name,
	ownerEmail: staffUsers.email,
	contactCount
};

type SelectedAccount = {
	account: AccountRow;
	ownerName: string | null;
	ownerEmail: string | null;
	contactCount: number;
};

function toAccount(row: SelectedAccount): Account {
	const { account } = row;
	return {
		id: account.id,
		name: account.name,
		externalRef: account.externalRef,
		owner:
			account.ownerId && row.ownerName !== null
				? { id: account.ownerId, name: row.ownerName, email: row.ownerEmail ?? '' }
				: null,
		tier: account.tier,
		tags: account.tags,
		status: account.status,
		wonAt: account.wonAt.toISOString(),
		lostAt: account.lostAt?.toISOString() ?? null,
		archivedAt: account.archivedAt?.toISOString() ?? null,
		createdAt: account.createdAt.toISOString(),
		updatedAt: account.updatedAt.toISOString(),
		contactCount: Number(row.contactCount)
	};
}

export async function listAccounts(
	db: Database,
	filters: AccountFilters,
	page: { offset: number; limit: number }
): Promise<{ items: Account[]; total: number }> {
	const where = conditions(filters);
	const [rows, [totalRow]] = await Promise.all([
		db
			.select(accountSelection)
			.from(accounts)
			.leftJoin(staffUsers, eq(staffUsers.id, accounts.ownerId))
			.where(where)
			.orderBy(...orderBy(filters.sort))
			.limit(page.limit)
			.offset(page.offset),
		db.select({ n: count() }).from(accounts).where(where)
	]);
	return { items: rows.map(toAccount), total: totalRow?.n ?? 0 };
}

/** Every account matching the filters, for the CSV export. */
export async function listAllAccounts(db: Database, filters: AccountFilters): Promise<Account[]> {
	const rows = await db
		.select(accountSelection)
		.from(accounts)
		.leftJoin(staffUsers, eq(staffUsers.id, accounts.ownerId))
		.where(conditions(filters))
		.orderBy(...orderBy(filters.sort));
	return rows.map(toAccount);
}

export async function findAccount(db: Database, id: string): Promise<Account | null> {
	const [row] = await db
		.select(accountSelection)
		.from(accounts)
		.leftJoin(staffUsers, eq(staffUsers.id, accounts.ownerId))
		.where(eq(accounts.id, id));
	return row ? toAccount(row) : null;
}

export async function findAccountRow(db: Database, id: string): Promise<AccountRow | null> {
	const [row] = await db.select().from(accounts).where(eq(accounts.id, id));
	return row ?? null;
}

export async function findAccountByExternalRef(db: Database, externalRef: string) {
	const [row] = await db
		.select({ id: accounts.id, name: accounts.name })
		.from(accounts)
		.where(eq(accounts.externalRef, externalRef));
	return row ?? null;
}

/** Counts of an account's contacts by status; a contact counts once, under its first status in the order archived, bounced, unsubscribed. */
export async function countAccountContacts(db: Database, accountId: string) {
	const [row] = await db
		.select({
			total: count(),
			archived: sql<number>`sum(CASE WHEN ${contacts.archivedAt} IS NOT NULL THEN 1 ELSE 0 END)`,
			bounced: sql<number>`sum(CASE WHEN ${contacts.archivedAt} IS NULL AND (${contacts.bouncedAt} IS NOT NULL OR ${contacts.complainedAt} IS NOT NULL) THEN 1 ELSE 0 END)`,
			unsubscribed: sql<number>`sum(CASE WHEN ${contacts.archivedAt} IS NULL AND ${contacts.bouncedAt} IS NULL AND ${contacts.complainedAt} IS NULL AND ${contacts.unsubscribedAt} IS NOT NULL THEN 1 ELSE 0 END)`
		})
		.from(contacts)
		.where(eq(contacts.accountId, accountId));
	const total = row?.total ?? 0;
	const archived = Number(row?.archived ?? 0);
	const bounced = Number(row?.bounced ?? 0);
	const unsubscribed = Number(row?.unsubscribed ?? 0);
	return {
		contacts: total - archived,
		active: total - archived - bounced - unsubscribed,
		unsubscribed,
		bounced,
		archived
	};
}

export async function listAccountContacts(db: Database, accountId: string, limit: number) {
	return db
		.select({
			id: contacts.id,
			name: contacts.name,
			email: contacts.email,
			locale: contacts.locale,
			unsubscribedAt: contacts.unsubscribedAt,
			bouncedAt: contacts.bouncedAt,
			complainedAt: contacts.complainedAt,
			archivedAt: contacts.archivedAt
		})
		.from(contacts)
		.where(and(eq(contacts.accountId, accountId), isNull(contacts.archivedAt)))
		.orderBy(sql`lower(${contacts.name})`, asc(contacts.id))
		.limit(limit);
}

/** A staff user who can own accounts: exists and is not disabled. */
export async function findActiveStaff(db: Database, id: string) {
	const [row] = await db
		.select({ id: staffUsers.id, name: staffUsers.name, email: staffUsers.email })
		.from(staffUsers)
		.where(and(eq(staffUsers.id, id), isNull(staffUsers.disabledAt)));
	return row ?? null;
}

export async function listOwners(db: Database) {
	return db
		.select({
			id: staffUsers.id,
			name: staffUsers.name,
			email: staffUsers.email,
			role: staffUsers.role
		})
		.from(staffUsers)
		.where(isNull(staffUsers.disabledAt))
		.orderBy(sql`lower(${staffUsers.name})`);
}

/** Tags in use on accounts that are not archived, with how many accounts carry each. */
export async function listAccountTags(db: Database) {
	const rows = await db.all<{ tag: string; count: number }>(sql`
		SELECT json_each.value AS tag, count(*) AS count
		FROM ${accounts}, json_each(${accounts.tags})
		WHERE ${accounts.archivedAt} IS NULL
		GROUP BY json_each.value
		ORDER BY json_each.value`);
	return rows.map((row) => ({ tag: String(row.tag), count: Number(row.count) }));
}

export async function listStaffNames(db: Database, ids: string[]): Promise<Map<string, string>> {
	if (ids.length === 0) return new Map();
	const rows = await db
		.select({ id: staffUsers.id, name: staffUsers.name })
		.from(staffUsers)
		.where(inArray(staffUsers.id, ids));
	return new Map(rows.map((row) => [row.id, row.name]));
}

export function insertAccount(db: Database, row: typeof accounts.$inferInsert) {
	return db.insert(accounts).values(row);
}

export function updateAccount(
	db: Database,
	id: string,
	values: Partial<typeof accounts.$inferInsert>
) {
	return db.update(accounts).set(values).where(eq(accounts.id, id));
}

/** Marks an active account lost; returns no row when it is not active (any more). */
export function setAccountLost(db: Database, id: string, lostAt: Date, now: Date) {
	return db
		.update(accounts)
		.set({ status: 'lost', lostAt, updatedAt: now })
		.where(and(eq(accounts.id, id), eq(accounts.status, 'active')))
		.returning({ id: accounts.id });
}

/** Makes a lost account a customer again from `wonAt`; returns no row when it is not lost. */
export function setAccountWonBack(db: Database, id: string, wonAt: Date, now: Date) {
	return db
		.update(accounts)
		.set({ status: 'active', lostAt: null, wonAt, updatedAt: now })
		.where(and(eq(accounts.id, id), eq(accounts.status, 'lost')))
		.returning({ id: accounts.id });
}

/** The spell a new account starts with: a customer from `wonAt`. */
export function insertSpell(db: Database, spell: { id: string; accountId: string; wonAt: Date }) {
	return db.insert(accountSpells).values({ ...spell, lostAt: null });
}

/** Ends the account's open spell at `lostAt`; touches nothing when it has none (already lost). */
export function closeOpenSpell(db: Database, accountId: string, lostAt: Date) {
	return db
		.update(accountSpells)
		.set({ lostAt })
		.where(and(eq(accountSpells.accountId, accountId), isNull(accountSpells.lostAt)));
}

/**
 * Starts a new spell from `wonAt` for an account won back, unless it already
 * has an open one (a concurrent win back got there first): the earlier spell
 * keeps its win and loss.
 */
export function openSpellAfterWinBack(
	db: Database,
	spell: { id: string; accountId: string; wonAt: Date }
) {
	return db.insert(accountSpells).select(sql`
		SELECT ${spell.id}, ${spell.accountId}, ${spell.wonAt.getTime()}, NULL
		WHERE NOT EXISTS (
			SELECT 1 FROM ${accountSpells}
			WHERE ${accountSpells.accountId} = ${spell.accountId} AND ${accountSpells.lostAt} IS NULL
		)`);
}

/** Moves the start of the account's latest spell (the one that began at `from`) to `to`. */
export function moveLatestSpellStart(db: Database, accountId: string, from: Date, to: Date) {
	return db
		.update(accountSpells)
		.set({ wonAt: to })
		.where(and(eq(accountSpells.accountId, accountId), eq(accountSpells.wonAt, from)));
}

/** When the account was last lost before its latest spell began (null: never). */
export async function findPreviousLoss(
	db: Database,
	accountId: string,
	latestWonAt: Date
): Promise<Date | null> {
	const [row] = await db
		.select({ lostAt: accountSpells.lostAt })
		.from(accountSpells)
		.where(
			and(
				eq(accountSpells.accountId, accountId),
				sql`${accountSpells.wonAt} < ${latestWonAt.getTime()}`,
				isNotNull(accountSpells.lostAt)
			)
		)
		.orderBy(desc(accountSpells.wonAt))
		.limit(1);
	return row?.lostAt ?? null;
}

/**
 * The statements that archive an account and, with it, its contacts that are
 * not archived yet, each with an audit entry. Contacts take the account's
 * archive instant, which is how unarchiving finds the ones to restore. The
 * contact statements only act if this batch's account update did.
 */
export function archiveAccountStatements(
	db: Database,
	input: { accountId: string; actorId: string; now: Date; accountName: string }
) {
	const at = input.now.getTime();
	const archivedNow = sql`EXISTS (SELECT 1 FROM ${accounts} WHERE ${accounts.id} = ${input.accountId} AND ${accounts.archivedAt} = ${at})`;
	const note = `Archived with the account ${input.accountName}`;
	return [
		db
			.update(accounts)
			.set({ archivedAt: input.now, updatedAt: input.now })
			.where(and(eq(accounts.id, input.accountId), isNull(accounts.archivedAt)))
			.returning({ id: accounts.id }),
		db.insert(auditLog).select(sql`
			SELECT NULL, ${input.actorId}, 'contact.archived', 'contact', ${contacts.id},
				json_object('accountId', ${input.accountId}, 'note', ${note}), ${at}
			FROM ${contacts}
			WHERE ${contacts.accountId} = ${input.accountId} AND ${contacts.archivedAt} IS NULL AND ${archivedNow}`),
		db
			.update(contacts)
			.set({ archivedAt: input.now, updatedAt: input.now })
			.where(and(eq(contacts.accountId, input.accountId), isNull(contacts.archivedAt), archivedNow))
			.returning({ id: contacts.id })
	] as const;
}

/**
 * The statements that bring an account back from the archive, with the
 * contacts that were archived with it (same instant); contacts archived on
 * their own before stay archived.
 */
export function unarchiveAccountStatements(
	db: Database,
	input: { accountId: string; actorId: string; now: Date; archivedAt: Date; accountName: string }
) {
	const at = input.now.getTime();
	const stillArchived = sql`EXISTS (SELECT 1 FROM ${accounts} WHERE ${accounts.id} = ${input.accountId} AND ${accounts.archivedAt} = ${input.archivedAt.getTime()})`;
	const note = `Restored with the account ${input.accountName}`;
	return [
		db.insert(auditLog).select(sql`
			SELECT NULL, ${input.actorId}, 'contact.unarchived', 'contact', ${contacts.id},
				json_object('accountId', ${input.accountId}, 'note', ${note}), ${at}
			FROM ${contacts}
			WHERE ${contacts.accountId} = ${input.accountId} AND ${contacts.archivedAt} = ${input.archivedAt.getTime()} AND ${stillArchived}`),
		db
			.update(contacts)
			.set({ archivedAt: null, updatedAt: input.now })
			.where(
				and(
					eq(contacts.accountId, input.accountId),
					eq(contacts.archivedAt, input.archivedAt),
					stillArchived
				)
			)
			.returning({ id: contacts.id }),
		db
			.update(accounts)
			.set({ archivedAt: null, updatedAt: input.now })
			.where(and(eq(accounts.id, input.accountId), eq(accounts.archivedAt, input.archivedAt)))
			.returning({ id: accounts.id })
	] as const;
}
