import { z } from '@hono/zod-openapi';
import { reportGranularities } from '../domain/report-periods';
import { periodQueryFields } from './period-query';
import { slaTargets } from '../domain/sla-clock';
import { casePriorities } from '../domain/sla-policy';

const IdOrNone = (what: string) =>
	z
		.string()
		.max(64)
		.optional()
		.openapi({ description: `${what}’s id, or \`none\` for cases without one.` });

export const SlaReportQuery = z
	.object({
		...periodQueryFields('the clocks settled on'),
		priority: z
			.enum(casePriorities, { error: `Choose one of ${casePriorities.join(', ')}.` })
			.optional()
			.openapi({
				description:
					'The priority the promise was made for (the case’s policy snapshot, taken at intake); a later priority change keeps the clocks, and so keeps the case here.'
			}),
		teamId: IdOrNone('The case’s team'),
		assigneeId: IdOrNone('The case’s assignee (a staff user)'),
		categoryId: IdOrNone('The case’s category')
	})
	.refine((query) => !query.from || !query.to || query.from <= query.to, {
		message: 'The period must end on or after its first day.',
		path: ['to']
	});
export type SlaReportQuery = z.infer<typeof SlaReportQuery>;

const Figure = z.object({
	met: z.number().int(),
	/** Settled without being met: n − met. */
	breached: z.number().int(),
	/** Clock rounds settled in the period. */
	n: z.number().int(),
	/** Percentage of n met, full precision; null when n = 0. */
	share: z.number().nullable()
});

const ByTarget = z.object({
	first_response: Figure,
	next_response: Figure,
	resolution: Figure
});

const Ref = z.object({ id: z.string(), name: z.string() });

/** A segment's compliance over every target, and per target. */
const Group = Figure.extend({ byTarget: ByTarget });

export const SlaReport = z
	.object({
		from: z.string().openapi({ description: 'First day, `YYYY-MM-DD` (UTC).' }),
		to: z.string().openapi({ description: 'Last day, inclusive.' }),
		granularity: z.enum(reportGranularities),
		/** Today (UTC) by the server’s clock, and the preset spans from it. */
		today: z.string(),
		presets: z.array(z.object({ months: z.number().int(), from: z.string(), to: z.string() })),
		/** Every target together. */
		totals: Figure,
		/** Per target, always all three, with the median business minutes of the rounds fulfilled in the period. */
		targets: z.array(
			Figure.extend({
				target: z.enum(slaTargets),
				businessMinutes: z.object({
					/** Median business minutes from start to fulfilment, paused time left out; null when none. */
					median: z.number().nullable(),
					/** Rounds fulfilled in the period (in time or late). */
					n: z.number().int()
				})
			})
		),
		/** Urgent first; every priority, with zeros. */
		priorities: z.array(Group.extend({ priority: z.enum(casePriorities) })),
		/** Most settled first; null: cases without a team. */
		teams: z.array(Group.extend({ team: Ref.nullable() })),
		/** Most settled first; null: unassigned cases. */
		agents: z.array(Group.extend({ assignee: Ref.nullable() })),
		/** Every week or month overlapping the period, with zeros, by when the rounds settled. */
		periods: z.array(
			Figure.extend({
				start: z.string(),
				label: z.string(),
				/** The period reaches outside the report’s days. */
				partial: z.boolean()
			})
		),
		/** The rounds settled in the period that were breached, the latest first (at most 200). */
		breaches: z.array(
			z.object({
				caseId: z.string(),
				number: z.number().int(),
				subject: z.string(),
				target: z.enum(slaTargets),
				round: z.number().int(),
				priority: z.enum(casePriorities),
				/** When the target was due: the clock is breached from here on. */
				dueAt: z.string(),
				/** When the sweep recorded the breach; null when the round was fulfilled late before it did. */
				breachedAt: z.string().nullable(),
				/** When the reply was sent or the case resolved; null while still open. */
				fulfilledAt: z.string().nullable(),
				assignee: Ref.nullable()
			})
		),
		breachesTotal: z.number().int(),
		options: z.object({
			teams: z.array(Ref),
			assignees: z.array(Ref),
			categories: z.array(Ref)
		})
	})
	.openapi('SlaReport');
export type SlaReport = z.infer<typeof SlaReport>;
