/**
 * Words, times and working copies for the SLA settings page: the editors edit
 * plain drafts, and these turn them into the API's bodies and back, so the
 * page and the API agree on minutes, frames and field paths.
 */
import type { TimeFrame } from '$api/domain/business-calendar';
import { casePriorities, fallbackTargets, type CasePriority } from '$api/domain/sla-policy';
import { defaultWarningShare } from '$api/domain/sla-clock';
import type { BusinessCalendarView, SlaPolicyView } from '$api/case-settings/schemas';
import type { AccountTier } from '$api/../db/schema/accounts';

export type Tone = 'gray' | 'green' | 'yellow' | 'red' | 'blue' | 'brand';
export type FieldErrors = Record<string, string[]>;

export const tabs = [
	{ id: 'policies', label: 'SLA policies' },
	{ id: 'calendars', label: 'Business calendars' },
	{ id: 'categories', label: 'Categories & routing' },
	{ id: 'root-causes', label: 'Root causes' }
] as const;
export type Tab = (typeof tabs)[number]['id'];

export function isTab(value: string | null): value is Tab {
	return tabs.some((tab) => tab.id === value);
}

/** Most urgent first, as people read a table of promises. */
export const prioritiesByUrgency: CasePriority[] = [...casePriorities].reverse();

export const priorityLabels: Record<CasePriority, string> = {
	low: 'Low',
	normal: 'Normal',
	high: 'High',
	urgent: 'Urgent'
};

export const priorityTones: Record<CasePriority, Tone> = {
	low: 'gray',
	normal: 'blue',
	high: 'yellow',
	urgent: 'red'
};

export const targetNames = ['firstResponse', 'nextResponse', 'resolution'] as const;
export type TargetName = (typeof targetNames)[number];

export const targetLabels: Record<TargetName, string> = {
	firstResponse: 'First response',
	nextResponse: 'Next response',
	resolution: 'Resolution'
};

export const weekdays = [
	'Monday',
	'Tuesday',
	'Wednesday',
	'Thursday',
	'Friday',
	'Saturday',
	'Sunday'
];
export const shortWeekdays = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/** The field errors at `path` exactly. */
export function errorsAt(fields: FieldErrors | undefined, path: string): string[] {
	return fields?.[path] ?? [];
}

/** The field errors at `path` and everything under it (`week.1` collects `week.1.0.end`). */
export function errorsUnder(fields: FieldErrors | undefined, path: string): string[] {
	if (!fields) return [];
	return Object.entries(fields)
		.filter(([key]) => key === path || key.startsWith(`${path}.`))
		.flatMap(([, messages]) => messages);
}

/** `540` → `09:00`; the end of the day (1440) is `24:00`. */
export function formatTime(minutes: number): string {
	const hours = Math.floor(minutes / 60);
	return `${String(hours).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/** A time input's `HH:MM` as minutes from midnight; `00:00` as an end means midnight at the end of the day. */
export function parseTime(value: string, isEnd = false): number | null {
	const match = /^(\d{2}):(\d{2})$/.exec(value);
	if (!match) return null;
	const minutes = Number(match[1]) * 60 + Number(match[2]);
	return isEnd && minutes === 0 ? 1440 : minutes;
}

/** A time input's value for a frame end: 24:00 is written `00:00`, which inputs accept. */
export function timeInputValue(minutes: number): string {
	return minutes === 1440 ? '00:00' : formatTime(minutes);
}

/** `495` → `8 h 15 min`, `2880` → `48 h`; business minutes, so never days. */
export function formatDuration(minutes: number): string {
	const hours = Math.floor(minutes / 60);
	const rest = minutes % 60;
	if (hours === 0) return `${rest} min`;
	return rest === 0
		? `${hours.toLocaleString('en')} h`
		: `${hours.toLocaleString('en')} h ${rest} min`;
}

/** A day's frames in words: `09:00–12:00, 13:00–17:00`, or `Closed`. */
export function describeFrames(frames: TimeFrame[]): string {
	if (frames.length === 0) return 'Closed';
	if (frames.length === 1 && frames[0]!.start === 0 && frames[0]!.end === 1440)
		return 'Open 24 hours';
	return frames.map((frame) => `${formatTime(frame.start)}–${formatTime(frame.end)}`).join(', ');
}

/** Open minutes in a week, for "40 h a week". */
export function weeklyMinutes(week: TimeFrame[][]): number {
	return week.flat().reduce((total, frame) => total + frame.end - frame.start, 0);
}

/** `2026-12-25` → `25 Dec 2026`, or `25 Dec` for a yearly holiday. */
export function formatHolidayDate(date: string, yearly: boolean): string {
	const [year, month, day] = date.split('-').map(Number);
	const at = new Date(Date.UTC(year ?? 2000, (month ?? 1) - 1, day ?? 1));
	return new Intl.DateTimeFormat('en-GB', {
		day: 'numeric',
		month: 'short',
		...(yearly ? {} : { year: 'numeric' }),
		timeZone: 'UTC'
	}).format(at);
}

export const tierLabels: Record<AccountTier, string> = {
	basic: 'Basic',
	standard: 'Standard',
	premium: 'Premium',
	enterprise: 'Enterprise'
};

/** `['a', 'b', 'c']` → `a, b or c`. */
export function orList(items: string[]): string {
	if (items.length <= 1) return items.join('');
	return `${items.slice(0, -1).join(', ')} or ${items.at(-1)}`;
}

// Calendars

export type CalendarDraft = {
	name: string;
	timeZone: string;
	week: TimeFrame[][];
	holidays: { date: string; yearly: boolean; name: string }[];
};

export function newCalendarDraft(timeZone: string): CalendarDraft {
	return {
		name: '',
		timeZone,
		week: weekdays.map((_, day) => (day < 5 ? [{ start: 9 * 60, end: 17 * 60 }] : [])),
		holidays: []
	};
}

export function calendarDraft(calendar: BusinessCalendarView): CalendarDraft {
	return {
		name: calendar.name,
		timeZone: calendar.timeZone,
		week: calendar.week.map((frames) => frames.map((frame) => ({ ...frame }))),
		holidays: calendar.holidays.map((holiday) => ({ ...holiday, name: holiday.name ?? '' }))
	};
}

/** The API's calendar body: holiday names left empty are left out. */
export function toCalendarInput(draft: CalendarDraft) {
	return {
		name: draft.name,
		timeZone: draft.timeZone,
		week: draft.week,
		holidays: draft.holidays.map((holiday) => ({
			date: holiday.date,
			yearly: holiday.yearly,
			...(holiday.name.trim() ? { name: holiday.name.trim() } : {})
		}))
	};
}

// Policies

export type EscalationDraft = { afterMinutes: number; userIds: string[]; teamIds: string[] };

export type PolicyDraft = {
	name: string;
	conditions: { priorities: CasePriority[]; categoryIds: string[]; tiers: AccountTier[] };
	targets: Record<CasePriority, Record<TargetName, number>>;
	warningMode: 'share' | 'lead';
	/** Percent, 5–95. */
	warningPercent: number;
	warningLeadMinutes: number;
	escalation: EscalationDraft[];
	calendarId: string;
};

export function newPolicyDraft(calendarId: string | null): PolicyDraft {
	return {
		name: '',
		conditions: { priorities: [], categoryIds: [], tiers: [] },
		targets: structuredClone(fallbackTargets),
		warningMode: 'share',
		warningPercent: defaultWarningShare * 100,
		warningLeadMinutes: 30,
		escalation: [],
		calendarId: calendarId ?? ''
	};
}

export function policyDraft(policy: SlaPolicyView): PolicyDraft {
	return {
		name: policy.name,
		conditions: {
			priorities: [...policy.conditions.priorities],
			categoryIds: [...policy.conditions.categoryIds],
			tiers: policy.conditions.tiers.filter((tier): tier is AccountTier => tier in tierLabels)
		},
		targets: Object.fromEntries(
			casePriorities.map((priority) => [priority, { ...policy.targets[priority] }])
		) as PolicyDraft['targets'],
		warningMode: policy.warning.leadMinutes !== undefined ? 'lead' : 'share',
		warningPercent: Math.round((policy.warning.share ?? defaultWarningShare) * 100),
		warningLeadMinutes: policy.warning.leadMinutes ?? 30,
		escalation: policy.escalation.map((level) => ({
			afterMinutes: level.afterMinutes,
			userIds: [...level.userIds],
			teamIds: [...level.teamIds]
		})),
		calendarId: policy.calendarId ?? ''
	};
}

export function toPolicyInput(draft: PolicyDraft) {
	return {
		name: draft.name,
		conditions: draft.conditions,
		targets: draft.targets,
		warning:
			draft.warningMode === 'lead'
				? { leadMinutes: draft.warningLeadMinutes }
				: { share: Math.round(draft.warningPercent) / 100 },
		escalation: draft.escalation,
		calendarId: draft.calendarId || null
	};
}

/** When the assignee hears first, in words. */
export function describeWarning(warning: SlaPolicyView['warning']): string {
	return warning.leadMinutes !== undefined
		? `${formatDuration(warning.leadMinutes)} before each target`
		: `at ${Math.round((warning.share ?? defaultWarningShare) * 100)} % of each target`;
}
