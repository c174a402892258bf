import { asc, eq, sql, type SQL } from 'drizzle-orm';
import type { Database } from '../../db/database';
import { accountSpells, accounts, type AccountTier } from '../../db/schema/accounts';
import { staffUsers, teamMembers, teams } from '../../db/schema/staff';
import type { ReportGranularity } from '../domain/report-periods';
import { periodStartOf } from './suggestion-actions-store';

/**
 * The retention report's queries, over `account_spells` (each time an account
 * was a customer) with the account's current owner and tier. Three grouped
 * statements: the spells open at the report's first instant, and the wins and
 * the losses in its days, each counted per owner, tier (and period); the
 * figures are sums of these. Then the latest wins and losses for the list.
 * Their cost grows with the accounts (each is probed once per statement) and
 * the spells won or lost in the days shown; see `retention-report.ts` for the
 * figures measured.
 */
export type RetentionFilter = {
	from: Date;
	/** Exclusive. */
	to: Date;
	tier?: AccountTier | undefined;
	/** The account's owner: a staff user's id, or `none` for accounts without one. */
	ownerId?: string | undefined;
	/** The account's owner is one of these (a team's members). */
	ownerIn?: readonly string[] | undefined;
};

export type Ref = { id: string; name: string };

/** The segment filters on an account `a`. */
function segment(filter: RetentionFilter): SQL[] {
	const conditions: SQL[] = [];
	if (filter.tier) conditions.push(sql`a.tier = ${filter.tier}`);
	if (filter.ownerId === 'none') conditions.push(sql`a.owner_id is null`);
	else if (filter.ownerId) conditions.push(sql`a.owner_id = ${filter.ownerId}`);
	if (filter.ownerIn)
		conditions.push(
			sql`a.owner_id in (select value from json_each(${JSON.stringify(filter.ownerIn)}))`
		);
	return conditions;
}

const and = (conditions: SQL[]) => sql.join(conditions, sql` and `);
/**
 * Accounts first, in owner and tier order along `accounts_segment` (which
 * covers them), each probing its own spells through `account_spells_account`:
 * the index holds what the grouping needs, so no account row is read, and
 * CROSS JOIN keeps SQLite from starting at the spells (which, with bound
 * parameters, it would, then look each account up at random: about three
 * times slower over 100,000 accounts).
 */
const accountsWithSpells = sql`${accounts} a cross join ${accountSpells} s on s.account_id = a.id`;
/** Spells first: for the losses and the list, read along a spell index. */
const spellsOfAccounts = sql`${accountSpells} s inner join ${accounts} a on a.id = s.account_id`;

export type SegmentCount = { ownerId: string | null; tier: AccountTier; count: number };
export type SegmentChange = {
	kind: 'won' | 'lost';
	/** The period's start, `YYYY-MM-DD`. */
	period: string;
	ownerId: string | null;
	tier: AccountTier;
	count: number;
};

/** The spells open at `filter.from` (won before it, not lost before it), per owner and tier. */
export async function readStartCounts(db: Database, filter: RetentionFilter) {
	const at = filter.from.getTime();
	const rows = await db.all<{ owner_id: string | null; tier: AccountTier; n: number }>(sql`
		select a.owner_id as owner_id, a.tier as tier, count(*) as n
		from ${accountsWithSpells}
		where ${and([sql`s.won_at < ${at}`, sql`(s.lost_at is null or s.lost_at >= ${at})`, ...segment(filter)])}
		group by a.owner_id, a.tier`);
	return rows.map((row): SegmentCount => ({
		ownerId: row.owner_id,
		tier: row.tier,
		count: Number(row.n)
	}));
}

/** The spells won and the spells lost in [from, to), per period, owner and tier. */
export async function readChanges(
	db: Database,
	filter: RetentionFilter,
	granularity: ReportGranularity
) {
	const inRange = (column: SQL) =>
		and([
			sql`${column} >= ${filter.from.getTime()}`,
			sql`${column} < ${filter.to.getTime()}`,
			...segment(filter)
		]);
	const changes = (kind: 'won' | 'lost', column: SQL, from: SQL) => sql`
		select ${kind} as kind, ${periodStartOf(granularity, column)} as period,
			a.owner_id as owner_id, a.tier as tier, count(*) as n
		from ${from}
		where ${inRange(column)}
		group by 2, 3, 4`;
	const rows = await db.all<{
		kind: 'won' | 'lost';
		period: string;
		owner_id: string | null;
		tier: AccountTier;
		n: number;
	}>(
		// Wins: each account's spells by (account, won_at), from the index alone. Losses are fewer,
		// and `account_spells_account` lacks lost_at: read them along `account_spells_lost`.
		sql`${changes('won', sql`s.won_at`, accountsWithSpells)} union all ${changes('lost', sql`s.lost_at`, spellsOfAccounts)}`
	);
	return rows.map((row): SegmentChange => ({
		kind: row.kind,
		period: row.period,
		ownerId: row.owner_id,
		tier: row.tier,
		count: Number(row.n)
	}));
}

export type RetentionEventRow = {
	kind: 'won' | 'lost';
	at: Date;
	accountId: string;
	name: string;
	tier: AccountTier;
	owner: Ref | null;
};

/**
 * The latest `limit` wins and losses in [from, to): the latest first, a loss
 * before a win at the same instant. Each kind is read backwards along its
 * index and stops at `limit`, so the cost does not grow with the period.
 */
export async function listRetentionEvents(db: Database, filter: RetentionFilter, limit: number) {
	const latest = (kind: 'won' | 'lost', column: SQL) => sql`
		select * from (
			select ${kind} as kind, ${column} as at, a.id as account_id, a.name as name,
				a.tier as tier, a.owner_id as owner_id
			from ${spellsOfAccounts}
			where ${and([sql`${column} >= ${filter.from.getTime()}`, sql`${column} < ${filter.to.getTime()}`, ...segment(filter)])}
			order by ${column} desc
			limit ${limit}
		)`;
	const rows = await db.all<{
		kind: 'won' | 'lost';
		at: number;
		account_id: string;
		name: string;
		tier: AccountTier;
		owner_id: string | null;
		owner_name: string | null;
	}>(sql`
		select e.*, u.name as owner_name
		from (${latest('won', sql`s.won_at`)} union all ${latest('lost', sql`s.lost_at`)}) e
		left join ${staffUsers} u on u.id = e.owner_id
		order by e.at desc, e.kind = 'won', lower(e.name), e.account_id
		limit ${limit}`);
	return rows.map((row): RetentionEventRow => ({
		kind: row.kind,
		at: new Date(Number(row.at)),
		accountId: row.account_id,
		name: row.name,
		tier: row.tier,
		owner: row.owner_id ? { id: row.owner_id, name: row.owner_name ?? 'Former staff' } : null
	}));
}

/** Staff who may be chosen as owner: everyone not disabled, and anyone who still owns an account. */
export async function listOwnerChoices(db: Database): Promise<Ref[]> {
	return db
		.select({ id: staffUsers.id, name: staffUsers.name })
		.from(staffUsers)
		.where(
			sql`${staffUsers.disabledAt} is null or ${staffUsers.id} in (select ${accounts.ownerId} from ${accounts})`
		)
		.orderBy(sql`lower(${staffUsers.name})`, asc(staffUsers.id));
}

export async function listTeamChoices(db: Database): Promise<Ref[]> {
	return db
		.select({ id: teams.id, name: teams.name })
		.from(teams)
		.orderBy(sql`lower(${teams.name})`);
}

/** Any staff user, disabled ones too: their accounts stay theirs. */
export async function staffExists(db: Database, id: string): Promise<boolean> {
	const rows = await db.select({ id: staffUsers.id }).from(staffUsers).where(eq(staffUsers.id, id));
	return rows.length > 0;
}

/** A team's members, or null when there is no such team. */
export async function findTeamMembers(db: Database, teamId: string): Promise<string[] | null> {
	const [team] = await db.select({ id: teams.id }).from(teams).where(eq(teams.id, teamId));
	if (!team) return null;
	const rows = await db
		.select({ userId: teamMembers.userId })
		.from(teamMembers)
		.where(eq(teamMembers.teamId, teamId));
	return rows.map((row) => row.userId);
}
