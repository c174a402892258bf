import { z } from '@hono/zod-openapi';
import { casePriorities } from '../domain/sla-policy';
import { caseStates } from '../domain/case-workflow';

/** No line breaks or control characters: these values may reach an email's greeting. */
const SingleLine = (max: number) =>
	z
		.string()
		.trim()
		.max(max, `At most ${max} characters.`)
		.refine(
			(value) => !/\p{Cc}|%0[ad]/iu.test(value),
			'Use a single line without control characters.'
		);

const Email = z
	.string()
	.trim()
	.toLowerCase()
	.max(254)
	.refine((value) => !/[\r\n]|%0[ad]/i.test(value), 'Enter an email address.')
	.pipe(z.email('Enter an email address.'));

export const maxDescriptionLength = 10_000;

export const ComplaintForm = z
	.object({
		name: SingleLine(120).optional().default(''),
		email: Email,
		accountReference: SingleLine(80).optional().default(''),
		categoryId: z.string().max(64).optional().default(''),
		subject: SingleLine(160).pipe(z.string().min(3, 'Give your complaint a short title.')),
		description: z
			.string()
			.trim()
			.min(10, 'Tell us a little more: at least 10 characters.')
			.max(
				maxDescriptionLength,
				`At most ${maxDescriptionLength.toLocaleString('en')} characters.`
			),
		anonymous: z.boolean().optional().default(false),
		/** The form's language; without it, the contact's. */
		locale: z.string().max(35).optional(),
		/** The honeypot: people never see it, so it stays empty. */
		website: z.string().max(500).optional().default('')
	})
	.openapi('ComplaintForm');
export type ComplaintForm = z.infer<typeof ComplaintForm>;

export const StaffCaseInput = z
	.object({
		contactId: z.string().max(64).optional(),
		email: Email.optional(),
		name: SingleLine(120).optional(),
		categoryId: z.string().max(64).optional(),
		priority: z.enum(casePriorities).optional(),
		subject: SingleLine(160).pipe(z.string().min(3, 'Give the case a short title.')),
		description: z.string().trim().min(1, 'Describe the complaint.').max(maxDescriptionLength)
	})
	.refine((input) => input.contactId || input.email, {
		message: 'Choose a contact or enter an email address.',
		path: ['email']
	})
	.openapi('StaffCaseInput');
export type StaffCaseInput = z.infer<typeof StaffCaseInput>;

export const CaseActionInput = z
	.discriminatedUnion('action', [
		z.object({ action: z.literal('acknowledge') }),
		z.object({ action: z.literal('start') }),
		z.object({
			action: z.literal('reply'),
			body: z.string().trim().min(1, 'Write a reply.').max(maxDescriptionLength),
			isPublic: z.boolean().default(true),
			waitOnCustomer: z.boolean().default(false)
		}),
		z.object({ action: z.literal('wait_on_customer') }),
		z.object({
			action: z.literal('resolve'),
			resolutionNote: z
				.string()
				.trim()
				.min(3, 'Say how it was resolved.')
				.max(maxDescriptionLength),
			rootCauseId: z.string().min(1, 'Choose a root cause.').max(64)
		}),
		z.object({ action: z.literal('close') }),
		z.object({
			action: z.literal('reopen'),
			/** Why, in words for the customer: shown on their status page and emailed to them. */
			message: z.string().trim().max(maxDescriptionLength).optional()
		})
	])
	.openapi('CaseActionInput');
export type CaseActionInput = z.infer<typeof CaseActionInput>;

export const CaseUpdateInput = z
	.object({
		assigneeId: z.string().max(64).nullable().optional(),
		priority: z.enum(casePriorities).optional()
	})
	.openapi('CaseUpdateInput');

export const BulkAssignInput = z
	.object({
		caseIds: z.array(z.string().max(64)).min(1, 'Choose at least one case.').max(100),
		assigneeId: z.string().max(64).nullable()
	})
	.openapi('BulkAssignInput');

export const CustomerReplyInput = z
	.object({ body: z.string().trim().min(1, 'Write a message.').max(maxDescriptionLength) })
	.openapi('CustomerReplyInput');

export const RecoveryAnswerInput = z
	.object({ solved: z.boolean(), comment: z.string().trim().max(2000).optional().default('') })
	.openapi('RecoveryAnswerInput');

export const QueueQuery = z.object({
	view: z.enum(['all', 'mine', 'team', 'unassigned', 'breached']).optional().default('all'),
	categoryId: z.string().max(64).optional(),
	priority: z.enum(casePriorities).optional(),
	state: z
		.enum([...caseStates, 'open'])
		.optional()
		.default('open'),
	q: z.string().trim().max(200).optional(),
	page: z.coerce.number().int().min(1).default(1),
	pageSize: z.coerce.number().int().min(1).max(200).default(50)
});

export const CaseTokenParam = z.object({
	token: z
		.string()
		.openapi({ param: { name: 'token', in: 'path' }, example: 'q8V2kXb0Zr4mT1sLw9YcHg' })
});
export const CaseIdParam = z.object({
	id: z.string().openapi({ param: { name: 'id', in: 'path' } })
});
