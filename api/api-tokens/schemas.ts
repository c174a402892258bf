import { z } from '@hono/zod-openapi';
import { StaffRoleName } from '../users/schemas';

export const ApiTokenName = z
	.string({ error: 'Name the token, e.g. after the integration that uses it.' })
	.trim()
	.min(1, 'Name the token, e.g. after the integration that uses it.')
	.max(80, 'Keep the token name to 80 characters.')
	.refine((value) => !/\p{Cc}/u.test(value), 'Use a single line without control characters.');

export const CreateApiTokenInput = z
	.object({
		name: ApiTokenName,
		/** What the token may do; at most its creator's role. */
		role: StaffRoleName
	})
	.openapi('CreateApiTokenInput');
export type CreateApiTokenInput = z.infer<typeof CreateApiTokenInput>;

/** A token as listed: never the token itself, which is shown once when it is made. */
export const ApiToken = z
	.object({
		id: z.string(),
		name: z.string(),
		role: StaffRoleName,
		/** Whom the token acts as; null once that user is deleted (the token is then refused). */
		createdBy: z.object({ id: z.string(), name: z.string(), active: z.boolean() }).nullable(),
		lastUsedAt: z.iso.datetime().nullable(),
		revokedAt: z.iso.datetime().nullable(),
		createdAt: z.iso.datetime()
	})
	.openapi('ApiToken');
export type ApiToken = z.infer<typeof ApiToken>;
