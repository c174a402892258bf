/**
 * The one module that turns instants into local wall time and back, in any
 * IANA time zone, with nothing but `Intl`. Survey send windows use it today;
 * business calendars (SLA clocks) will reuse it, so it is exact to the minute
 * across DST gaps and overlaps, 30-minute DST (Australia/Lord_Howe) and odd
 * offsets (Asia/Kathmandu, +05:45).
 *
 * Speed matters: the survey scheduler calls `localParts` about 100,000 times a
 * run. One `Intl.DateTimeFormat` is built per zone and kept, with the last
 * answer it gave; `format()` output is parsed by position (much cheaper than
 * `formatToParts`), and the weekday is computed from the date, not formatted.
 *
 * Unknown zones throw a `RangeError` (from `Intl`); validate zones at the edge
 * with `isValidTimeZone` (`time-zones.ts`).
 */

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export type IsoWeekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

/** A calendar date with no zone: month 1–12, day 1–31. */
export type LocalDate = { year: number; month: number; day: number };

/** A wall-clock time with no zone: hour 0–23, minute 0–59. */
export type LocalDateTime = LocalDate & { hour: number; minute: number };

/** What a clock on the wall in some zone shows at an instant. */
export type LocalParts = LocalDateTime & { weekday: IsoWeekday };

export const msPerMinute = 60_000;
export const msPerHour = 3_600_000;
export const msPerDay = 86_400_000;

/**
 * `instant` plus `days` × 24 hours. Exact elapsed days (what cadences and
 * fatigue windows count), not local calendar days: across a DST change the
 * local clock time shifts by the change. For calendar days use `addLocalDays`.
 */
export function addDays(instant: Date, days: number): Date {
	return new Date(instant.getTime() + days * msPerDay);
}

/** `instant` plus `hours` × 60 minutes (elapsed time). */
export function addHours(instant: Date, hours: number): Date {
	return new Date(instant.getTime() + hours * msPerHour);
}

/** The later of two instants (the first on a tie). */
export function laterOf(a: Date, b: Date): Date {
	return b.getTime() > a.getTime() ? b : a;
}

/** The calendar date `days` after `date` (negative goes back); months and years roll over. */
export function addLocalDays(date: LocalDate, days: number): LocalDate {
	const shifted = new Date(wallToUtcMs(date.year, date.month, date.day + days, 0, 0, 0));
	return {
		year: shifted.getUTCFullYear(),
		month: shifted.getUTCMonth() + 1,
		day: shifted.getUTCDate()
	};
}

/** The ISO weekday (1 = Monday … 7 = Sunday) of a calendar date, in the proleptic Gregorian calendar. */
export function isoWeekday(date: LocalDate): IsoWeekday {
	return weekdayOfUtcMs(wallToUtcMs(date.year, date.month, date.day, 0, 0, 0));
}

/**
 * The wall time in `timeZone` at `instant`, to the minute (seconds dropped,
 * never rounded), with its ISO weekday.
 */
export function localParts(instant: Date, timeZone: string): LocalParts {
	const wallMs = instant.getTime() + offsetMsAt(instant.getTime(), timeZone);
	const wall = new Date(wallMs);
	return {
		year: wall.getUTCFullYear(),
		month: wall.getUTCMonth() + 1,
		day: wall.getUTCDate(),
		hour: wall.getUTCHours(),
		minute: wall.getUTCMinutes(),
		weekday: weekdayOfUtcMs(wallMs)
	};
}

/**
 * How far `timeZone`'s wall clock is ahead of UTC at `instant`, in milliseconds
 * (Berlin in summer: 7,200,000; New York in winter: −18,000,000). Whole seconds.
 */
export function timeZoneOffsetMs(instant: Date, timeZone: string): number {
	return offsetMsAt(instant.getTime(), timeZone);
}

/**
 * The instant at which `timeZone`'s wall clock shows `wall` (seconds 0).
 *
 * - A wall time that happens twice (a DST overlap, the clock set back) gives
 *   the earlier instant.
 * - A wall time that never happens (a DST gap, the clock set forward) moves
 *   forward by the length of the gap, as a person would reset a clock: Berlin
 *   02:30 on the spring-forward day is 03:30 CEST. Use `localParts` on the
 *   result to tell whether that happened.
 *
 * Out-of-range fields roll over like `Date.UTC` (day 32 is the next month's first).
 */
export function zonedToInstant(wall: LocalDateTime, timeZone: string): Date {
	const wallMs = wallToUtcMs(wall.year, wall.month, wall.day, wall.hour, wall.minute, 0);
	// Real zones change offset at most once within a day either side, so the
	// offsets a day before and a day after are the only candidates.
	const offsetBefore = offsetMsAt(wallMs - msPerDay, timeZone);
	const offsetAfter = offsetMsAt(wallMs + msPerDay, timeZone);
	const early = wallMs - Math.max(offsetBefore, offsetAfter);
	const late = wallMs - Math.min(offsetBefore, offsetAfter);
	if (offsetMsAt(early, timeZone) + early === wallMs) return new Date(early);
	if (offsetMsAt(late, timeZone) + late === wallMs) return new Date(late);
	// A gap: read the wall time with the offset in force before it.
	return new Date(wallMs - offsetBefore);
}

/**
 * The first instant in (`after`, `until`] at which `timeZone`'s offset differs
 * from its offset at `after`, or null if it is the same throughout. Exact to
 * the second. Assumes no two changes that cancel out within one day, which
 * holds for every real zone.
 */
export function findOffsetChange(after: Date, until: Date, timeZone: string): Date | null {
	const start = after.getTime();
	const end = until.getTime();
	const offset = offsetMsAt(start, timeZone);
	let low = start;
	for (let probe = Math.min(start + msPerDay, end); ; probe = Math.min(probe + msPerDay, end)) {
		if (offsetMsAt(probe, timeZone) !== offset)
			return new Date(bisectOffsetChange(low, probe, offset, timeZone));
		if (probe >= end) return null;
		low = probe;
	}
}

/** The first whole second in (low, high] whose offset is not `offset`; the offset at `high` must differ. */
function bisectOffsetChange(low: number, high: number, offset: number, timeZone: string): number {
	// Offsets are read per whole second, so flooring keeps both ends' offsets.
	let lowSecond = Math.floor(low / 1000);
	let highSecond = Math.floor(high / 1000);
	while (highSecond - lowSecond > 1) {
		const middle = Math.floor((lowSecond + highSecond) / 2);
		if (offsetMsAt(middle * 1000, timeZone) === offset) lowSecond = middle;
		else highSecond = middle;
	}
	return highSecond * 1000;
}

/**
 * Per zone: its formatter, and the last second asked about with its offset.
 * A scheduler run asks about the same `now` for every contact in a zone, so
 * that one-entry memo answers most calls without formatting (and is exact).
 */
type ZoneReader = { formatter: Intl.DateTimeFormat; lastSecondMs: number; lastOffsetMs: number };
const zoneReaders = new Map<string, ZoneReader>();

function readerFor(timeZone: string): ZoneReader {
	let reader = zoneReaders.get(timeZone);
	if (!reader) {
		const formatter = new Intl.DateTimeFormat('en-US', {
			timeZone,
			hourCycle: 'h23',
			year: 'numeric',
			month: '2-digit',
			day: '2-digit',
			hour: '2-digit',
			minute: '2-digit',
			second: '2-digit'
		});
		reader = { formatter, lastSecondMs: Number.NaN, lastOffsetMs: 0 };
		zoneReaders.set(timeZone, reader);
	}
	return reader;
}

/** The zone's offset at `ms` (whole seconds, as `Intl` reports them). */
function offsetMsAt(ms: number, timeZone: string): number {
	const reader = readerFor(timeZone);
	const wholeSecondMs = Math.floor(ms / 1000) * 1000;
	if (wholeSecondMs === reader.lastSecondMs) return reader.lastOffsetMs;
	const text = reader.formatter.format(wholeSecondMs);
	// `MM/DD/YYYY, HH:MM:SS` for years 1000–9999; anything else goes the slow way.
	const wallMs =
		text.length === 20
			? wallToUtcMs(
					digits(text, 6, 10),
					digits(text, 0, 2),
					digits(text, 3, 5),
					digits(text, 12, 14),
					digits(text, 15, 17),
					digits(text, 18, 20)
				)
			: wallMsFromParts(reader.formatter, wholeSecondMs);
	reader.lastSecondMs = wholeSecondMs;
	reader.lastOffsetMs = wallMs - wholeSecondMs;
	return reader.lastOffsetMs;
}

function wallMsFromParts(formatter: Intl.DateTimeFormat, ms: number): number {
	const fields: Record<string, number> = {};
	let isBeforeCommonEra = false;
	for (const part of formatter.formatToParts(ms)) {
		if (part.type === 'era') isBeforeCommonEra = part.value.startsWith('B');
		else if (part.type !== 'literal') fields[part.type] = Number(part.value);
	}
	const year = isBeforeCommonEra ? 1 - (fields.year ?? 0) : (fields.year ?? 0);
	return wallToUtcMs(
		year,
		fields.month ?? 1,
		fields.day ?? 1,
		fields.hour ?? 0,
		fields.minute ?? 0,
		fields.second ?? 0
	);
}

function digits(text: string, from: number, to: number): number {
	let value = 0;
	for (let index = from; index < to; index++) value = value * 10 + text.charCodeAt(index) - 48;
	return value;
}

/** A wall time read as if it were UTC, in ms; years 0–99 are taken literally (unlike `Date.UTC`). */
function wallToUtcMs(
	year: number,
	month: number,
	day: number,
	hour: number,
	minute: number,
	second: number
): number {
	const ms = Date.UTC(year, month - 1, day, hour, minute, second);
	if (year >= 0 && year < 100)
		return new Date(ms).setUTCFullYear(new Date(ms).getUTCFullYear() - 1900);
	return ms;
}

function weekdayOfUtcMs(ms: number): IsoWeekday {
	// 1970-01-01 was a Thursday (ISO 4).
	const days = Math.floor(ms / msPerDay);
	return (((((days + 3) % 7) + 7) % 7) + 1) as IsoWeekday;
}
