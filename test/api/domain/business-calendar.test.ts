import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
	addBusinessMinutes,
	alwaysOpenCalendar,
	BusinessCalendarInput,
	countBusinessMinutes,
	isOpenAt,
	nextOpening,
	type BusinessCalendar,
	type BusinessCalendarInput as BusinessCalendarInputType,
	type TimeFrame
} from '../../../api/domain/business-calendar';
import { msPerDay, msPerMinute } from '../../../api/domain/zoned-time';

const hours = (from: number, to: number): TimeFrame => ({ start: from * 60, end: to * 60 });
const weekdaysOnly = (frames: TimeFrame[]): TimeFrame[][] => [
	frames,
	frames,
	frames,
	frames,
	frames,
	[],
	[]
];
const everyDay = (frames: TimeFrame[]): TimeFrame[][] => Array.from({ length: 7 }, () => frames);
const sundayOnly = (frames: TimeFrame[]): TimeFrame[][] => [[], [], [], [], [], [], frames];

const berlinOffice: BusinessCalendar = {
	timeZone: 'Europe/Berlin',
	week: weekdaysOnly([hours(9, 17)]),
	holidays: []
};
const berlinSplitShift: BusinessCalendar = {
	timeZone: 'Europe/Berlin',
	week: weekdaysOnly([hours(8, 12), hours(13, 17)]),
	holidays: []
};
const berlinWithHolidays: BusinessCalendar = {
	...berlinOffice,
	holidays: [
		{ date: '2025-06-09', yearly: false, name: 'Whit Monday 2025' },
		{ date: '2000-12-25', yearly: true, name: 'Christmas Day' }
	]
};
/** Open 01:00–04:00 every night: crosses Berlin's 02:00–03:00 change on both DST Sundays. */
const berlinSmallHours: BusinessCalendar = {
	timeZone: 'Europe/Berlin',
	week: everyDay([hours(1, 4)]),
	holidays: []
};
const berlinAllDay: BusinessCalendar = {
	timeZone: 'Europe/Berlin',
	week: everyDay([hours(0, 24)]),
	holidays: []
};
const newYorkOffice: BusinessCalendar = {
	timeZone: 'America/New_York',
	week: weekdaysOnly([hours(9, 17)]),
	holidays: []
};
/** Open 01:00–03:00 every night: New York skips 02:00–03:00 in spring and repeats 01:00–02:00 in autumn. */
const newYorkSmallHours: BusinessCalendar = {
	timeZone: 'America/New_York',
	week: everyDay([hours(1, 3)]),
	holidays: []
};
const kathmanduOffice: BusinessCalendar = {
	timeZone: 'Asia/Kathmandu',
	week: weekdaysOnly([hours(9, 17)]),
	holidays: []
};
const berlinSunday = (start: number, end: number): BusinessCalendar => ({
	timeZone: 'Europe/Berlin',
	week: sundayOnly([{ start, end }]),
	holidays: []
});

describe('addBusinessMinutes', () => {
	it.each([
		[
			'Berlin: Friday 16:30 + 60 → Monday 09:30',
			berlinOffice,
			'2025-06-06T14:30:00Z',
			60,
			'2025-06-09T07:30:00.000Z'
		],
		[
			'Berlin: Friday 16:00 + 60 runs out at closing, so it is due at the next opening, Monday 09:00',
			berlinOffice,
			'2025-06-06T14:00:00Z',
			60,
			'2025-06-09T07:00:00.000Z'
		],
		[
			'Berlin: adding 0 on a Saturday gives the next opening, Monday 09:00',
			berlinOffice,
			'2025-06-07T10:00:00Z',
			0,
			'2025-06-09T07:00:00.000Z'
		],
		[
			'Berlin: adding 0 at 07:30 gives 09:00 that day',
			berlinOffice,
			'2025-06-03T05:30:00Z',
			0,
			'2025-06-03T07:00:00.000Z'
		],
		[
			'Berlin: adding 0 inside hours gives the same minute (seconds dropped)',
			berlinOffice,
			'2025-06-03T08:15:42Z',
			0,
			'2025-06-03T08:15:00.000Z'
		],
		[
			'Berlin: a whole business day from Monday 09:00 is due Tuesday 09:00',
			berlinOffice,
			'2025-06-02T07:00:00Z',
			480,
			'2025-06-03T07:00:00.000Z'
		],
		[
			'Berlin: a business week from Monday 09:00 is due the next Monday 09:00',
			berlinOffice,
			'2025-06-02T07:00:00Z',
			2400,
			'2025-06-09T07:00:00.000Z'
		],
		[
			'Berlin: Friday 16:30 CET + 60 → Monday 09:30 CEST, across the spring-forward weekend',
			berlinOffice,
			'2025-03-28T15:30:00Z',
			60,
			'2025-03-31T07:30:00.000Z'
		],
		[
			'Berlin: Friday 16:30 CEST + 60 → Monday 09:30 CET, across the fall-back weekend',
			berlinOffice,
			'2025-10-24T14:30:00Z',
			60,
			'2025-10-27T08:30:00.000Z'
		],
		[
			'split shift: 11:30 + 60 skips lunch → 13:30',
			berlinSplitShift,
			'2025-06-02T09:30:00Z',
			60,
			'2025-06-02T11:30:00.000Z'
		],
		[
			'split shift: adding 0 at lunch gives 13:00',
			berlinSplitShift,
			'2025-06-02T10:15:00Z',
			0,
			'2025-06-02T11:00:00.000Z'
		],
		[
			'split shift: Monday 16:30 + 60 → Tuesday 08:30',
			berlinSplitShift,
			'2025-06-02T14:30:00Z',
			60,
			'2025-06-03T06:30:00.000Z'
		],
		[
			'Berlin 01:00–04:00 on the spring-forward Sunday: 01:00 CET + 90 → 03:30 CEST (02:00–03:00 never happens)',
			berlinSmallHours,
			'2025-03-30T00:00:00Z',
			90,
			'2025-03-30T01:30:00.000Z'
		],
		[
			'Berlin 01:00–04:00 holds only 120 minutes on the spring-forward Sunday: + 120 → Monday 01:00 CEST',
			berlinSmallHours,
			'2025-03-30T00:00:00Z',
			120,
			'2025-03-30T23:00:00.000Z'
		],
		[
			'Berlin 01:00–04:00 on the fall-back Sunday: 01:00 CEST + 150 → the second 02:30 (CET)',
			berlinSmallHours,
			'2025-10-25T23:00:00Z',
			150,
			'2025-10-26T01:30:00.000Z'
		],
		[
			'New York 01:00–03:00 holds only 60 minutes on the spring-forward Sunday: + 60 → Monday 01:00 EDT',
			newYorkSmallHours,
			'2025-03-09T06:00:00Z',
			60,
			'2025-03-10T05:00:00.000Z'
		],
		[
			'New York 01:00–03:00 on the fall-back Sunday: 01:00 EDT + 150 → 02:30 EST',
			newYorkSmallHours,
			'2025-11-02T05:00:00Z',
			150,
			'2025-11-02T07:30:00.000Z'
		],
		[
			'New York: Friday 16:30 EST + 60 → Monday 09:30 EDT',
			newYorkOffice,
			'2025-03-07T21:30:00Z',
			60,
			'2025-03-10T13:30:00.000Z'
		],
		[
			'New York: Friday 16:30 EDT + 60 → Monday 09:30 EST',
			newYorkOffice,
			'2025-10-31T20:30:00Z',
			60,
			'2025-11-03T14:30:00.000Z'
		],
		[
			'Berlin: Friday 16:30 + 60 skips the Whit Monday holiday → Tuesday 09:30',
			berlinWithHolidays,
			'2025-06-06T14:30:00Z',
			60,
			'2025-06-10T07:30:00.000Z'
		],
		[
			'Berlin: a single-date holiday does not recur (9 June 2026 is an open Tuesday)',
			berlinWithHolidays,
			'2026-06-08T14:30:00Z',
			60,
			'2026-06-09T07:30:00.000Z'
		],
		[
			'Berlin: the yearly 25 December closes Thursday 2025-12-25',
			berlinWithHolidays,
			'2025-12-24T15:30:00Z',
			60,
			'2025-12-26T08:30:00.000Z'
		],
		[
			'Berlin: and Friday 2026-12-25, so Thursday 16:30 + 60 → Monday 09:30',
			berlinWithHolidays,
			'2026-12-24T15:30:00Z',
			60,
			'2026-12-28T08:30:00.000Z'
		],
		[
			'Kathmandu (+05:45): Friday 16:30 + 60 → Monday 09:30',
			kathmanduOffice,
			'2025-06-06T10:45:00Z',
			60,
			'2025-06-09T03:45:00.000Z'
		],
		[
			'Kathmandu: adding 0 on a Sunday gives Monday 09:00, 03:15 UTC',
			kathmanduOffice,
			'2025-06-08T00:00:00Z',
			0,
			'2025-06-09T03:15:00.000Z'
		],
		[
			'24×7: ten days of minutes are ten days',
			alwaysOpenCalendar,
			'2025-06-06T14:30:20Z',
			14_400,
			'2025-06-16T14:30:00.000Z'
		],
		[
			'24×7: adding 0 gives the same minute',
			alwaysOpenCalendar,
			'2025-06-07T10:00:00Z',
			0,
			'2025-06-07T10:00:00.000Z'
		]
	])('%s', (_description, calendar, from, minutes, expected) => {
		expect(addBusinessMinutes(calendar, new Date(from), minutes).toISOString()).toBe(expected);
	});

	it.each([-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY])(
		'refuses to add %s minutes',
		(minutes) => {
			expect(() =>
				addBusinessMinutes(berlinOffice, new Date('2025-06-02T07:00:00Z'), minutes)
			).toThrow(RangeError);
		}
	);
});

describe('countBusinessMinutes', () => {
	it.each([
		[
			'Berlin: Friday 15:00 → Monday 10:00 counts 120 + 60 across the weekend',
			berlinOffice,
			'2025-06-06T13:00:00Z',
			'2025-06-09T08:00:00Z',
			180
		],
		[
			'Berlin: a weekend counts nothing',
			berlinOffice,
			'2025-06-07T00:00:00Z',
			'2025-06-08T21:59:00Z',
			0
		],
		[
			'Berlin: a calendar week counts five 8-hour days',
			berlinOffice,
			'2025-06-01T22:00:00Z',
			'2025-06-08T22:00:00Z',
			2400
		],
		[
			'Berlin: an interval ending before it starts counts 0',
			berlinOffice,
			'2025-06-09T08:00:00Z',
			'2025-06-02T08:00:00Z',
			0
		],
		[
			'Berlin: from 09:00:59 the minute 09:00 counts whole (seconds dropped)',
			berlinOffice,
			'2025-06-02T07:00:59Z',
			'2025-06-02T07:01:00Z',
			1
		],
		[
			'Berlin: and up to 09:00:59 it does not count yet (end-exclusive)',
			berlinOffice,
			'2025-06-02T07:00:00Z',
			'2025-06-02T07:00:59Z',
			0
		],
		[
			'split shift: a Monday counts 4 + 4 hours',
			berlinSplitShift,
			'2025-06-01T22:00:00Z',
			'2025-06-02T22:00:00Z',
			480
		],
		[
			'Berlin 00:00–24:00: the spring-forward Sunday has 23 hours',
			berlinAllDay,
			'2025-03-29T23:00:00Z',
			'2025-03-30T22:00:00Z',
			1380
		],
		[
			'Berlin 00:00–24:00: the fall-back Sunday has 25 hours',
			berlinAllDay,
			'2025-10-25T22:00:00Z',
			'2025-10-26T23:00:00Z',
			1500
		],
		[
			'Berlin 01:00–04:00 is 2 hours long on the spring-forward Sunday',
			berlinSmallHours,
			'2025-03-30T00:00:00Z',
			'2025-03-30T03:00:00Z',
			120
		],
		[
			'Berlin 01:00–04:00 is 4 hours long on the fall-back Sunday',
			berlinSmallHours,
			'2025-10-25T22:00:00Z',
			'2025-10-26T04:00:00Z',
			240
		],
		[
			'New York 01:00–03:00 is 1 hour long on the spring-forward Sunday',
			newYorkSmallHours,
			'2025-03-09T05:00:00Z',
			'2025-03-09T10:00:00Z',
			60
		],
		[
			'New York 01:00–03:00 is 3 hours long on the fall-back Sunday',
			newYorkSmallHours,
			'2025-11-02T04:00:00Z',
			'2025-11-02T09:00:00Z',
			180
		],
		[
			'New York: Friday 16:00 EST → Monday 10:00 EDT',
			newYorkOffice,
			'2025-03-07T21:00:00Z',
			'2025-03-10T14:00:00Z',
			120
		],
		[
			'Berlin: a 02:00–02:30 frame does not happen on the spring-forward Sunday',
			berlinSunday(120, 150),
			'2025-03-29T22:00:00Z',
			'2025-03-30T22:00:00Z',
			0
		],
		[
			'Berlin: a 02:00–03:00 frame happens twice on the fall-back Sunday',
			berlinSunday(120, 180),
			'2025-10-25T22:00:00Z',
			'2025-10-26T23:00:00Z',
			120
		],
		[
			'Berlin: 02:30–04:00 on the fall-back Sunday is 30 minutes (CEST) plus 90 (CET)',
			berlinSunday(150, 240),
			'2025-10-25T22:00:00Z',
			'2025-10-26T23:00:00Z',
			120
		],
		[
			'Berlin: the week of the Whit Monday holiday counts four days',
			berlinWithHolidays,
			'2025-06-08T22:00:00Z',
			'2025-06-15T22:00:00Z',
			1920
		],
		[
			'Berlin: the week of a yearly Christmas Day counts four days',
			berlinWithHolidays,
			'2025-12-21T23:00:00Z',
			'2025-12-28T23:00:00Z',
			1920
		],
		[
			'Kathmandu: Monday, midnight to midnight at +05:45, counts 8 hours',
			kathmanduOffice,
			'2025-06-08T18:15:00Z',
			'2025-06-09T18:15:00Z',
			480
		],
		[
			'24×7: the leap year 2024 has 366 × 1440 minutes',
			alwaysOpenCalendar,
			'2024-01-01T00:00:00Z',
			'2025-01-01T00:00:00Z',
			527_040
		]
	])('%s', (_description, calendar, from, to, expected) => {
		expect(countBusinessMinutes(calendar, new Date(from), new Date(to))).toBe(expected);
	});
});

describe('isOpenAt', () => {
	it.each([
		['Berlin: Monday 09:00 is open', berlinOffice, '2025-06-02T07:00:00Z', true],
		['Berlin: Monday 08:59:59 is not', berlinOffice, '2025-06-02T06:59:59Z', false],
		['Berlin: Monday 16:59:59 is the last open second', berlinOffice, '2025-06-02T14:59:59Z', true],
		['Berlin: Monday 17:00 is closed (end-exclusive)', berlinOffice, '2025-06-02T15:00:00Z', false],
		['Berlin: Saturday is closed', berlinOffice, '2025-06-07T10:00:00Z', false],
		['split shift: 11:59 is open', berlinSplitShift, '2025-06-02T09:59:00Z', true],
		['split shift: 12:00 is lunch', berlinSplitShift, '2025-06-02T10:00:00Z', false],
		['split shift: 13:00 is open again', berlinSplitShift, '2025-06-02T11:00:00Z', true],
		['Berlin: Whit Monday 2025 is a holiday', berlinWithHolidays, '2025-06-09T08:00:00Z', false],
		[
			'Berlin: so is Thursday 25 December 2031 (yearly)',
			berlinWithHolidays,
			'2031-12-25T10:00:00Z',
			false
		],
		['Berlin: but not the day before', berlinWithHolidays, '2031-12-24T10:00:00Z', true],
		[
			'Berlin 02:30–04:00, fall-back Sunday: the first 02:45 (CEST) is open',
			berlinSunday(150, 240),
			'2025-10-26T00:45:00Z',
			true
		],
		[
			'Berlin 02:30–04:00, fall-back Sunday: the second 02:15 (CET) is closed',
			berlinSunday(150, 240),
			'2025-10-26T01:15:00Z',
			false
		],
		['Kathmandu: 09:00 is 03:15 UTC', kathmanduOffice, '2025-06-02T03:15:00Z', true],
		['Kathmandu: 08:59', kathmanduOffice, '2025-06-02T03:14:00Z', false],
		['24×7: always', alwaysOpenCalendar, '2025-12-25T03:00:00Z', true]
	])('%s', (_description, calendar, at, expected) => {
		expect(isOpenAt(calendar, new Date(at))).toBe(expected);
	});
});

describe('nextOpening', () => {
	it.each([
		[
			'Berlin: inside hours, the same minute (seconds dropped)',
			berlinOffice,
			'2025-06-03T08:15:42Z',
			'2025-06-03T08:15:00.000Z'
		],
		[
			'Berlin: Friday 17:00 → Monday 09:00',
			berlinOffice,
			'2025-06-06T15:00:00Z',
			'2025-06-09T07:00:00.000Z'
		],
		[
			'Berlin: a 02:30 opening on the spring-forward Sunday opens when the clock jumps to 03:00',
			berlinSunday(150, 240),
			'2025-03-29T22:00:00Z',
			'2025-03-30T01:00:00.000Z'
		],
		[
			'Berlin: a frame inside the skipped hour waits a week',
			berlinSunday(120, 150),
			'2025-03-29T22:00:00Z',
			'2025-04-06T00:00:00.000Z'
		],
		[
			'Berlin: from the second 02:00 (CET), 02:30–04:00 opens again at the second 02:30',
			berlinSunday(150, 240),
			'2025-10-26T01:00:00Z',
			'2025-10-26T01:30:00.000Z'
		],
		[
			'New York: after the skipped hour, 01:00–03:00 opens Monday 01:00 EDT',
			newYorkSmallHours,
			'2025-03-09T07:00:00Z',
			'2025-03-10T05:00:00.000Z'
		],
		[
			'Kathmandu: Friday 17:00 → Monday 09:00',
			kathmanduOffice,
			'2025-06-06T11:15:00Z',
			'2025-06-09T03:15:00.000Z'
		]
	])('%s', (_description, calendar, from, expected) => {
		expect(nextOpening(calendar, new Date(from)).toISOString()).toBe(expected);
	});

	it('gives up with a RangeError when a calendar never opens', () => {
		const closed: BusinessCalendar = {
			timeZone: 'Europe/Berlin',
			week: everyDay([]),
			holidays: []
		};
		expect(() => nextOpening(closed, new Date('2025-06-02T07:00:00Z'))).toThrow(RangeError);
		expect(() => addBusinessMinutes(closed, new Date('2025-06-02T07:00:00Z'), 0)).toThrow(
			RangeError
		);
		expect(
			countBusinessMinutes(
				closed,
				new Date('2020-01-01T00:00:00Z'),
				new Date('2030-01-01T00:00:00Z')
			)
		).toBe(0);
	});

	it('gives up with a RangeError when yearly holidays close every open day', () => {
		const everyMonthDay = Array.from({ length: 366 }, (_, day) => ({
			date: new Date(Date.UTC(2024, 0, 1 + day)).toISOString().slice(0, 10),
			yearly: true
		}));
		const calendar: BusinessCalendar = { ...berlinOffice, holidays: everyMonthDay };
		expect(() => nextOpening(calendar, new Date('2025-06-02T07:00:00Z'))).toThrow(RangeError);
	});

	it('refuses an invalid date', () => {
		expect(() => nextOpening(berlinOffice, new Date(Number.NaN))).toThrow(RangeError);
	});
});

describe('BusinessCalendarInput', () => {
	it('accepts a calendar, sorts each day’s frames and defaults holidays to none', () => {
		const parsed: BusinessCalendar = BusinessCalendarInput.parse({
			timeZone: 'Europe/Berlin',
			week: [[hours(13, 17), hours(8, 12)], [], [], [], [], [], []]
		});
		expect(parsed.week[0]).toEqual([hours(8, 12), hours(13, 17)]);
		expect(parsed.holidays).toEqual([]);
	});

	it('takes a holiday as a single date unless it says yearly', () => {
		const parsed = BusinessCalendarInput.parse({
			...berlinOffice,
			holidays: [{ date: '2025-06-09' }, { date: '2024-02-29', yearly: true, name: ' Leap day ' }]
		});
		expect(parsed.holidays).toEqual([
			{ date: '2025-06-09', yearly: false },
			{ date: '2024-02-29', yearly: true, name: 'Leap day' }
		]);
	});

	it('accepts touching frames and a frame up to midnight', () => {
		const week = weekdaysOnly([hours(0, 12), hours(12, 24)]);
		expect(BusinessCalendarInput.safeParse({ timeZone: 'UTC', week }).success).toBe(true);
	});

	const valid: BusinessCalendarInputType = {
		timeZone: 'Europe/Berlin',
		week: weekdaysOnly([hours(9, 17)])
	};
	it.each([
		[
			'an unknown zone',
			{ ...valid, timeZone: 'Mars/Olympus_Mons' },
			'timeZone',
			'Use an IANA time zone such as Europe/Berlin.'
		],
		[
			'an offset instead of a zone',
			{ ...valid, timeZone: '+01:00' },
			'timeZone',
			'Use an IANA time zone such as Europe/Berlin.'
		],
		[
			'a week of one day',
			{ ...valid, week: [[hours(9, 17)]] },
			'week',
			'Give the open hours of all seven days, Monday first.'
		],
		[
			'a week with no open minute',
			{ ...valid, week: everyDay([]) },
			'week',
			'The calendar must be open at least one minute a week.'
		],
		[
			'an empty frame',
			{ ...valid, week: weekdaysOnly([{ start: 600, end: 600 }]) },
			'week.0.0.end',
			'A time frame must end after it starts.'
		],
		[
			'a frame past midnight',
			{ ...valid, week: weekdaysOnly([{ start: 600, end: 1441 }]) },
			'week.0.0.end',
			'A time frame ends at 24:00 (1440) at the latest.'
		],
		[
			'a frame before midnight',
			{ ...valid, week: weekdaysOnly([{ start: -1, end: 60 }]) },
			'week.0.0.start',
			'A time frame starts at 00:00 (0) at the earliest.'
		],
		[
			'a fractional minute',
			{ ...valid, week: weekdaysOnly([{ start: 60.5, end: 120 }]) },
			'week.0.0.start',
			'Give times as whole minutes from midnight.'
		],
		[
			'overlapping frames, in any order',
			{ ...valid, week: weekdaysOnly([hours(13, 17), hours(9, 14)]) },
			'week.0',
			'Time frames on the same day must not overlap.'
		],
		[
			'a date that does not exist',
			{ ...valid, holidays: [{ date: '2025-02-29' }] },
			'holidays.0.date',
			'Use a real date written as YYYY-MM-DD.'
		],
		[
			'a date in another format',
			{ ...valid, holidays: [{ date: '25.12.2025' }] },
			'holidays.0.date',
			'Use a real date written as YYYY-MM-DD.'
		]
	])('rejects %s', (_description, input, path, message) => {
		const result = BusinessCalendarInput.safeParse(input);
		expect(result.success).toBe(false);
		expect(
			result.error?.issues.map((issue) => [issue.path.join('.'), issue.message])
		).toContainEqual([path, message]);
	});
});

describe('properties over random calendars', () => {
	const zones = [
		'Europe/Berlin',
		'America/New_York',
		'Australia/Lord_Howe',
		'Asia/Kathmandu',
		'America/St_Johns',
		'UTC'
	];
	const knownChanges = [
		'2025-03-30T01:00:00Z', // Berlin, spring forward
		'2025-10-26T01:00:00Z', // Berlin, fall back
		'2025-03-09T07:00:00Z', // New York, spring forward
		'2025-11-02T06:00:00Z', // New York, fall back
		'2025-10-04T15:30:00Z', // Lord Howe, 02:00 → 02:30
		'2025-04-05T15:00:00Z' // Lord Howe, 02:00 → 01:30
	].map((iso) => Date.parse(iso));

	/** Frame edges on the quarter hour (to hit 02:00 and 03:00) or any minute. */
	const edge = fc.oneof(
		fc.integer({ min: 0, max: 96 }).map((quarter) => quarter * 15),
		fc.integer({ min: 0, max: 1440 })
	);
	const openDay = fc.uniqueArray(edge, { maxLength: 6 }).map((edges) => {
		const sorted = [...edges].sort((a, b) => a - b);
		const frames: TimeFrame[] = [];
		for (let index = 0; index + 1 < sorted.length; index += 2)
			frames.push({ start: sorted[index]!, end: sorted[index + 1]! });
		return frames;
	});
	const holidayDate = fc.oneof(
		fc.constantFrom('2025-03-30', '2025-10-26', '2025-03-09', '2025-11-02', '2025-12-25'),
		fc
			.integer({ min: Date.UTC(2024, 11, 1) / msPerDay, max: Date.UTC(2026, 11, 31) / msPerDay })
			.map((day) => new Date(day * msPerDay).toISOString().slice(0, 10))
	);
	const calendars: fc.Arbitrary<BusinessCalendar> = fc
		.record({
			timeZone: fc.constantFrom(...zones),
			week: fc.array(openDay, { minLength: 7, maxLength: 7 }),
			holidays: fc.array(fc.record({ date: holidayDate, yearly: fc.boolean() }), { maxLength: 6 })
		})
		.filter(
			(calendar) =>
				calendar.week.flat().reduce((sum, frame) => sum + frame.end - frame.start, 0) >= 240
		)
		.map((calendar) => BusinessCalendarInput.parse(calendar));
	const instants = fc.oneof(
		fc
			.integer({
				min: Date.parse('2025-01-01T00:00:00Z') / 1000,
				max: Date.parse('2026-12-31T00:00:00Z') / 1000
			})
			.map((seconds) => new Date(seconds * 1000)),
		fc
			.tuple(
				fc.constantFrom(...knownChanges),
				fc.integer({ min: -3 * 1440, max: 1440 }),
				fc.integer({ min: 0, max: 59 })
			)
			.map(
				([change, minutes, seconds]) => new Date(change + minutes * msPerMinute + seconds * 1000)
			)
	);
	const floored = (instant: Date) => Math.floor(instant.getTime() / msPerMinute) * msPerMinute;

	it('counts back exactly the minutes added: count(from, add(from, m)) = m, ending on an open minute', () => {
		fc.assert(
			fc.property(
				calendars,
				instants,
				fc.integer({ min: 0, max: 20_000 }),
				(calendar, from, minutes) => {
					const due = addBusinessMinutes(calendar, from, minutes);
					expect(countBusinessMinutes(calendar, from, due)).toBe(minutes);
					expect(isOpenAt(calendar, due)).toBe(true);
					expect(due.getTime()).toBeGreaterThanOrEqual(floored(from));
				}
			),
			{ numRuns: 200 }
		);
	});

	it('adds 0 to reach the next opening, and the stretch before it counts nothing', () => {
		fc.assert(
			fc.property(calendars, instants, (calendar, from) => {
				const opening = nextOpening(calendar, from);
				expect(addBusinessMinutes(calendar, from, 0)).toEqual(opening);
				expect(isOpenAt(calendar, opening)).toBe(true);
				expect(countBusinessMinutes(calendar, from, opening)).toBe(0);
				if (opening.getTime() > floored(from))
					expect(isOpenAt(calendar, new Date(opening.getTime() - msPerMinute))).toBe(false);
				else expect(opening.getTime()).toBe(floored(from));
			}),
			{ numRuns: 200 }
		);
	});

	it('never counts a closed minute: each count equals the open minutes found by stepping minute by minute', () => {
		fc.assert(
			fc.property(
				calendars,
				instants,
				fc.integer({ min: 0, max: 2 * 1440 }),
				(calendar, from, length) => {
					const start = floored(from);
					let open = 0;
					for (let minute = 0; minute < length; minute++)
						if (isOpenAt(calendar, new Date(start + minute * msPerMinute))) open++;
					expect(countBusinessMinutes(calendar, from, new Date(start + length * msPerMinute))).toBe(
						open
					);
				}
			),
			{ numRuns: 100 }
		);
	});

	it('counts additively: count(a, c) = count(a, b) + count(b, c) for a ≤ b ≤ c', () => {
		const offsets = fc.integer({ min: 0, max: 40 * 1440 * 60 });
		fc.assert(
			fc.property(calendars, instants, offsets, offsets, (calendar, a, first, second) => {
				const b = new Date(a.getTime() + Math.min(first, second) * 1000);
				const c = new Date(a.getTime() + Math.max(first, second) * 1000);
				expect(countBusinessMinutes(calendar, a, c)).toBe(
					countBusinessMinutes(calendar, a, b) + countBusinessMinutes(calendar, b, c)
				);
				expect(countBusinessMinutes(calendar, c, a)).toBe(0);
			}),
			{ numRuns: 200 }
		);
	});

	it('adds monotonically: more minutes are due strictly later, and adding a then b is adding a + b', () => {
		const minutes = fc.integer({ min: 0, max: 10_000 });
		fc.assert(
			fc.property(calendars, instants, minutes, minutes, (calendar, from, a, b) => {
				const [fewer, more] = a <= b ? [a, b] : [b, a];
				const early = addBusinessMinutes(calendar, from, fewer);
				const late = addBusinessMinutes(calendar, from, more);
				if (fewer === more) expect(late).toEqual(early);
				else expect(late.getTime()).toBeGreaterThan(early.getTime());
				expect(addBusinessMinutes(calendar, early, more - fewer)).toEqual(late);
			}),
			{ numRuns: 200 }
		);
	});

	it('agrees between the 24×7 default and elapsed time', () => {
		fc.assert(
			fc.property(instants, fc.integer({ min: 0, max: 100_000 }), (from, minutes) => {
				const due = addBusinessMinutes(alwaysOpenCalendar, from, minutes);
				expect(due.getTime()).toBe(floored(from) + minutes * msPerMinute);
			})
		);
	});
});
