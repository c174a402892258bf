import { z } from '@hono/zod-openapi';
import { accountTiers } from '../../db/schema/accounts';
import { BusinessCalendarInput } from '../domain/business-calendar';
import { defaultWarningShare } from '../domain/sla-clock';
import {
	casePriorities,
	EscalationLevel,
	type CasePriority,
	PolicyConditions,
	PriorityTargets
} from '../domain/sla-policy';

export const CasePriorityName = z.enum(casePriorities);

export const Name = (max: number) =>
	z
		.string({ error: 'Enter a name.' })
		.trim()
		.min(1, 'Enter a name.')
		.max(max, `Keep the name to ${max} characters.`);

/** An id sent in a body: a string, or null/empty for none. */
const OptionalId = z
	.string({ error: 'Send an id, or null for none.' })
	.trim()
	.max(64)
	.transform((value) => value || null)
	.nullable();

const Ids = (what: string, max: number) =>
	z
		.array(z.string().trim().min(1).max(64), { error: `Send a list of ${what} ids.` })
		.max(max, `Choose at most ${max} ${what}s.`)
		.transform((ids) => [...new Set(ids)]);

/** `525600` → `365 days`, for messages about limits. */
function describeMinutes(minutes: number): string {
	const [count, unit] =
		minutes >= 1440 && minutes % 1440 === 0
			? [minutes / 1440, 'day']
			: minutes >= 60 && minutes % 60 === 0
				? [minutes / 60, 'hour']
				: [minutes, 'minute'];
	return `${count.toLocaleString('en')} ${unit}${count === 1 ? '' : 's'}`;
}

/**
 * Whole minutes within the bounds the domain schema `field` sets, with messages
 * a manager can act on. The domain schema still checks the result (`pipe`), so
 * its bounds are the only ones.
 */
function boundedMinutes(field: z.ZodNumber, what: string) {
	const min = field.minValue ?? 0;
	const max = field.maxValue ?? Number.MAX_SAFE_INTEGER;
	return z
		.number({ error: `Enter ${what} in minutes.` })
		.int('Enter whole minutes.')
		.min(min, min === 0 ? 'Enter 0 minutes or more.' : `Allow at least ${describeMinutes(min)}.`)
		.max(max, `Allow at most ${describeMinutes(max)}.`);
}

// Business calendars

export const CalendarInput = BusinessCalendarInput.safeExtend({ name: Name(80) }).openapi(
	'BusinessCalendarInput',
	{
		description:
			'Opening hours for SLA clocks: an IANA time zone, the open time frames of each weekday (Monday first; minutes from local midnight, end-exclusive; several a day for split shifts) and the closed days. At least one minute a week must be open.'
	}
);
export type CalendarInput = z.infer<typeof CalendarInput>;

const TimeFrame = z.object({ start: z.number().int(), end: z.number().int() });

export const BusinessCalendarView = z
	.object({
		id: z.string(),
		name: z.string(),
		timeZone: z.string(),
		week: z.array(z.array(TimeFrame)).openapi({ description: 'Seven days, Monday first.' }),
		holidays: z.array(
			z.object({ date: z.string(), yearly: z.boolean(), name: z.string().optional() })
		),
		policies: z.array(z.object({ id: z.string(), name: z.string() })).openapi({
			description: 'Policies on this calendar; while there are any it cannot be deleted.'
		}),
		createdAt: z.iso.datetime(),
		updatedAt: z.iso.datetime()
	})
	.openapi('BusinessCalendar');
export type BusinessCalendarView = z.infer<typeof BusinessCalendarView>;

// SLA policies

const targetFields = PriorityTargets.shape;
const TargetsInput = (priority: CasePriority) =>
	z
		.object(
			{
				firstResponse: boundedMinutes(targetFields.firstResponse, 'the first-response target'),
				nextResponse: boundedMinutes(targetFields.nextResponse, 'the next-response target'),
				resolution: boundedMinutes(targetFields.resolution, 'the resolution target')
			},
			{ error: `Give the targets for ${priority} priority.` }
		)
		.pipe(PriorityTargets);

const TargetsByPriority = z
	.object(
		Object.fromEntries(casePriorities.map((priority) => [priority, TargetsInput(priority)])) as {
			[P in CasePriority]: ReturnType<typeof TargetsInput>;
		},
		{ error: 'Give the targets of every priority.' }
	)
	.openapi({
		description:
			'Business minutes per priority (low, normal, high, urgent) for the first reply, each next reply and the resolution.'
	});

const ConditionsInput = z
	.object({
		priorities: z
			.array(CasePriorityName, { error: 'Send a list of priorities.' })
			.default([])
			.transform((values) => [...new Set(values)]),
		categoryIds: Ids('category', 100).default([]),
		tiers: z
			.array(z.enum(accountTiers, { error: `Use one of ${accountTiers.join(', ')}.` }), {
				error: 'Send a list of account tiers.'
			})
			.default([])
			.transform((values) => [...new Set(values)])
	})
	.openapi({
		description:
			'Which cases the policy governs. Each list that is not empty must hold (a case matches one of its values); all empty matches every case.'
	});

const WarningInput = z
	.object({
		share: z
			.number({ error: 'Enter a share between 0.05 and 0.95.' })
			.min(0.05, 'Warn at 5 % of the target or later.')
			.max(0.95, 'Warn at 95 % of the target or earlier.')
			.optional(),
		leadMinutes: z
			.number({ error: 'Enter a lead time in minutes.' })
			.int('Enter whole minutes.')
			.min(1, 'Warn at least 1 minute before the target.')
			.max(525_600, 'Warn at most 365 days before the target.')
			.optional()
	})
	.refine((rule) => rule.share === undefined || rule.leadMinutes === undefined, {
		message: 'Warn either at a share of the target or a lead time before it, not both.',
		path: ['leadMinutes']
	})
	.transform((rule) =>
		rule.leadMinutes !== undefined
			? { leadMinutes: rule.leadMinutes }
			: { share: rule.share ?? defaultWarningShare }
	)
	.openapi({
		description: `When the assignee is warned: at \`share\` of each target (0.05–0.95; ${defaultWarningShare} when neither is given) or \`leadMinutes\` business minutes before it.`
	});

const levelFields = EscalationLevel.shape;
const EscalationLevelInput = z
	.object({
		afterMinutes: boundedMinutes(levelFields.afterMinutes, 'how long after the breach').openapi({
			description: 'Elapsed (not business) minutes after the breach; 0 at the breach.'
		}),
		userIds: Ids('user', 20).default([]),
		teamIds: Ids('team', 20).default([])
	})
	.refine((level) => level.userIds.length + level.teamIds.length > 0, {
		message: 'Choose at least one person or team to tell.',
		path: ['userIds']
	});

export const PolicyInput = z
	.object({
		name: Name(120),
		conditions: ConditionsInput.default({
			priorities: [],
			categoryIds: [],
			tiers: []
		}) satisfies z.ZodType<PolicyConditions>,
		targets: TargetsByPriority,
		warning: WarningInput.default({ share: defaultWarningShare }),
		escalation: z
			.array(EscalationLevelInput, { error: 'Send a list of escalation levels.' })
			.max(10, 'Use at most 10 escalation levels.')
			.default([]) satisfies z.ZodType<EscalationLevel[]>,
		calendarId: OptionalId.default(null).openapi({
			description:
				'The business calendar the targets count on; null for around the clock (24×7, UTC).'
		})
	})
	// Refinements run even when a field above failed; each looks only at values that parsed.
	.superRefine((policy, context) => {
		const isMinutes = (value: unknown): value is number => Number.isInteger(value);
		policy.escalation.forEach((level, index) => {
			const before = policy.escalation[index - 1];
			if (
				before &&
				isMinutes(level.afterMinutes) &&
				isMinutes(before.afterMinutes) &&
				level.afterMinutes < before.afterMinutes
			) {
				context.addIssue({
					code: 'custom',
					path: ['escalation', index, 'afterMinutes'],
					message: `Level ${index + 1} cannot come before level ${index}: give it ${before.afterMinutes} minutes or more.`
				});
			}
		});
		const lead = policy.warning.leadMinutes;
		const targets = casePriorities.flatMap((priority) =>
			Object.values(policy.targets?.[priority] ?? {})
		);
		if (!isMinutes(lead) || 'share' in policy.warning) return;
		if (
			targets.length !== casePriorities.length * 3 ||
			!targets.every((t) => isMinutes(t) && t > 0)
		)
			return;
		const shortest = Math.min(...targets);
		if (lead >= shortest) {
			context.addIssue({
				code: 'custom',
				path: ['warning', 'leadMinutes'],
				message: `The shortest target is ${describeMinutes(shortest)}: warn less than that before it, or its cases would never be warned.`
			});
		}
	})
	.openapi('SlaPolicyInput');
export type PolicyInput = z.infer<typeof PolicyInput>;

export const PolicyOrderInput = z
	.object({
		ids: z
			.array(z.string().trim().min(1).max(64), { error: 'Send the policy ids in their new order.' })
			.min(1, 'Send the policy ids in their new order.')
			.max(1000)
	})
	.openapi('SlaPolicyOrderInput', {
		description: 'Every policy id exactly once, in the order policies are matched.'
	});
export type PolicyOrderInput = z.infer<typeof PolicyOrderInput>;

export const SlaPolicyView = z
	.object({
		id: z.string(),
		name: z.string(),
		position: z.number().int().openapi({ description: 'Place in the matching order, from 0.' }),
		version: z.number().int().openapi({
			description: 'Rises with every change; cases keep the version they opened under.'
		}),
		isActive: z.boolean(),
		conditions: PolicyConditions,
		targets: z.record(CasePriorityName, PriorityTargets),
		warning: z.object({ share: z.number().optional(), leadMinutes: z.number().int().optional() }),
		escalation: z.array(EscalationLevel),
		calendarId: z.string().nullable(),
		calendar: z
			.object({ id: z.string(), name: z.string(), timeZone: z.string() })
			.nullable()
			.openapi({ description: 'Null: the targets count around the clock.' }),
		createdAt: z.iso.datetime(),
		updatedAt: z.iso.datetime()
	})
	.openapi('SlaPolicy');
export type SlaPolicyView = z.infer<typeof SlaPolicyView>;

// Categories and root causes

export const CategoryInput = z
	.object({
		name: Name(80),
		priority: CasePriorityName.default('normal'),
		teamId: OptionalId.default(null),
		assignToOwner: z.boolean({ error: 'Send true or false.' }).default(false)
	})
	.openapi('CaseCategoryInput', {
		description:
			'A complaint category and its routing: cases get its priority and go to its team (round robin), or to the account owner when `assignToOwner` (to the team when the account has none).'
	});
export type CategoryInput = z.infer<typeof CategoryInput>;

export const CaseCategory = z
	.object({
		id: z.string(),
		name: z.string(),
		priority: CasePriorityName,
		teamId: z.string().nullable(),
		team: z.object({ id: z.string(), name: z.string() }).nullable(),
		assignToOwner: z.boolean(),
		position: z.number().int(),
		archivedAt: z.iso.datetime().nullable(),
		createdAt: z.iso.datetime()
	})
	.openapi('CaseCategory');
export type CaseCategory = z.infer<typeof CaseCategory>;
