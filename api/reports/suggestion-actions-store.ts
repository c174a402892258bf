import { asc, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import type { Database } from '../../db/database';
import { accounts, type AccountTier } from '../../db/schema/accounts';
import { actions, actionSuggestions } from '../../db/schema/actions';
import { staffUsers } from '../../db/schema/staff';
import { suggestions, suggestionThemes } from '../../db/schema/surveys';
import type { ReportGranularity } from '../domain/report-periods';

/**
 * The suggestion-to-action report's queries. Each reads the suggestions
 * received in [from, to) through the `created_at` index, a row at a time
 * through two indexed look-ups of its actions, and returns grouped rows
 * (a row per theme and period, the middle values for the medians), never the
 * suggestions themselves.
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

/** The actions answering `s`: linked to it, or to the suggestion it is merged into. */
const answering = (select: SQL, extra: SQL = sql`1 = 1`) =>
	sql`(select ${select} from ${actionSuggestions} l inner join ${actions} a on a.id = l.action_id where l.suggestion_id in (s.id, s.merged_into_id) and ${extra})`;

/**
 * 3 when an action answering it is done, 2 when one is planned or in
 * progress (and none done), 1 when every one is declined, null when none.
 */
const stateOf = answering(
	sql`max(case a.status when 'done' then 3 when 'declined' then 1 else 2 end)`
);
const doneAtOf = answering(sql`min(a.done_at)`, sql`a.status = 'done'`);

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

/** Counts per theme and period of the suggestions received: the one pass the totals, themes and chart share. */
export async function countByThemeAndPeriod(
	db: Database,
	filter: SuggestionReportFilter,
	granularity: ReportGranularity
): Promise<ThemePeriodRow[]> {
	const rows = await db.all<Record<string, unknown>>(sql`
		with received as (
			select ${themeOf} as theme_id, s.created_at as created_at,
				s.merged_into_id is not null as merged, ${stateOf} as state
			from ${from}
			where ${where(filter)}
		)
		select r.theme_id as theme_id, t.name as theme_name,
			${periodStartOf(granularity, sql`r.created_at`)} as period_start,
			count(*) as received,
			sum(r.merged) as duplicates,
			sum(r.state is not null) as linked,
			sum(r.state = 3) as done,
			sum(r.state = 1) as declined
		from received r
		left join ${suggestionThemes} t on t.id = r.theme_id
		group by r.theme_id, period_start
	`);
	return rows.map((row) => ({
		themeId: (row.theme_id as string | null) ?? null,
		themeName: (row.theme_name as string | null) ?? null,
		periodStart: String(row.period_start),
		received: Number(row.received),
		duplicates: Number(row.duplicates ?? 0),
		linked: Number(row.linked ?? 0),
		done: Number(row.done ?? 0),
		declined: Number(row.declined ?? 0)
	}));
}

export type MiddleDaysRow = {
	themeId: string | null;
	days: number;
	/** Among the middle one or two of its theme's sorted days to done. */
	themeMiddle: boolean;
	/** Among the middle one or two of all the sorted days to done. */
	overallMiddle: boolean;
};

/**
 * The days from received to done of the done suggestions, only the middle
 * one or two per theme and overall (window functions rank them in SQL), so
 * the medians cost a few rows whatever the period holds. Ascending by days.
 */
export async function listMiddleDaysToDone(
	db: Database,
	filter: SuggestionReportFilter
): Promise<MiddleDaysRow[]> {
	const rows = await db.all<Record<string, unknown>>(sql`
		with done as (
			select ${themeOf} as theme_id,
				max(0, ${doneAtOf} - s.created_at) / 86400000.0 as days
			from ${from}
			where ${where(filter)}
		),
		ranked as (
			select theme_id, days,
				row_number() over (partition by theme_id order by days) as theme_rank,
				count(*) over (partition by theme_id) as theme_n,
				row_number() over (order by days) as overall_rank,
				count(*) over () as overall_n
			from done
			where days is not null
		)
		select theme_id, days,
			theme_rank in ((theme_n + 1) / 2, (theme_n + 2) / 2) as theme_middle,
			overall_rank in ((overall_n + 1) / 2, (overall_n + 2) / 2) as overall_middle
		from ranked
		where theme_middle or overall_middle
		order by days
	`);
	return rows.map((row) => ({
		themeId: (row.theme_id as string | null) ?? null,
		days: Number(row.days),
		themeMiddle: Boolean(Number(row.theme_middle)),
		overallMiddle: Boolean(Number(row.overall_middle))
	}));
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
