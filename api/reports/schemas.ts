import { z } from '@hono/zod-openapi';
import { accountTiers } from '../../db/schema/accounts';
import { skipReasons, surveyKinds } from '../../db/schema/surveys';
import { reportGranularities } from '../domain/report-periods';

const Day = z.iso.date('Use a date like 2026-03-31.');

export const SatisfactionQuery = z
	.object({
		kind: z.enum(surveyKinds).optional().default('nps'),
		granularity: z.enum(reportGranularities).optional().default('month'),
		/** First day shown (UTC); default: twelve months back. */
		from: Day.optional(),
		/** Last day shown (UTC), inclusive; default: today. */
		to: Day.optional(),
		surveyId: z.string().max(64).optional(),
		tier: z.enum(accountTiers).optional(),
		ownerId: z.string().max(64).optional(),
		teamId: z.string().max(64).optional()
	})
	.refine((query) => !query.from || !query.to || query.from <= query.to, {
		message: 'The period must end on or after its first day.',
		path: ['to']
	});
export type SatisfactionQuery = z.infer<typeof SatisfactionQuery>;

const Summary = z.object({
	n: z.number().int(),
	score: z.number().nullable(),
	marginOfError: z.number().nullable(),
	reliable: z.boolean(),
	mean: z.number().nullable(),
	distribution: z.array(z.object({ score: z.number().int(), count: z.number().int() })),
	shares: z.record(z.string(), z.number())
});

export const SatisfactionReportBody = z
	.object({
		kind: z.enum(surveyKinds),
		granularity: z.enum(reportGranularities),
		from: z.string(),
		to: z.string(),
		periods: z.array(
			z.object({
				start: z.string(),
				label: z.string(),
				summary: Summary,
				responses: z.number().int(),
				invitations: z.number().int(),
				responseRate: z.number().nullable(),
				change: z.object({ change: z.number(), significant: z.boolean() }).nullable()
			})
		),
		overall: z.object({
			summary: Summary,
			responses: z.number().int(),
			invitations: z.number().int(),
			responseRate: z.number().nullable()
		}),
		/** Whether the history from before the rollups existed is rolled up yet, and up to when. */
		history: z.object({ complete: z.boolean(), until: z.string().nullable() }),
		/** Contacts the surveys currently skip (due, not invited), by reason: not per period. */
		skipped: z.object({
			total: z.number().int(),
			reasons: z.array(
				z.object({ reason: z.enum(skipReasons), label: z.string(), count: z.number().int() })
			)
		}),
		options: z.object({
			surveys: z.array(z.object({ id: z.string(), name: z.string(), kind: z.enum(surveyKinds) })),
			owners: z.array(z.object({ id: z.string(), name: z.string() })),
			teams: z.array(z.object({ id: z.string(), name: z.string() }))
		})
	})
	.openapi('SatisfactionReport');
export type SatisfactionReportBody = z.infer<typeof SatisfactionReportBody>;
