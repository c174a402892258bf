import { z } from '@hono/zod-openapi';

export const DigestSettingsInput = z
	.object({
		weeklyDigest: z.boolean({ error: 'Choose true (send it) or false (stop it).' }).openapi({
			description: 'Whether you get the weekly digest email, on Mondays after 07:00 UTC.'
		})
	})
	.strict();
export type DigestSettingsInput = z.infer<typeof DigestSettingsInput>;

export const DigestSettings = z
	.object({
		weeklyDigest: z.boolean(),
		/** The week the next digest will cover and when it falls due. */
		next: z.object({
			week: z.string().openapi({ example: '2026-W10' }),
			dueAt: z.string().openapi({ description: 'Monday 07:00 UTC after the week.' })
		})
	})
	.openapi('DigestSettings');
