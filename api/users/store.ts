import { and, asc, eq, inArray, isNull, ne, notExists, sql } from 'drizzle-orm';
import type { Database } from '../../db/database';
import {
	sessions,
	signInFailures,
	staffUsers,
	teamMembers,
	teams,
	type StaffRole
} from '../../db/schema/staff';
import type { User } from './schemas';

export type StaffUserRow = typeof staffUsers.$inferSelect;

/** D1 binds at most 100 parameters per statement; lists of ids are queried in chunks below that. */
export const idChunkSize = 90;

export function chunk<T>(items: readonly T[], size: number): T[][] {
	const chunks: T[][] = [];
	for (let start = 0; start < items.length; start += size)
		chunks.push(items.slice(start, start + size));
	return chunks;
}

export function toUser(row: StaffUserRow, userTeams: { id: string; name: string }[]): User {
	return {
		id: row.id,
		email: row.email,
		name: row.name,
		role: row.role,
		active: row.disabledAt === null,
		teams: userTeams,
		disabledAt: row.disabledAt?.toISOString() ?? null,
		createdAt: row.createdAt.toISOString(),
		updatedAt: row.updatedAt.toISOString()
	};
}

/** Every staff user, by name, with the teams they belong to. */
export async function listUsers(db: Database): Promise<User[]> {
	const [rows, memberships] = await Promise.all([
		db
			.select()
			.from(staffUsers)
			.orderBy(asc(sql`lower(${staffUsers.name})`), asc(staffUsers.email)),
		db
			.select({ userId: teamMembers.userId, id: teams.id, name: teams.name })
			.from(teamMembers)
			.innerJoin(teams, eq(teams.id, teamMembers.teamId))
			.orderBy(asc(sql`lower(${teams.name})`))
	]);
	const teamsByUser = new Map<string, { id: string; name: string }[]>();
	for (const { userId, id, name } of memberships) {
		const list = teamsByUser.get(userId) ?? [];
		list.push({ id, name });
		teamsByUser.set(userId, list);
	}
	return rows.map((row) => toUser(row, teamsByUser.get(row.id) ?? []));
}

export async function findUser(db: Database, id: string): Promise<User | null> {
	const [row] = await db.select().from(staffUsers).where(eq(staffUsers.id, id));
	if (!row) return null;
	const userTeams = await db
		.select({ id: teams.id, name: teams.name })
		.from(teamMembers)
		.innerJoin(teams, eq(teams.id, teamMembers.teamId))
		.where(eq(teamMembers.userId, id))
		.orderBy(asc(sql`lower(${teams.name})`));
	return toUser(row, userTeams);
}

export async function findUserRow(db: Database, id: string): Promise<StaffUserRow | null> {
	const [row] = await db.select().from(staffUsers).where(eq(staffUsers.id, id));
	return row ?? null;
}

export async function findUserRowByEmail(
	db: Database,
	email: string
): Promise<StaffUserRow | null> {
	const [row] = await db.select().from(staffUsers).where(eq(staffUsers.email, email.toLowerCase()));
	return row ?? null;
}

/** The users among `ids` that exist, with whether they are active. */
export async function findUsersByIds(db: Database, ids: readonly string[]) {
	const found: { id: string; name: string; active: boolean }[] = [];
	for (const part of chunk([...new Set(ids)], idChunkSize)) {
		const rows = await db
			.select({ id: staffUsers.id, name: staffUsers.name, disabledAt: staffUsers.disabledAt })
			.from(staffUsers)
			.where(inArray(staffUsers.id, part));
		for (const row of rows)
			found.push({ id: row.id, name: row.name, active: row.disabledAt === null });
	}
	return found;
}

/** Active admins other than `exceptId`. */
export async function countOtherActiveAdmins(db: Database, exceptId: string): Promise<number> {
	const [row] = await db
		.select({ n: sql<number>`count(*)` })
		.from(staffUsers)
		.where(
			and(eq(staffUsers.role, 'admin'), isNull(staffUsers.disabledAt), ne(staffUsers.id, exceptId))
		);
	return row?.n ?? 0;
}

export function insertUser(
	db: Database,
	user: {
		id: string;
		email: string;
		name: string;
		role: StaffRole;
		passwordHash: string;
		now: Date;
	}
) {
	return db.insert(staffUsers).values({
		id: user.id,
		email: user.email.toLowerCase(),
		name: user.name,
		role: user.role,
		passwordHash: user.passwordHash,
		createdAt: user.now,
		updatedAt: user.now
	});
}

export function updateUser(
	db: Database,
	id: string,
	changes: Partial<Pick<StaffUserRow, 'name' | 'role' | 'passwordHash' | 'disabledAt'>> & {
		updatedAt: Date;
	}
) {
	return db.update(staffUsers).set(changes).where(eq(staffUsers.id, id));
}

/** Ends a user's sessions, optionally sparing one (the admin's own, when they reset their own password). */
export function deleteSessionsOf(db: Database, userId: string, exceptSessionId?: string) {
	return db
		.delete(sessions)
		.where(
			exceptSessionId
				? and(eq(sessions.userId, userId), ne(sessions.id, exceptSessionId))
				: eq(sessions.userId, userId)
		);
}

/**
 * Forgets failed sign-ins for an address, so a reset password works at once.
 * The key format is the one the sign-in route counts under.
 */
export function clearSignInFailuresFor(db: Database, email: string) {
	return db.delete(signInFailures).where(eq(signInFailures.key, `email:${email.toLowerCase()}`));
}

/**
 * Put last in a batch that demotes or disables an admin: if the batch would
 * leave no active admin, this statement fails (it writes NULL into a NOT NULL
 * column) and the whole batch, audit entry included, rolls back. The checks
 * made before the batch give the friendly answer; this one makes the rule hold
 * when two admins act at the same moment.
 */
export function assertAnActiveAdminRemains(db: Database) {
	const activeAdmin = db
		.select({ one: sql`1` })
		.from(staffUsers)
		.where(and(eq(staffUsers.role, 'admin'), isNull(staffUsers.disabledAt)));
	return db
		.update(staffUsers)
		.set({ role: sql`NULL` })
		.where(notExists(activeAdmin));
}

type DatabaseError = { message?: unknown; code?: unknown; extendedCode?: unknown; cause?: unknown };

/** The database errors behind a (possibly wrapped) error, outermost first. */
function errorChain(error: unknown): DatabaseError[] {
	const chain: DatabaseError[] = [];
	let current: unknown = error;
	while (current && typeof current === 'object' && chain.length < 5) {
		chain.push(current as DatabaseError);
		current = (current as DatabaseError).cause;
	}
	return chain;
}

/** Whether `error` is a UNIQUE violation, optionally on a given index or `table.column`. */
export function isUniqueViolation(error: unknown, target?: string): boolean {
	return errorChain(error).some(
		(link) =>
			typeof link.message === 'string' &&
			link.message.includes('UNIQUE constraint failed') &&
			(!target || link.message.includes(target))
	);
}

/** Whether `error` comes from {@link assertAnActiveAdminRemains}. */
export function isLastAdminViolation(error: unknown): boolean {
	return errorChain(error).some(
		(link) =>
			typeof link.message === 'string' &&
			link.message.includes('NOT NULL constraint failed: staff_users.role')
	);
}
