/**
 * When a survey email may go out, judged by the contact's own wall clock: on
 * the window's ISO weekdays, from `startHour`:00 up to (not including)
 * `endHour`:00 local time (`endHour` 24 = midnight). The scheduler, the skip
 * reasons' "next possible time" and reminders all ask this module, so they
 * agree on what "inside the window" means across DST changes.
 */
import type { SendWindow } from './survey-definition';
import { findOffsetChange, localParts, msPerDay, msPerHour, timeZoneOffsetMs } from './zoned-time';

/** Whether `now` falls inside `window` on the wall clock of `timeZone`. */
export function isWithinSendWindow(now: Date, timeZone: string, window: SendWindow): boolean {
	const local = localParts(now, timeZone);
	return (
		window.days.includes(local.weekday) &&
		local.hour >= window.startHour &&
		local.hour < window.endHour
	);
}

/**
 * The first instant at or after `from` that is inside `window` in `timeZone`:
 * `from` itself (the same object) when it is inside, else the instant the
 * window next opens.
 *
 * Exact across DST: on a day whose start hour does not exist (Berlin's window
 * starting at 02:00 on the spring-forward Sunday) it opens when the clock jumps
 * past it (03:00 CEST); a start hour that happens twice opens at its first
 * occurrence; a clock set back into the window re-opens it at the change.
 */
export function nextSendWindowOpening(from: Date, timeZone: string, window: SendWindow): Date {
	requireUsableWindow(window);
	let instant = from.getTime();
	// Walk stretches of constant UTC offset: within one, the wall clock is the
	// instant plus the offset, so the next opening is plain arithmetic; if the
	// offset changes before that opening, continue from the change.
	for (let stretch = 0; stretch < 64; stretch++) {
		const offset = timeZoneOffsetMs(new Date(instant), timeZone);
		const wallMs = instant + offset;
		if (isWallTimeInside(wallMs, window)) return stretch === 0 ? from : new Date(instant);
		const opening = new Date(nextWallOpening(wallMs, window) - offset);
		const change = findOffsetChange(new Date(instant), opening, timeZone);
		if (!change) return opening;
		instant = change.getTime();
	}
	throw new Error(`No send-window opening found in ${timeZone} after ${from.toISOString()}`);
}

function requireUsableWindow(window: SendWindow): void {
	if (window.days.length === 0 || !(window.startHour < window.endHour)) {
		throw new RangeError(
			'A send window needs at least one day and a start hour before its end hour.'
		);
	}
}

/** Wall times are handled as ms since 1970-01-01T00:00 on the wall clock ("as if UTC"). */
function isWallTimeInside(wallMs: number, window: SendWindow): boolean {
	const hour = Math.floor(mod(wallMs, msPerDay) / msPerHour);
	return (
		window.days.includes(weekdayOfWallDay(Math.floor(wallMs / msPerDay))) &&
		hour >= window.startHour &&
		hour < window.endHour
	);
}

/** The first window opening strictly after `wallMs`, ignoring offset changes. */
function nextWallOpening(wallMs: number, window: SendWindow): number {
	const today = Math.floor(wallMs / msPerDay);
	for (let day = today; day <= today + 7; day++) {
		const opening = day * msPerDay + window.startHour * msPerHour;
		if (opening > wallMs && window.days.includes(weekdayOfWallDay(day))) return opening;
	}
	throw new RangeError('A send window needs at least one day.');
}

/** ISO weekday of a day counted from 1970-01-01 (a Thursday). */
function weekdayOfWallDay(day: number): number {
	return mod(day + 3, 7) + 1;
}

function mod(value: number, divisor: number): number {
	return ((value % divisor) + divisor) % divisor;
}
