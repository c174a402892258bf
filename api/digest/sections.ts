/**
 * The weekly digest's sections, each built from its report's own code for the
 * week and the week before. A new report adds its section as one entry in
 * `digestSections`; a section with nothing to say returns null and is left out.
 */
import type { Deps } from '../deps';
import { surveyKinds, type SurveyKind } from '../../db/schema/surveys';
import { satisfactionReport } from '../reports/satisfaction-report';
import { slaReport } from '../reports/sla-report';
import { suggestionReport } from '../reports/suggestion-actions';
import { recoveryReport } from '../reports/recovery-report';
import { retentionReport } from '../reports/retention-report';
import {
	caution,
	changeOf,
	consoleLink,
	count,
	decimal,
	percent,
	shortChange,
	signed,
	type DigestFigure,
	type DigestSection,
	type DigestWeek
} from './format';
import { countCases } from './store';

export type DigestContext = {
	deps: Deps;
	week: DigestWeek;
	/** When the digest is written: "open now" and "overdue" are counted then. */
	now: Date;
	/** A console link. */
	link: (path: string, query?: Record<string, string>) => string;
	/** The report query that selects the week, as the report pages read it. */
	weekQuery: Record<string, string>;
};

export type SectionSource = {
	id: string;
	/** Its title, to name it in the email when its report cannot be read. */
	title: string;
	build: (context: DigestContext) => Promise<DigestSection | null>;
};

const kindNames: Record<SurveyKind, string> = { nps: 'NPS', csat: 'CSAT', ces: 'CES' };

/** Satisfaction per survey kind with answers in either week, and the answers and response rate. */
async function buildSatisfaction(context: DigestContext): Promise<DigestSection | null> {
	const { deps, week } = context;
	const reports = await Promise.all(
		surveyKinds.map(async (kind) => {
			const report = await satisfactionReport(deps.db, {
				granularity: 'week',
				kind,
				from: week.previousStart,
				to: week.end
			});
			const [previous, current] = report.periods;
			return { kind, previous: previous!, current: current! };
		})
	);
	const answered = reports.filter(
		({ previous, current }) => current.summary.n > 0 || previous.summary.n > 0
	);
	const href = (kind: SurveyKind) =>
		context.link('/reports/satisfaction', { kind, ...context.weekQuery });
	const scores: DigestFigure[] = answered.map(({ kind, previous, current }) => {
		const { summary } = current;
		const value =
			summary.score === null
				? '–'
				: kind === 'nps'
					? signed(summary.score)
					: kind === 'csat'
						? percent(summary.score)
						: decimal(summary.score, 1);
		const margin =
			summary.marginOfError === null
				? ''
				: ` · ±${decimal(summary.marginOfError, kind === 'ces' ? 1 : 0)}`;
		return {
			label: kindNames[kind],
			value,
			change: changeOf(summary.score, previous.summary.score, {
				digits: kind === 'ces' ? 1 : 0,
				unit: kind === 'csat' ? ' pts' : '',
				higherIsBetter: true
			}),
			basis:
				summary.n === 0
					? 'No answers this week'
					: `n = ${count(summary.n)} ${summary.n === 1 ? 'answer' : 'answers'}${margin}`,
			caution: caution(summary.n, 'answers'),
			href: href(kind)
		};
	});
	const totals = (which: 'previous' | 'current') =>
		reports.reduce(
			(sum, report) => ({
				answers: sum.answers + report[which].responses,
				invitations: sum.invitations + report[which].invitations
			}),
			{ answers: 0, invitations: 0 }
		);
	const now = totals('current');
	const before = totals('previous');
	const rate = (t: typeof now) => (t.invitations > 0 ? (t.answers / t.invitations) * 100 : null);
	const responsesHref = href(answered[0]?.kind ?? 'nps');
	const responses: DigestFigure[] =
		now.answers + now.invitations + before.answers + before.invitations === 0
			? []
			: [
					{
						label: 'Answers',
						value: count(now.answers),
						change: changeOf(now.answers, before.answers, { higherIsBetter: true }),
						basis: `Last week ${count(before.answers)}`,
						caution: null,
						href: responsesHref
					},
					{
						label: 'Response rate',
						value: rate(now) === null ? '–' : percent(rate(now)!),
						change: changeOf(rate(now), rate(before), {
							digits: 1,
							unit: ' pts',
							higherIsBetter: true
						}),
						basis:
							now.invitations === 0
								? 'No invitations sent this week'
								: `n = ${count(now.invitations)} ${now.invitations === 1 ? 'invitation' : 'invitations'}`,
						caution: caution(now.invitations, 'invitations'),
						href: responsesHref
					}
				];
	const lead = answered.find(({ current }) => current.summary.score !== null);
	const leadFigure = lead && scores[answered.indexOf(lead)];
	if (scores.length + responses.length === 0) return null;
	const arrow = leadFigure ? shortChange(leadFigure.change) : '';
	return {
		id: 'satisfaction',
		title: 'Satisfaction',
		href: responsesHref,
		figures: [...scores, ...responses],
		headline: leadFigure
			? `${leadFigure.label} ${leadFigure.value}${arrow && arrow !== '=' ? ` (${arrow})` : ''}`
			: null
	};
}

const satisfaction: SectionSource = {
	id: 'satisfaction',
	title: 'Satisfaction',
	build: buildSatisfaction
};

/** SLA compliance (met ÷ settled) and breaches, from the SLA report over the two weeks. */
const sla: SectionSource = {
	id: 'sla',
	title: 'SLA promises',
	build: async (context) => {
		const { week } = context;
		const report = await slaReport(context.deps, {
			from: week.previousFirstDay,
			to: week.lastDay,
			granularity: 'week'
		});
		const [previous, current] = report.periods;
		if (!previous || !current || previous.n + current.n === 0) return null;
		const href = context.link('/reports/sla', context.weekQuery);
		return {
			id: 'sla',
			title: 'SLA promises',
			href,
			figures: [
				{
					label: 'SLA compliance',
					value: current.share === null ? '–' : percent(current.share),
					change: changeOf(current.share, previous.share, {
						digits: 1,
						unit: ' pts',
						higherIsBetter: true
					}),
					basis:
						current.n === 0
							? 'No promises settled this week'
							: `${count(current.met)} of n = ${count(current.n)} met`,
					caution: caution(current.n, 'promises settled'),
					href
				},
				{
					label: 'Breaches',
					value: count(current.breached),
					change: changeOf(current.breached, previous.breached, { higherIsBetter: false }),
					basis: `Last week ${count(previous.breached)}`,
					caution: null,
					href
				}
			],
			headline: current.share === null ? null : `SLA ${percent(current.share)}`
		};
	}
};

/** Cases opened and resolved in the week, and open and overdue when the digest is written. */
const cases: SectionSource = {
	id: 'cases',
	title: 'Cases',
	build: async (context) => {
		const { deps, week, now } = context;
		const [current, previous] = await Promise.all([
			countCases(deps.db, week.start, week.end, now),
			countCases(deps.db, week.previousStart, week.start, now)
		]);
		if (current.opened + current.resolved + current.open + previous.opened === 0) return null;
		const queue = context.link('/cases');
		return {
			id: 'cases',
			title: 'Cases',
			href: queue,
			opens: 'queue',
			figures: [
				{
					label: 'Opened',
					value: count(current.opened),
					change: changeOf(current.opened, previous.opened, { higherIsBetter: null }),
					basis: `Last week ${count(previous.opened)}`,
					caution: null,
					href: queue
				},
				{
					label: 'Resolved',
					value: count(current.resolved),
					change: changeOf(current.resolved, previous.resolved, { higherIsBetter: true }),
					basis: `Last week ${count(previous.resolved)}`,
					caution: null,
					href: queue
				},
				{
					label: 'Open now',
					value: count(current.open),
					change: null,
					basis: 'Not resolved or closed',
					caution: null,
					href: queue
				},
				{
					label: 'Overdue now',
					value: count(current.overdue),
					change: null,
					basis:
						current.overdue === 0 ? 'Every open case is on time' : 'Open, past an SLA due time',
					caution: null,
					href: context.link('/cases', { view: 'breached' })
				}
			],
			headline: `${count(current.opened)} ${current.opened === 1 ? 'case' : 'cases'}`
		};
	}
};

/** Suggestions received and actions done, from the suggestion-to-action report, each week on its own. */
const suggestions: SectionSource = {
	id: 'suggestions',
	title: 'Suggestions to actions',
	build: async (context) => {
		const { deps, week } = context;
		const [current, previous] = await Promise.all([
			suggestionReport(deps, { from: week.firstDay, to: week.lastDay, granularity: 'week' }),
			suggestionReport(deps, {
				from: week.previousFirstDay,
				to: week.previousLastDay,
				granularity: 'week'
			})
		]);
		const received = current.totals.received;
		const done = current.doneActionsTotal;
		if (received + done + previous.totals.received + previous.doneActionsTotal === 0) return null;
		const href = context.link('/reports/suggestions', context.weekQuery);
		return {
			id: 'suggestions',
			title: 'Suggestions to actions',
			href,
			figures: [
				{
					label: 'Suggestions received',
					value: count(received),
					change: changeOf(received, previous.totals.received, { higherIsBetter: null }),
					basis: `Last week ${count(previous.totals.received)}`,
					caution: null,
					href
				},
				{
					label: 'Actions done',
					value: count(done),
					change: changeOf(done, previous.doneActionsTotal, { higherIsBetter: true }),
					basis: `Last week ${count(previous.doneActionsTotal)}`,
					caution: null,
					href
				}
			],
			headline: null
		};
	}
};

/** Of the cases resolved in the week, the share the customer confirmed solved, from the recovery report. */
const recovery: SectionSource = {
	id: 'recovery',
	title: 'Recovery',
	build: async (context) => {
		const { week } = context;
		const report = await recoveryReport(context.deps, {
			from: week.previousFirstDay,
			to: week.lastDay,
			granularity: 'week'
		});
		const [previous, current] = report.periods;
		if (!previous || !current || previous.resolved + current.resolved === 0) return null;
		const href = context.link('/reports/recovery', context.weekQuery);
		return {
			id: 'recovery',
			title: 'Recovery',
			href,
			figures: [
				{
					label: 'Confirmed solved',
					value: current.confirmed.share === null ? '–' : percent(current.confirmed.share),
					change: changeOf(current.confirmed.share, previous.confirmed.share, {
						digits: 1,
						unit: ' pts',
						higherIsBetter: true
					}),
					basis:
						current.resolved === 0
							? 'No cases resolved this week'
							: `${count(current.confirmed.count)} of n = ${count(current.resolved)} resolved, so far`,
					caution: caution(current.resolved, 'cases resolved'),
					href
				},
				{
					label: 'Said not solved',
					value: count(current.notSolved.count),
					change: changeOf(current.notSolved.count, previous.notSolved.count, {
						higherIsBetter: false
					}),
					basis: `Last week ${count(previous.notSolved.count)}`,
					caution: null,
					href
				}
			],
			headline: null
		};
	}
};

/** The retention rate, (end − won) ÷ start, and the accounts won and lost, from the retention report. */
const retention: SectionSource = {
	id: 'retention',
	title: 'Retention',
	build: async (context) => {
		const { week } = context;
		const report = await retentionReport(context.deps, {
			from: week.previousFirstDay,
			to: week.lastDay,
			granularity: 'week'
		});
		const [previous, current] = report.periods;
		if (!previous || !current || current.start + current.won + previous.start === 0) return null;
		const href = context.link('/reports/retention', context.weekQuery);
		const net = current.won - current.lost;
		return {
			id: 'retention',
			title: 'Retention',
			href,
			figures: [
				{
					label: 'Retention rate',
					value: current.retention.value === null ? '–' : percent(current.retention.value),
					change: changeOf(current.retention.value, previous.retention.value, {
						digits: 1,
						unit: ' pts',
						higherIsBetter: true
					}),
					basis:
						current.retention.value === null
							? (current.retention.note ?? 'No accounts at the start')
							: `n = ${count(current.start)} ${current.start === 1 ? 'account' : 'accounts'} at the start`,
					caution: caution(current.start, 'accounts'),
					href
				},
				{
					label: 'Accounts won − lost',
					value: signed(net),
					change: changeOf(net, previous.won - previous.lost, { higherIsBetter: true }),
					basis: `${count(current.won)} won, ${count(current.lost)} lost`,
					caution: null,
					href
				}
			],
			headline: null
		};
	}
};

/** The digest's sections in the order the email shows them. Add a report's section here. */
export const digestSections: SectionSource[] = [
	satisfaction,
	sla,
	cases,
	recovery,
	suggestions,
	retention
];

/** Every section with something to say, for the week. */
export async function buildSections(
	deps: Deps,
	week: DigestWeek,
	now: Date
): Promise<{ sections: DigestSection[]; unavailable: string[] }> {
	const publicUrl = deps.config.publicUrl;
	const context: DigestContext = {
		deps,
		week,
		now,
		link: (path, query) => consoleLink(publicUrl, path, query),
		weekQuery: { granularity: 'week', from: week.firstDay, to: week.lastDay }
	};
	const sections: DigestSection[] = [];
	const unavailable: string[] = [];
	// One after the other: each reads its report's rows, and the tick should not stall the server.
	// A report that fails is named in the email rather than holding up everyone's digest.
	for (const source of digestSections) {
		try {
			const section = await source.build(context);
			if (section) sections.push(section);
		} catch (error) {
			console.error(`Weekly digest: the ${source.id} section failed`, error);
			unavailable.push(source.title);
		}
	}
	return { sections, unavailable };
}
