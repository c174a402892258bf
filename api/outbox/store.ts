import {
	and,
	asc,
	eq,
	exists,
	inArray,
	isNotNull,
	isNull,
	lt,
	lte,
	or,
	sql,
	type SQL
} from 'drizzle-orm';
import type { Database } from '../../db/database';
import { outbox } from '../../db/schema/outbox';
import type { RenderedEmail } from '../../emails/render';
import { localProviderId } from '../../emails/local-mailer';
import { newId } from '../tokens';

export type NewOutboxEmail = {
	template: string;
	to: string;
	from: string;
	email: RenderedEmail;
	contactId?: string | null;
	now: Date;
};

/** The insert for one email, to put in the same `db.batch` as the change that caused it. */
export function insertOutboxEmail(db: Database, input: NewOutboxEmail) {
	return db.insert(outbox).values({
		id: newId(),
		template: input.template,
		toAddress: input.to,
		fromAddress: input.from,
		subject: input.email.subject,
		html: input.email.html,
		text: input.email.text,
		headers: input.email.headers ?? null,
		contactId: input.contactId ?? null,
		status: 'pending',
		nextAttemptAt: input.now,
		createdAt: input.now
	});
}

export type OutboxRow = typeof outbox.$inferSelect;

/**
 * A provider batch held by one sender until `leaseUntil`. `leaderId` is the
 * batch id and the idempotency key; `rows` are in send order, leader first.
 */
export type ClaimedBatch = {
	leaderId: string;
	leaseUntil: Date;
	rows: OutboxRow[];
	isRetry: boolean;
};

/**
 * D1 binds at most 100 parameters per statement. An id list costs one per id,
 * a "sent" update two more per row (its provider id), plus a few for the fence.
 */
const idsPerStatement = 80;
const sentRowsPerStatement = 25;

/** What a private token in a delivered email's stored copy becomes. */
export const redactedSecret = '…';

const isUnclaimed = (now: Date) => or(isNull(outbox.claimedUntil), lt(outbox.claimedUntil, now));
const sendOrder = [asc(outbox.createdAt), asc(outbox.id)];

/**
 * Claims the next batch that was sent before and must be repeated exactly:
 * every pending row sharing the oldest due `batchId`, in one compare-and-set
 * statement, so a concurrent sender sees either all of the batch or none.
 */
export async function claimRetryBatch(
	db: Database,
	now: Date,
	leaseUntil: Date
): Promise<ClaimedBatch | null> {
	const dueBatch = db
		.select({ batchId: outbox.batchId })
		.from(outbox)
		.where(
			and(
				eq(outbox.status, 'pending'),
				isNotNull(outbox.batchId),
				lte(outbox.nextAttemptAt, now),
				isUnclaimed(now)
			)
		)
		.orderBy(asc(outbox.nextAttemptAt), asc(outbox.createdAt))
		.limit(1);
	const rows = await db
		.update(outbox)
		.set({ claimedUntil: leaseUntil })
		.where(and(eq(outbox.batchId, dueBatch), eq(outbox.status, 'pending'), isUnclaimed(now)))
		.returning();
	const leaderId = rows[0]?.batchId;
	if (!leaderId) return null;
	return { leaderId, leaseUntil, rows: sortForSending(rows), isRetry: true };
}

/**
 * Claims up to `limit` due rows that were never sent and makes them one batch
 * led by the oldest: claim and batch id are written by one statement, which
 * changes nothing unless the leader is still unclaimed, so no row can end up
 * in a batch whose key another sender already uses.
 */
export async function claimNewBatch(
	db: Database,
	now: Date,
	leaseUntil: Date,
	limit: number
): Promise<ClaimedBatch | null> {
	const isFreshAndDue = and(
		eq(outbox.status, 'pending'),
		isNull(outbox.batchId),
		lte(outbox.nextAttemptAt, now),
		isUnclaimed(now)
	);
	// Another sender may take the oldest row between the two statements; then look again.
	for (let attempt = 0; attempt < 5; attempt++) {
		const [leader] = await db
			.select({ id: outbox.id, createdAt: outbox.createdAt })
			.from(outbox)
			.where(isFreshAndDue)
			.orderBy(...sendOrder)
			.limit(1);
		if (!leader) return null;
		const members = db
			.select({ id: outbox.id })
			.from(outbox)
			.where(
				and(
					isFreshAndDue,
					sql`(${outbox.createdAt}, ${outbox.id}) >= (${leader.createdAt.getTime()}, ${leader.id})`
				)
			)
			.orderBy(...sendOrder)
			.limit(limit);
		const leaderIsFree = db
			.select({ id: outbox.id })
			.from(outbox)
			.where(and(eq(outbox.id, leader.id), isFreshAndDue));
		const rows = await db
			.update(outbox)
			.set({ claimedUntil: leaseUntil, batchId: leader.id })
			.where(and(inArray(outbox.id, members), isFreshAndDue, exists(leaderIsFree)))
			.returning();
		if (rows.length > 0)
			return { leaderId: leader.id, leaseUntil, rows: sortForSending(rows), isRetry: false };
	}
	return null;
}

function sortForSending(rows: OutboxRow[]): OutboxRow[] {
	return rows.toSorted(
		(a, b) =>
			a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
	);
}

export type BatchResult = {
	sent: { id: string; providerId: string }[];
	/** Kept pending for another attempt at `nextAttemptAt`. */
	retry: { ids: string[]; nextAttemptAt: Date; error: string } | null;
	failed: { id: string; error: string }[];
};

/**
 * Writes a batch's outcome in one atomic `db.batch`. A sent row keeps its last
 * error, so the Mailbox can show what it took to get it out. Every update is fenced by
 * the claim (`batchId` and `claimedUntil`), so a sender whose lease ran out
 * cannot overwrite the sender that took over. Returns how many rows changed.
 */
export async function recordBatchResult(
	db: Database,
	batch: ClaimedBatch,
	result: BatchResult,
	now: Date
): Promise<{ sent: number; retried: number; failed: number }> {
	const isOurs = (ids: string[]) =>
		and(
			inArray(outbox.id, ids),
			eq(outbox.batchId, batch.leaderId),
			eq(outbox.claimedUntil, batch.leaseUntil),
			eq(outbox.status, 'pending')
		);
	const statements = [];
	const kinds: ('sent' | 'retried' | 'failed' | 'redacted')[] = [];

	for (const group of chunk(result.sent, sentRowsPerStatement)) {
		// Cut private tokens from rows a real provider now has, before the "sent" update
		// releases the claim that fences both statements.
		const redacted = group.filter((row) => row.providerId !== localProviderId).map((row) => row.id);
		if (redacted.length > 0) {
			statements.push(
				db
					.update(outbox)
					.set({
						html: sql`replace(${outbox.html}, ${outbox.secret}, ${redactedSecret})`,
						text: sql`replace(${outbox.text}, ${outbox.secret}, ${redactedSecret})`,
						headers: sql`replace(${outbox.headers}, ${outbox.secret}, ${redactedSecret})`,
						secret: null
					})
					.where(and(isOurs(redacted), isNotNull(outbox.secret)))
					.returning({ id: outbox.id })
			);
			kinds.push('redacted');
		}
		const providerId = sql`case ${outbox.id} ${sql.join(
			group.map((row) => sql`when ${row.id} then ${row.providerId}`),
			sql` `
		)} end`;
		statements.push(
			db
				.update(outbox)
				.set({
					status: 'sent',
					sentAt: now,
					providerId,
					attempts: sql`${outbox.attempts} + 1`,
					claimedUntil: null
				})
				.where(isOurs(group.map((row) => row.id)))
				.returning({ id: outbox.id })
		);
		kinds.push('sent');
	}
	if (result.retry) {
		for (const ids of chunk(result.retry.ids, idsPerStatement)) {
			statements.push(
				db
					.update(outbox)
					.set({
						nextAttemptAt: result.retry.nextAttemptAt,
						attempts: sql`${outbox.attempts} + 1`,
						lastError: result.retry.error,
						claimedUntil: null
					})
					.where(isOurs(ids))
					.returning({ id: outbox.id })
			);
			kinds.push('retried');
		}
	}
	for (const [error, ids] of groupBy(result.failed)) {
		for (const group of chunk(ids, idsPerStatement)) {
			statements.push(
				db
					.update(outbox)
					.set({
						status: 'failed',
						attempts: sql`${outbox.attempts} + 1`,
						lastError: error,
						claimedUntil: null
					})
					.where(isOurs(group))
					.returning({ id: outbox.id })
			);
			kinds.push('failed');
		}
	}

	const counts = { sent: 0, retried: 0, failed: 0, redacted: 0 };
	const [first, ...rest] = statements;
	if (first) {
		const results = await db.batch([first, ...rest]);
		results.forEach((rows, index) => (counts[kinds[index]!] += rows.length));
	}
	return { sent: counts.sent, retried: counts.retried, failed: counts.failed };
}

function chunk<T>(items: T[], size: number): T[][] {
	const chunks: T[][] = [];
	for (let start = 0; start < items.length; start += size)
		chunks.push(items.slice(start, start + size));
	return chunks;
}

function groupBy(failures: { id: string; error: string }[]): Map<string, string[]> {
	const byError = new Map<string, string[]>();
	for (const failure of failures) {
		const ids = byError.get(failure.error) ?? [];
		ids.push(failure.id);
		byError.set(failure.error, ids);
	}
	return byError;
}

/**
 * The insert for one email that happens only if `condition` holds when the
 * batch runs, e.g. "the warning this email announces was recorded by us":
 * the email is written in the same transaction as the fact it reports, or not
 * at all.
 */
export function insertOutboxEmailWhen(db: Database, input: NewOutboxEmail, condition: SQL) {
	const at = input.now.getTime();
	const headers = input.email.headers ? JSON.stringify(input.email.headers) : null;
	return db.run(sql`insert into ${outbox} (id, template, to_address, from_address, subject, html, text, headers, contact_id, status, attempts, next_attempt_at, created_at)
		select ${newId()}, ${input.template}, ${input.to}, ${input.from}, ${input.email.subject}, ${input.email.html}, ${input.email.text}, ${headers}, ${input.contactId ?? null}, 'pending', 0, ${at}, ${at}
		where ${condition}`);
}
