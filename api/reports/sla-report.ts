import type { Deps } from '../deps';
import { toCsv } from '../domain/csv';
import { periodStart } from '../domain/report-periods';
import {
	addRound,
	businessMinutesUsed,
	complianceFigure,
	complianceSeries,
	medianOf,
	noCompliance,
	replayClock,
	roundMet,
	type ComplianceCounts,
	type ComplianceFigure
} from '../domain/sla-compliance';
import { slaTargets, type SlaTarget } from '../domain/sla-clock';
import { casePriorities, type CasePriority } from '../domain/sla-policy';
import { toDay } from '../domain/suggestion-conversion';
import { yieldToEventLoop } from '../survey-scheduler/yield';
import { medianOfCounts } from './sla-rollup';
import { readBreachedRounds, readMinuteCounts, readRollupGroups } from './sla-rollup-store';
import type { SlaReport, SlaReportQuery } from './sla-report-schemas';
import {
	categoryExists,
	listSlaReportNames,
	readCaseSubjects,
	readReplacedRounds,
	readSettledRounds,
	roundKey,
	staffExists,
	teamExists,
	type Ref,
	type SlaReportFilter
} from './sla-store';
import { invalidField, resolvePeriod } from './period-query';

/** Breached rounds listed at most (the total is given beside them). */
export const breachesShown = 200;
/** Rounds judged between two yields to the event loop (the raw computation), so other requests get in while a long period is judged. */
const slice = 2000;

/** The period and segment a query asks for, checked: unknown teams, staff and categories are a 422. */
async function resolveFilter(deps: Deps, query: SlaReportQuery) {
	const period = resolvePeriod(query, deps.clock.now());
	const { db } = deps;
	const known = async (
		id: string | undefined,
		exists: (db: Deps['db'], id: string) => Promise<boolean>
	) => !id || id === 'none' || (await exists(db, id));
	if (!(await known(query.teamId, teamExists)))
		throw invalidField('teamId', 'Choose one of the listed teams, or none.');
	if (!(await known(query.assigneeId, staffExists)))
		throw invalidField('assigneeId', 'Choose one of the listed agents, or unassigned.');
	if (!(await known(query.categoryId, categoryExists)))
		throw invalidField('categoryId', 'Choose one of the listed categories, or none.');
	const filter: SlaReportFilter = {
		...period.span,
		priority: query.priority,
		teamId: query.teamId,
		assigneeId: query.assigneeId,
		categoryId: query.categoryId
	};
	return { ...period, filter };
}

type TargetCounts = Record<SlaTarget, ComplianceCounts>;
const noTargetCounts = (): TargetCounts => ({
	first_response: noCompliance,
	next_response: noCompliance,
	resolution: noCompliance
});
type Tally = { all: ComplianceCounts; byTarget: TargetCounts };
const newTally = (): Tally => ({ all: noCompliance, byTarget: noTargetCounts() });
function count(tally: Tally, target: SlaTarget, met: boolean) {
	tally.all = addRound(tally.all, met);
	tally.byTarget[target] = addRound(tally.byTarget[target], met);
}
const addCounts = (a: ComplianceCounts, b: ComplianceCounts): ComplianceCounts => ({
	met: a.met + b.met,
	n: a.n + b.n
});
function addTo(tally: Tally, target: SlaTarget, counts: ComplianceCounts) {
	tally.all = addCounts(tally.all, counts);
	tally.byTarget[target] = addCounts(tally.byTarget[target], counts);
}
const groupFigures = (tally: Tally) => ({
	...complianceFigure(tally.all),
	byTarget: {
		first_response: complianceFigure(tally.byTarget.first_response),
		next_response: complianceFigure(tally.byTarget.next_response),
		resolution: complianceFigure(tally.byTarget.resolution)
	}
});

/** Most settled first; the "none" row after the named ones it ties with; names alphabetically. */
function byVolume<T extends { n: number }>(rows: T[], refOf: (row: T) => Ref | null): T[] {
	return rows.sort(
		(a, b) =>
			b.n - a.n ||
			(refOf(a) ? 0 : 1) - (refOf(b) ? 0 : 1) ||
			(refOf(a)?.name ?? '').localeCompare(refOf(b)?.name ?? '')
	);
}

type Names = Awaited<ReturnType<typeof listSlaReportNames>>;
type Breach = SlaReport['breaches'][number];
type Segments = Map<string, { ref: Ref | null; tally: Tally }>;

/** The figures a report is made of, however they were counted. */
type Counted = {
	totals: Tally;
	priorities: Map<CasePriority, Tally>;
	teams: Segments;
	agents: Segments;
	/** Keyed by period start, `YYYY-MM-DD`. */
	periods: Map<string, ComplianceCounts>;
	minutes: Record<SlaTarget, { median: number | null; n: number }>;
	/** The latest `breachesShown`. */
	breaches: Breach[];
	breachesTotal: number;
};

function tallyOf(map: Segments, ref: Ref | null): Tally {
	const key = ref?.id ?? '';
	let entry = map.get(key);
	if (!entry) map.set(key, (entry = { ref, tally: newTally() }));
	return entry.tally;
}

function refs(names: Names) {
	const teamNames = new Map(names.teams.map((team) => [team.id, team.name]));
	const staffNames = new Map(names.staff.map((person) => [person.id, person.name]));
	const refOf = (id: string | null, known: Map<string, string>): Ref | null =>
		id ? { id, name: known.get(id) ?? 'Unknown' } : null;
	return {
		team: (id: string | null) => refOf(id, teamNames),
		agent: (id: string | null) => refOf(id, staffNames)
	};
}

function assemble(
	query: SlaReportQuery,
	period: Awaited<ReturnType<typeof resolveFilter>>,
	names: Names,
	counted: Counted
): SlaReport {
	const { from, to, today, presets, filter } = period;
	return {
		from,
		to,
		granularity: query.granularity,
		today: toDay(today),
		presets,
		totals: complianceFigure(counted.totals.all),
		targets: slaTargets.map((target) => ({
			target,
			...complianceFigure(counted.totals.byTarget[target]),
			businessMinutes: counted.minutes[target]
		})),
		priorities: [...casePriorities].reverse().map((priority) => ({
			priority,
			...groupFigures(counted.priorities.get(priority) ?? newTally())
		})),
		teams: byVolume(
			[...counted.teams.values()].map(({ ref, tally }) => ({ team: ref, ...groupFigures(tally) })),
			(row) => row.team
		),
		agents: byVolume(
			[...counted.agents.values()].map(({ ref, tally }) => ({
				assignee: ref,
				...groupFigures(tally)
			})),
			(row) => row.assignee
		),
		periods: complianceSeries(query.granularity, filter.from, filter.to, counted.periods),
		breaches: counted.breaches,
		breachesTotal: counted.breachesTotal,
		options: names.options
	};
}

/**
 * The SLA compliance report (DESIGN.md flows 5 and 7): of the clock rounds
 * settled in the period (see `domain/sla-compliance.ts` for what counts),
 * how many were met, per target, priority, team, agent and week or month;
 * the breached ones for drill-down; and the median business minutes to first
 * response, next response and resolution over the rounds fulfilled in the
 * period.
 *
 * It reads the rollups the tick keeps (`sla-rollup.ts`): a row per day,
 * target and segment, summed in one statement; the business minutes per
 * bucket, so medians are at the buckets' resolution (exact under 120
 * minutes, then 5, 15 and 60 minutes); the breached rounds through their
 * index, the latest 200. Its cost grows with the days and segments shown,
 * not the rounds. A round counts to the team and agent its case had when it
 * settled. What the tick has not rolled up yet (the last minute's) is not
 * in it.
 */
export async function slaReport(deps: Deps, query: SlaReportQuery): Promise<SlaReport> {
	const { db } = deps;
	const period = await resolveFilter(deps, query);
	const { filter } = period;
	const [groups, minuteRows, breachRows, names] = await Promise.all([
		readRollupGroups(db, filter, query.granularity),
		readMinuteCounts(db, filter),
		readBreachedRounds(db, filter, breachesShown),
		listSlaReportNames(db)
	]);
	const ref = refs(names);
	const counted: Counted = {
		totals: newTally(),
		priorities: new Map(),
		teams: new Map(),
		agents: new Map(),
		periods: new Map(),
		minutes: {
			first_response: medianOfCounts([]),
			next_response: medianOfCounts([]),
			resolution: medianOfCounts([])
		},
		breaches: [],
		breachesTotal: 0
	};
	for (const row of groups) {
		const counts = { met: row.met, n: row.settled };
		if (row.grouping === 'period') {
			const key = new Date(Number(row.key)).toISOString().slice(0, 10);
			counted.periods.set(key, addCounts(counted.periods.get(key) ?? noCompliance, counts));
			continue;
		}
		const target = row.target as SlaTarget;
		if (row.grouping === 'priority') {
			addTo(counted.totals, target, counts);
			const priority = row.key as CasePriority;
			const tally = counted.priorities.get(priority) ?? newTally();
			counted.priorities.set(priority, tally);
			addTo(tally, target, counts);
		} else if (row.grouping === 'team') {
			addTo(tallyOf(counted.teams, ref.team(row.key || null)), target, counts);
		} else {
			addTo(tallyOf(counted.agents, ref.agent(row.key || null)), target, counts);
		}
	}
	for (const target of slaTargets)
		counted.minutes[target] = medianOfCounts(
			minuteRows
				.filter((row) => row.target === target)
				.map((row) => ({ value: row.minutes, count: row.rounds }))
		);
	const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
	counted.breaches = breachRows.map((row) => ({
		caseId: row.caseId,
		number: row.number,
		subject: row.subject ?? '',
		target: row.target,
		round: row.round,
		priority: row.priority,
		dueAt: iso(row.dueAt)!,
		breachedAt: iso(row.breachedAt),
		fulfilledAt: iso(row.fulfilledAt),
		assignee: ref.agent(row.assigneeId || null)
	}));
	counted.breachesTotal = counted.totals.all.n - counted.totals.all.met;
	return assemble(query, period, names, counted);
}

/**
 * The same report computed directly from the raw rows, as it was before the
 * rollups: every round settled in the period read from `sla_events` and
 * judged in JS (about 45 µs a round on a libSQL file: a year of 40,000
 * rounds takes about 1.8 s), each counted to the team and agent its case has
 * now. For the tests and the bench, which check the rollups against it;
 * `minutes` maps each round's business minutes before the medians (pass
 * `minutesBucket` to compare with the rollups' resolution).
 */
export async function slaReportFromRawRows(
	deps: Deps,
	query: SlaReportQuery,
	options: { minutes?: (minutes: number) => number } = {}
): Promise<SlaReport> {
	const { db } = deps;
	const period = await resolveFilter(deps, query);
	const { filter } = period;
	const [{ facts, calendars, rounds }, history, names] = await Promise.all([
		readSettledRounds(db, filter),
		readReplacedRounds(db, filter),
		listSlaReportNames(db)
	]);
	const ref = refs(names);
	const mapMinutes = options.minutes ?? ((minutes: number) => minutes);

	const inPeriod = (at: Date | null) =>
		!!at && at.getTime() >= filter.from.getTime() && at.getTime() < filter.to.getTime();
	const totals = newTally();
	const priorities = new Map<CasePriority, Tally>();
	const teams: Segments = new Map();
	const agents: Segments = new Map();
	const periods = new Map<string, ComplianceCounts>();
	const used: Record<SlaTarget, number[]> = {
		first_response: [],
		next_response: [],
		resolution: []
	};
	const breaches: (Omit<Breach, 'subject'> & { settledAt: number })[] = [];

	for (let i = 0; i < rounds.length; i++) {
		if (i > 0 && i % slice === 0) await yieldToEventLoop();
		const row = rounds[i]!;
		const fact = facts.get(row.caseId);
		const calendar = fact && calendars[fact.calendar];
		if (!fact || !calendar) throw new Error(`No facts for case ${row.caseId}.`);
		const clock =
			row.clock ??
			replayClock(
				calendar,
				row.target,
				fact.minutes[row.target],
				history.get(roundKey(row.caseId, row.target, row.round)) ?? []
			);
		// A round without its start recorded cannot be judged (the app never writes one).
		if (!clock) continue;
		if (inPeriod(row.fulfilledAt)) {
			const minutes = businessMinutesUsed(calendar, clock);
			if (minutes !== null) used[row.target].push(mapMinutes(minutes));
		}
		if (!inPeriod(row.settledAt)) continue;

		const met = roundMet(clock, row.breachedAt !== null);
		const team = ref.team(fact.teamId);
		const assignee = ref.agent(fact.assigneeId);
		count(totals, row.target, met);
		const priority = priorities.get(fact.priority) ?? newTally();
		priorities.set(fact.priority, priority);
		count(priority, row.target, met);
		count(tallyOf(teams, team), row.target, met);
		count(tallyOf(agents, assignee), row.target, met);
		const period = periodStart(query.granularity, row.settledAt).toISOString().slice(0, 10);
		periods.set(period, addRound(periods.get(period) ?? noCompliance, met));
		if (!met)
			breaches.push({
				settledAt: row.settledAt.getTime(),
				caseId: row.caseId,
				number: fact.number,
				target: row.target,
				round: row.round,
				priority: fact.priority,
				dueAt: clock.dueAt.toISOString(),
				breachedAt: row.breachedAt?.toISOString() ?? null,
				fulfilledAt: clock.fulfilledAt?.toISOString() ?? null,
				assignee
			});
	}

	// The latest breach first; then the highest case number, and a case's targets in their order.
	breaches.sort(
		(a, b) =>
			b.settledAt - a.settledAt ||
			b.number - a.number ||
			slaTargets.indexOf(a.target) - slaTargets.indexOf(b.target) ||
			b.round - a.round
	);
	const shown = breaches.slice(0, breachesShown);
	const subjects = await readCaseSubjects(
		db,
		shown.map((row) => row.caseId)
	);
	return assemble(query, period, names, {
		totals,
		priorities,
		teams,
		agents,
		periods,
		minutes: {
			first_response: medianOf(used.first_response),
			next_response: medianOf(used.next_response),
			resolution: medianOf(used.resolution)
		},
		breaches: shown.map(({ settledAt: _settledAt, ...row }) => ({
			...row,
			subject: subjects.get(row.caseId) ?? ''
		})),
		breachesTotal: breaches.length
	});
}

const round = (value: number | null, digits = 1) =>
	value === null ? null : Number(value.toFixed(digits));

type CsvRow = ComplianceFigure & {
	group: string;
	id: string | null;
	name: string;
	byTarget?: Record<SlaTarget, ComplianceFigure>;
	median?: { median: number | null; n: number };
};

const targetNames: Record<SlaTarget, string> = {
	first_response: 'First response',
	next_response: 'Next response',
	resolution: 'Resolution'
};
const priorityNames: Record<CasePriority, string> = {
	urgent: 'Urgent',
	high: 'High',
	normal: 'Normal',
	low: 'Low'
};

/**
 * The report as CSV, one row per group, the `group` column saying which:
 * `all` (every target), `target` (with the median business minutes of the
 * rounds fulfilled), `priority`, `team`, `agent`, then `week` or `month` (the
 * chart's series, by when the rounds settled). Priority, team and agent rows
 * carry the share met per target beside their total.
 */
export function slaReportCsv(report: SlaReport): string {
	const rows: CsvRow[] = [
		{ group: 'all', id: null, name: 'All targets', ...report.totals },
		...report.targets.map(({ target, businessMinutes, ...figure }) => ({
			group: 'target',
			id: target,
			name: targetNames[target],
			...figure,
			median: businessMinutes
		})),
		...report.priorities.map(({ priority, ...group }) => ({
			group: 'priority',
			id: priority,
			name: priorityNames[priority],
			...group
		})),
		...report.teams.map(({ team, ...group }) => ({
			group: 'team',
			id: team?.id ?? 'none',
			name: team?.name ?? 'No team',
			...group
		})),
		...report.agents.map(({ assignee, ...group }) => ({
			group: 'agent',
			id: assignee?.id ?? 'none',
			name: assignee?.name ?? 'Unassigned',
			...group
		})),
		...report.periods.map(({ start, label, partial: _partial, ...figure }) => ({
			group: report.granularity,
			id: start,
			name: label,
			...figure
		}))
	];
	const perTarget = slaTargets.flatMap((target) => [
		{
			header: `${target}_share_met`,
			value: (row: CsvRow) => round(row.byTarget?.[target].share ?? null)
		},
		{ header: `${target}_n`, value: (row: CsvRow) => row.byTarget?.[target].n ?? null }
	]);
	return toCsv<CsvRow>(
		[
			{ header: 'group', value: (row) => row.group },
			{ header: 'id', value: (row) => row.id },
			{ header: 'name', value: (row) => row.name },
			{ header: 'from', value: () => report.from },
			{ header: 'to', value: () => report.to },
			{ header: 'settled', value: (row) => row.n },
			{ header: 'met', value: (row) => row.met },
			{ header: 'breached', value: (row) => row.breached },
			{ header: 'share_met', value: (row) => round(row.share) },
			...perTarget,
			{ header: 'median_business_minutes', value: (row) => round(row.median?.median ?? null) },
			{ header: 'median_n', value: (row) => row.median?.n ?? null }
		],
		rows
	);
}
