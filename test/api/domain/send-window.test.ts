import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isWithinSendWindow, nextSendWindowOpening } from '../../../api/domain/send-window';
import type { SendWindow } from '../../../api/domain/survey-definition';
import { msPerMinute } from '../../../api/domain/zoned-time';

const weekdays = [1, 2, 3, 4, 5];
const officeHours: SendWindow = { days: weekdays, startHour: 9, endHour: 17 };

describe('isWithinSendWindow', () => {
	it.each([
		['Europe/Berlin', '2025-06-02T07:00:00Z', officeHours, true, 'Monday 09:00 opens the window'],
		['Europe/Berlin', '2025-06-02T06:59:59Z', officeHours, false, 'Monday 08:59:59 is before it'],
		[
			'Europe/Berlin',
			'2025-06-02T14:59:59Z',
			officeHours,
			true,
			'Monday 16:59:59 is the last second'
		],
		[
			'Europe/Berlin',
			'2025-06-02T15:00:00Z',
			officeHours,
			false,
			'Monday 17:00 is after it (end exclusive)'
		],
		['Europe/Berlin', '2025-06-07T10:00:00Z', officeHours, false, 'Saturday is not a window day'],
		[
			'America/New_York',
			'2025-06-02T07:00:00Z',
			officeHours,
			false,
			'the same instant is 03:00 in New York'
		],
		[
			'Asia/Kathmandu',
			'2025-06-02T03:15:00Z',
			officeHours,
			true,
			'09:00 in Kathmandu is 03:15 UTC'
		],
		['Asia/Kathmandu', '2025-06-02T03:14:00Z', officeHours, false, '08:59 in Kathmandu'],
		[
			'UTC',
			'2025-06-08T23:59:00Z',
			{ days: [7], startHour: 20, endHour: 24 },
			true,
			'endHour 24 runs to midnight'
		],
		[
			'UTC',
			'2025-06-09T00:00:00Z',
			{ days: [7], startHour: 20, endHour: 24 },
			false,
			'and not past it'
		]
	])('in %s at %s: %s', (zone, iso, window, expected) => {
		expect(isWithinSendWindow(new Date(iso), zone, window)).toBe(expected);
	});
});

describe('nextSendWindowOpening', () => {
	it('returns the very same instant when already inside', () => {
		const from = new Date('2025-06-02T10:00:00Z');
		expect(nextSendWindowOpening(from, 'Europe/Berlin', officeHours)).toBe(from);
	});

	it.each([
		[
			'Europe/Berlin',
			officeHours,
			'2025-06-06T15:00:00Z',
			'2025-06-09T07:00:00.000Z',
			'Friday 17:00 → Monday 09:00'
		],
		[
			'Europe/Berlin',
			officeHours,
			'2025-06-07T08:00:00Z',
			'2025-06-09T07:00:00.000Z',
			'Saturday → Monday 09:00'
		],
		[
			'Europe/Berlin',
			officeHours,
			'2025-06-03T05:30:00Z',
			'2025-06-03T07:00:00.000Z',
			'Tuesday 07:30 → 09:00 that day'
		],
		[
			'Europe/Berlin',
			officeHours,
			'2025-03-28T16:00:00Z',
			'2025-03-31T07:00:00.000Z',
			'Friday 17:00 CET → Monday 09:00 CEST, across the spring change'
		],
		[
			'Europe/Berlin',
			{ days: [7], startHour: 2, endHour: 5 },
			'2025-03-29T22:00:00Z',
			'2025-03-30T01:00:00.000Z',
			'a 02:00 start on the spring-forward Sunday opens when the clock jumps to 03:00'
		],
		[
			'Europe/Berlin',
			{ days: [7], startHour: 2, endHour: 3 },
			'2025-10-25T23:00:00Z',
			'2025-10-26T00:00:00.000Z',
			'a 02:00 start on the fall-back Sunday opens at the first 02:00 (CEST)'
		],
		[
			'Europe/Berlin',
			{ days: [7], startHour: 3, endHour: 4 },
			'2025-10-26T00:30:00Z',
			'2025-10-26T02:00:00.000Z',
			'during the repeated hour, a 03:00 start opens after both 02:00s'
		],
		[
			'America/New_York',
			{ days: [7], startHour: 2, endHour: 4 },
			'2025-03-09T06:00:00Z',
			'2025-03-09T07:00:00.000Z',
			'New York: a 02:00 start on the spring-forward Sunday opens at 03:00 EDT'
		],
		[
			'America/New_York',
			{ days: [7], startHour: 1, endHour: 2 },
			'2025-11-02T04:30:00Z',
			'2025-11-02T05:00:00.000Z',
			'New York: a 01:00 start on the fall-back Sunday opens at 01:00 EDT'
		],
		[
			'America/New_York',
			officeHours,
			'2025-01-03T22:00:00Z',
			'2025-01-06T14:00:00.000Z',
			'New York: Friday 17:00 → Monday 09:00 EST'
		],
		[
			'Australia/Lord_Howe',
			{ days: [7], startHour: 2, endHour: 3 },
			'2025-10-04T14:00:00Z',
			'2025-10-04T15:30:00.000Z',
			'Lord Howe: 02:00–02:30 never happens; the window opens at 02:30 (+11)'
		],
		[
			'Australia/Lord_Howe',
			{ days: [7], startHour: 1, endHour: 2 },
			'2025-04-05T13:00:00Z',
			'2025-04-05T14:00:00.000Z',
			'Lord Howe: a 01:00 start on the fall-back Sunday opens at the first 01:00 (+11)'
		],
		[
			'Australia/Lord_Howe',
			{ days: [7], startHour: 2, endHour: 3 },
			'2025-04-05T15:10:00Z',
			'2025-04-05T15:30:00.000Z',
			'Lord Howe: from the repeated 01:40 (+10:30), a 02:00 start opens twenty minutes later'
		],
		[
			'Asia/Kathmandu',
			officeHours,
			'2025-06-01T00:00:00Z',
			'2025-06-02T03:15:00.000Z',
			'Kathmandu: Sunday → Monday 09:00 (+05:45)'
		],
		[
			'Asia/Kathmandu',
			{ days: [3], startHour: 0, endHour: 1 },
			'1985-12-31T18:00:00Z',
			'1985-12-31T18:30:00.000Z',
			'Kathmandu 1986: midnight never happened; the window opens at 00:15'
		],
		[
			'UTC',
			officeHours,
			'2025-06-06T17:00:00Z',
			'2025-06-09T09:00:00.000Z',
			'UTC: Friday 17:00 → Monday 09:00'
		],
		[
			'UTC',
			{ days: [1], startHour: 20, endHour: 24 },
			'2025-06-09T00:00:00Z',
			'2025-06-09T20:00:00.000Z',
			'UTC: endHour 24 window, from Monday 00:00 → Monday 20:00'
		],
		[
			'UTC',
			{ days: [1], startHour: 0, endHour: 24 },
			'2025-06-10T00:00:00Z',
			'2025-06-16T00:00:00.000Z',
			'UTC: a whole-day window opens at midnight a week later'
		],
		[
			'Antarctica/Troll',
			{ days: [7], startHour: 1, endHour: 2 },
			'2025-10-26T00:30:00Z',
			'2025-10-26T01:00:00.000Z',
			'Troll: the clock set back from 03:00 to 01:00 re-opens a 01:00–02:00 window at the change'
		],
		[
			'Pacific/Apia',
			{ days: [5], startHour: 9, endHour: 17 },
			'2011-12-29T20:00:00Z',
			'2012-01-05T19:00:00.000Z',
			'Apia skipped Friday 30 December 2011, so a Friday window waits a week'
		]
	])('in %s, %o from %s opens at %s (%s)', (zone, window, from, expected) => {
		expect(nextSendWindowOpening(new Date(from), zone, window).toISOString()).toBe(expected);
	});

	it('refuses a window with no days', () => {
		expect(() =>
			nextSendWindowOpening(new Date(0), 'UTC', { days: [], startHour: 9, endHour: 17 })
		).toThrow(RangeError);
	});

	const zones = [
		'Europe/Berlin',
		'America/New_York',
		'Australia/Lord_Howe',
		'Asia/Kathmandu',
		'UTC',
		'Antarctica/Troll',
		'America/St_Johns'
	];
	const changes = [
		'2025-03-30T01:00:00Z',
		'2025-10-26T01:00:00Z',
		'2025-03-09T07:00:00Z',
		'2025-11-02T06:00:00Z',
		'2025-10-04T15:30:00Z',
		'2025-04-05T15:00:00Z'
	].map((iso) => Date.parse(iso));
	const windows: fc.Arbitrary<SendWindow> = fc
		.tuple(
			fc.uniqueArray(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 7 }),
			fc.integer({ min: 0, max: 23 }),
			fc.integer({ min: 1, max: 24 })
		)
		.map(([days, a, b]) => ({ days, startHour: Math.min(a, b - 1), endHour: Math.max(a + 1, b) }))
		.filter((window) => window.endHour <= 24);
	const instants = fc.oneof(
		fc
			.integer({ min: 1_700_000_000, max: 1_800_000_000 })
			.map((seconds) => new Date(seconds * 1000)),
		fc
			.tuple(fc.constantFrom(...changes), fc.integer({ min: -3 * 1440, max: 1440 }))
			.map(([change, minutes]) => new Date(change + minutes * msPerMinute))
	);

	it('returns an instant at or after `from`, inside the window, with no opening in between (minute stepping)', () => {
		fc.assert(
			fc.property(instants, fc.constantFrom(...zones), windows, (from, zone, window) => {
				const opening = nextSendWindowOpening(from, zone, window);
				expect(opening.getTime()).toBeGreaterThanOrEqual(from.getTime());
				expect(isWithinSendWindow(opening, zone, window)).toBe(true);
				expect(opening === from).toBe(isWithinSendWindow(from, zone, window));
				if (opening === from) return;
				expect(isWithinSendWindow(new Date(opening.getTime() - 1), zone, window)).toBe(false);
				let firstInsideBefore: Date | null = null;
				for (
					let at = from.getTime();
					at < opening.getTime() && !firstInsideBefore;
					at += msPerMinute
				) {
					if (isWithinSendWindow(new Date(at), zone, window)) firstInsideBefore = new Date(at);
				}
				expect(firstInsideBefore).toBeNull();
			}),
			{ numRuns: 150 }
		);
	});

	it('opens on a whole minute when asked from a whole minute', () => {
		fc.assert(
			fc.property(instants, fc.constantFrom(...zones), windows, (from, zone, window) => {
				const minuteAligned = new Date(Math.floor(from.getTime() / msPerMinute) * msPerMinute);
				expect(nextSendWindowOpening(minuteAligned, zone, window).getTime() % msPerMinute).toBe(0);
			})
		);
	});
});
