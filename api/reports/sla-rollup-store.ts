import { sql, type SQL } from 'drizzle-orm';
import { forBatch } from '../../db/batch-sql';
import type { Database } from '../../db/database';
import { cases, slaClocks, slaEvents } from '../../db/schema/cases';
import {
	slaBreachedRounds,
	slaMinutes,
	slaRollups,
	slaRollupState
} from '../../db/schema/sla-rollups';
import type { BusinessCalendar } from '../domain/business-calendar';
import type { SlaClock, SlaTarget } from '../domain/sla-clock';
import type { CasePriority } from '../domain/sla-policy';
import type { ReportGranularity } from '../domain/report-periods';
import type { SlaReportFilter } from './sla-store';

/**
 * The SLA roll-up's reads and writes (`sla-rollup.ts`), and the report's
 * reads of what it wrote (`sla-report.ts`). The roll-up follows `sla_events`
 * by rowid (SQLite hands rowids out in commit order, one writer at a time),
 * from `sla_rollup_state.position` on.
 */

const stateName = 'sla';

/** The last `sla_events` rowid rolled up; 0 before the first roll-up. */
export async function readSlaPosition(db: Database): Promise<number> {
	const rows = await db.all<{ position: number }>(
		sql`select position from ${slaRollupState} where name = ${stateName}`
	);
	return rows[0]?.position ?? 0;
}

/** Whether `token`'s batch is the one that last moved the position. */
export async function slaBatchWon(db: Database, token: string): Promise<boolean> {
	const rows = await db.all<{ batch: string | null }>(
		sql`select batch from ${slaRollupState} where name = ${stateName}`
	);
	return rows[0]?.batch === token;
}

export type SliceEvent = {
	id: number;
	caseId: string;
	target: SlaTarget;
	round: number;
	kind: 'fulfill' | 'breach' | 'resume';
};

/**
 * The next `limit` fulfil, breach and resume events after rowid `after`, in
 * rowid order (a resumption moves a breached round's due time, which the
 * breaches list shows).
 */
export async function readEventSlice(
	db: Database,
	after: number,
	limit: number
): Promise<SliceEvent[]> {
	const rows = await db.all<{ packed: string }>(sql`
		select rowid || ',' || case_id || ',' || target || ',' || round || ',' || kind as packed
		from ${slaEvents}
		where rowid > ${after} and kind in ('fulfill', 'breach', 'resume')
		order by rowid
		limit ${limit}`);
	return rows.map(({ packed }) => {
		const [id, caseId, target, round, kind] = packed.split(',');
		return {
			id: Number(id),
			caseId: caseId!,
			target: target as SlaTarget,
			round: Number(round),
			kind: kind as SliceEvent['kind']
		};
	});
}

/** What the roll-up needs of a case: its number, segment now, and its snapshotted priority, targets and calendar. */
export type RollupCase = {
	number: number;
	priority: CasePriority;
	teamId: string;
	assigneeId: string;
	categoryId: string;
	minutes: Record<SlaTarget, number>;
	calendar: BusinessCalendar;
};

export type RoundEvent = {
	id: number;
	kind: 'activate' | 'pause' | 'resume' | 'fulfill' | 'breach';
	at: Date;
};

export type StoredClock = SlaClock & { round: number };

/**
 * What judging the rounds of `rounds` takes: their cases (each distinct
 * calendar parsed once), the stored clocks of their targets, and every clock
 * event of theirs (not warnings or escalations), in the order they happened
 * (time, then rowid), keyed by `caseId,target,round`. Four statements, one
 * bound list each, however many rounds; rows come back packed into one text
 * (ids, fixed words and numbers only), as the driver pays per value.
 */
export async function readRollupFacts(
	db: Database,
	rounds: readonly { caseId: string; target: SlaTarget; round: number }[]
) {
	const caseList = JSON.stringify([...new Set(rounds.map((round) => round.caseId))]);
	const roundList = JSON.stringify(
		rounds.map((round) => [round.caseId, round.target, round.round])
	);
	const caseIds = sql`(select value from json_each(${caseList}))`;
	const [caseRows, calendarRows, clockRows, eventRows] = await Promise.all([
		db.all<{ packed: string }>(sql`
			select c.id || ',' || c.number || ',' || json_extract(c.policy, '$.priority') || ','
					|| ifnull(c.team_id, '') || ',' || ifnull(c.assignee_id, '') || ','
					|| ifnull(c.category_id, '') || ','
					|| json_extract(c.policy, '$.targets.firstResponse') || ','
					|| json_extract(c.policy, '$.targets.nextResponse') || ','
					|| json_extract(c.policy, '$.targets.resolution') as packed
			from ${cases} c where c.id in ${caseIds}`),
		db.all<{ ids: string; calendar: string }>(sql`
			with x as materialized (
				select id, json_extract(policy, '$.calendar') as calendar from ${cases} where id in ${caseIds}
			)
			select group_concat(id) as ids, calendar from x group by calendar`),
		db.all<{ packed: string }>(sql`
			select k.case_id || ',' || k.target || ',' || k.round || ',' || k.minutes || ',' || k.started_at
					|| ',' || k.due_at || ',' || ifnull(k.paused_at, '') || ',' || ifnull(k.fulfilled_at, '') as packed
			from ${slaClocks} k where k.case_id in ${caseIds}`),
		db.all<{ packed: string }>(sql`
			select e.case_id || ',' || e.target || ',' || e.round || ',' || e.rowid || ',' || e.kind || ',' || e.at as packed
			from json_each(${roundList}) j
			cross join ${slaEvents} e on e.case_id = json_extract(j.value, '$[0]')
				and e.target = json_extract(j.value, '$[1]') and e.round = json_extract(j.value, '$[2]')
			where e.kind in ('activate', 'pause', 'resume', 'fulfill', 'breach')
			order by e.at, e.rowid`)
	]);
	const calendars = new Map<string, BusinessCalendar>();
	for (const row of calendarRows) {
		const calendar = JSON.parse(row.calendar) as BusinessCalendar;
		for (const id of row.ids.split(',')) calendars.set(id, calendar);
	}
	const facts = new Map<string, RollupCase>();
	for (const row of caseRows) {
		const [id, number, priority, teamId, assigneeId, categoryId, first, next, resolution] =
			row.packed.split(',');
		facts.set(id!, {
			number: Number(number),
			priority: priority as CasePriority,
			teamId: teamId!,
			assigneeId: assigneeId!,
			categoryId: categoryId!,
			minutes: {
				first_response: Number(first),
				next_response: Number(next),
				resolution: Number(resolution)
			},
			calendar: calendars.get(id!)!
		});
	}
	const date = (value: string | undefined) => (value ? new Date(Number(value)) : null);
	const clocks = new Map<string, StoredClock>();
	for (const { packed } of clockRows) {
		const [caseId, target, round, minutes, startedAt, dueAt, pausedAt, fulfilledAt] =
			packed.split(',');
		clocks.set(`${caseId},${target}`, {
			target: target as SlaTarget,
			round: Number(round),
			minutes: Number(minutes),
			startedAt: date(startedAt)!,
			warnAt: null,
			dueAt: date(dueAt)!,
			pausedAt: date(pausedAt),
			fulfilledAt: date(fulfilledAt)
		});
	}
	const events = new Map<string, RoundEvent[]>();
	for (const { packed } of eventRows) {
		const [caseId, target, round, id, kind, at] = packed.split(',');
		const key = `${caseId},${target},${round}`;
		const list = events.get(key) ?? [];
		list.push({ id: Number(id), kind: kind as RoundEvent['kind'], at: new Date(Number(at)) });
		events.set(key, list);
	}
	return { facts, clocks, events };
}

/** A segment's keys, '' for none. */
export type RollupKeys = {
	day: number;
	target: SlaTarget;
	priority: CasePriority;
	teamId: string;
	assigneeId: string;
	categoryId: string;
};
export type RollupIncrement = RollupKeys & { settled: number; met: number };
export type MinutesIncrement = RollupKeys & { minutes: number; rounds: number };
export type BreachedRound = {
	caseId: string;
	target: SlaTarget;
	round: number;
	number: number;
	settledAt: number;
	dueAt: number;
	breachedAt: number | null;
	fulfilledAt: number | null;
	priority: CasePriority;
	teamId: string;
	assigneeId: string;
	categoryId: string;
};

/** The n-th value of a JSON row `j` (an array). */
const at = (index: number) => sql.raw(`json_extract(j.value, '$[${index}]')`);
const columns = (count: number) =>
	sql.join(
		Array.from({ length: count }, (_, index) => at(index)),
		sql`, `
	);

/**
 * One slice's writes, for one `db.batch` (atomic): first the position moves
 * from `from` to `to` (compare-and-set: only if no other roll-up moved it
 * meanwhile), naming this batch `token`; every other statement writes only
 * if the position's batch is this one, i.e. if its compare-and-set won. So
 * two roll-ups of the same slice, at once or one after the other, count it
 * once. Rows go as one JSON text per table: two bound values a statement,
 * however many rows.
 */
export function writeSlaSlice(
	db: Database,
	slice: {
		from: number;
		to: number;
		token: string;
		rollups: readonly RollupIncrement[];
		minutes: readonly MinutesIncrement[];
		breached: readonly BreachedRound[];
	}
) {
	const won = sql`exists (select 1 from ${slaRollupState} where name = ${stateName} and batch = ${slice.token})`;
	const keys = (row: RollupKeys) => [
		row.day,
		row.target,
		row.priority,
		row.teamId,
		row.assigneeId,
		row.categoryId
	];
	const statements = [
		db.run(
			forBatch(sql`
			insert into ${slaRollupState} (name, position, batch) values (${stateName}, ${slice.to}, ${slice.token})
			on conflict (name) do update set position = excluded.position, batch = excluded.batch
			where ${slaRollupState}.position = ${slice.from}`)
		)
	];
	if (slice.rollups.length > 0) {
		const rows = JSON.stringify(slice.rollups.map((row) => [...keys(row), row.settled, row.met]));
		statements.push(
			db.run(
				forBatch(sql`
				insert into ${slaRollups} (day, target, priority, team_id, assignee_id, category_id, settled, met)
				select ${columns(8)} from json_each(${rows}) j
				where ${won}
				on conflict (day, target, priority, team_id, assignee_id, category_id) do update set
					settled = settled + excluded.settled, met = met + excluded.met`)
			)
		);
	}
	if (slice.minutes.length > 0) {
		const rows = JSON.stringify(
			slice.minutes.map((row) => [...keys(row), row.minutes, row.rounds])
		);
		statements.push(
			db.run(
				forBatch(sql`
				insert into ${slaMinutes} (day, target, priority, team_id, assignee_id, category_id, minutes, rounds)
				select ${columns(8)} from json_each(${rows}) j
				where ${won}
				on conflict (day, target, priority, team_id, assignee_id, category_id, minutes) do update set
					rounds = rounds + excluded.rounds`)
			)
		);
	}
	if (slice.breached.length > 0) {
		const rows = JSON.stringify(
			slice.breached.map((row) => [
				row.caseId,
				row.target,
				row.round,
				row.number,
				row.settledAt,
				row.dueAt,
				row.breachedAt,
				row.fulfilledAt,
				row.priority,
				row.teamId,
				row.assigneeId,
				row.categoryId
			])
		);
		// A round already listed keeps its settling and segment; its clock's due time and fulfilment move on.
		statements.push(
			db.run(
				forBatch(sql`
				insert into ${slaBreachedRounds} (case_id, target, round, number, settled_at, due_at, breached_at,
					fulfilled_at, priority, team_id, assignee_id, category_id)
				select ${columns(12)} from json_each(${rows}) j
				where ${won}
				on conflict (case_id, target, round) do update set
					due_at = excluded.due_at, breached_at = excluded.breached_at, fulfilled_at = excluded.fulfilled_at`)
			)
		);
	}
	return statements;
}

/** The report's filters on a rollup table's columns (`none` is ''). */
function segment(filter: SlaReportFilter, time: string, prefix = ''): SQL {
	const column = (name: string) => sql.raw(`${prefix}${name}`);
	const conditions: SQL[] = [
		sql`${column(time)} >= ${filter.from.getTime()}`,
		sql`${column(time)} < ${filter.to.getTime()}`
	];
	if (filter.priority) conditions.push(sql`${column('priority')} = ${filter.priority}`);
	const idOrNone = (name: string, value: string | undefined) => {
		if (value) conditions.push(sql`${column(name)} = ${value === 'none' ? '' : value}`);
	};
	idOrNone('team_id', filter.teamId);
	idOrNone('assignee_id', filter.assigneeId);
	idOrNone('category_id', filter.categoryId);
	return sql.join(conditions, sql` and `);
}

/** The UTC week (Monday) or month a `day` (ms) falls in, as ms. */
function periodOf(granularity: ReportGranularity): SQL {
	return granularity === 'week'
		? sql`(day / 86400000 - (day / 86400000 + 3) % 7) * 86400000`
		: sql`cast(strftime('%s', day / 1000, 'unixepoch', 'start of month') as integer) * 1000`;
}

export type RollupGroupRow = {
	/** Which grouping: per priority, team, agent (each per target), or period (all targets). */
	grouping: 'priority' | 'team' | 'agent' | 'period';
	target: SlaTarget | '';
	/** The priority, team id, assignee id ('' for none), or the period's start in ms. */
	key: string;
	settled: number;
	met: number;
};

/** The query behind `readRollupGroups` (exported to check its plan). */
export function rollupGroupsQuery(filter: SlaReportFilter, granularity: ReportGranularity): SQL {
	return sql`
		with r as materialized (
			select day, target, priority, team_id, assignee_id, settled, met from ${slaRollups}
			where ${segment(filter, 'day')}
		)
		select 'priority' as grouping, target, priority as key, sum(settled) as settled, sum(met) as met
		from r group by target, priority
		union all
		select 'team', target, team_id, sum(settled), sum(met) from r group by target, team_id
		union all
		select 'agent', target, assignee_id, sum(settled), sum(met) from r group by target, assignee_id
		union all
		select 'period', '', cast(${periodOf(granularity)} as text), sum(settled), sum(met) from r
		group by ${periodOf(granularity)}`;
}

/**
 * The settled and met rounds of the period and segment, summed per target
 * and priority, team and agent, and per week or month: one statement over
 * the period's rollup rows.
 */
export async function readRollupGroups(
	db: Database,
	filter: SlaReportFilter,
	granularity: ReportGranularity
): Promise<RollupGroupRow[]> {
	const rows = await db.all<RollupGroupRow>(rollupGroupsQuery(filter, granularity));
	return rows.map((row) => ({
		...row,
		key: String(row.key),
		settled: Number(row.settled),
		met: Number(row.met)
	}));
}

/** The query behind `readMinuteCounts` (exported to check its plan). */
export function minuteCountsQuery(filter: SlaReportFilter): SQL {
	return sql`
		select target, minutes, sum(rounds) as rounds from ${slaMinutes}
		where ${segment(filter, 'day')}
		group by target, minutes
		order by target, minutes`;
}

/** How many rounds fulfilled in the period used each bucket of business minutes, per target, fewest minutes first. */
export async function readMinuteCounts(db: Database, filter: SlaReportFilter) {
	const rows = await db.all<{ target: SlaTarget; minutes: number; rounds: number }>(
		minuteCountsQuery(filter)
	);
	return rows.map((row) => ({
		target: row.target,
		minutes: Number(row.minutes),
		rounds: Number(row.rounds)
	}));
}

/** The query behind `readBreachedRounds` (exported to check its plan). */
export function breachedRoundsQuery(filter: SlaReportFilter, limit: number): SQL {
	return sql`
		select b.case_id as caseId, b.number as number, c.subject as subject, b.target as target,
			b.round as round, b.priority as priority, b.due_at as dueAt, b.breached_at as breachedAt,
			b.fulfilled_at as fulfilledAt, b.assignee_id as assigneeId
		from ${slaBreachedRounds} b
		left join ${cases} c on c.id = b.case_id
		where ${segment(filter, 'settled_at', 'b.')}
		order by b.settled_at desc, b.number desc, b.target, b.round desc
		limit ${limit}`;
}

/**
 * The latest `limit` rounds of the period and segment that settled unmet
 * (by when they settled, then the highest case number, a case's targets in
 * their order), with their case's subject: read from the index on
 * `settled_at`, newest first.
 */
export async function readBreachedRounds(db: Database, filter: SlaReportFilter, limit: number) {
	const rows = await db.all<{
		caseId: string;
		number: number;
		subject: string | null;
		target: SlaTarget;
		round: number;
		priority: CasePriority;
		dueAt: number;
		breachedAt: number | null;
		fulfilledAt: number | null;
		assigneeId: string;
	}>(breachedRoundsQuery(filter, limit));
	return rows;
}
