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
		updatedAt: Instant
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
