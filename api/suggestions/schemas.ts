import { z } from '@hono/zod-openapi';
import { accountTiers } from '../../db/schema/accounts';
import { suggestionSources } from '../../db/schema/surveys';

const Id = z.string().trim().min(1).max(64);
/** A calendar day, `YYYY-MM-DD`. */
const Day = z.iso.date('Use a date like 2026-03-31.');

export const SuggestionQuery = z.object({
	q: z.string().trim().max(200).optional(),
	themeId: z.string().max(64).optional(),
	source: z.enum(suggestionSources).optional(),
	tier: z.enum(accountTiers).optional(),
	from: Day.optional(),
	to: Day.optional(),
	status: z.enum(['all', 'open', 'linked']).optional().default('all'),
	page: z.coerce.number().int().min(1).default(1),
	pageSize: z.coerce.number().int().min(1).max(100).default(25)
});

export const SuggestionInput = z
	.object({
		text: z
			.string({ error: 'Write the suggestion.' })
			.trim()
			.min(3, 'Write the suggestion: at least 3 characters.')
			.max(4000, 'At most 4,000 characters.'),
		/** Who made it; their account comes with them. */
		contactId: Id.nullable().optional(),
		/** The complaint it came from; its customer is the suggester unless the case is anonymous. */
		caseId: Id.nullable().optional(),
		themeId: Id.nullable().optional()
	})
	.openapi('SuggestionInput');
export type SuggestionInput = z.infer<typeof SuggestionInput>;

export const SuggestionUpdate = z.object({ themeId: Id.nullable() }).openapi('SuggestionUpdate');

export const MergeInput = z
	.object({
		primaryId: Id,
		duplicateIds: z
			.array(Id)
			.min(1, 'Choose the duplicates to merge into it.')
			.max(100, 'Merge at most 100 at a time.')
	})
	.openapi('SuggestionMerge');

const Ref = z.object({ id: z.string(), name: z.string() });

export const Suggestion = z
	.object({
		id: z.string(),
		text: z.string(),
		source: z.enum(suggestionSources),
		createdAt: z.string(),
		theme: Ref.nullable(),
		contact: z.object({ id: z.string(), name: z.string(), email: z.string() }).nullable(),
		account: z.object({ id: z.string(), name: z.string(), tier: z.string() }).nullable(),
		/** Where it came from: a survey answer, a complaint, or a staff member. */
		origin: z.object({
			caseId: z.string().nullable(),
			caseNumber: z.number().nullable(),
			responseId: z.string().nullable(),
			surveyName: z.string().nullable(),
			score: z.number().nullable(),
			addedBy: z.string().nullable()
		}),
		mergedIntoId: z.string().nullable(),
		/** Suggestions merged into this one, each keeping its suggester. */
		duplicates: z.array(
			z.object({
				id: z.string(),
				text: z.string(),
				contactName: z.string().nullable(),
				accountName: z.string().nullable(),
				createdAt: z.string()
			})
		),
		/** Distinct customers who asked: this one's suggester and every duplicate's. */
		customers: z.number().int(),
		actions: z.array(z.object({ id: z.string(), title: z.string(), status: z.string() }))
	})
	.openapi('Suggestion');
export type Suggestion = z.infer<typeof Suggestion>;
