import { z } from '@hono/zod-openapi';
import { actionStatuses } from '../domain/action-workflow';

const Id = z.string().trim().min(1).max(64);

const Title = z
	.string({ error: 'Give the action a title.' })
	.trim()
	.min(3, 'Give the action a title: at least 3 characters.')
	.max(160, 'Keep the title to 160 characters.');
const Description = z.string().trim().max(4000, 'At most 4,000 characters.');
const DueOn = z.iso.date('Use a date like 2026-03-31.').nullable();

export const ActionInput = z
	.object({
		title: Title,
		description: Description.optional().default(''),
		ownerId: Id.nullable().optional(),
		dueOn: DueOn.optional(),
		/** Suggestions it answers, linked at once. */
		suggestionIds: z.array(Id).max(100).optional().default([])
	})
	.openapi('ActionInput');
export type ActionInput = z.infer<typeof ActionInput>;

export const ActionUpdate = z
	.object({
		title: Title.optional(),
		description: Description.optional(),
		ownerId: Id.nullable().optional(),
		dueOn: DueOn.optional()
	})
	.openapi('ActionUpdate');
export type ActionUpdate = z.infer<typeof ActionUpdate>;

export const ActionStatusInput = z
	.object({
		status: z.enum(actionStatuses),
		/** Required to decline; customers read it if the decline is shared. */
		declineReason: z.string().trim().max(2000, 'At most 2,000 characters.').optional(),
		/** Tell the customers who asked why it was declined ("you said, we did" email). Done always tells them. */
		shareDecline: z.boolean().optional().default(false)
	})
	.openapi('ActionStatusInput');
export type ActionStatusInput = z.infer<typeof ActionStatusInput>;

export const LinkInput = z
	.object({
		suggestionIds: z
			.array(Id)
			.min(1, 'Choose the suggestions this action answers.')
			.max(100, 'Link at most 100 at a time.')
	})
	.openapi('ActionLinkInput');

export const ActionQuery = z.object({
	ownerId: z.string().max(64).optional(),
	q: z.string().trim().max(200).optional()
});

export const ActionSummary = z
	.object({
		id: z.string(),
		title: z.string(),
		description: z.string(),
		status: z.enum(actionStatuses),
		owner: z.object({ id: z.string(), name: z.string() }).nullable(),
		dueOn: z.string().nullable(),
		declineReason: z.string().nullable(),
		doneAt: z.string().nullable(),
		declinedAt: z.string().nullable(),
		createdAt: z.string(),
		updatedAt: z.string(),
		/** Suggestions linked (each with its merged duplicates). */
		suggestions: z.number().int(),
		/** Distinct customers who asked for it. */
		customers: z.number().int()
	})
	.openapi('ActionSummary');
export type ActionSummary = z.infer<typeof ActionSummary>;
