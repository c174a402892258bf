import { asc, eq, isNull, sql, type SQL } from 'drizzle-orm';
import type { Database } from '../../db/database';
import { caseCategories, cases, slaClocks, slaEvents } from '../../db/schema/cases';
import { staffUsers, teams } from '../../db/schema/staff';
import type { BusinessCalendar } from '../domain/business-calendar';
import type { ClockChange } from '../domain/sla-compliance';
import type { SlaClock, SlaTarget } from '../domain/sla-clock';
import type { CasePriority } from '../domain/sla-policy';

/**
 * The SLA compliance report's direct computation from the raw rows
 * (`slaReportFromRawRows`: the tests and the bench check the rollups against
 * it; the route reads the rollups, `sla-rollup-store.ts`), and the names and
 * checks both use. The raw queries start from the fulfil and breach
 * events recorded in [from, to) (the partial index `sla_events_settled`), so
 * they read only the clock rounds settled (or fulfilled) in the period; each
 * round's other events, its case and its current clock are looked up by key.
 * The report judges the rounds in JS on each case's calendar (business
 * minutes cannot be counted in SQL), so a row comes back per round, and its
 * cost grows with the rounds settled in the period.
 *
 * Rows come back packed, a round's values joined by commas into one text
 * (ids, fixed words and numbers only, so no value holds a comma): the driver
 * pays per value, and a year can hold tens of thousands of rounds. Measured on
 * a libSQL file, 40,000 rounds come back in 0.4 s packed, 0.9 s as columns.
 */
export type SlaReportFilter = {
	from: Date;
	/** Exclusive. */
	to: Date;
	/** The priority the case's promise was made for (its policy snapshot's). */
	priority?: CasePriority | undefined;
	/** An id, or `none` for cases without one. */
	teamId?: string | undefined;
	assigneeId?: string | undefined;
	categoryId?: string | undefined;
};

export type Ref = { id: string; name: string };

/** What the report needs of a case: its segment, its snapshotted targets and calendar. */
export type CaseFacts = {
	number: number;
	priority: CasePriority;
	teamId: string | null;
	assigneeId: string | null;
	/** The business minutes promised per target (the policy snapshot's). */
	minutes: Record<SlaTarget, number>;
	/** Index into `calendars`: the case's snapshotted business calendar. */
	calendar: number;
};

export type SettledRound = {
	caseId: string;
	target: SlaTarget;
	round: number;
	/** The first of its fulfilment and its recorded breach, ever (not only in the period). */
	settledAt: Date;
	/** The sweep's breach record; null when none was recorded. */
	breachedAt: Date | null;
	fulfilledAt: Date | null;
	/** The round's clock as stored, when `sla_clocks` still holds this round; else rebuild it from its changes. */
	clock: SlaClock | null;
};

/** A case's snapshotted priority. */
const priorityOf = sql`json_extract(c.policy, '$.priority')`;

/** The segment filters on a case `c`. */
function segment(filter: SlaReportFilter): SQL[] {
	const conditions: SQL[] = [];
	if (filter.priority) conditions.push(sql`${priorityOf} = ${filter.priority}`);
	const idOrNone = (column: SQL, value: string | undefined) => {
		if (value === 'none') conditions.push(sql`${column} is null`);
		else if (value) conditions.push(sql`${column} = ${value}`);
	};
	idOrNone(sql`c.team_id`, filter.teamId);
	idOrNone(sql`c.assignee_id`, filter.assigneeId);
	idOrNone(sql`c.category_id`, filter.categoryId);
	return conditions;
}

/**
 * The rounds with a fulfil or breach event in the period, of cases in the
 * segment. The events come first, through the partial index (its `kind in
 * (…)` term must read as the index's does); `cross join` keeps SQLite from
 * starting at the cases instead (every case of an agent or a team, ever).
 */
function touched(filter: SlaReportFilter): SQL {
	return sql`touched as materialized (
		select e.case_id as case_id, e.target as target, e.round as round
		from ${slaEvents} e
		cross join ${cases} c on c.id = e.case_id
		where ${sql.join(
			[
				sql`e.kind in ('fulfill', 'breach')`,
				sql`e.at >= ${filter.from.getTime()}`,
				sql`e.at < ${filter.to.getTime()}`,
				...segment(filter)
			],
			sql` and `
		)}
		group by e.case_id, e.target, e.round
	)`;
}

const ms = (value: string | undefined) => (value ? Number(value) : null);
const date = (value: string | undefined) => (value ? new Date(Number(value)) : null);

/** The query behind `readSettledRounds` (exported to check its plan). */
export function settledRoundsQuery(filter: SlaReportFilter): SQL {
	const or = (value: string) => sql.raw(`ifnull(${value}, '')`);
	return sql`
		with ${touched(filter)},
		rounds as materialized (
			select t.case_id as case_id, t.target as target, t.round as round,
				min(case when s.kind in ('fulfill', 'breach') then s.at end) as settled_at,
				min(case when s.kind = 'breach' then s.at end) as breached_at,
				min(case when s.kind = 'fulfill' then s.at end) as fulfilled_at
			from touched t
			inner join ${slaEvents} s on s.case_id = t.case_id and s.target = t.target and s.round = t.round
			group by t.case_id, t.target, t.round
		),
		facts as materialized (
			select c.id as case_id, c.number as number, ${priorityOf} as priority, c.team_id as team_id,
				c.assignee_id as assignee_id,
				json_extract(c.policy, '$.targets.firstResponse') as first_response,
				json_extract(c.policy, '$.targets.nextResponse') as next_response,
				json_extract(c.policy, '$.targets.resolution') as resolution,
				json_extract(c.policy, '$.calendar') as calendar
			from (select distinct case_id from touched) x
			inner join ${cases} c on c.id = x.case_id
		)
		select 'case' as kind,
			case_id || ',' || number || ',' || ${or('priority')} || ',' || ${or('team_id')} || ',' || ${or('assignee_id')}
				|| ',' || ${or('first_response')} || ',' || ${or('next_response')} || ','
				|| ${or('resolution')} || ','
				|| (dense_rank() over (order by calendar) - 1) as packed,
			case when row_number() over (partition by calendar) = 1 then calendar end as calendar
		from facts
		union all
		select 'round',
			r.case_id || ',' || r.target || ',' || r.round || ',' || r.settled_at || ','
				|| ${or('r.breached_at')} || ',' || ${or('r.fulfilled_at')} || ',' || ${or('k.round')} || ','
				|| ${or('k.minutes')} || ',' || ${or('k.started_at')} || ',' || ${or('k.due_at')} || ','
				|| ${or('k.paused_at')} || ',' || ${or('k.fulfilled_at')},
			null
		from rounds r
		left join ${slaClocks} k on k.case_id = r.case_id and k.target = r.target
	`;
}

/**
 * Every round with a fulfil or breach event in the period: when it first
 * settled, its recorded breach and fulfilment, and its clock when
 * `sla_clocks` still holds it; the facts of their cases; and the distinct
 * business calendars of those cases (each sent once: a calendar can hold a
 * thousand holidays).
 */
export async function readSettledRounds(db: Database, filter: SlaReportFilter) {
	const rows = await db.all<{ kind: string; packed: string; calendar: string | null }>(
		settledRoundsQuery(filter)
	);
	const facts = new Map<string, CaseFacts>();
	const calendars: BusinessCalendar[] = [];
	const rounds: SettledRound[] = [];
	for (const row of rows) {
		const values = row.packed.split(',');
		if (row.kind === 'case') {
			const [caseId, number, priority, teamId, assigneeId, first, next, resolution, calendar] =
				values;
			facts.set(caseId!, {
				number: Number(number),
				priority: priority as CasePriority,
				teamId: teamId || null,
				assigneeId: assigneeId || null,
				minutes: {
					first_response: Number(first),
					next_response: Number(next),
					resolution: Number(resolution)
				},
				calendar: Number(calendar)
			});
			if (row.calendar !== null)
				calendars[Number(calendar)] = JSON.parse(row.calendar) as BusinessCalendar;
			continue;
		}
		const [caseId, target, round, settled, breached, fulfilled, clockRound, ...clock] = values;
		const [minutes, startedAt, dueAt, pausedAt, clockFulfilledAt] = clock;
		rounds.push({
			caseId: caseId!,
			target: target as SlaTarget,
			round: Number(round),
			settledAt: date(settled)!,
			breachedAt: date(breached),
			fulfilledAt: date(fulfilled),
			clock:
				ms(clockRound) === Number(round)
					? {
							target: target as SlaTarget,
							minutes: Number(minutes),
							startedAt: date(startedAt)!,
							warnAt: null,
							dueAt: date(dueAt)!,
							pausedAt: date(pausedAt),
							fulfilledAt: date(clockFulfilledAt)
						}
					: null
		});
	}
	return { facts, calendars, rounds };
}

export const roundKey = (caseId: string, target: string, round: number) =>
	`${caseId},${target},${round}`;

/** The query behind `readReplacedRounds` (exported to check its plan). */
export function replacedRoundsQuery(filter: SlaReportFilter): SQL {
	return sql`
		with ${touched(filter)}
		select s.case_id || ',' || s.target || ',' || s.round as round, s.kind || ',' || s.at as change
		from touched t
		left join ${slaClocks} k on k.case_id = t.case_id and k.target = t.target
		inner join ${slaEvents} s on s.case_id = t.case_id and s.target = t.target and s.round = t.round
		where (k.round is null or k.round <> t.round)
			and s.kind in ('activate', 'pause', 'resume', 'fulfill')
		order by s.at, s.rowid
	`;
}

/**
 * The clock changes of the rounds in the period that `sla_clocks` no longer
 * holds (a later round replaced them: earlier next responses, the resolution
 * before a reopening), in the order they happened, keyed by `roundKey`.
 */
export async function readReplacedRounds(
	db: Database,
	filter: SlaReportFilter
): Promise<Map<string, ClockChange[]>> {
	const rows = await db.all<{ round: string; change: string }>(replacedRoundsQuery(filter));
	const changes = new Map<string, ClockChange[]>();
	for (const row of rows) {
		const [kind, at] = row.change.split(',');
		const list = changes.get(row.round) ?? [];
		list.push({ kind: kind as ClockChange['kind'], at: new Date(Number(at)) });
		changes.set(row.round, list);
	}
	return changes;
}

/** The subject of each case (for the breaches listed), in one statement however many. */
export async function readCaseSubjects(db: Database, ids: readonly string[]) {
	if (ids.length === 0) return new Map<string, string>();
	const rows = await db
		.select({ id: cases.id, subject: cases.subject })
		.from(cases)
		.where(sql`${cases.id} in (select value from json_each(${JSON.stringify([...new Set(ids)])}))`);
	return new Map(rows.map((row) => [row.id, row.subject]));
}

/**
 * The names of every team and staff user (disabled ones too: their cases stay
 * theirs in past periods), and the filters' choices: teams, active staff as
 * agents, categories still offered. Small tables, read whole.
 */
export async function listSlaReportNames(db: Database) {
	const [teamRows, staffRows, categoryRows] = await Promise.all([
		db
			.select({ id: teams.id, name: teams.name })
			.from(teams)
			.orderBy(sql`lower(${teams.name})`),
		db
			.select({ id: staffUsers.id, name: staffUsers.name, disabledAt: staffUsers.disabledAt })
			.from(staffUsers)
			.orderBy(asc(staffUsers.name)),
		db
			.select({ id: caseCategories.id, name: caseCategories.name })
			.from(caseCategories)
			.where(isNull(caseCategories.archivedAt))
			.orderBy(asc(caseCategories.position), asc(caseCategories.name))
	]);
	return {
		teams: teamRows,
		staff: staffRows,
		options: {
			teams: teamRows,
			assignees: staffRows.filter((row) => !row.disabledAt).map(({ id, name }) => ({ id, name })),
			categories: categoryRows
		}
	};
}

export async function teamExists(db: Database, id: string) {
	return (await db.select({ id: teams.id }).from(teams).where(eq(teams.id, id))).length > 0;
}

/** Any staff user, disabled ones too: their cases stay theirs in past periods. */
export async function staffExists(db: Database, id: string) {
	return (
		(await db.select({ id: staffUsers.id }).from(staffUsers).where(eq(staffUsers.id, id))).length >
		0
	);
}

/** Any category, archived ones too. */
export async function categoryExists(db: Database, id: string) {
	return (
		(
			await db
				.select({ id: caseCategories.id })
				.from(caseCategories)
				.where(eq(caseCategories.id, id))
		).length > 0
	);
}
