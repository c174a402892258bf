/**
 * Business minutes on a business calendar: open time frames per weekday (split
 * shifts allowed) in one IANA time zone, minus holidays. SLA due times, pause
 * accounting and the compliance reports all count with this module, so "how
 * many business minutes passed" has one answer everywhere.
 *
 * Rules, exact to the minute:
 *
 * - Instants are handled at minute precision: seconds and milliseconds are
 *   dropped (floored) first, as `localParts` does. A business minute is the
 *   minute starting at an open instant.
 * - Frames are wall-clock times in the calendar's zone. An instant is open when
 *   the wall clock then shows a time inside a frame of that local day. So a
 *   frame covering an hour the clock skips (spring forward) is shorter that
 *   day, and one covering an hour the clock repeats (fall back) is longer: real
 *   elapsed minutes are counted, never wall-clock differences.
 * - A holiday closes its whole local day; a yearly one closes that month-day in
 *   every year (29 February only in leap years).
 *
 * The calculator steps day by day along stretches of constant UTC offset (about
 * one `Intl` lookup per local day), never minute by minute.
 */
import { z } from 'zod';
import { isValidTimeZone } from './time-zones';
import {
	findOffsetChange,
	isoWeekday,
	localParts,
	msPerDay,
	msPerMinute,
	timeZoneOffsetMs,
	type LocalDate
} from './zoned-time';

/** Minutes from local midnight, end-exclusive: [start, end), 0 ≤ start < end ≤ 1440. */
export type TimeFrame = { start: number; end: number };

/** A closed local day, `YYYY-MM-DD`; when `yearly`, only the month and day count (every year). */
export type Holiday = { date: string; yearly: boolean; name?: string };

export type BusinessCalendar = {
	/** IANA time zone whose wall clock the frames and holidays are read on. */
	timeZone: string;
	/** Open frames per ISO weekday, index 0 = Monday … 6 = Sunday; several per day (split shifts), sorted, non-overlapping. */
	week: TimeFrame[][];
	holidays: Holiday[];
};

const minutesPerDay = 1440;

/** Open 24 hours a day, 7 days a week, in UTC, with no holidays: every minute is a business minute. */
export const alwaysOpenCalendar: BusinessCalendar = {
	timeZone: 'UTC',
	week: Array.from({ length: 7 }, () => [{ start: 0, end: minutesPerDay }]),
	holidays: []
};

/**
 * How long the calculator looks for an opening before giving up with a
 * `RangeError`: about three years of local days without a single open minute.
 * The schema refuses a week with no open minute; this catches the rest
 * (holidays covering every open day, hand-built calendars).
 */
const maxClosedStretchMs = 1096 * msPerDay;

const TimeFrameInput = z
	.object({
		start: z
			.number()
			.int('Give times as whole minutes from midnight.')
			.min(0, 'A time frame starts at 00:00 (0) at the earliest.')
			.max(minutesPerDay - 1, 'A time frame starts at 23:59 (1439) at the latest.'),
		end: z
			.number()
			.int('Give times as whole minutes from midnight.')
			.min(1, 'A time frame ends at 00:01 (1) at the earliest.')
			.max(minutesPerDay, 'A time frame ends at 24:00 (1440) at the latest.')
	})
	.refine((frame) => frame.start < frame.end, {
		message: 'A time frame must end after it starts.',
		path: ['end']
	});

const OpenDayInput = z
	.array(TimeFrameInput)
	.max(48, 'Use at most 48 time frames a day.')
	.transform((frames) => [...frames].sort((a, b) => a.start - b.start || a.end - b.end))
	.refine(
		(frames) =>
			frames.every((frame, index) => index === 0 || frames[index - 1]!.end <= frame.start),
		{ message: 'Time frames on the same day must not overlap.' }
	);

const HolidayInput = z.object({
	date: z.string().refine(isCalendarDate, 'Use a real date written as YYYY-MM-DD.'),
	yearly: z.boolean().default(false),
	name: z.string().trim().min(1).max(100).optional()
});

/**
 * A business calendar from outside (the policy editor, the API): a valid IANA
 * zone, seven days Monday first, frames within 00:00–24:00 that end after they
 * start and do not overlap (sorted here), real holiday dates, and at least one
 * open minute in the week.
 */
export const BusinessCalendarInput = z
	.object({
		timeZone: z.string().refine(isValidTimeZone, 'Use an IANA time zone such as Europe/Berlin.'),
		week: z.array(OpenDayInput).length(7, 'Give the open hours of all seven days, Monday first.'),
		holidays: z.array(HolidayInput).max(1000, 'Use at most 1000 holidays.').default([])
	})
	.refine((calendar) => calendar.week.some((frames) => frames.length > 0), {
		message: 'The calendar must be open at least one minute a week.',
		path: ['week']
	});
export type BusinessCalendarInput = z.input<typeof BusinessCalendarInput>;

/** Whether `at` falls inside an open frame of its local day (at minute precision, in the calendar's zone). */
export function isOpenAt(calendar: BusinessCalendar, at: Date): boolean {
	const local = localParts(requireInstant(at), calendar.timeZone);
	const minute = local.hour * 60 + local.minute;
	const frames = calendar.week[local.weekday - 1] ?? [];
	return (
		frames.some((frame) => frame.start <= minute && minute < frame.end) &&
		!holidayChecker(calendar.holidays)(local)
	);
}

/**
 * The first open instant at or after `from`: `from` floored to the minute when
 * that is open, else the start of the next open frame (on a day whose frame
 * starts in a skipped hour, when the clock jumps past it).
 *
 * Throws a `RangeError` when no minute is open within about three years.
 */
export function nextOpening(calendar: BusinessCalendar, from: Date): Date {
	for (const [start] of openSpans(calendar, floorToMinute(from), Infinity)) return new Date(start);
	throw new RangeError('unreachable: openSpans ends only by throwing');
}

/**
 * The instant by which exactly `minutes` business minutes have passed since
 * `from`, taken as the first open instant at that point: the start of the next
 * business minute. So adding 0 outside business hours gives the next opening,
 * adding 0 inside gives `from` floored to the minute, and a target that runs
 * out at closing time is due at the next opening (Friday 16:00 + 60 with
 * 09:00–17:00 is Monday 09:00: no business minute passes in between).
 *
 * Invariants: `countBusinessMinutes(from, result) === minutes`, the result is
 * open, and adding `a` then `b` equals adding `a + b`.
 *
 * `minutes` is a whole number ≥ 0 (else `RangeError`). Throws a `RangeError`
 * when no minute is open within about three years.
 */
export function addBusinessMinutes(calendar: BusinessCalendar, from: Date, minutes: number): Date {
	if (!Number.isInteger(minutes) || minutes < 0) {
		throw new RangeError(`Business minutes to add must be a whole number ≥ 0, not ${minutes}.`);
	}
	let left = minutes * msPerMinute;
	for (const [start, end] of openSpans(calendar, floorToMinute(from), Infinity)) {
		if (left < end - start) return new Date(start + left);
		left -= end - start;
	}
	throw new RangeError('unreachable: openSpans ends only by throwing');
}

/**
 * The business minutes in [`from`, `to`) (end-exclusive, both floored to the
 * minute), counted in the calendar's zone; 0 when `to` ≤ `from`. Additive:
 * count(a, c) = count(a, b) + count(b, c) for a ≤ b ≤ c.
 */
export function countBusinessMinutes(calendar: BusinessCalendar, from: Date, to: Date): number {
	const fromMs = floorToMinute(from);
	const toMs = floorToMinute(to);
	let total = 0;
	for (const [start, end] of openSpans(calendar, fromMs, toMs)) total += end - start;
	return total / msPerMinute;
}

/**
 * The open stretches of real time from `fromMs` on, as [start, end) in ms, in
 * order and disjoint (neighbours may touch), clipped to [`fromMs`, `untilMs`).
 *
 * Walks one local day at a time, split where the UTC offset changes: within a
 * piece of constant offset the wall clock is the instant plus the offset, so a
 * frame's wall times map to instants by subtraction, and a wall time the clock
 * skips or repeats is simply absent from, or present twice in, the pieces.
 */
function* openSpans(
	calendar: BusinessCalendar,
	fromMs: number,
	untilMs: number
): Generator<[number, number]> {
	const { timeZone, week } = calendar;
	const isHoliday = holidayChecker(calendar.holidays);
	let at = fromMs;
	let lastOpenMs = fromMs;
	while (at < untilMs) {
		const offset = timeZoneOffsetMs(new Date(at), timeZone);
		const wallDay = Math.floor((at + offset) / msPerDay);
		const dayStartMs = wallDay * msPerDay - offset;
		let pieceEnd = Math.min(untilMs, dayStartMs + msPerDay);
		const change = findOffsetChange(new Date(at), new Date(pieceEnd), timeZone);
		if (change) pieceEnd = change.getTime();
		const date = localDateOfWallDay(wallDay);
		const frames = week[isoWeekday(date) - 1] ?? [];
		if (frames.length > 0 && !isHoliday(date)) {
			for (const frame of frames) {
				const start = Math.max(at, dayStartMs + frame.start * msPerMinute);
				const end = Math.min(pieceEnd, dayStartMs + frame.end * msPerMinute);
				if (start < end) {
					yield [start, end];
					lastOpenMs = end;
				}
			}
		}
		at = pieceEnd;
		if (untilMs === Infinity && at - lastOpenMs > maxClosedStretchMs) {
			throw new RangeError(
				`The business calendar in ${timeZone} has no open minute in the three years after ${new Date(lastOpenMs).toISOString()}.`
			);
		}
	}
}

/** A test for "is this local date a holiday", built once per call from the list. */
function holidayChecker(holidays: readonly Holiday[]): (date: LocalDate) => boolean {
	if (holidays.length === 0) return () => false;
	const single = new Set<number>();
	const yearly = new Set<number>();
	for (const holiday of holidays) {
		const year = Number(holiday.date.slice(0, 4));
		const monthDay = Number(holiday.date.slice(5, 7)) * 100 + Number(holiday.date.slice(8, 10));
		if (holiday.yearly) yearly.add(monthDay);
		else single.add(year * 10_000 + monthDay);
	}
	return (date) => {
		const monthDay = date.month * 100 + date.day;
		return yearly.has(monthDay) || single.has(date.year * 10_000 + monthDay);
	};
}

/** The calendar date of a wall-clock day counted from 1970-01-01. */
function localDateOfWallDay(wallDay: number): LocalDate {
	const wall = new Date(wallDay * msPerDay);
	return { year: wall.getUTCFullYear(), month: wall.getUTCMonth() + 1, day: wall.getUTCDate() };
}

function isCalendarDate(value: string): boolean {
	const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
	if (!match) return false;
	const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
	const date = new Date(Date.UTC(2000, month - 1, day));
	date.setUTCFullYear(year);
	return date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

function requireInstant(instant: Date): Date {
	if (Number.isNaN(instant.getTime()))
		throw new RangeError('Expected a valid date, got an invalid one.');
	return instant;
}

function floorToMinute(instant: Date): number {
	return Math.floor(requireInstant(instant).getTime() / msPerMinute) * msPerMinute;
}
