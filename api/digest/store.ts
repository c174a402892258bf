import { and, count, eq, gte, inArray, isNull, lt, lte, notExists, notInArray } from 'drizzle-orm';
import type { Database } from '../../db/database';
import { cases } from '../../db/schema/cases';
import { digestSends } from '../../db/schema/digest';
import { staffUsers, type StaffRole } from '../../db/schema/staff';

/** The roles that get the weekly digest. */
export const digestRoles: StaffRole[] = ['admin', 'manager'];

export type DigestRecipient = { id: string; name: string; email: string };

/**
 * The staff who should get the digest of the week starting `weekStart` and
 * have not had it yet: active managers and admins who kept it on and were
 * already there when it fell due (`dueAt`), so a user added later waits for
 * the next Monday rather than getting last week's at once.
 */
export function listDigestRecipients(
	db: Database,
	weekStart: Date,
	dueAt: Date
): Promise<DigestRecipient[]> {
	const sent = db
		.select({ id: digestSends.id })
		.from(digestSends)
		.where(and(eq(digestSends.userId, staffUsers.id), eq(digestSends.weekStart, weekStart)));
	return db
		.select({ id: staffUsers.id, name: staffUsers.name, email: staffUsers.email })
		.from(staffUsers)
		.where(
			and(
				inArray(staffUsers.role, digestRoles),
				isNull(staffUsers.disabledAt),
				eq(staffUsers.weeklyDigest, true),
				lte(staffUsers.createdAt, dueAt),
				notExists(sent)
			)
		)
		.orderBy(staffUsers.email);
}

/**
 * The row that says this user's digest of this week is queued; it does
 * nothing when another tick wrote it first, and the email is written only
 * with the row that won (`insertOutboxEmailWhen` on its id).
 */
export function insertDigestSend(db: Database, row: typeof digestSends.$inferInsert) {
	return db.insert(digestSends).values(row).onConflictDoNothing().returning({ id: digestSends.id });
}

export async function findDigestSetting(db: Database, userId: string) {
	const [row] = await db
		.select({
			id: staffUsers.id,
			name: staffUsers.name,
			email: staffUsers.email,
			role: staffUsers.role,
			weeklyDigest: staffUsers.weeklyDigest
		})
		.from(staffUsers)
		.where(eq(staffUsers.id, userId));
	return row ?? null;
}

export function saveDigestSetting(db: Database, userId: string, weeklyDigest: boolean, now: Date) {
	return db
		.update(staffUsers)
		.set({ weeklyDigest, updatedAt: now })
		.where(eq(staffUsers.id, userId))
		.returning({ weeklyDigest: staffUsers.weeklyDigest });
}

const settledStates: ('resolved' | 'closed')[] = ['resolved', 'closed'];

/**
 * The cases figures of a week [from, to): opened in it, resolved in it (and
 * not reopened since), and, at `now`, open (neither resolved nor closed) and
 * overdue (open with an SLA deadline passed, the queue's "Breached" view).
 */
export async function countCases(db: Database, from: Date, to: Date, now: Date) {
	const tally = async (where: ReturnType<typeof and>) => {
		const [row] = await db.select({ n: count() }).from(cases).where(where);
		return row?.n ?? 0;
	};
	const [opened, resolved, open, overdue] = await Promise.all([
		tally(and(gte(cases.createdAt, from), lt(cases.createdAt, to))),
		tally(and(gte(cases.resolvedAt, from), lt(cases.resolvedAt, to))),
		tally(notInArray(cases.state, settledStates)),
		tally(and(notInArray(cases.state, settledStates), lte(cases.nextDeadlineAt, now)))
	]);
	return { opened, resolved, open, overdue };
}
