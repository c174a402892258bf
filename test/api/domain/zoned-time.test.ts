import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
	addDays,
	addLocalDays,
	findOffsetChange,
	isoWeekday,
	localParts,
	msPerMinute,
	timeZoneOffsetMs,
	zonedToInstant,
	type LocalDateTime
} from '../../../api/domain/zoned-time';

const zones = [
	'Europe/Berlin',
	'America/New_York',
	'Australia/Lord_Howe',
	'Asia/Kathmandu',
	'UTC',
	'Antarctica/Troll',
	'America/St_Johns',
	'Pacific/Apia'
];

/** Known offset changes (instant of the change, in UTC), to aim random cases at. */
const knownChanges = [
	'2025-03-30T01:00:00Z', // Berlin, spring forward 02:00 → 03:00
	'2025-10-26T01:00:00Z', // Berlin, fall back 03:00 → 02:00
	'2025-03-09T07:00:00Z', // New York, 02:00 → 03:00
	'2025-11-02T06:00:00Z', // New York, 02:00 → 01:00
	'2025-10-04T15:30:00Z', // Lord Howe, 02:00 → 02:30
	'2025-04-05T15:00:00Z', // Lord Howe, 02:00 → 01:30
	'1985-12-31T18:30:00Z', // Kathmandu, +05:30 → +05:45 (00:00 → 00:15)
	'2025-03-30T01:00:00Z', // Troll, +00 → +02 (01:00 → 03:00)
	'2025-10-26T01:00:00Z', // Troll, +02 → +00 (03:00 → 01:00)
	'2011-12-30T10:00:00Z' // Apia skips 30 December 2011 entirely
].map((iso) => Date.parse(iso));

const wall = (iso: string): LocalDateTime => {
	const [date = '', time = ''] = iso.split('T');
	const [year = 0, month = 0, day = 0] = date.split('-').map(Number);
	const [hour = 0, minute = 0] = time.split(':').map(Number);
	return { year, month, day, hour, minute };
};

/** An independent oracle: what `Intl` itself says, via formatToParts. */
function oracleParts(instant: Date, timeZone: string) {
	const parts = new Intl.DateTimeFormat('en-US', {
		timeZone,
		hourCycle: 'h23',
		weekday: 'short',
		year: 'numeric',
		month: 'numeric',
		day: 'numeric',
		hour: 'numeric',
		minute: 'numeric'
	}).formatToParts(instant);
	const field = (type: string) => parts.find((part) => part.type === type)?.value ?? '';
	return {
		year: Number(field('year')),
		month: Number(field('month')),
		day: Number(field('day')),
		hour: Number(field('hour')),
		minute: Number(field('minute')),
		weekday: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(field('weekday')) + 1
	};
}

const sameWall = (a: LocalDateTime, b: LocalDateTime) =>
	a.year === b.year &&
	a.month === b.month &&
	a.day === b.day &&
	a.hour === b.hour &&
	a.minute === b.minute;

/** Minute-aligned instants: uniform over 1970–2040, or within six hours of a known offset change. */
const instants = fc.oneof(
	fc.integer({ min: 0, max: 2_208_988_800 / 60 }).map((minute) => new Date(minute * msPerMinute)),
	fc
		.tuple(fc.constantFrom(...knownChanges), fc.integer({ min: -360, max: 360 }))
		.map(([change, minutes]) => new Date(change + minutes * msPerMinute))
);

describe('localParts', () => {
	it.each([
		['UTC', '2025-06-01T12:34:56Z', '2025-06-01T12:34', 7],
		['Europe/Berlin', '2025-01-15T23:30:00Z', '2025-01-16T00:30', 4],
		['Europe/Berlin', '2025-03-30T00:59:59Z', '2025-03-30T01:59', 7],
		['Europe/Berlin', '2025-03-30T01:00:00Z', '2025-03-30T03:00', 7],
		['Europe/Berlin', '2025-10-26T00:30:00Z', '2025-10-26T02:30', 7],
		['Europe/Berlin', '2025-10-26T01:30:00Z', '2025-10-26T02:30', 7],
		['America/New_York', '2025-03-09T06:59:00Z', '2025-03-09T01:59', 7],
		['America/New_York', '2025-03-09T07:00:00Z', '2025-03-09T03:00', 7],
		['America/New_York', '2025-11-02T05:30:00Z', '2025-11-02T01:30', 7],
		['America/New_York', '2025-11-02T06:30:00Z', '2025-11-02T01:30', 7],
		['America/New_York', '2025-01-01T03:00:00Z', '2024-12-31T22:00', 2],
		['Australia/Lord_Howe', '2025-10-04T15:29:00Z', '2025-10-05T01:59', 7],
		['Australia/Lord_Howe', '2025-10-04T15:30:00Z', '2025-10-05T02:30', 7],
		['Australia/Lord_Howe', '2025-04-05T14:59:00Z', '2025-04-06T01:59', 7],
		['Australia/Lord_Howe', '2025-04-05T15:00:00Z', '2025-04-06T01:30', 7],
		['Asia/Kathmandu', '2025-06-01T00:00:00Z', '2025-06-01T05:45', 7],
		['Asia/Kathmandu', '1985-12-31T18:29:00Z', '1985-12-31T23:59', 2],
		['Asia/Kathmandu', '1985-12-31T18:30:00Z', '1986-01-01T00:15', 3]
	])('in %s, %s reads %s (weekday %i)', (zone, iso, expected, weekday) => {
		expect(localParts(new Date(iso), zone)).toEqual({ ...wall(expected), weekday });
	});

	it('drops seconds rather than rounding them', () => {
		expect(localParts(new Date('2025-06-01T12:34:59.999Z'), 'UTC').minute).toBe(34);
	});

	it('reads years before 1000 and before 1970', () => {
		expect(localParts(new Date('0500-06-01T12:00:00Z'), 'UTC')).toEqual({
			...wall('0500-06-01T12:00'),
			weekday: 2
		});
		expect(localParts(new Date('1969-12-31T23:59:00Z'), 'UTC')).toEqual({
			...wall('1969-12-31T23:59'),
			weekday: 3
		});
	});

	it('throws a RangeError for an unknown zone', () => {
		expect(() => localParts(new Date(0), 'Mars/Olympus')).toThrow(RangeError);
	});

	it('agrees with Intl.formatToParts everywhere, weekday included', () => {
		fc.assert(
			fc.property(instants, fc.constantFrom(...zones), (instant, zone) => {
				expect(localParts(instant, zone)).toEqual(oracleParts(instant, zone));
			}),
			{ numRuns: 2000 }
		);
	});

	it('gives the same answer however calls to different zones interleave', () => {
		const instant = new Date('2025-10-26T01:30:00Z');
		const first = zones.map((zone) => localParts(instant, zone));
		const again = [...zones]
			.reverse()
			.map((zone) => localParts(instant, zone))
			.reverse();
		expect(again).toEqual(first);
	});
});

describe('zonedToInstant', () => {
	it.each([
		['UTC', '2025-06-01T12:34', '2025-06-01T12:34:00.000Z', 'a plain time'],
		['Europe/Berlin', '2025-01-16T00:30', '2025-01-15T23:30:00.000Z', 'winter'],
		['Europe/Berlin', '2025-07-01T09:00', '2025-07-01T07:00:00.000Z', 'summer'],
		[
			'Europe/Berlin',
			'2025-03-30T02:30',
			'2025-03-30T01:30:00.000Z',
			'the gap moves forward to 03:30 CEST'
		],
		[
			'Europe/Berlin',
			'2025-03-30T02:00',
			'2025-03-30T01:00:00.000Z',
			'the gap start is the change itself'
		],
		[
			'Europe/Berlin',
			'2025-10-26T02:30',
			'2025-10-26T00:30:00.000Z',
			'the overlap takes the earlier (CEST)'
		],
		['Europe/Berlin', '2025-10-26T03:00', '2025-10-26T02:00:00.000Z', 'just after the overlap'],
		[
			'America/New_York',
			'2025-03-09T02:30',
			'2025-03-09T07:30:00.000Z',
			'the gap moves forward to 03:30 EDT'
		],
		[
			'America/New_York',
			'2025-11-02T01:30',
			'2025-11-02T05:30:00.000Z',
			'the overlap takes the earlier (EDT)'
		],
		[
			'Australia/Lord_Howe',
			'2025-10-05T02:15',
			'2025-10-04T15:45:00.000Z',
			'the 30-minute gap moves to 02:45'
		],
		[
			'Australia/Lord_Howe',
			'2025-04-06T01:45',
			'2025-04-05T14:45:00.000Z',
			'the 30-minute overlap takes +11'
		],
		[
			'Australia/Lord_Howe',
			'2025-04-06T02:00',
			'2025-04-05T15:30:00.000Z',
			'just after the 30-minute overlap'
		],
		['Asia/Kathmandu', '2025-06-01T09:00', '2025-06-01T03:15:00.000Z', 'a +05:45 zone'],
		['Asia/Kathmandu', '1986-01-01T00:10', '1985-12-31T18:40:00.000Z', 'the 15-minute gap of 1986'],
		[
			'Pacific/Apia',
			'2011-12-30T12:00',
			'2011-12-30T22:00:00.000Z',
			'a skipped day moves forward a whole day'
		]
	])('in %s, %s is %s (%s)', (zone, local, expected) => {
		expect(zonedToInstant(wall(local), zone).toISOString()).toBe(expected);
	});

	it('rolls over out-of-range fields like Date.UTC', () => {
		expect(zonedToInstant(wall('2025-01-32T24:00'), 'UTC').toISOString()).toBe(
			'2025-02-02T00:00:00.000Z'
		);
	});

	it('round-trips every instant, or lands on the earlier of two instants showing the same wall time', () => {
		fc.assert(
			fc.property(instants, fc.constantFrom(...zones), (instant, zone) => {
				const shown = localParts(instant, zone);
				const back = zonedToInstant(shown, zone);
				expect(sameWall(localParts(back, zone), shown)).toBe(true);
				expect(back.getTime()).toBeLessThanOrEqual(instant.getTime());
				// Nothing earlier (within a day) shows the same wall time.
				for (let minutes = 1; minutes <= 180; minutes++) {
					const earlier = new Date(back.getTime() - minutes * msPerMinute);
					expect(sameWall(localParts(earlier, zone), shown)).toBe(false);
				}
			}),
			{ numRuns: 300 }
		);
	});

	it('moves a wall time that never happens forward by exactly the gap', () => {
		let gapsSeen = 0;
		fc.assert(
			fc.property(
				fc.constantFrom(...knownChanges),
				fc.constantFrom(...zones),
				fc.integer({ min: 1, max: 24 * 60 + 60 }),
				(change, zone, minutes) => {
					// Wall times just after the clock reading before a change: inside its gap, if it has one.
					const justBefore = localParts(new Date(change - msPerMinute), zone);
					const target = normalize({ ...justBefore, minute: justBefore.minute + minutes });
					const result = zonedToInstant(target, zone);
					const shown = localParts(result, zone);
					if (sameWall(shown, target)) return;
					gapsSeen++;
					const gapMs =
						timeZoneOffsetMs(result, zone) -
						timeZoneOffsetMs(new Date(result.getTime() - 86_400_000), zone);
					expect(gapMs).toBeGreaterThan(0);
					expect(wallMs(shown) - wallMs(target)).toBe(gapMs);
					for (let step = -180; step <= 180; step++) {
						const nearby = new Date(result.getTime() + step * msPerMinute);
						expect(sameWall(localParts(nearby, zone), target)).toBe(false);
					}
				}
			),
			{ numRuns: 400 }
		);
		expect(gapsSeen).toBeGreaterThan(0);
	});
});

const wallMs = (time: LocalDateTime) =>
	Date.UTC(time.year, time.month - 1, time.day, time.hour, time.minute);
const normalize = (time: LocalDateTime): LocalDateTime => {
	const date = new Date(wallMs(time));
	return {
		year: date.getUTCFullYear(),
		month: date.getUTCMonth() + 1,
		day: date.getUTCDate(),
		hour: date.getUTCHours(),
		minute: date.getUTCMinutes()
	};
};

describe('findOffsetChange', () => {
	it.each([
		['Europe/Berlin', '2025-03-01T00:00:00Z', '2025-04-01T00:00:00Z', '2025-03-30T01:00:00.000Z'],
		['Europe/Berlin', '2025-03-30T01:00:00Z', '2025-10-01T00:00:00Z', null],
		[
			'Europe/Berlin',
			'2025-03-30T00:59:59.500Z',
			'2025-03-30T01:00:00Z',
			'2025-03-30T01:00:00.000Z'
		],
		[
			'Australia/Lord_Howe',
			'2025-10-01T00:00:00Z',
			'2025-10-10T00:00:00Z',
			'2025-10-04T15:30:00.000Z'
		],
		['Asia/Kathmandu', '1985-12-01T00:00:00Z', '1986-02-01T00:00:00Z', '1985-12-31T18:30:00.000Z'],
		['UTC', '2000-01-01T00:00:00Z', '2030-01-01T00:00:00Z', null]
	])('in %s between %s and %s: %s', (zone, after, until, expected) => {
		expect(findOffsetChange(new Date(after), new Date(until), zone)?.toISOString() ?? null).toBe(
			expected
		);
	});

	it('finds the change itself: the offset differs there and not a second before', () => {
		fc.assert(
			fc.property(fc.constantFrom(...knownChanges), fc.constantFrom(...zones), (change, zone) => {
				const found = findOffsetChange(
					new Date(change - 3 * 86_400_000),
					new Date(change + 86_400_000),
					zone
				);
				if (!found) return;
				const before = timeZoneOffsetMs(new Date(found.getTime() - 1000), zone);
				expect(timeZoneOffsetMs(found, zone)).not.toBe(before);
				expect(timeZoneOffsetMs(new Date(change - 3 * 86_400_000), zone)).toBe(before);
			})
		);
	});
});

describe('calendar helpers', () => {
	it.each([
		[{ year: 2025, month: 1, day: 31 }, 1, { year: 2025, month: 2, day: 1 }],
		[{ year: 2024, month: 2, day: 28 }, 1, { year: 2024, month: 2, day: 29 }],
		[{ year: 2025, month: 1, day: 1 }, -1, { year: 2024, month: 12, day: 31 }],
		[{ year: 2025, month: 3, day: 29 }, 1, { year: 2025, month: 3, day: 30 }],
		[{ year: 50, month: 12, day: 31 }, 1, { year: 51, month: 1, day: 1 }]
	])('%o plus %i calendar days is %o', (date, days, expected) => {
		expect(addLocalDays(date, days)).toEqual(expected);
	});

	it.each([
		[{ year: 2025, month: 6, day: 2 }, 1],
		[{ year: 2025, month: 6, day: 8 }, 7],
		[{ year: 1970, month: 1, day: 1 }, 4],
		[{ year: 1, month: 1, day: 1 }, 1],
		[{ year: 2000, month: 2, day: 29 }, 2]
	])('%o is ISO weekday %i', (date, weekday) => {
		expect(isoWeekday(date)).toBe(weekday);
	});

	it('adds elapsed days, so the wall clock shifts across a DST change', () => {
		const saturdayNoon = new Date('2025-03-29T11:00:00Z');
		expect(addDays(saturdayNoon, 1).toISOString()).toBe('2025-03-30T11:00:00.000Z');
		expect(localParts(addDays(saturdayNoon, 1), 'Europe/Berlin').hour).toBe(13);
	});
});
