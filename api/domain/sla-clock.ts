/**
 * The SLA timers of a complaint case, as values: one clock per target (first
 * response, next response, resolution), counting business minutes on the
 * case's business calendar. The case workflow starts, pauses, resumes and
 * fulfils clocks; the sweep asks `nextDeadline` what to act on; the console
 * shows `clockStatus` and `remainingBusinessMinutes`. All of them read the
 * same few instants, so a countdown, a warning and a breach always agree.
 *
 * Conventions (from `business-calendar.ts`): instants are compared as given,
 * business minutes are counted at minute precision, and a due time is the
 * start of the first business minute beyond the target. The clock is breached
 * from `dueAt` on, so fulfilling at or after `dueAt` is a miss.
 */
import {
	addBusinessMinutes,
	countBusinessMinutes,
	type BusinessCalendar
} from './business-calendar';

export const slaTargets = ['first_response', 'next_response', 'resolution'] as const;
export type SlaTarget = (typeof slaTargets)[number];

/**
 * When to warn before a target is due, in business minutes: once `share` of the
 * target has elapsed (0 < share < 1, default 0.75), or `leadMinutes` before it
 * is due (a whole number ≥ 1). When both are given `leadMinutes` wins: an
 * explicit lead time is the more specific instruction.
 */
export type WarningRule = { share?: number; leadMinutes?: number };

export const defaultWarningShare = 0.75;

export type SlaClock = {
	target: SlaTarget;
	/** Business minutes allowed. */
	minutes: number;
	startedAt: Date;
	/** When the assignee is warned; null when no warning applies. */
	warnAt: Date | null;
	/** The first instant past the target: the clock is breached from here on. */
	dueAt: Date;
	/** Set while paused (waiting on the customer). */
	pausedAt: Date | null;
	fulfilledAt: Date | null;
};

export type ClockStatus = 'running' | 'warning' | 'breached' | 'paused' | 'met' | 'missed';

/**
 * A running clock for `target` from `now`: due after `minutes` business
 * minutes (a whole number ≥ 0), warned per `warning` (default: at 75 % of the
 * target; `null` for no warning).
 *
 * `warnAt` is the instant the warning's business minutes have elapsed (a share
 * is rounded up to the whole minute), and null when that is not strictly
 * between the start and the due time (a lead as long as the target, or a
 * target too short to warn before).
 */
export function startClock(input: {
	calendar: BusinessCalendar;
	target: SlaTarget;
	minutes: number;
	warning?: WarningRule | null;
	now: Date;
}): SlaClock {
	const { calendar, target, minutes, now } = input;
	if (!Number.isInteger(minutes) || minutes < 0) {
		throw new RangeError(
			`An SLA target is a whole number of business minutes ≥ 0, not ${minutes}.`
		);
	}
	const warnAfter = input.warning === null ? null : warningMinutes(minutes, input.warning ?? {});
	return {
		target,
		minutes,
		startedAt: now,
		warnAt:
			warnAfter !== null && warnAfter > 0 && warnAfter < minutes
				? addBusinessMinutes(calendar, now, warnAfter)
				: null,
		dueAt: addBusinessMinutes(calendar, now, minutes),
		pausedAt: null,
		fulfilledAt: null
	};
}

/** The clock stopped at `now` (waiting on the customer). The same clock when already paused or fulfilled. */
export function pauseClock(clock: SlaClock, now: Date): SlaClock {
	if (clock.pausedAt || clock.fulfilledAt) return clock;
	return { ...clock, pausedAt: now };
}

/**
 * The clock running again from `now`: `dueAt` and `warnAt` each move later by
 * exactly the p = countBusinessMinutes(pausedAt, now) business minutes spent
 * paused (each becomes addBusinessMinutes(itself, p)). So
 * countBusinessMinutes(startedAt, dueAt) − (all paused minutes) is still the
 * target, and a clock paused before its due time resumes with the business
 * minutes it had left: dueAt = addBusinessMinutes(now, remaining at the
 * pause). A warning or breach already passed stays passed.
 *
 * The same clock when not paused, or fulfilled (a fulfilled clock is final).
 */
export function resumeClock(calendar: BusinessCalendar, clock: SlaClock, now: Date): SlaClock {
	if (!clock.pausedAt || clock.fulfilledAt) return clock;
	const paused = countBusinessMinutes(calendar, clock.pausedAt, now);
	return {
		...clock,
		warnAt: clock.warnAt && addBusinessMinutes(calendar, clock.warnAt, paused),
		dueAt: addBusinessMinutes(calendar, clock.dueAt, paused),
		pausedAt: null
	};
}

/**
 * The clock fulfilled at `now` (the reply sent, the case resolved). A paused
 * clock is fulfilled too, and judged at its pause: time spent waiting on the
 * customer never counts. The same clock when already fulfilled.
 */
export function fulfilClock(clock: SlaClock, now: Date): SlaClock {
	if (clock.fulfilledAt) return clock;
	return { ...clock, fulfilledAt: now };
}

/**
 * Where the clock stands at `now`. Fulfilled: `met`, or `missed` when it
 * stopped (at its pause, else at fulfilment) at or after `dueAt`. Paused:
 * `paused`. Else `breached` from `dueAt` on, `warning` from `warnAt` on,
 * `running` before. A clock fulfilled at t is `missed` exactly when it was
 * `breached` at t.
 */
export function clockStatus(clock: SlaClock, now: Date): ClockStatus {
	if (clock.fulfilledAt) {
		const stoppedAt = clock.pausedAt ?? clock.fulfilledAt;
		return stoppedAt.getTime() >= clock.dueAt.getTime() ? 'missed' : 'met';
	}
	if (clock.pausedAt) return 'paused';
	if (now.getTime() >= clock.dueAt.getTime()) return 'breached';
	if (clock.warnAt && now.getTime() >= clock.warnAt.getTime()) return 'warning';
	return 'running';
}

/**
 * Business minutes left until `dueAt`, in the calendar's zone, measured at
 * `now`, or where the clock stopped (its pause, else its fulfilment).
 * Negative when overdue: minus the business minutes past `dueAt`. 0 from the
 * last business minute's end until `dueAt` (say Friday 17:00 until Monday
 * 09:00) and at `dueAt` itself.
 */
export function remainingBusinessMinutes(
	calendar: BusinessCalendar,
	clock: SlaClock,
	now: Date
): number {
	const at = clock.pausedAt ?? clock.fulfilledAt ?? now;
	if (at.getTime() <= clock.dueAt.getTime()) return countBusinessMinutes(calendar, at, clock.dueAt);
	return -countBusinessMinutes(calendar, clock.dueAt, at);
}

/** The next instant a sweep must act on: warnAt when not yet warned, else dueAt when not yet breached; null when fulfilled, paused, or both done. */
export function nextDeadline(
	clock: SlaClock,
	done: { warned: boolean; breached: boolean }
): Date | null {
	if (clock.fulfilledAt || clock.pausedAt) return null;
	if (clock.warnAt && !done.warned) return clock.warnAt;
	if (!done.breached) return clock.dueAt;
	return null;
}

/** Business minutes after the start at which to warn, per `rule`. */
function warningMinutes(minutes: number, rule: WarningRule): number {
	if (rule.leadMinutes !== undefined) {
		if (!Number.isInteger(rule.leadMinutes) || rule.leadMinutes < 1) {
			throw new RangeError(
				`A warning lead is a whole number of business minutes ≥ 1, not ${rule.leadMinutes}.`
			);
		}
		return minutes - rule.leadMinutes;
	}
	const share = rule.share ?? defaultWarningShare;
	if (!(share > 0 && share < 1)) {
		throw new RangeError(`A warning share is between 0 and 1 (exclusive), not ${share}.`);
	}
	// Round away float noise first (0.7 × 10 is 7.000000000000001), then up.
	return Math.ceil(Math.round(share * minutes * 1e6) / 1e6);
}
