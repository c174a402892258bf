import { and, count, eq, gt, isNull, lt, sql } from 'drizzle-orm';
import type { Database } from '../../db/database';
import { sessions, signInFailures, staffUsers, type StaffRole } from '../../db/schema/staff';
import { teamMembers } from '../../db/schema/staff';
import { insertAuditEntry } from '../audit/store';
import { newId } from '../tokens';

export type SessionUser = {
	id: string;
	email: string;
	name: string;
	role: StaffRole;
};

export async function countActiveStaff(db: Database): Promise<number> {
	const [row] = await db.select({ n: count() }).from(staffUsers).where(isNull(staffUsers.disabledAt));
	return row?.n ?? 0;
}

export async function findStaffByEmail(db: Database, email: string) {
	const [user] = await db.select().from(staffUsers).where(eq(staffUsers.email, email.toLowerCase()));
	return user ?? null;
}

/**
 * Creates the first admin, but only while there is no staff user at all: the
 * check and the insert are one statement, so two racing set-ups make one admin.
 */
export async function createFirstAdmin(
	db: Database,
	input: { email: string; name: string; passwordHash: string; now: Date }
): Promise<SessionUser | null> {
	const id = newId();
	const at = input.now.getTime();
	const rows = await db.all<{ id: string }>(sql`
		INSERT INTO ${staffUsers} (id, email, name, role, password_hash, created_at, updated_at)
		SELECT ${id}, ${input.email.toLowerCase()}, ${input.name}, 'admin', ${input.passwordHash}, ${at}, ${at}
		WHERE NOT EXISTS (SELECT 1 FROM ${staffUsers})
		RETURNING id`);
	if (rows.length === 0) return null;
	await insertAuditEntry(db, {
		actorId: id,
		action: 'user.created',
		entityType: 'user',
		entityId: id,
		detail: { role: 'admin', firstAdmin: true },
		at: input.now
	});
	return { id, email: input.email.toLowerCase(), name: input.name, role: 'admin' };
}

export async function insertSession(
	db: Database,
	session: { id: string; userId: string; createdAt: Date; expiresAt: Date; userAgent: string | null }
) {
	await db.insert(sessions).values(session);
}

/** The user behind a session, if the session is current and the user not disabled. */
export async function findSessionUser(db: Database, sessionId: string, now: Date) {
	const [row] = await db
		.select({
			id: staffUsers.id,
			email: staffUsers.email,
			name: staffUsers.name,
			role: staffUsers.role,
			expiresAt: sessions.expiresAt
		})
		.from(sessions)
		.innerJoin(staffUsers, eq(staffUsers.id, sessions.userId))
		.where(and(eq(sessions.id, sessionId), gt(sessions.expiresAt, now), isNull(staffUsers.disabledAt)));
	return row ?? null;
}

export async function extendSession(db: Database, sessionId: string, expiresAt: Date) {
	await db.update(sessions).set({ expiresAt }).where(eq(sessions.id, sessionId));
}

export async function deleteSession(db: Database, sessionId: string) {
	await db.delete(sessions).where(eq(sessions.id, sessionId));
}

export async function countSignInFailures(db: Database, key: string, since: Date): Promise<number> {
	const [row] = await db
		.select({ n: count() })
		.from(signInFailures)
		.where(and(eq(signInFailures.key, key), gt(signInFailures.at, since)));
	return row?.n ?? 0;
}

export async function recordSignInFailure(db: Database, keys: string[], at: Date) {
	await db.insert(signInFailures).values(keys.map((key) => ({ key, at })));
}

export async function clearSignInFailures(db: Database, key: string) {
	await db.delete(signInFailures).where(eq(signInFailures.key, key));
}

/** Drops expired sessions and old failure records; run by the tick. */
export async function pruneAuthRecords(db: Database, now: Date) {
	await db.batch([
		db.delete(sessions).where(lt(sessions.expiresAt, now)),
		db.delete(signInFailures).where(lt(signInFailures.at, new Date(now.getTime() - 24 * 3600_000)))
	]);
}

export async function listTeamIds(db: Database, userId: string): Promise<string[]> {
	const rows = await db
		.select({ teamId: teamMembers.teamId })
		.from(teamMembers)
		.where(eq(teamMembers.userId, userId));
	return rows.map((row) => row.teamId);
}
