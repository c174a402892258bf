import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { and, asc, count, gt, gte, lte, sql } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import { migrateDatabase, openDatabase } from '../../db/client';
import type { Database } from '../../db/database';
import { accounts, contacts } from '../../db/schema/accounts';
import { outbox } from '../../db/schema/outbox';
import { surveyInvitations, surveys } from '../../db/schema/surveys';
import { createFixedClock } from '../../api/clock';
import { Config } from '../../api/config';
import { defaultDefinition } from '../../api/domain/survey-definition';
import { planInvitations } from '../../api/survey-scheduler/plan-invitations';
import { createLocalMailer } from '../../emails/local-mailer';

/**
 * Planning and queueing invitations for `contactCount` eligible contacts (the
 * scheduler: audience reads, eligibility, tokens, emails, race-safe writes),
 * against a bulk insert of exactly the rows it wrote (the invitations and
 * their outbox emails) into an identical database, in batches of the same size.
 */
export async function benchPlanning(contactCount: number) {
	const dir = mkdtempSync(join(tmpdir(), 'closeloop-bench-plan-'));
	const now = new Date('2026-03-04T10:00:00Z');
	try {
		const product = await seededDatabase(join(dir, 'product.db'), contactCount, now);
		const baseline = await seededDatabase(join(dir, 'baseline.db'), contactCount, now);
		const deps = {
			db: product.db,
			clock: createFixedClock(now),
			mailer: createLocalMailer(),
			config: Config.parse({ version: 'bench', surveyInvitationsPerTick: contactCount })
		};

		const started = performance.now();
		const report = await planInvitations(deps);
		const planMs = performance.now() - started;
		if (report.invited !== contactCount) throw new Error(`planned ${report.invited} of ${contactCount} invitations`);

		const [outboxRows] = await product.db.select({ n: count() }).from(outbox);
		const insertMs = await copyRows(product.db, baseline.db);
		const rows = contactCount + (outboxRows?.n ?? 0);
		product.close();
		baseline.close();
		return { contacts: contactCount, rows, planMs, insertMs, planRowsPerSecond: rows / (planMs / 1000), insertRowsPerSecond: rows / (insertMs / 1000) };
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}

const batchRows = 1000;
/** Rows per statement in the baseline: one JSON parameter each, kept under D1's 2 MB value limit. */
const jsonRowsPerStatement = 200;

/**
 * The fastest bulk insert that keeps to D1's 100 bound parameters: the rows as
 * one JSON array parameter, spread into columns by `json_each`.
 */
function insertFromJson(db: Database, table: string, rows: Record<string, unknown>[]) {
	const columns = Object.keys(rows[0]!);
	const names = columns.map((column) => column.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`));
	const values = rows.map((row) => columns.map((column) => toSqlValue(row[column])));
	const picks = names.map((_, index) => `value ->> ${index}`).join(', ');
	return db.run(sql`insert into ${sql.raw(table)} (${sql.raw(names.join(', '))}) select ${sql.raw(picks)} from json_each(${JSON.stringify(values)})`);
}

function toSqlValue(value: unknown): unknown {
	if (value instanceof Date) return value.getTime();
	if (value !== null && typeof value === 'object') return JSON.stringify(value);
	if (typeof value === 'boolean') return value ? 1 : 0;
	return value ?? null;
}

/** Copies the invitations and outbox rows page by page; only the inserts are timed. */
async function copyRows(from: Database, to: Database): Promise<number> {
	let elapsed = 0;
	let after = '';
	for (;;) {
		const invitations = await from.select().from(surveyInvitations).where(gt(surveyInvitations.id, after)).orderBy(asc(surveyInvitations.id)).limit(batchRows);
		if (invitations.length === 0) break;
		after = invitations.at(-1)!.id;
		// An invitation's email has the invitation's id.
		const emails = await from
			.select()
			.from(outbox)
			.where(and(gte(outbox.id, invitations[0]!.id), lte(outbox.id, after)));
		const started = performance.now();
		await to.batch([
			...chunk(invitations, jsonRowsPerStatement).map((rows) => insertFromJson(to, 'survey_invitations', rows)),
			...chunk(emails, jsonRowsPerStatement).map((rows) => insertFromJson(to, 'outbox', rows))
		] as unknown as [BatchItem<'sqlite'>, ...BatchItem<'sqlite'>[]]);
		elapsed += performance.now() - started;
	}
	return elapsed;
}

async function seededDatabase(path: string, contactCount: number, now: Date) {
	const database = openDatabase(`file:${path}`);
	await migrateDatabase(database.db);
	const db = database.db;
	const accountId = '00000000-0000-4000-a000-000000000001';
	await db.insert(accounts).values({ id: accountId, name: 'Bench Industries', tier: 'standard', wonAt: now, createdAt: now, updatedAt: now });
	await db.insert(surveys).values({
		id: '00000000-0000-4000-a000-0000000000aa',
		name: 'Bench NPS',
		kind: 'nps',
		status: 'active',
		definition: defaultDefinition('nps'),
		audience: { tiers: [], ownerIds: [], accountStatuses: [], tags: [] },
		cadenceDays: 90,
		reminderAfterDays: 7,
		sendWindow: { days: [1, 2, 3, 4, 5, 6, 7], startHour: 0, endHour: 24 },
		detractorThreshold: 6,
		activatedAt: new Date(now.getTime() - 3600_000),
		createdAt: now,
		updatedAt: now
	});
	const locales = ['en', 'de', 'fr', 'es'];
	const zones = ['Europe/Berlin', 'Europe/London', 'America/New_York', 'Asia/Tokyo'];
	for (let start = 0; start < contactCount; start += 1000) {
		const rows = Array.from({ length: Math.min(1000, contactCount - start) }, (_, offset) => {
			const n = start + offset;
			return {
				id: `c${String(n).padStart(8, '0')}-0000-4000-a000-000000000000`,
				accountId,
				email: `person${n}@example.test`,
				name: `Person ${n}`,
				locale: locales[n % locales.length]!,
				timeZone: zones[n % zones.length]!,
				createdAt: now,
				updatedAt: now
			};
		});
		const statements = chunk(rows, 12).map((group) => db.insert(contacts).values(group));
		await db.batch(statements as [(typeof statements)[number], ...(typeof statements)[number][]]);
	}
	return database;
}

function chunk<T>(items: T[], size: number): T[][] {
	const chunks: T[][] = [];
	for (let start = 0; start < items.length; start += size) chunks.push(items.slice(start, start + size));
	return chunks;
}
