import { z } from '@hono/zod-openapi';
import { accountTiers } from '../../db/schema/accounts';
import { reportGranularities } from '../domain/report-periods';
import { periodQueryFields } from './period-query';

export const SuggestionReportQuery = z
	.object({
		...periodQueryFields('the suggestions were received'),
		tier: z
			.enum(accountTiers, { error: `Choose one of ${accountTiers.join(', ')}.` })
			.optional()
			.openapi({ description: 'The suggester’s account tier.' }),
		ownerId: z
			.string()
			.max(64)
			.optional()
			.openapi({ description: 'The suggester’s account owner (a staff user’s id).' }),
		themeId: z.string().max(64).optional().openapi({
			description:
				'A theme’s id, or `none` for suggestions without one. A merged duplicate has the theme of the suggestion it is merged into.'
		})
	})
	.refine((query) => !query.from || !query.to || query.from <= query.to, {
		message: 'The period must end on or after its first day.',
		path: ['to']
	});
export type SuggestionReportQuery = z.infer<typeof SuggestionReportQuery>;

const Share = z.object({
	count: z.number().int(),
	/** Percentage of `n`, full precision; null when n = 0. */
	share: z.number().nullable(),
	n: z.number().int()
});

const Figures = z.object({
	/** Every suggestion row received: primaries and merged duplicates, each a customer’s voice. */
	received: z.number().int(),
	/** Of those, merged into another suggestion. */
	duplicates: z.number().int(),
	/** An action answers it (linked to it, or to the suggestion it is merged into); n = received. */
	linked: Share,
	/** One of those actions is done; n = received. */
	done: Share,
	/** Every action linked is declined; n = received. */
	declined: Share,
	/** Median days from received to its first done action, over the n done. */
	daysToDone: z.object({ median: z.number().nullable(), n: z.number().int() })
});

const Ref = z.object({ id: z.string(), name: z.string() });

export const SuggestionReport = z
	.object({
		from: z.string().openapi({ description: 'First day, `YYYY-MM-DD` (UTC).' }),
		to: z.string().openapi({ description: 'Last day, inclusive.' }),
		granularity: z.enum(reportGranularities),
		/** Today (UTC) by the server’s clock, and the preset spans from it. */
		today: z.string(),
		presets: z.array(z.object({ months: z.number().int(), from: z.string(), to: z.string() })),
		totals: Figures.extend({
			/** Distinct customers among the suggesters. */
			customers: z.number().int()
		}),
		/** By theme (null: no theme), most received first. */
		themes: z.array(Figures.extend({ theme: Ref.nullable() })),
		/** Every week or month overlapping the period, with zeros; by when the suggestions arrived. */
		periods: z.array(
			z.object({
				start: z.string(),
				label: z.string(),
				/** The period reaches outside the report’s days. */
				partial: z.boolean(),
				received: z.number().int(),
				linked: z.number().int(),
				done: z.number().int()
			})
		),
		/** Actions done in the period that answer suggestions of the segment, latest first (at most 100). */
		doneActions: z.array(
			z.object({
				id: z.string(),
				title: z.string(),
				doneAt: z.string(),
				owner: Ref.nullable(),
				/** Suggestions of the segment it answers, merged duplicates included, received whenever. */
				suggestions: z.number().int(),
				/** Distinct customers who made them. */
				customers: z.number().int()
			})
		),
		doneActionsTotal: z.number().int(),
		options: z.object({ themes: z.array(Ref), owners: z.array(Ref) })
	})
	.openapi('SuggestionReport');
export type SuggestionReport = z.infer<typeof SuggestionReport>;
