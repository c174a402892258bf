/**
 * SLA policies: which one governs a case, and the snapshot of it the case
 * keeps. The snapshot is the promise made to the customer, so editing a policy
 * later never rewrites it; intake, the sweep and the console all read the
 * snapshot, never the live policy.
 */
import { z } from 'zod';
import type { BusinessCalendar } from './business-calendar';
import type { WarningRule } from './sla-clock';

export const casePriorities = ['low', 'normal', 'high', 'urgent'] as const;
export type CasePriority = (typeof casePriorities)[number];

/** Business minutes allowed for each target at one priority. */
export const PriorityTargets = z.object({
	firstResponse: z.number().int().min(1).max(525_600),
	nextResponse: z.number().int().min(1).max(525_600),
	resolution: z.number().int().min(1).max(5_256_000)
});
export type PriorityTargets = z.infer<typeof PriorityTargets>;

/**
 * One level of an escalation chain: notified `afterMinutes` (elapsed, not
 * business minutes) after a breach; level 0 normally has 0, at the breach.
 */
export const EscalationLevel = z.object({
	afterMinutes: z.number().int().min(0).max(43_200),
	userIds: z.array(z.string()).max(20).default([]),
	teamIds: z.array(z.string()).max(20).default([])
});
export type EscalationLevel = z.infer<typeof EscalationLevel>;

/** Empty lists match anything. */
export const PolicyConditions = z.object({
	priorities: z.array(z.enum(casePriorities)).default([]),
	categoryIds: z.array(z.string()).default([]),
	tiers: z.array(z.string()).default([])
});
export type PolicyConditions = z.infer<typeof PolicyConditions>;

export type SlaPolicy = {
	id: string;
	name: string;
	version: number;
	conditions: PolicyConditions;
	targets: Record<CasePriority, PriorityTargets>;
	warning: WarningRule;
	escalation: EscalationLevel[];
	calendar: BusinessCalendar;
};

/** What a case keeps of the policy in force when it opened. */
export type SlaPolicySnapshot = {
	policyId: string | null;
	name: string;
	version: number;
	priority: CasePriority;
	targets: PriorityTargets;
	warning: WarningRule;
	escalation: EscalationLevel[];
	calendar: BusinessCalendar;
};

export type CaseFacts = { priority: CasePriority; categoryId: string | null; tier: string | null };

/** The first policy, in the order given, whose every non-empty condition holds for the case. */
export function matchPolicy(policies: readonly SlaPolicy[], facts: CaseFacts): SlaPolicy | null {
	return (
		policies.find(({ conditions }) => {
			if (conditions.priorities.length && !conditions.priorities.includes(facts.priority))
				return false;
			if (
				conditions.categoryIds.length &&
				!(facts.categoryId && conditions.categoryIds.includes(facts.categoryId))
			)
				return false;
			if (conditions.tiers.length && !(facts.tier && conditions.tiers.includes(facts.tier)))
				return false;
			return true;
		}) ?? null
	);
}

/** Used when no policy matches: a plain promise on a 24×7 clock, so no case is ever without one. */
export const fallbackTargets: Record<CasePriority, PriorityTargets> = {
	urgent: { firstResponse: 60, nextResponse: 120, resolution: 8 * 60 },
	high: { firstResponse: 4 * 60, nextResponse: 8 * 60, resolution: 2 * 24 * 60 },
	normal: { firstResponse: 8 * 60, nextResponse: 24 * 60, resolution: 5 * 24 * 60 },
	low: { firstResponse: 24 * 60, nextResponse: 2 * 24 * 60, resolution: 10 * 24 * 60 }
};

export function snapshotPolicy(
	policy: SlaPolicy | null,
	priority: CasePriority,
	fallbackCalendar: BusinessCalendar
): SlaPolicySnapshot {
	if (!policy) {
		return {
			policyId: null,
			name: 'Default',
			version: 0,
			priority,
			targets: fallbackTargets[priority],
			warning: { share: 0.75 },
			escalation: [],
			calendar: fallbackCalendar
		};
	}
	return {
		policyId: policy.id,
		name: policy.name,
		version: policy.version,
		priority,
		targets: policy.targets[priority],
		warning: policy.warning,
		escalation: policy.escalation,
		calendar: policy.calendar
	};
}
