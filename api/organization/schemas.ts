import { z } from '@hono/zod-openapi';

export const BrandColor = z
	.string({ error: 'Enter a colour such as #4f46e5.' })
	.trim()
	.regex(/^#[0-9a-fA-F]{6}$/, 'Enter a colour such as #4f46e5.')
	.transform((value) => value.toLowerCase())
	.openapi({ example: '#4f46e5' });

const senderMessage =
	'Enter an address such as feedback@acme.example or Acme <feedback@acme.example>.';
const address = z.email();
/** Characters that need quoting in a display name (RFC 5322 specials). */
const specials = /[()<>[\]:;@\\,"]/;

/**
 * Reads `Name <address>`, `"Name" <address>` or a bare address and gives it
 * back in one canonical form (the address lower-cased, the name quoted when it
 * must be), or null when it is not a sender address.
 */
export function parseSender(value: string): string | null {
	const text = value.trim();
	// Control characters (a line break above all) could smuggle headers into an email.
	if ([...text].some((char) => char.charCodeAt(0) < 32 || char.charCodeAt(0) === 127)) return null;
	const named = /^(?:"([^"\\\r\n]*)"|([^"<>\r\n]*?))\s*<([^<>\s]+)>$/.exec(text);
	const name = (named ? (named[1] ?? named[2] ?? '') : '').trim();
	const email = (named ? named[3]! : text).toLowerCase();
	if (!address.safeParse(email).success) return null;
	if (!name) return email;
	return `${specials.test(name) ? `"${name}"` : name} <${email}>`;
}

export const EmailFrom = z
	.string({ error: senderMessage })
	.max(320, senderMessage)
	.transform((value, context) => {
		const sender = parseSender(value);
		if (sender === null) {
			context.addIssue({ code: 'custom', message: senderMessage });
			return z.NEVER;
		}
		return sender;
	})
	.openapi({ type: 'string', example: 'Acme <feedback@acme.example>' });

/** A fatigue rule's number of days: a whole number from 0 to 365. */
const RuleDays = z
	.number({ error: 'Enter a number of days from 0 to 365.' })
	.int('Enter a whole number of days.')
	.min(0, 'Enter a number of days from 0 to 365.')
	.max(365, 'Enter a number of days from 0 to 365.');

export const OrganizationSettingsInput = z
	.object({
		name: z
			.string({ error: 'Enter a name.' })
			.trim()
			.min(1, 'Enter a name.')
			.max(120, 'Keep the name to 120 characters.'),
		brandColor: BrandColor,
		emailFrom: EmailFrom,
		fatigueDays: RuleDays.optional().openapi({
			description:
				'At most one survey invitation per contact in this many days, across all surveys (0: no limit). Left out: unchanged.'
		}),
		complaintCooldownDays: RuleDays.optional().openapi({
			description:
				'No survey while a contact has an open complaint, nor this many days after one closes. Left out: unchanged.'
		}),
		publicUpdates: z.boolean({ error: 'Say true or false.' }).optional().openapi({
			description:
				'Publish done actions on the public “you said, we did” page, naming no customer. Left out: unchanged.'
		})
	})
	.openapi('OrganizationSettingsInput');
export type OrganizationSettingsInput = z.infer<typeof OrganizationSettingsInput>;

export const OrganizationSettings = z
	.object({
		name: z.string(),
		brandColor: z.string(),
		emailFrom: z.string(),
		fatigueDays: z.number().int(),
		complaintCooldownDays: z.number().int(),
		publicUpdates: z.boolean(),
		/** When an admin last saved them; null while the server's defaults apply. */
		updatedAt: z.iso.datetime().nullable()
	})
	.openapi('OrganizationSettings');
export type OrganizationSettings = z.infer<typeof OrganizationSettings>;
