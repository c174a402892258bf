import { z } from '@hono/zod-openapi';
import { isValidTimeZone } from '../domain/time-zones';
import { normalizeLocale } from '../domain/locales';
import { Email } from '../openapi';

export const contactStatuses = ['active', 'unsubscribed', 'bounced', 'archived'] as const;
export type ContactStatus = (typeof contactStatuses)[number];

export const Locale = z
	.string()
	.max(35)
	.transform((value, context) => {
		const locale = normalizeLocale(value);
		if (!locale) {
			context.addIssue({ code: 'custom', message: 'Use a language tag such as en, de or de-CH.' });
			return z.NEVER;
		}
		return locale;
	})
	.openapi({ type: 'string', example: 'de-CH' });

export const TimeZone = z
	.string()
	.trim()
	.max(64)
	.refine(isValidTimeZone, 'Use an IANA time zone such as Europe/Berlin or UTC.')
	.openapi({ example: 'Europe/Berlin' });

const Name = z.string().trim().min(1, 'Enter a name.').max(200, 'Keep the name to 200 characters.');
const AccountId = z.string().trim().min(1, 'Choose an account.').max(64);

export const CreateContactInput = z
	.object({
		accountId: AccountId,
		email: Email,
		name: Name,
		locale: Locale.default('en'),
		timeZone: TimeZone.default('UTC'),
		consent: z.boolean().default(true)
	})
	.openapi('CreateContactInput');
export type CreateContactInput = z.infer<typeof CreateContactInput>;

export const UpdateContactInput = z
	.object({
		accountId: AccountId.optional(),
		email: Email.optional(),
		name: Name.optional(),
		locale: Locale.optional(),
		timeZone: TimeZone.optional(),
		consent: z.boolean().optional()
	})
	.openapi('UpdateContactInput');
export type UpdateContactInput = z.infer<typeof UpdateContactInput>;

export const contactSorts = [
	'name',
	'-name',
	'email',
	'-email',
	'account',
	'-account',
	'createdAt',
	'-createdAt'
] as const;
export type ContactSort = (typeof contactSorts)[number];

/** Filters shared by the list and the CSV export. Empty strings mean "no filter". */
export const ContactFilters = z.object({
	q: z.string().trim().max(200).optional(),
	account: z.string().max(64).optional().openapi({ description: 'An account id.' }),
	locale: z.string().trim().max(35).optional(),
	status: z
		.union([z.enum(contactStatuses), z.literal('')])
		.optional()
		.openapi({
			description:
				'`active`: reachable; `unsubscribed`; `bounced` (or marked as spam); `archived`. Without it, all but archived contacts.'
		}),
	sort: z.enum(contactSorts).default('name')
});
export type ContactFilters = z.infer<typeof ContactFilters>;

export const ContactListQuery = ContactFilters.extend({
	page: z.coerce.number().int().min(1).default(1),
	pageSize: z.coerce.number().int().min(1).max(100).default(25)
});
export type ContactListQuery = z.infer<typeof ContactListQuery>;

const Instant = z.iso.datetime();

export const Contact = z
	.object({
		id: z.string(),
		account: z.object({ id: z.string(), name: z.string(), archived: z.boolean() }),
		email: z.string(),
		name: z.string(),
		locale: z.string(),
		timeZone: z.string(),
		consent: z.boolean(),
		/** One status, by precedence: archived, bounced (or spam complaint), unsubscribed, active. */
		status: z.enum(contactStatuses),
		unsubscribedAt: Instant.nullable(),
		bouncedAt: Instant.nullable(),
		complainedAt: Instant.nullable(),
		archivedAt: Instant.nullable(),
		createdAt: Instant,
		updatedAt: Instant,
		/** Personal data erased: the name and address are placeholders, nothing is sent, nothing can be changed. */
		erased: z.boolean()
	})
	.openapi('Contact');
export type Contact = z.infer<typeof Contact>;

export const ContactPage = z
	.object({
		items: z.array(Contact),
		total: z.number().int(),
		page: z.number().int(),
		pageSize: z.number().int()
	})
	.openapi('ContactPage');

export const TimelineEvent = z
	.object({
		at: Instant,
		kind: z.enum(['change', 'email', 'survey', 'case']),
		title: z.string(),
		detail: z.string().optional()
	})
	.openapi('TimelineEvent');

export const TimelineQuery = z.object({
	limit: z.coerce.number().int().min(1).max(200).default(100)
});

export const ContactExportQuery = z.object({
	format: z.enum(['json', 'csv']).default('json').openapi({
		description:
			'`json`: one document with a section per kind. `csv`: one sheet with the columns `section`, `record`, `field`, `value`.'
	})
});

const Survey = z.object({ id: z.string(), name: z.string(), kind: z.enum(['nps', 'csat', 'ces']) });

/** Everything Closeloop holds on one contact, a section per kind; no link tokens and no token hashes. */
export const ContactDataExport = z
	.object({
		exportedAt: Instant,
		contact: z.object({
			id: z.string(),
			name: z.string(),
			email: z.string(),
			account: z.object({ id: z.string(), name: z.string() }),
			locale: z.string(),
			timeZone: z.string(),
			consent: z.boolean(),
			status: z.enum(contactStatuses),
			unsubscribedAt: Instant.nullable(),
			bouncedAt: Instant.nullable(),
			complainedAt: Instant.nullable(),
			archivedAt: Instant.nullable(),
			lastSurveyedAt: Instant.nullable(),
			openCaseCount: z.number().int(),
			lastCaseClosedAt: Instant.nullable(),
			createdAt: Instant,
			updatedAt: Instant
		}),
		invitations: z.array(
			z.object({
				id: z.string(),
				survey: Survey,
				cycle: z.number().int(),
				locale: z.string(),
				sentAt: Instant,
				remindedAt: Instant.nullable(),
				answeredAt: Instant.nullable()
			})
		),
		responses: z.array(
			z.object({
				id: z.string(),
				invitationId: z.string(),
				survey: Survey,
				score: z.number().int(),
				comment: z.string().nullable(),
				answers: z.array(z.object({ question: z.string(), answer: z.string() })),
				locale: z.string(),
				answeredAt: Instant,
				updatedAt: Instant
			})
		),
		suggestions: z.array(
			z.object({
				id: z.string(),
				source: z.enum(['survey', 'complaint', 'staff']),
				text: z.string(),
				theme: z.string().nullable(),
				responseId: z.string().nullable(),
				caseNumber: z.number().int().nullable(),
				createdAt: Instant,
				updatedAt: Instant
			})
		),
		cases: z.array(
			z.object({
				id: z.string(),
				number: z.number().int(),
				state: z.string(),
				source: z.string(),
				priority: z.string(),
				category: z.string().nullable(),
				subject: z.string(),
				description: z.string(),
				reporterName: z.string().nullable(),
				reporterEmail: z.string().nullable(),
				resolutionNote: z.string().nullable(),
				createdAt: Instant,
				resolvedAt: Instant.nullable(),
				closedAt: Instant.nullable()
			})
		),
		caseEvents: z
			.array(
				z.object({
					id: z.string(),
					caseId: z.string(),
					caseNumber: z.number().int(),
					type: z.string(),
					author: z.enum(['staff', 'customer', 'system']),
					body: z.string().nullable(),
					at: Instant
				})
			)
			.openapi({
				description:
					'The timeline events the customer could see on the status page (public) and those they wrote; internal notes are staff data and left out.'
			}),
		caseLinks: z.array(
			z.object({ caseId: z.string(), caseNumber: z.number().int(), createdAt: Instant })
		),
		notices: z.array(
			z.object({
				id: z.string(),
				outcome: z.enum(['done', 'declined']),
				sentAt: Instant,
				action: z.object({
					id: z.string(),
					title: z.string(),
					description: z.string(),
					status: z.string(),
					declineReason: z.string().nullable()
				})
			})
		),
		emails: z.array(
			z.object({
				id: z.string(),
				template: z.string(),
				to: z.string(),
				from: z.string(),
				subject: z.string(),
				text: z.string(),
				status: z.enum(['pending', 'sent', 'failed']),
				lastError: z.string().nullable(),
				createdAt: Instant,
				sentAt: Instant.nullable()
			})
		),
		skips: z.array(
			z.object({
				survey: Survey,
				cycle: z.number().int(),
				reason: z.string(),
				nextPossibleAt: Instant.nullable(),
				at: Instant
			})
		),
		auditEntries: z.array(
			z.object({
				action: z.string(),
				about: z.enum(['contact', 'email']),
				detail: z.record(z.string(), z.unknown()).nullable(),
				at: Instant
			})
		)
	})
	.openapi('ContactDataExport');
export type ContactDataExport = z.infer<typeof ContactDataExport>;

export const EraseContactInput = z
	.object({
		confirm: z
			.string()
			.max(254)
			.openapi({ description: 'The contact’s email address, typed to confirm.' })
	})
	.openapi('EraseContactInput');
export type EraseContactInput = z.infer<typeof EraseContactInput>;

export const ErasureReport = z
	.object({
		contact: Contact,
		erased: z.object({
			responses: z.number().int(),
			suggestions: z.number().int(),
			cases: z.number().int(),
			emails: z.number().int(),
			cancelledEmails: z.number().int()
		})
	})
	.openapi('ErasureReport');
export type ErasureReport = z.infer<typeof ErasureReport>;
