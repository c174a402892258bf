import { z } from '@hono/zod-openapi';
import { accountTiers } from '../../db/schema/accounts';
import { reportGranularities } from '../domain/report-periods';
import { periodQueryFields } from './period-query';

export const RetentionReportQuery = z
	.object({
		...periodQueryFields(
			'counted (accounts at the start are those customers at its first instant)'
		),
		tier: z
			.enum(accountTiers, { error: `Choose one of ${accountTiers.join(', ')}.` })
			.optional()
			.openapi({ description: 'The account’s tier (its current one).' }),
		ownerId: z.string().max(64).optional().openapi({
			description:
				'The account’s owner (its current one): a staff user’s id, or `none` for accounts without an owner.'
		}),
		teamId: z.string().max(64).optional().openapi({
			description: 'Accounts whose current owner is a member of this team.'
		})
	})
	.refine((query) => !query.from || !query.to || query.from <= query.to, {
		message: 'The period must end on or after its first day.',
		path: ['to']
	});
export type RetentionReportQuery = z.infer<typeof RetentionReportQuery>;

const Rate = z.object({
	/** Percent, full precision; null when no account was a customer at the start. */
	value: z.number().nullable(),
	/** Accounts at the start. */
	n: z.number().int(),
	/** Why there is no rate (“No accounts at the start, so no rate.”); null when there is one. */
	note: z.string().nullable()
});

const Figures = z.object({
	/** Accounts that were customers at the first instant. */
	start: z.number().int(),
	/** Accounts won (or won back) in the span. */
	won: z.number().int(),
	/** Accounts lost in the span. */
	lost: z.number().int(),
	/** Accounts that were customers at the span’s end: start + won − lost. */
	end: z.number().int(),
	/** (end − won) ÷ start. */
	retention: Rate,
	/** (won − lost) ÷ start. */
	netGrowth: Rate
});

const Ref = z.object({ id: z.string(), name: z.string() });

export const RetentionReport = z
	.object({
		from: z.string().openapi({ description: 'First day, `YYYY-MM-DD` (UTC).' }),
		to: z.string().openapi({ description: 'Last day, inclusive.' }),
		granularity: z.enum(reportGranularities),
		/** Today (UTC) by the server’s clock, and the preset spans from it. */
		today: z.string(),
		presets: z.array(z.object({ months: z.number().int(), from: z.string(), to: z.string() })),
		/** The whole range: at the start of its first day, at the end of its last. */
		totals: Figures,
		/** Every week or month overlapping the range, oldest first, each cut to the range. */
		periods: z.array(
			Figures.extend({
				/** The period’s first day (its key), `YYYY-MM-DD`. */
				period: z.string(),
				label: z.string(),
				/** The days counted: the period cut to the range. */
				from: z.string(),
				to: z.string(),
				/** The period reaches outside the range, so only part of it is counted. */
				partial: z.boolean()
			})
		),
		/** Per current owner over the whole range, most at start first; null: accounts without an owner. */
		owners: z.array(Figures.extend({ owner: Ref.nullable() })),
		/** Per current tier over the whole range, every tier, highest first. */
		tiers: z.array(Figures.extend({ tier: z.enum(accountTiers) })),
		/** The wins and losses in the range, the latest first (at most 200). */
		events: z.array(
			z.object({
				kind: z.enum(['won', 'lost']),
				/** When it was won or lost. */
				at: z.string(),
				account: Ref,
				tier: z.enum(accountTiers),
				owner: Ref.nullable()
			})
		),
		/** Every win and loss in the range: won + lost. */
		eventsTotal: z.number().int(),
		options: z.object({ owners: z.array(Ref), teams: z.array(Ref) })
	})
	.openapi('RetentionReport');
export type RetentionReport = z.infer<typeof RetentionReport>;
