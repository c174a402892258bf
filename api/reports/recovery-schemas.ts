import { z } from '@hono/zod-openapi';
import { accountTiers } from '../../db/schema/accounts';
import { reportGranularities } from '../domain/report-periods';
import { casePriorities } from '../domain/sla-policy';
import { periodQueryFields } from './period-query';

const IdOrNone = (what: string) =>
	z
		.string()
		.max(64)
		.optional()
		.openapi({ description: `${what}’s id, or \`none\` for cases without one.` });

export const RecoveryReportQuery = z
	.object({
		...periodQueryFields('the cases were resolved on'),
		tier: z
			.enum(accountTiers, { error: `Choose one of ${accountTiers.join(', ')}.` })
			.optional()
			.openapi({
				description: 'The complainant’s account tier (and, for retention, the account’s).'
			}),
		ownerId: z
			.string()
			.max(64)
			.optional()
			.openapi({ description: 'The complainant’s account owner (a staff user’s id).' }),
		teamId: IdOrNone('The case’s team'),
		categoryId: IdOrNone('The case’s category'),
		priority: z
			.enum(casePriorities, { error: `Choose one of ${casePriorities.join(', ')}.` })
			.optional()
			.openapi({ description: 'The case’s priority, as it is now.' })
	})
	.refine((query) => !query.from || !query.to || query.from <= query.to, {
		message: 'The period must end on or after its first day.',
		path: ['to']
	});
export type RecoveryReportQuery = z.infer<typeof RecoveryReportQuery>;

const Share = z.object({
	count: z.number().int(),
	/** Percentage of `n`, full precision; null when n = 0. */
	share: z.number().nullable(),
	n: z.number().int()
});

const Figures = z.object({
	/** Cases resolved in the period, each once, at its latest resolution there. */
	resolved: z.number().int(),
	/** The customer answered “Yes, it’s solved”; n = resolved. */
	confirmed: Share,
	/** The customer answered “No, still a problem”, which reopened the case; n = resolved. */
	notSolved: Share,
	/** No answer from the customer; n = resolved, with why the case moved on without one. */
	noAnswer: Share.extend({
		/** The tick closed it after the days allowed for an answer. */
		closedAutomatically: z.number().int(),
		closedByStaff: z.number().int(),
		/** Staff reopened it before the customer answered. */
		reopenedByStaff: z.number().int(),
		/** Still resolved, the answer outstanding. */
		waiting: z.number().int()
	}),
	/** Median hours from the case’s opening to the resolution counted; n = resolved. */
	hoursToResolve: z.object({ median: z.number().nullable(), n: z.number().int() }),
	/**
	 * The complainant’s next answer to the same survey after the resolution against their latest
	 * before the case opened; n = cases with both (cases without a contact left out).
	 */
	score: z.object({ rose: Share, same: Share, fell: Share, n: z.number().int() })
});

const Retention = z.object({
	/** Accounts in the group that were customers at the start. */
	n: z.number().int(),
	/** Of them, still customers at the end. */
	retained: z.number().int(),
	/** retained ÷ n as a percentage; null when n = 0. */
	share: z.number().nullable()
});

const RetentionPair = z.object({
	/** Customers at the start with a case (matching the case filters) opened in the span. */
	complainants: Retention,
	/** Customers at the start with no case at all opened before the end. */
	neverComplained: Retention
});

const Ref = z.object({ id: z.string(), name: z.string() });

const PeriodFields = {
	start: z.string(),
	label: z.string(),
	/** The period reaches outside the report’s days. */
	partial: z.boolean()
};

export const RecoveryReport = z
	.object({
		from: z.string().openapi({ description: 'First day, `YYYY-MM-DD` (UTC).' }),
		to: z.string().openapi({ description: 'Last day, inclusive.' }),
		granularity: z.enum(reportGranularities),
		/** Today (UTC) by the server’s clock, and the preset spans from it. */
		today: z.string(),
		presets: z.array(z.object({ months: z.number().int(), from: z.string(), to: z.string() })),
		totals: Figures,
		/** Every week or month overlapping the period, with zeros, by when the cases were resolved. */
		periods: z.array(Figures.extend(PeriodFields)),
		/** By the case’s category (null: none), most resolved first. */
		categories: z.array(Figures.extend({ category: Ref.nullable() })),
		/** Over the report’s days, and per week or month (each clipped to the days). */
		retention: RetentionPair.extend({
			periods: z.array(RetentionPair.extend(PeriodFields))
		}),
		options: z.object({
			teams: z.array(Ref),
			owners: z.array(Ref),
			categories: z.array(Ref)
		})
	})
	.openapi('RecoveryReport');
export type RecoveryReport = z.infer<typeof RecoveryReport>;
