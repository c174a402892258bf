import type { Client, InStatement } from '@libsql/client';
import { eq, sql } from 'drizzle-orm';
import type { Database } from '../../../db/database';
import { accounts, contacts, type AccountTier } from '../../../db/schema/accounts';
import { outbox } from '../../../db/schema/outbox';
import { staffUsers } from '../../../db/schema/staff';
import { surveyInvitations, surveys } from '../../../db/schema/surveys';
import { defaultDefinition, defaultSendWindow, surveyScales, type SendWindow, type SurveyDefinition } from '../../../api/domain/survey-definition';
import { newId } from '../../../api/tokens';

export const day = 86_400_000;
export const hour = 3_600_000;

type AccountInput = { tier?: AccountTier; ownerId?: string | null; status?: 'active' | 'lost'; tags?: string[]; archived?: boolean };

export async function seedOwner(db: Database, now: Date, name = 'Owner'): Promise<string> {
	const id = newId();
	await db.insert(staffUsers).values({
		id,
		email: `${id}@staff.test`,
		name,
		role: 'agent',
		passwordHash: 'x',
		createdAt: now,
		updatedAt: now
	});
	return id;
}

export async function seedAccount(db: Database, now: Date, input: AccountInput = {}): Promise<string> {
	const id = newId();
	await db.insert(accounts).values({
		id,
		name: `Account ${id.slice(0, 6)}`,
		tier: input.tier ?? 'standard',
		ownerId: input.ownerId ?? null,
		status: input.status ?? 'active',
		tags: input.tags ?? [],
		wonAt: new Date(now.getTime() - 365 * day),
		archivedAt: input.archived ? now : null,
		createdAt: now,
		updatedAt: now
	});
	return id;
}

export type ContactInput = Partial<Omit<typeof contacts.$inferInsert, 'accountId'>>;

/** Contacts in `accountId`, inserted in chunks that stay under D1's parameter limit. */
export async function seedContacts(db: Database, now: Date, accountId: string, inputs: ContactInput[]): Promise<string[]> {
	const rows = inputs.map((input) => {
		const id = input.id ?? newId();
		return {
			email: `${id}@customer.test`,
			name: `Person ${id.slice(0, 6)}`,
			locale: 'en',
			timeZone: 'Europe/Berlin',
			consent: true,
			createdAt: now,
			updatedAt: now,
			...input,
			id,
			accountId
		};
	});
	for (let start = 0; start < rows.length; start += 5) await db.insert(contacts).values(rows.slice(start, start + 5));
	return rows.map((row) => row.id);
}

export async function seedContact(db: Database, now: Date, accountId: string, input: ContactInput = {}): Promise<string> {
	const [id] = await seedContacts(db, now, accountId, [input]);
	return id!;
}

type SurveyInput = {
	name?: string;
	kind?: 'nps' | 'csat' | 'ces';
	definition?: SurveyDefinition;
	audience?: Partial<{ tiers: AccountTier[]; ownerIds: string[]; accountStatuses: ('active' | 'lost')[]; tags: string[] }>;
	cadenceDays?: number;
	reminderAfterDays?: number | null;
	sendWindow?: SendWindow;
	status?: 'draft' | 'active' | 'paused';
	activatedAt?: Date;
};

/** An active survey (unless told otherwise) activated at `now`, with the shipped wording. */
export async function seedSurvey(db: Database, now: Date, input: SurveyInput = {}): Promise<string> {
	const id = newId();
	const kind = input.kind ?? 'nps';
	await db.insert(surveys).values({
		id,
		name: input.name ?? `Survey ${id.slice(0, 6)}`,
		kind,
		status: input.status ?? 'active',
		definition: input.definition ?? defaultDefinition(kind),
		audience: { tiers: [], ownerIds: [], accountStatuses: [], tags: [], ...input.audience },
		cadenceDays: input.cadenceDays ?? 90,
		reminderAfterDays: input.reminderAfterDays === undefined ? null : input.reminderAfterDays,
		sendWindow: input.sendWindow ?? defaultSendWindow,
		detractorThreshold: surveyScales[kind].detractorThreshold,
		activatedAt: input.activatedAt ?? now,
		createdAt: now,
		updatedAt: now
	});
	return id;
}

export async function invitationsOf(db: Database, surveyId?: string) {
	const query = db.select().from(surveyInvitations);
	return surveyId ? query.where(eq(surveyInvitations.surveyId, surveyId)) : query;
}

export async function surveyEmails(db: Database) {
	return db.select().from(outbox).where(eq(outbox.template, 'survey-invitation'));
}

export async function countRows(db: Database, table: 'survey_invitations' | 'outbox' | 'survey_skips'): Promise<number> {
	const [row] = await db.all<{ n: number }>(sql.raw(`select count(*) as n from ${table}`));
	return Number(row!.n);
}

/**
 * Records the bound parameters of every statement sent through `client`
 * (alone or in a batch), as D1 would count them. Returns the log and a
 * function that stops recording.
 */
export function recordStatements(client: Client) {
	const log: { sql: string; parameters: number }[] = [];
	const record = (statement: InStatement) => {
		if (typeof statement === 'string') return log.push({ sql: statement, parameters: 0 });
		const args = statement.args ?? [];
		log.push({ sql: statement.sql, parameters: Array.isArray(args) ? args.length : Object.keys(args).length });
	};
	const execute = client.execute as (statement: InStatement) => ReturnType<Client['execute']>;
	const batch = client.batch;
	client.execute = ((statement: InStatement) => {
		record(statement);
		return execute.call(client, statement);
	}) as Client['execute'];
	client.batch = ((statements: InStatement[], mode?: Parameters<Client['batch']>[1]) => {
		statements.forEach(record);
		return batch.call(client, statements, mode);
	}) as Client['batch'];
	return {
		log,
		stop() {
			client.execute = execute as Client['execute'];
			client.batch = batch;
		}
	};
}
