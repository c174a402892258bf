/**
 * Every query of the survey scheduler. Reads are bounded slices (keyset
 * pagination); writes are multi-row statements of at most 100 bound
 * parameters (D1's limit) meant to run together in one `db.batch`. Races
 * between ticks are decided inside the writes, never by an earlier read: the
 * unique (survey, contact, cycle) index and a fatigue guard on the contact row
 * decide whether an invitation is created, and each email is inserted only for
 * an invitation that exists.
 */
import type { BatchItem } from 'drizzle-orm/batch';
import { asc, eq, sql, type SQL } from 'drizzle-orm';
import { forBatch } from '../../db/batch-sql';
import type { Database } from '../../db/database';
import { organization } from '../../db/schema/organization';
import { surveys } from '../../db/schema/surveys';
import { countInvitations } from '../reports/satisfaction-store';
import type { SkipReason } from '../domain/survey-definition';
import type { FatigueRules } from '../domain/survey-eligibility';
import { msPerDay } from '../domain/zoned-time';

/** D1 binds at most this many parameters per statement; every statement here stays within it. */
export const maxBoundParameters = 100;

export type Statement = BatchItem<'sqlite'>;

export type ActiveSurvey = typeof surveys.$inferSelect & { activatedAt: Date };

/** Active surveys in a stable order (oldest activation first), so fatigue favours the older survey. */
export async function findActiveSurveys(db: Database): Promise<ActiveSurvey[]> {
	const rows = await db
		.select()
		.from(surveys)
		.where(eq(surveys.status, 'active'))
		.orderBy(asc(surveys.activatedAt), asc(surveys.id));
	return rows.filter((row): row is ActiveSurvey => row.activatedAt !== null);
}

/** Where the survey's next planning run goes on: after `contactId`, or at the first contact (null). */
export function buildPlanCursorStatement(
	db: Database,
	surveyId: string,
	contactId: string | null
): Statement {
	return db.update(surveys).set({ planCursor: contactId }).where(eq(surveys.id, surveyId));
}

/** The organisation's fatigue rules; the schema's defaults until an admin saves the settings. */
export async function findFatigueRules(db: Database): Promise<FatigueRules> {
	const [row] = await db
		.select({
			fatigueDays: organization.fatigueDays,
			complaintCooldownDays: organization.complaintCooldownDays
		})
		.from(organization)
		.where(eq(organization.id, 1));
	return (
		row ?? {
			fatigueDays: organization.fatigueDays.default as number,
			complaintCooldownDays: organization.complaintCooldownDays.default as number
		}
	);
}

/**
 * The id ending the next window of `size` contacts after `after` (in id
 * order), or null when fewer remain: each candidate query then examines at
 * most `size` contacts, however few of them turn out to be due.
 */
export async function findContactWindowEnd(
	db: Database,
	after: string,
	size: number
): Promise<string | null> {
	const rows = await db.all<{ id: string }>(
		sql`select id from contacts where id > ${after} order by id limit 1 offset ${size - 1}`
	);
	return rows[0]?.id ?? null;
}

export type Audience = {
	tiers: string[];
	ownerIds: string[];
	accountStatuses: string[];
	tags: string[];
};

/** A contact in a survey's audience that is not invited in this cycle and not waiting out a skip. */
export type Candidate = {
	id: string;
	name: string;
	locale: string;
	timeZone: string;
	consent: boolean;
	unsubscribedAt: Date | null;
	bouncedAt: Date | null;
	complainedAt: Date | null;
	lastSurveyedAt: Date | null;
	openCaseCount: number;
	lastCaseClosedAt: Date | null;
	lastInvitedCycle: number | null;
};

type CandidateRow = {
	id: string;
	name: string;
	locale: string;
	time_zone: string;
	consent: number;
	unsubscribed_at: number | null;
	bounced_at: number | null;
	complained_at: number | null;
	last_surveyed_at: number | null;
	open_case_count: number;
	last_case_closed_at: number | null;
	last_invited_cycle: number | null;
};

/**
 * The candidates among contacts with `after < id <= upTo` (no upper bound when
 * `upTo` is null), in id order. Archived contacts and accounts never qualify.
 * Audience lists go in as one JSON parameter each, so the statement's
 * parameter count does not grow with them.
 */
export async function findCandidates(
	db: Database,
	input: {
		surveyId: string;
		audience: Audience;
		cycle: number;
		now: Date;
		after: string;
		upTo: string | null;
	}
): Promise<Candidate[]> {
	const { surveyId, audience, cycle, now, after, upTo } = input;
	const filters: SQL[] = [sql`c.id > ${after}`];
	if (upTo !== null) filters.push(sql`c.id <= ${upTo}`);
	filters.push(sql`c.archived_at is null and a.archived_at is null`);
	if (audience.tiers.length)
		filters.push(sql`a.tier in (select value from json_each(${JSON.stringify(audience.tiers)}))`);
	if (audience.ownerIds.length)
		filters.push(
			sql`a.owner_id in (select value from json_each(${JSON.stringify(audience.ownerIds)}))`
		);
	if (audience.accountStatuses.length) {
		filters.push(
			sql`a.status in (select value from json_each(${JSON.stringify(audience.accountStatuses)}))`
		);
	}
	if (audience.tags.length) {
		filters.push(
			sql`exists (select 1 from json_each(a.tags) tag where tag.value in (select value from json_each(${JSON.stringify(audience.tags)})))`
		);
	}
	filters.push(
		sql`not exists (select 1 from survey_invitations i where i.survey_id = ${surveyId} and i.contact_id = c.id and i.cycle >= ${cycle})`
	);
	filters.push(
		sql`not exists (select 1 from survey_skips k where k.survey_id = ${surveyId} and k.contact_id = c.id and k.recheck_at > ${now.getTime()})`
	);
	const rows = await db.all<CandidateRow>(sql`
		select c.id, c.name, c.locale, c.time_zone, c.consent, c.unsubscribed_at, c.bounced_at, c.complained_at,
			c.last_surveyed_at, c.open_case_count, c.last_case_closed_at,
			(select max(i.cycle) from survey_invitations i where i.survey_id = ${surveyId} and i.contact_id = c.id) as last_invited_cycle
		from contacts c join accounts a on a.id = c.account_id
		where ${sql.join(filters, sql` and `)}
		order by c.id`);
	return rows.map((row) => ({
		id: row.id,
		name: row.name,
		locale: row.locale,
		timeZone: row.time_zone,
		consent: Boolean(row.consent),
		unsubscribedAt: toDate(row.unsubscribed_at),
		bouncedAt: toDate(row.bounced_at),
		complainedAt: toDate(row.complained_at),
		lastSurveyedAt: toDate(row.last_surveyed_at),
		openCaseCount: Number(row.open_case_count),
		lastCaseClosedAt: toDate(row.last_case_closed_at),
		lastInvitedCycle: row.last_invited_cycle === null ? null : Number(row.last_invited_cycle)
	}));
}

/**
 * A survey email prepared once per (survey, language) with stand-ins for the
 * token and the contact's name; the database fills them in per row from the
 * token bound with the row and the contact's current name (HTML-escaped for
 * the HTML), which is far cheaper than binding a rendered email per row.
 */
export type EmailTemplate = {
	template: string;
	from: string;
	subject: string;
	/** For a contact with a name, and for one without (the greeting differs). */
	html: { named: string; anonymous: string };
	text: { named: string; anonymous: string };
	/** JSON of the headers; holds only the token stand-in. */
	headers: string;
	tokenMark: string;
	nameMark: string;
};

/** The contact's name escaped as `escapeHtml` does, in SQL. */
const escapedName = sql.raw(
	`replace(replace(replace(replace(replace(trim(c.name), '&', '&amp;'), '<', '&lt;'), '>', '&gt;'), '"', '&quot;'), '''', '&#39;')`
);

function filled(
	template: EmailTemplate,
	variants: { named: string; anonymous: string },
	name: SQL,
	token: SQL
): SQL {
	return sql`replace(replace(case when trim(c.name) = '' then ${variants.anonymous} else ${variants.named} end, ${template.tokenMark}, ${token}), ${template.nameMark}, ${name})`;
}

/** The outbox columns filled from a template, for `insert into outbox … select <these> from …`. */
function outboxColumns(email: EmailTemplate, token: SQL, now: Date): SQL {
	return sql`${email.template}, c.email, ${email.from}, ${email.subject},
		${filled(email, email.html, escapedName, token)},
		${filled(email, email.text, sql.raw('trim(c.name)'), token)},
		replace(${email.headers}, ${email.tokenMark}, ${token}),
		${token}, i.contact_id, 'pending', 0, ${now.getTime()}, ${now.getTime()}`;
}

const outboxColumnList = sql.raw(
	'id, template, to_address, from_address, subject, html, text, headers, secret, contact_id, status, attempts, next_attempt_at, created_at'
);

/** Parameters `outboxColumns` binds (the rest of a statement's budget goes to rows). */
const outboxColumnParameters = 16;

export type NewInvitation = { id: string; contactId: string; token: string; tokenHash: string };

export type InvitationWrite = {
	surveyId: string;
	cycle: number;
	locale: string;
	now: Date;
	rules: FatigueRules;
	email: EmailTemplate;
	invitations: NewInvitation[];
};

const invitationGuardParameters = 8;
/** Three parameters per row in the invitation insert; two in the outbox insert. */
export const invitationsPerStatement = Math.floor(
	(maxBoundParameters - invitationGuardParameters) / 3
);

/**
 * The statements that create invitations with their emails, chunk by chunk:
 * 1. insert the invitations whose contact still passes the fatigue guard
 *    (mailable, no open complaint, outside the cool-down and the fatigue
 *    window, survey still active); the unique (survey, contact, cycle) index
 *    turns a second tick's copy into nothing;
 * 2. stamp `last_surveyed_at` on the contacts of the invitations that exist;
 * 3. drop their skip records;
 * 4. insert an email (same id, `secret` = token) for each invitation that exists;
 * 5. count the invitations that exist in the satisfaction rollups.
 * The first statement of each chunk returns the ids it created.
 */
export function buildInvitationStatements(
	db: Database,
	write: InvitationWrite
): { statements: Statement[]; createdAt: number[] } {
	const { surveyId, cycle, locale, now, rules, email } = write;
	const fatigueCutoff = now.getTime() - rules.fatigueDays * msPerDay;
	const cooldownCutoff = now.getTime() - rules.complaintCooldownDays * msPerDay;
	const statements: Statement[] = [];
	const createdAt: number[] = [];
	for (const rows of chunk(write.invitations, invitationsPerStatement)) {
		const values = sql.join(
			rows.map((row) => sql`(${row.id}, ${row.contactId}, ${row.tokenHash})`),
			sql`, `
		);
		createdAt.push(statements.length);
		statements.push(
			db.all<{ id: string }>(
				forBatch(sql`
				insert into survey_invitations (id, survey_id, contact_id, cycle, token_hash, locale, created_at)
				select v.column1, ${surveyId}, v.column2, ${cycle}, v.column3, ${locale}, ${now.getTime()}
				from (values ${values}) v join contacts c on c.id = v.column2
				where c.consent = 1 and c.unsubscribed_at is null and c.bounced_at is null and c.complained_at is null
					and c.archived_at is null and c.open_case_count = 0
					and (c.last_surveyed_at is null or c.last_surveyed_at <= ${fatigueCutoff})
					and (c.last_case_closed_at is null or c.last_case_closed_at <= ${cooldownCutoff})
					and exists (select 1 from surveys s where s.id = ${surveyId} and s.status = 'active')
				on conflict do nothing
				returning id`)
			)
		);
		const ids = sql.join(
			rows.map((row) => sql`${row.id}`),
			sql`, `
		);
		const created = sql`select contact_id from survey_invitations where id in (${ids})`;
		statements.push(
			db.run(
				forBatch(
					sql`update contacts set last_surveyed_at = ${now.getTime()} where id in (${created})`
				)
			)
		);
		statements.push(
			db.run(
				forBatch(
					sql`delete from survey_skips where survey_id = ${surveyId} and contact_id in (${created})`
				)
			)
		);
		const tokens = sql.join(
			rows.map((row) => sql`(${row.id}, ${row.token})`),
			sql`, `
		);
		statements.push(
			db.run(
				forBatch(sql`
				insert into outbox (${outboxColumnList})
				select v.column1, ${outboxColumns(email, sql.raw('v.column2'), now)}
				from (values ${tokens}) v
				join survey_invitations i on i.id = v.column1
				join contacts c on c.id = i.contact_id
				where true
				on conflict do nothing`)
			)
		);
		statements.push(countInvitations(db, ids, now));
	}
	return { statements, createdAt };
}

export type NewSkip = {
	contactId: string;
	reason: SkipReason;
	nextPossibleAt: Date | null;
	recheckAt: Date;
};

const skipsPerStatement = Math.floor((maxBoundParameters - 5) / 4);

/**
 * Upserts the latest skip record per (survey, contact), unless the contact
 * meanwhile got this cycle's invitation (a concurrent tick).
 */
export function buildSkipStatements(
	db: Database,
	input: { surveyId: string; cycle: number; now: Date; skips: NewSkip[] }
): Statement[] {
	const { surveyId, cycle, now } = input;
	return chunk(input.skips, skipsPerStatement).map((rows) => {
		const values = sql.join(
			rows.map(
				(row) =>
					sql`(${row.contactId}, ${row.reason}, ${row.nextPossibleAt?.getTime() ?? null}, ${row.recheckAt.getTime()})`
			),
			sql`, `
		);
		return db.run(
			forBatch(sql`
			insert into survey_skips (survey_id, contact_id, cycle, reason, next_possible_at, recheck_at, at)
			select ${surveyId}, v.column1, ${cycle}, v.column2, v.column3, v.column4, ${now.getTime()}
			from (values ${values}) v
			where not exists (
				select 1 from survey_invitations i where i.survey_id = ${surveyId} and i.contact_id = v.column1 and i.cycle >= ${cycle}
			)
			on conflict (survey_id, contact_id) do update set
				cycle = excluded.cycle, reason = excluded.reason, next_possible_at = excluded.next_possible_at,
				recheck_at = excluded.recheck_at, at = excluded.at`)
		);
	});
}

/** An unanswered, unreminded invitation whose reminder may be due, with what deciding and sending need. */
export type ReminderCandidate = {
	id: string;
	surveyId: string;
	locale: string;
	createdAt: Date;
	timeZone: string;
	consent: boolean;
	unsubscribedAt: Date | null;
	bouncedAt: Date | null;
	complainedAt: Date | null;
	openCaseCount: number;
};

type ReminderRow = {
	id: string;
	survey_id: string;
	locale: string;
	created_at: number;
	time_zone: string;
	consent: number;
	unsubscribed_at: number | null;
	bounced_at: number | null;
	complained_at: number | null;
	open_case_count: number;
};

/**
 * The next `limit` invitations after the cursor (by `createdAt`, then id) that
 * are unanswered and unreminded, sent in `[from, to]`, of an active survey
 * whose reminder delay has passed. Reads the partial index of unanswered
 * invitations, so answered and reminded ones cost nothing.
 */
export async function findReminderCandidates(
	db: Database,
	input: {
		now: Date;
		from: Date;
		to: Date;
		after: { createdAt: number; id: string };
		limit: number;
	}
): Promise<ReminderCandidate[]> {
	const { now, from, to, after, limit } = input;
	const rows = await db.all<ReminderRow>(sql`
		select i.id, i.survey_id, i.locale, i.created_at, c.time_zone, c.consent, c.unsubscribed_at, c.bounced_at,
			c.complained_at, c.open_case_count
		from survey_invitations i
		join surveys s on s.id = i.survey_id
		join contacts c on c.id = i.contact_id
		where i.responded_at is null and i.reminded_at is null
			and i.created_at >= ${from.getTime()} and i.created_at <= ${to.getTime()}
			and (i.created_at > ${after.createdAt} or (i.created_at = ${after.createdAt} and i.id > ${after.id}))
			and s.status = 'active' and s.reminder_after_days is not null
			and i.created_at + s.reminder_after_days * ${msPerDay} <= ${now.getTime()}
		order by i.created_at, i.id
		limit ${limit}`);
	return rows.map((row) => ({
		id: row.id,
		surveyId: row.survey_id,
		locale: row.locale,
		createdAt: new Date(Number(row.created_at)),
		timeZone: row.time_zone,
		consent: Boolean(row.consent),
		unsubscribedAt: toDate(row.unsubscribed_at),
		bouncedAt: toDate(row.bounced_at),
		complainedAt: toDate(row.complained_at),
		openCaseCount: Number(row.open_case_count)
	}));
}

export type NewReminder = {
	invitationId: string;
	outboxId: string;
	token: string;
	tokenHash: string;
};

/** Four parameters per row in the reminder outbox insert; three in the compare-and-set. */
const remindersPerStatement = Math.floor((maxBoundParameters - outboxColumnParameters) / 4);

/**
 * Per chunk: the compare-and-set that marks invitations reminded (only if
 * still unanswered and unreminded) with the reminder token's hash, returning
 * the ids it changed; then a reminder email for each invitation that now
 * carries exactly this hash, so a concurrent tick's lost CAS sends nothing.
 */
export function buildReminderStatements(
	db: Database,
	input: { now: Date; email: EmailTemplate; reminders: NewReminder[] }
): { statements: Statement[]; marked: number[] } {
	const { now, email } = input;
	const statements: Statement[] = [];
	const marked: number[] = [];
	for (const rows of chunk(input.reminders, remindersPerStatement)) {
		const hashes = sql.join(
			rows.map((row) => sql`when ${row.invitationId} then ${row.tokenHash}`),
			sql` `
		);
		const ids = sql.join(
			rows.map((row) => sql`${row.invitationId}`),
			sql`, `
		);
		marked.push(statements.length);
		statements.push(
			db.all<{ id: string }>(
				forBatch(sql`
				update survey_invitations set reminded_at = ${now.getTime()}, reminder_token_hash = case id ${hashes} end
				where id in (${ids}) and reminded_at is null and responded_at is null
				returning id`)
			)
		);
		const values = sql.join(
			rows.map(
				(row) => sql`(${row.outboxId}, ${row.invitationId}, ${row.token}, ${row.tokenHash})`
			),
			sql`, `
		);
		statements.push(
			db.run(
				forBatch(sql`
				insert into outbox (${outboxColumnList})
				select v.column1, ${outboxColumns(email, sql.raw('v.column3'), now)}
				from (values ${values}) v
				join survey_invitations i on i.id = v.column2 and i.reminder_token_hash = v.column4
				join contacts c on c.id = i.contact_id
				where true
				on conflict do nothing`)
			)
		);
	}
	return { statements, marked };
}

/** Runs statements as one atomic batch; returns each statement's result. */
export async function runBatch(db: Database, statements: Statement[]): Promise<unknown[]> {
	const [first, ...rest] = statements;
	if (!first) return [];
	return db.batch([first, ...rest]);
}

function toDate(value: number | null): Date | null {
	return value === null ? null : new Date(Number(value));
}

function chunk<T>(items: readonly T[], size: number): T[][] {
	const chunks: T[][] = [];
	for (let start = 0; start < items.length; start += size)
		chunks.push(items.slice(start, start + size));
	return chunks;
}
