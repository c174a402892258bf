import type { CaseEvent, CaseState } from '$api/domain/case-workflow';
import type { ClockStatus, SlaTarget } from '$api/domain/sla-clock';
import type { CasePriority } from '$api/domain/sla-policy';

/** The API declares these responses loosely (`z.any()`); this is what `api/cases/routes.ts` sends. */
export type CaseClock = {
	target: SlaTarget;
	round: number;
	minutes: number;
	startedAt: string;
	warnAt: string | null;
	dueAt: string;
	pausedAt: string | null;
	fulfilledAt: string | null;
	status: ClockStatus;
	remainingBusinessMinutes: number;
};

export type CaseSummary = {
	id: string;
	number: number;
	state: CaseState;
	stateLabel: string;
	source: 'form' | 'survey' | 'staff' | 'api';
	priority: CasePriority;
	categoryId: string | null;
	categoryName: string | null;
	subject: string;
	description: string;
	isAnonymous: boolean;
	reporterName: string | null;
	reporterEmail: string | null;
	contactId: string | null;
	accountId: string | null;
	accountName: string | null;
	assigneeId: string | null;
	assigneeName: string | null;
	policy: { name: string; version: number; timeZone: string };
	resolutionNote: string | null;
	reopenCount: number;
	nextDeadlineAt: string | null;
	resolvedAt: string | null;
	closedAt: string | null;
	createdAt: string;
};

export type QueueCase = CaseSummary & { clocks: CaseClock[] };

export type CaseOptions = {
	categories: { id: string; name: string; priority: CasePriority; teamName: string | null }[];
	rootCauses: { id: string; name: string }[];
	staff: { id: string; name: string; role: string }[];
	priorities: CasePriority[];
};

export type CaseTimelineEntry = {
	id: string;
	type:
		| 'created'
		| 'assigned'
		| 'public_reply'
		| 'internal_note'
		| 'status_changed'
		| 'customer_reply'
		| 'resolved'
		| 'reopened'
		| 'priority_changed';
	actorType: 'staff' | 'customer' | 'system';
	actorName: string | null;
	body: string | null;
	isPublic: boolean;
	data: Record<string, unknown> | null;
	createdAt: string;
};

export type SlaEventEntry = {
	target: SlaTarget;
	round: number;
	kind: 'activate' | 'pause' | 'resume' | 'fulfill' | 'warn' | 'breach' | 'escalate';
	level: number;
	at: string;
};

export type CaseDetail = {
	now: string;
	case: CaseSummary & { rootCauseName: string | null };
	contact: {
		id: string;
		name: string;
		email: string;
		accountId: string;
		tier: 'basic' | 'standard' | 'premium' | 'enterprise';
	} | null;
	otherCases: {
		id: string;
		number: number;
		subject: string;
		state: CaseState;
		createdAt: string;
	}[];
	timeline: CaseTimelineEntry[];
	clocks: CaseClock[];
	slaEvents: SlaEventEntry[];
	actions: CaseEvent[];
};
