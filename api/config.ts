import { z } from 'zod';

/** Settings read once from the environment at start; every one has a default. */
export const Config = z.object({
	/** Base URL customers and staff reach Closeloop at; used in email links. */
	publicUrl: z.url().default('http://localhost:3000'),
	/** Name used before an admin sets the organisation's own (and for the demo). */
	orgName: z.string().min(1).default('Closeloop'),
	emailFrom: z.string().min(3).default('Closeloop <feedback@closeloop.localhost>'),
	resendApiKey: z.string().min(1).optional(),
	/** Where the Resend SDK sends requests; tests point it at a local fake. */
	resendBaseUrl: z.url().optional(),
	/** Signing secret (`whsec_…`) of the Resend webhook that reports bounces and spam complaints. */
	resendWebhookSecret: z.string().min(1).optional(),
	/** Lets `/api/clock` move time. Refused when `production` is true. */
	clockControl: z.boolean().default(false),
	production: z.boolean().default(false),
	/** `auto`: Secure cookies everywhere except on localhost. */
	cookieSecure: z.enum(['auto', 'always', 'never']).default('auto'),
	/** Trust `X-Forwarded-For` for the client address (behind a reverse proxy). */
	trustProxy: z.boolean().default(false),
	/** Most survey invitations (and, separately, reminders) one tick queues; the next tick carries on. */
	surveyInvitationsPerTick: z.number().int().positive().default(10_000),
	/** Most contacts the survey scheduler examines per tick, over all surveys; the next tick goes on from there. */
	surveyContactsPerTick: z.number().int().positive().default(50_000),
	/** Complaints one network address may file per hour on the public form (the bench raises it). */
	complaintsPerAddressPerHour: z.number().int().positive().default(10),
	/** Days a resolved case waits for the customer's "Is this solved?" answer before the tick closes it. */
	caseAutoCloseDays: z.number().int().positive().max(365).default(7),
	/** Lets webhook endpoints be on private, loopback or link-local addresses (tests, local receivers). */
	allowPrivateWebhookUrls: z.boolean().default(false),
	version: z.string().default('0.0.0')
});
export type Config = z.infer<typeof Config>;

const flag = (value: string | undefined) =>
	value === undefined ? undefined : ['1', 'true', 'yes', 'on'].includes(value.toLowerCase());

/** Builds the config from environment variables (Node's `process.env` or a Worker's `env`). */
export function readConfig(env: Record<string, string | undefined>, version?: string): Config {
	const production = env.NODE_ENV === 'production' || env.CLOSELOOP_ENV === 'production';
	const config = Config.parse({
		publicUrl: env.PUBLIC_URL || (env.PORT ? `http://localhost:${env.PORT}` : undefined),
		orgName: env.ORG_NAME || undefined,
		emailFrom: env.EMAIL_FROM || undefined,
		resendApiKey: env.RESEND_API_KEY || undefined,
		resendBaseUrl: env.RESEND_BASE_URL || undefined,
		resendWebhookSecret: env.RESEND_WEBHOOK_SECRET || undefined,
		clockControl: flag(env.CLOSELOOP_CLOCK_CONTROL),
		production,
		cookieSecure: env.COOKIE_SECURE || undefined,
		trustProxy: flag(env.TRUST_PROXY),
		surveyInvitationsPerTick: env.SURVEY_INVITATIONS_PER_TICK
			? Number(env.SURVEY_INVITATIONS_PER_TICK)
			: undefined,
		surveyContactsPerTick: env.SURVEY_CONTACTS_PER_TICK
			? Number(env.SURVEY_CONTACTS_PER_TICK)
			: undefined,
		complaintsPerAddressPerHour: env.COMPLAINTS_PER_ADDRESS_PER_HOUR
			? Number(env.COMPLAINTS_PER_ADDRESS_PER_HOUR)
			: undefined,
		caseAutoCloseDays: env.CASE_AUTO_CLOSE_DAYS ? Number(env.CASE_AUTO_CLOSE_DAYS) : undefined,
		allowPrivateWebhookUrls: flag(env.WEBHOOKS_ALLOW_PRIVATE),
		version
	});
	if (config.clockControl && config.production) {
		throw new Error('CLOSELOOP_CLOCK_CONTROL is refused in production: it lets anyone move time.');
	}
	return config;
}
