import { and, asc, eq, exists, inArray, isNotNull, isNull, lt, lte, or, sql } from 'drizzle-orm';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
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
 * The insert for one email that happens only if the row `id` exists in
 * `table` when the batch runs, e.g. "the warning this email announces was
 * recorded by this very batch": the email is written in the same transaction
 * as the fact it reports, or not at all. Built with the query builder (an
 * insert from a select, columns in the table's order), so D1 can run it in a
 * batch too.
 */
export function insertOutboxEmailWhen(
	db: Database,
	input: NewOutboxEmail,
	when: { table: SQLiteTable; id: SQLiteColumn; value: string }
) {
	const at = input.now.getTime();
	const value = <T>(name: string, raw: unknown) => sql<T>`${raw}`.as(name);
	return db.insert(outbox).select(
		db
			.select({
				id: value<string>('id', newId()),
				template: value<string>('template', input.template),
				toAddress: value<string>('to_address', input.to),
				fromAddress: value<string>('from_address', input.from),
				subject: value<string>('subject', input.email.subject),
				html: value<string>('html', input.email.html),
				text: value<string>('text', input.email.text),
				headers: value<Record<string, string> | null>(
					'headers',
					input.email.headers ? JSON.stringify(input.email.headers) : null
				),
				secret: value<string | null>('secret', null),
				contactId: value<string | null>('contact_id', input.contactId ?? null),
				status: value<'pending'>('status', 'pending'),
				attempts: value<number>('attempts', 0),
				nextAttemptAt: value<Date>('next_attempt_at', at),
				claimedUntil: value<Date | null>('claimed_until', null),
				batchId: value<string | null>('batch_id', null),
				lastError: value<string | null>('last_error', null),
				providerId: value<string | null>('provider_id', null),
				createdAt: value<Date>('created_at', at),
				sentAt: value<Date | null>('sent_at', null)
			})
			.from(when.table)
			.where(eq(when.id, when.value))
	);
}
