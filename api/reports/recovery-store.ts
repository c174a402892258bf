import { asc, sql, type SQL } from 'drizzle-orm';
import type { Database } from '../../db/database';
import { accounts, accountSpells, type AccountTier } from '../../db/schema/accounts';
import { caseCategories, caseEvents, cases, slaEvents } from '../../db/schema/cases';
import { surveyResponses } from '../../db/schema/surveys';
import type { CasePriority } from '../domain/sla-policy';
import type { ReportGranularity } from '../domain/report-periods';
import type { AccountHistory, ResolutionAftermath, Spell } from '../domain/recovery';
import { periodStartOf } from './suggestion-actions-store';

/**
 * The recovery report's queries.
 *
 * Resolutions: the workflow's `resolve` is the one event that fulfils a
 * case's resolution clock, and it writes that fulfilment (an SLA event) in the
 * same batch as the `resolved` event on the timeline, at the same instant; a
 * reopening starts a new round. So a case's resolutions are its resolution
 * fulfilments, and the ones in [from, to) are read through the index on the
 * fulfil events (`sla_events_settled`); the timeline has no index by time.
 * Each case is then read by key: its next resolution (`sla_events_case`),
 * and on its timeline (`case_events_case`), between the resolution counted and
 * the next, the customer's latest recovery answer and the first state change;
 * its contact's survey answers by `survey_responses_contact`. A row comes
 * back per case and period, packed into one text (the driver pays per value).
 *
 * Retention reads every account with a customer spell overlapping the span
 * (`account_spells`) and, in one grouped pass over the cases, each account's
 * first case and the times of its cases in the span matching the filters.
 */
export type RecoveryFilter = {
	from: Date;
	/** Exclusive. */
	to: Date;
	tier?: AccountTier | undefined;
	/** The case's account's owner. */
	ownerId?: string | undefined;
	/** The case's team, category: an id, or `none` for cases without one. */
	teamId?: string | undefined;
	categoryId?: string | undefined;
	/** The case's priority (as it is now). */
	priority?: CasePriority | undefined;
};

/** The filters on the case `c` (team, category, priority). */
function caseSegment(filter: RecoveryFilter): SQL[] {
	const conditions: SQL[] = [];
	if (filter.priority) conditions.push(sql`c.priority = ${filter.priority}`);
	const idOrNone = (column: SQL, value: string | undefined) => {
		if (value === 'none') conditions.push(sql`${column} is null`);
		else if (value) conditions.push(sql`${column} = ${value}`);
	};
	idOrNone(sql`c.team_id`, filter.teamId);
	idOrNone(sql`c.category_id`, filter.categoryId);
	return conditions;
}

/** The filters on the account `acc` (tier, owner). */
function accountSegment(filter: RecoveryFilter): SQL[] {
	const conditions: SQL[] = [];
	if (filter.tier) conditions.push(sql`acc.tier = ${filter.tier}`);
	if (filter.ownerId) conditions.push(sql`acc.owner_id = ${filter.ownerId}`);
	return conditions;
}

const and = (conditions: SQL[]) =>
	conditions.length > 0 ? sql.join(conditions, sql` and `) : sql`1`;

/** State changes on the timeline (a resolution is its own `resolved` event). */
const stateChange = sql`v.type in ('status_changed', 'reopened')`;
/** The events after the resolution counted, before the case's next one. */
const afterResolution = sql`v.case_id = k.case_id and v.created_at >= k.resolved_at
	and (k.next_at is null or v.created_at < k.next_at)`;

/** The query behind `readResolvedCases` (exported to check its plan). */
export function resolvedCasesQuery(filter: RecoveryFilter, granularity: ReportGranularity): SQL {
	const from = filter.from.getTime();
	const to = filter.to.getTime();
	return sql`
		with counted as materialized (
			select e.case_id as case_id, ${periodStartOf(granularity, sql`e.at`)} as period_start,
				max(e.at) as resolved_at,
				max(e.at) = max(max(e.at)) over (partition by e.case_id) as latest
			from ${slaEvents} e
			where e.kind in ('fulfill', 'breach') and e.at >= ${from} and e.at < ${to}
				and e.kind = 'fulfill' and e.target = 'resolution'
			group by e.case_id, period_start
		),
		facts as materialized (
			select k.case_id as case_id, k.period_start as period_start, k.resolved_at as resolved_at,
				k.latest as latest,
				c.created_at as opened_at, c.contact_id as contact_id, c.category_id as category_id,
				(select min(n.at) from ${slaEvents} n
					where n.case_id = k.case_id and n.at > k.resolved_at and n.target = 'resolution'
						and n.kind = 'fulfill') as next_at
			from counted k
			cross join ${cases} c on c.id = k.case_id
			left join ${accounts} acc on acc.id = c.account_id
			where ${and([...caseSegment(filter), ...accountSegment(filter)])}
		),
		judged as (
			select k.*,
				(select json_extract(v.data, '$.event') from ${caseEvents} v
					where ${afterResolution} and ${stateChange} and v.actor_type = 'customer'
						and json_extract(v.data, '$.event') in ('customer_confirms', 'customer_rejects')
					order by v.created_at desc, v.rowid desc limit 1) as verdict,
				(select json_extract(v.data, '$.event') || ':' || v.actor_type from ${caseEvents} v
					where ${afterResolution} and ${stateChange}
						-- What can follow a resolution (a change written in the same millisecond before it cannot).
						and json_extract(v.data, '$.event') in ('close', 'reopen', 'customer_confirms', 'customer_rejects')
					order by v.created_at, v.rowid limit 1) as first_change,
				(select a.id from ${surveyResponses} a
					where k.contact_id is not null and a.contact_id = k.contact_id and a.created_at > k.resolved_at
						and exists (select 1 from ${surveyResponses} b
							where b.contact_id = k.contact_id and b.survey_id = a.survey_id and b.created_at <= k.opened_at)
					order by a.created_at, a.rowid limit 1) as after_id
			from facts k
		)
		select j.period_start || ',' || j.latest || ',' || ifnull(j.category_id, '') || ',' || (j.resolved_at - j.opened_at)
			|| ',' || ifnull(j.verdict, '') || ',' || ifnull(j.first_change, '') || ','
			|| ifnull((select b.score from ${surveyResponses} b
				where b.contact_id = j.contact_id and b.survey_id = a.survey_id and b.created_at <= j.opened_at
				order by b.created_at desc, b.rowid desc limit 1), '')
			|| ',' || ifnull(a.score, '') as packed
		from judged j
		left join ${surveyResponses} a on a.id = j.after_id
	`;
}

export type ResolvedCaseRow = {
	periodStart: string;
	/** Whether this is the case's latest resolution in the whole span (the one the totals count). */
	latestInSpan: boolean;
	categoryId: string | null;
	msToResolve: number;
	aftermath: ResolutionAftermath;
	scoreBefore: number | null;
	scoreAfter: number | null;
};

const numberOrNull = (value: string | undefined) => (value ? Number(value) : null);

/** Every case resolved in the period, in the segment: a row per case and week or month, at its latest resolution there. */
export async function readResolvedCases(
	db: Database,
	filter: RecoveryFilter,
	granularity: ReportGranularity
): Promise<ResolvedCaseRow[]> {
	const rows = await db.all<{ packed: string }>(resolvedCasesQuery(filter, granularity));
	return rows.map(({ packed }) => {
		const [periodStart, latest, categoryId, ms, verdict, firstChange, before, after] =
			packed.split(',');
		const [event, actor] = (firstChange ?? '').split(':');
		return {
			periodStart: periodStart!,
			latestInSpan: latest === '1',
			categoryId: categoryId || null,
			msToResolve: Number(ms),
			aftermath: {
				latestVerdict: (verdict || null) as ResolutionAftermath['latestVerdict'],
				firstChange: event ? { event, actor: actor as 'staff' | 'customer' | 'system' } : null
			},
			scoreBefore: numberOrNull(before),
			scoreAfter: numberOrNull(after)
		};
	});
}

/** The query behind `readAccountHistories` (exported to check its plan). */
export function accountHistoriesQuery(filter: RecoveryFilter): SQL {
	const from = filter.from.getTime();
	const to = filter.to.getTime();
	return sql`
		with spelled as materialized (
			select s.account_id as account_id, group_concat(s.won_at || ':' || ifnull(s.lost_at, ''), ';') as spells
			from ${accountSpells} s
			where s.won_at < ${to} and (s.lost_at is null or s.lost_at >= ${from})
			group by s.account_id
		),
		complaints as materialized (
			select c.account_id as account_id, group_concat(c.created_at) as complaints
			from ${cases} c
			where c.created_at >= ${from} and c.created_at < ${to} and c.account_id is not null
				and ${and(caseSegment(filter))}
			group by c.account_id
		)
		select p.spells || ',' || ifnull((select min(f.created_at) from ${cases} f where f.account_id = p.account_id), '')
			|| ',' || replace(ifnull(k.complaints, ''), ',', ';') as packed
		from spelled p
		cross join ${accounts} acc on acc.id = p.account_id
		left join complaints k on k.account_id = p.account_id
		where ${and(accountSegment(filter))}
	`;
}

/**
 * The accounts that were customers at some time in the span, in the tier and
 * owner asked for: their spells overlapping the span, their first case ever,
 * and the times of their cases in the span matching the case filters.
 */
export async function readAccountHistories(
	db: Database,
	filter: RecoveryFilter
): Promise<AccountHistory[]> {
	const rows = await db.all<{ packed: string }>(accountHistoriesQuery(filter));
	return rows.map(({ packed }) => {
		const [spells, firstAt, complaints] = packed.split(',');
		return {
			spells: (spells ?? '').split(';').map((spell): Spell => {
				const [wonAt, lostAt] = spell.split(':');
				return { wonAt: Number(wonAt), lostAt: numberOrNull(lostAt) };
			}),
			firstCaseAt: numberOrNull(firstAt),
			complaintsAt: complaints ? complaints.split(';').map(Number) : []
		};
	});
}

/** Every category's name, archived ones too (their cases stay theirs in past periods). */
export function listCategoryNames(db: Database) {
	return db
		.select({ id: caseCategories.id, name: caseCategories.name })
		.from(caseCategories)
		.orderBy(asc(caseCategories.position), asc(caseCategories.name));
}
