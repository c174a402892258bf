import type { CaseState } from '$api/domain/case-workflow';
import { clockStatus, type ClockStatus, type SlaTarget } from '$api/domain/sla-clock';
import type { CasePriority } from '$api/domain/sla-policy';
import type { CaseClock, SlaEventEntry } from './case-types';

type Tone = 'gray' | 'green' | 'yellow' | 'red' | 'blue' | 'brand';

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

export const stateTones: Record<CaseState, Tone> = {
	new: 'brand',
	acknowledged: 'blue',
	in_progress: 'blue',
	waiting_on_customer: 'gray',
	resolved: 'green',
	closed: 'gray'
};

export const targetLabels: Record<SlaTarget, string> = {
	first_response: 'First response',
	next_response: 'Next response',
	resolution: 'Resolution'
};

export const clockStatusLabels: Record<ClockStatus, string> = {
	running: 'On track',
	warning: 'Warning',
	breached: 'Breached',
	paused: 'Paused',
	met: 'Met',
	missed: 'Missed'
};

export const clockStatusTones: Record<ClockStatus, Tone> = {
	running: 'gray',
	warning: 'yellow',
	breached: 'red',
	paused: 'blue',
	met: 'green',
	missed: 'red'
};

/** `130 min` → `2 h 10 min`; minutes are whole (rounded down), so "5 min left" never overstates the time left. */
export function formatDuration(ms: number): string {
	const minutes = Math.floor(Math.abs(ms) / 60_000);
	if (minutes < 1) return 'under 1 min';
	if (minutes < 60) return `${minutes} min`;
	const hours = Math.floor(minutes / 60);
	if (hours < 24) return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`;
	const days = Math.floor(hours / 24);
	return hours % 24 ? `${days} d ${hours % 24} h` : `${days} d`;
}

/** Business minutes in hours and minutes (a business day is not 24 hours): `7190` → `119 h 50 min`. */
export function formatBusinessMinutes(minutes: number): string {
	const whole = Math.max(0, Math.floor(minutes));
	if (whole < 60) return `${whole} min`;
	const hours = Math.floor(whole / 60).toLocaleString('en');
	return whole % 60 ? `${hours} h ${whole % 60} min` : `${hours} h`;
}

/** How long ago, from a duration in ms, to the minute within the hour: `just now`, `25 min ago`, `5 h ago`, `3 d 4 h ago`. */
export function formatAge(ms: number): string {
	if (ms < 60_000) return 'just now';
	if (ms < 86_400_000 && ms >= 3_600_000) return `${Math.floor(ms / 3_600_000)} h ago`;
	return `${formatDuration(ms)} ago`;
}

/** A target's length in business time: `240` → `4 business hours`. */
export function formatTarget(minutes: number): string {
	if (minutes % 60 !== 0) return `${formatDuration(minutes * 60_000)} of business time`;
	const hours = minutes / 60;
	return `${hours.toLocaleString('en')} business ${hours === 1 ? 'hour' : 'hours'}`;
}

/**
 * Where a clock stands at `now` (epoch ms), by the same rule the API and the
 * sweep use, so a countdown turns to "Breached" exactly when the case does.
 */
export function liveClockStatus(clock: CaseClock, now: number): ClockStatus {
	return clockStatus(
		{
			target: clock.target,
			minutes: clock.minutes,
			startedAt: new Date(clock.startedAt),
			warnAt: clock.warnAt ? new Date(clock.warnAt) : null,
			dueAt: new Date(clock.dueAt),
			pausedAt: clock.pausedAt ? new Date(clock.pausedAt) : null,
			fulfilledAt: clock.fulfilledAt ? new Date(clock.fulfilledAt) : null
		},
		new Date(now)
	);
}

/** The clock a queue row counts down: the running one due soonest, else a paused one, else none. */
export function nearestClock(clocks: CaseClock[]): CaseClock | null {
	const running = clocks
		.filter((clock) => !clock.fulfilledAt && !clock.pausedAt)
		.sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt));
	return running[0] ?? clocks.find((clock) => !clock.fulfilledAt && clock.pausedAt) ?? null;
}

/** A clock in words at `now`, the words carrying what the colour shows. */
export function describeClock(
	clock: CaseClock,
	now: number
): { status: ClockStatus; tone: Tone; text: string } {
	const status = liveClockStatus(clock, now);
	const due = Date.parse(clock.dueAt);
	const tone = clockStatusTones[status];
	switch (status) {
		case 'running':
			return { status, tone, text: `Due in ${formatDuration(due - now)}` };
		case 'warning':
			return { status, tone, text: `Warning: ${formatDuration(due - now)} left` };
		case 'breached':
			return {
				status,
				tone,
				text: now - due < 60_000 ? 'Breached just now' : `Breached ${formatDuration(now - due)} ago`
			};
		case 'paused':
			return { status, tone, text: 'Paused — waiting on customer' };
		case 'met':
			return { status, tone, text: 'Met' };
		case 'missed': {
			const stoppedAt = Date.parse(clock.pausedAt ?? clock.fulfilledAt ?? clock.dueAt);
			return { status, tone, text: `Missed by ${formatDuration(stoppedAt - due)}` };
		}
	}
}

const zoneFormats = new Map<string, Intl.DateTimeFormat>();

/** `Wed 2 Dec 2026, 10:33` in `timeZone` (an IANA name). */
export function formatInZone(iso: string, timeZone: string): string {
	let format = zoneFormats.get(timeZone);
	if (!format) {
		format = new Intl.DateTimeFormat('en-GB', {
			weekday: 'short',
			day: 'numeric',
			month: 'short',
			year: 'numeric',
			hour: '2-digit',
			minute: '2-digit',
			timeZone
		});
		zoneFormats.set(timeZone, format);
	}
	return format.format(new Date(iso));
}

/** `America/New_York` → `New York`; `UTC` stays. */
export function zoneName(timeZone: string): string {
	return (timeZone.split('/').at(-1) ?? timeZone).replaceAll('_', ' ');
}

const slaKindOrder: SlaEventEntry['kind'][] = [
	'activate',
	'resume',
	'pause',
	'fulfill',
	'warn',
	'breach',
	'escalate'
];

/**
 * SLA events in the order they happened: one sweep may warn, breach and
 * escalate at the same instant, and then the warning reads first.
 */
export function sortSlaEvents(events: SlaEventEntry[]): SlaEventEntry[] {
	return [...events].sort(
		(a, b) =>
			Date.parse(a.at) - Date.parse(b.at) ||
			slaKindOrder.indexOf(a.kind) - slaKindOrder.indexOf(b.kind) ||
			a.level - b.level
	);
}
