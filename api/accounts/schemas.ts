import { z } from '@hono/zod-openapi';
import { accountStatuses, accountTiers } from '../../db/schema/accounts';
import { TimelineEvent } from '../contacts/schemas';

/** A date (`2026-03-02`, taken as midnight UTC) or an ISO 8601 instant with offset. */
export const DateInput = z
	.union([z.iso.date(), z.iso.datetime({ offset: true })], {
		error: 'Enter a date such as 2026-03-02.'
	})
	.transform((value) => new Date(value.length === 10 ? `${value}T00:00:00Z` : value))
	.openapi({ type: 'string', example: '2026-03-02' });

const Tag = z
	.string()
	.trim()
	.toLowerCase()
	.min(1, 'Tags cannot be empty.')
	.max(40, 'Keep tags to 40 characters.')
	.regex(/^[^,]+$/, 'Tags cannot contain commas.');

export const Tags = z
	.array(Tag)
	.max(20, 'Use at most 20 tags.')
	.transform((tags) => [...new Set(tags)].sort());

const Name = z.string().trim().min(1, 'Enter a name.').max(200, 'Keep the name to 200 characters.');
const ExternalRef = z
	.string()
	.trim()
	.max(100, 'Keep the reference to 100 characters.')
	.transform((value) => value || null)
	.nullable();
const OwnerId = z
	.string()
	.trim()
	.max(64)
	.transform((value) => value || null)
	.nullable();

export const CreateAccountInput = z
	.object({
		name: Name,
		externalRef: ExternalRef.optional(),
		ownerId: OwnerId.optional(),
		tier: z.enum(accountTiers).default('standard'),
		tags: Tags.default([]),
		wonAt: DateInput.optional()
	})
	.openapi('CreateAccountInput');
export type CreateAccountInput = z.infer<typeof CreateAccountInput>;

export const UpdateAccountInput = z
	.object({
		name: Name.optional(),
		externalRef: ExternalRef.optional(),
		ownerId: OwnerId.optional(),
		tier: z.enum(accountTiers).optional(),
		tags: Tags.optional(),
		wonAt: DateInput.optional()
	})
	.openapi('UpdateAccountInput');
export type UpdateAccountInput = z.infer<typeof UpdateAccountInput>;

export const StatusChangeInput = z
	.object({ at: DateInput.optional() })
	.openapi('AccountStatusChangeInput');
export type StatusChangeInput = z.infer<typeof StatusChangeInput>;

export const accountSorts = [
	'name',
	'-name',
	'tier',
	'-tier',
	'contacts',
	'-contacts',
	'wonAt',
	'-wonAt',
	'createdAt',
	'-createdAt'
] as const;
export type AccountSort = (typeof accountSorts)[number];

export const archivedFilters = ['exclude', 'include', 'only'] as const;

/** Filters shared by the list and the CSV export. Empty strings mean "no filter". */
export const AccountFilters = z.object({
	q: z.string().trim().max(200).optional(),
	tier: z.union([z.enum(accountTiers), z.literal('')]).optional(),
	owner: z
		.string()
		.max(64)
		.optional()
		.openapi({ description: 'A staff user id, or `none` for accounts without an owner.' }),
	status: z.union([z.enum(accountStatuses), z.literal('')]).optional(),
	tag: z.string().trim().toLowerCase().max(40).optional(),
	archived: z
		.enum(archivedFilters)
		.default('exclude')
		.openapi({ description: 'Archived accounts are hidden unless asked for.' }),
	sort: z.enum(accountSorts).default('name')
});
export type AccountFilters = z.infer<typeof AccountFilters>;

export const AccountListQuery = AccountFilters.extend({
	page: z.coerce.number().int().min(1).default(1),
	pageSize: z.coerce.number().int().min(1).max(100).default(25)
});
export type AccountListQuery = z.infer<typeof AccountListQuery>;

const Instant = z.iso.datetime();

export const OwnerSummary = z.object({ id: z.string(), name: z.string(), email: z.string() });

export const Account = z
	.object({
		id: z.string(),
		name: z.string(),
		externalRef: z.string().nullable(),
		owner: OwnerSummary.nullable(),
		tier: z.enum(accountTiers),
		tags: z.array(z.string()),
		status: z.enum(accountStatuses),
		wonAt: Instant,
		lostAt: Instant.nullable(),
		archivedAt: Instant.nullable(),
		createdAt: Instant,
		updatedAt: Instant,
		/** Contacts that are not archived. */
		contactCount: z.number().int()
	})
	.openapi('Account');
export type Account = z.infer<typeof Account>;

export const AccountPage = z
	.object({
		items: z.array(Account),
		total: z.number().int(),
		page: z.number().int(),
		pageSize: z.number().int()
	})
	.openapi('AccountPage');

export const AccountContact = z.object({
	id: z.string(),
	name: z.string(),
	email: z.string(),
	locale: z.string(),
	status: z.enum(['active', 'unsubscribed', 'bounced', 'archived'])
});

export const AccountDetail = z
	.object({
		account: Account,
		/** Up to 100 contacts that are not archived, by name. */
		contacts: z.array(AccountContact),
		counts: z.object({
			contacts: z.number().int(),
			active: z.number().int(),
			unsubscribed: z.number().int(),
			bounced: z.number().int(),
			archived: z.number().int()
		})
	})
	.openapi('AccountDetail');
export type AccountDetail = z.infer<typeof AccountDetail>;

export const Owner = z
	.object({ id: z.string(), name: z.string(), email: z.string(), role: z.string() })
	.openapi('AccountOwner');

export const TagCount = z.object({ tag: z.string(), count: z.number().int() });

export const Timeline = z.object({ events: z.array(TimelineEvent) }).openapi('Timeline');
