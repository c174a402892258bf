import { asc, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import type { Database } from '../../db/database';
import { accounts, type AccountTier } from '../../db/schema/accounts';
import { actions, actionSuggestions } from '../../db/schema/actions';
import { staffUsers } from '../../db/schema/staff';
import { suggestions, suggestionThemes } from '../../db/schema/surveys';
import type { ReportGranularity } from '../domain/report-periods';

/**
 * The suggestion-to-action report's queries. They read the suggestions
 * received in [from, to) through the `created_at` index, look each one's
 * actions up by index, and return grouped rows (a row per theme and period,
 * the middle values for the medians), never the suggestions themselves. The
 * cost grows with the suggestions in the period: about 5 µs each on a libSQL
 * file (a year of 200,000 in about a second, a month of 17,000 in 0.1 s).
 */
export type SuggestionReportFilter = {
	from: Date;
	/** Exclusive. */
	to: Date;
	tier?: AccountTier | undefined;
	/** The account owner. */
	ownerId?: string | undefined;
	/** A theme's id, or `none` for untagged ones. */
	themeId?: string | undefined;
};

/**
 * A duplicate belongs to the theme of the suggestion it is merged into (the
 * one the inbox shows and managers tag); others to their own.
 */
const themeOf = sql`case when s.merged_into_id is null then s.theme_id else p.theme_id end`;

/**
 * Where the actions answering a suggestion are linked: to it, or to the
 * suggestion it is merged into. Links always sit on a primary (merging moves
 * them there, and a duplicate cannot be linked), so one index look-up finds them.
 */
const answerKey = sql`coalesce(s.merged_into_id, s.id)`;

/**
 * 3 when an action answering it is done, 2 when one is planned or in
 * progress (and none done), 1 when every one is declined, null when none.
 */
const stateOf = sql`(select max(case a.status when 'done' then 3 when 'declined' then 1 else 2 end)
	from ${actionSuggestions} l inner join ${actions} a on a.id = l.action_id
	where l.suggestion_id = ${answerKey})`;

/** The segment filters on a suggestion `s` (its account `acc`, its primary `p`). */
function segment(filter: SuggestionReportFilter): SQL[] {
	const conditions: SQL[] = [];
	if (filter.tier) conditions.push(sql`acc.tier = ${filter.tier}`);
	if (filter.ownerId) conditions.push(sql`acc.owner_id = ${filter.ownerId}`);
	if (filter.themeId === 'none') conditions.push(sql`${themeOf} is null`);
	else if (filter.themeId) conditions.push(sql`${themeOf} = ${filter.themeId}`);
	return conditions;
}

/** Received in the period, in the segment. */
function where(filter: SuggestionReportFilter): SQL {
	return sql.join(
		[
			sql`s.created_at >= ${filter.from.getTime()}`,
			sql`s.created_at < ${filter.to.getTime()}`,
			...segment(filter)
		],
		sql` and `
	);
}

const from = sql`${suggestions} s
	left join ${suggestions} p on p.id = s.merged_into_id
	left join ${accounts} acc on acc.id = s.account_id`;

/** The SQL for the start (`YYYY-MM-DD`, UTC) of the week (Monday) or month an instant in ms falls in. */
export function periodStartOf(granularity: ReportGranularity, column: SQL): SQL {
	return granularity === 'month'
		? sql`strftime('%Y-%m-01', ${column} / 1000, 'unixepoch')`
		: sql`date(${column} / 1000, 'unixepoch', '-6 days', 'weekday 1')`;
}

export type ThemePeriodRow = {
	themeId: string | null;
	themeName: string | null;
	periodStart: string;
	received: number;
	duplicates: number;
	linked: number;
	done: number;
	declined: number;
};

export type MiddleDaysRow = {
	themeId: string | null;
	days: number;
	/** Among the middle one or two of its theme's sorted days to done. */
	themeMiddle: boolean;
	/** Among the middle one or two of all the sorted days to done. */
	overallMiddle: boolean;
};

/**
 * One pass over the suggestions received: each is looked up once (its
 * actions' state), the done ones a second time (their first done action), and
 * two kinds of rows come back: counts per theme and period, and, for the
 * medians, only the middle one or two days to done per theme and overall,
 * ranked by window functions (ascending by days).
 */
export async function readConversion(
	db: Database,
	filter: SuggestionReportFilter,
	granularity: ReportGranularity
): Promise<{ cells: ThemePeriodRow[]; middles: MiddleDaysRow[] }> {
	const middle = (rank: string, n: string) =>
		sql.raw(`${rank} in ((${n} + 1) / 2, (${n} + 2) / 2)`);
	const rows = await db.all<Record<string, unknown>>(sql`
		with received as materialized (
			select ${themeOf} as theme_id, s.created_at as created_at,
				s.merged_into_id is not null as merged, ${answerKey} as answer_key, ${stateOf} as state
			from ${from}
			where ${where(filter)}
		),
		done as (
			select r.theme_id as theme_id,
				max(0, (select min(a.done_at) from ${actionSuggestions} l inner join ${actions} a on a.id = l.action_id
					where l.suggestion_id = r.answer_key and a.status = 'done') - r.created_at) / 86400000.0 as days
			from received r
			where r.state = 3
		),
		ranked as (
			select theme_id, days,
				row_number() over (partition by theme_id order by days) as theme_rank,
				count(*) over (partition by theme_id) as theme_n,
				row_number() over (order by days) as overall_rank,
				count(*) over () as overall_n
			from done
		)
		select 'cell' as kind, r.theme_id as theme_id,
			(select t.name from ${suggestionThemes} t where t.id = r.theme_id) as theme_name,
			${periodStartOf(granularity, sql`r.created_at`)} as period_start,
			count(*) as received, sum(r.merged) as duplicates, sum(r.state is not null) as linked,
			sum(r.state = 3) as done, sum(r.state = 1) as declined,
			null as days, null as theme_middle, null as overall_middle
		from received r
		group by r.theme_id, period_start
		union all
		select 'middle', theme_id, null, null, null, null, null, null, null, days,
			${middle('theme_rank', 'theme_n')}, ${middle('overall_rank', 'overall_n')}
		from ranked
		where ${middle('theme_rank', 'theme_n')} or ${middle('overall_rank', 'overall_n')}
	`);
	const cells: ThemePeriodRow[] = [];
	const middles: MiddleDaysRow[] = [];
	for (const row of rows) {
		const themeId = (row.theme_id as string | null) ?? null;
		if (row.kind === 'cell')
			cells.push({
				themeId,
				themeName: (row.theme_name as string | null) ?? null,
				periodStart: String(row.period_start),
				received: Number(row.received),
				duplicates: Number(row.duplicates ?? 0),
				linked: Number(row.linked ?? 0),
				done: Number(row.done ?? 0),
				declined: Number(row.declined ?? 0)
			});
		else
			middles.push({
				themeId,
				days: Number(row.days),
				themeMiddle: Boolean(Number(row.theme_middle)),
				overallMiddle: Boolean(Number(row.overall_middle))
			});
	}
	middles.sort((a, b) => a.days - b.days);
	return { cells, middles };
}

/** Distinct customers (contacts) among the suggestions received. */
export async function countCustomers(db: Database, filter: SuggestionReportFilter) {
	const [row] = await db.all<Record<string, unknown>>(sql`
		select count(distinct s.contact_id) as customers from ${from} where ${where(filter)}
	`);
	return Number(row?.customers ?? 0);
}

export type DoneActionRow = {
	id: string;
	title: string;
	doneAt: Date;
	ownerId: string | null;
	ownerName: string | null;
	suggestions: number;
	customers: number;
};

/**
 * Actions done in [from, to) that answer a suggestion matching the segment
 * filters, most recent first, each with how many such suggestions (merged
 * duplicates included, received whenever) and distinct customers it answers.
 */
export async function listDoneActions(
	db: Database,
	filter: SuggestionReportFilter,
	limit: number
): Promise<{ rows: DoneActionRow[]; total: number }> {
	const answered = sql`
		from ${actions} x
		inner join ${actionSuggestions} l on l.action_id = x.id
		inner join ${suggestions} s on s.id = l.suggestion_id or s.merged_into_id = l.suggestion_id
		left join ${suggestions} p on p.id = s.merged_into_id
		left join ${accounts} acc on acc.id = s.account_id
		where ${sql.join(
			[
				sql`x.status = 'done'`,
				sql`x.done_at >= ${filter.from.getTime()}`,
				sql`x.done_at < ${filter.to.getTime()}`,
				...segment(filter)
			],
			sql` and `
		)}`;
	const [rows, [total]] = await Promise.all([
		db.all<Record<string, unknown>>(sql`
			select x.id as id, x.title as title, x.done_at as done_at, x.owner_id as owner_id,
				(select u.name from ${staffUsers} u where u.id = x.owner_id) as owner_name,
				count(distinct s.id) as suggestions, count(distinct s.contact_id) as customers
			${answered}
			group by x.id
			order by x.done_at desc, x.id
			limit ${limit}
		`),
		db.all<Record<string, unknown>>(sql`select count(distinct x.id) as n ${answered}`)
	]);
	return {
		rows: rows.map((row) => ({
			id: String(row.id),
			title: String(row.title),
			doneAt: new Date(Number(row.done_at)),
			ownerId: (row.owner_id as string | null) ?? null,
			ownerName: (row.owner_name as string | null) ?? null,
			suggestions: Number(row.suggestions),
			customers: Number(row.customers)
		})),
		total: Number(total?.n ?? 0)
	};
}

export async function themeExists(db: Database, id: string) {
	const rows = await db
		.select({ id: suggestionThemes.id })
		.from(suggestionThemes)
		.where(inArray(suggestionThemes.id, [id]));
	return rows.length > 0;
}

export async function staffExists(db: Database, id: string) {
	const rows = await db
		.select({ id: staffUsers.id })
		.from(staffUsers)
		.where(inArray(staffUsers.id, [id]));
	return rows.length > 0;
}

/** The filters' choices: themes still offered, and active staff as account owners. */
export function listThemeChoices(db: Database) {
	return db
		.select({ id: suggestionThemes.id, name: suggestionThemes.name })
		.from(suggestionThemes)
		.where(isNull(suggestionThemes.archivedAt))
		.orderBy(sql`lower(${suggestionThemes.name})`);
}

export function listOwnerChoices(db: Database) {
	return db
		.select({ id: staffUsers.id, name: staffUsers.name })
		.from(staffUsers)
		.where(isNull(staffUsers.disabledAt))
		.orderBy(asc(staffUsers.name));
}
