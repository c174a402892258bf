import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
	addBusinessMinutes,
	BusinessCalendarInput,
	countBusinessMinutes,
	type BusinessCalendar,
	type TimeFrame
} from '../../../api/domain/business-calendar';
import {
	clockStatus,
	fulfilClock,
	nextDeadline,
	pauseClock,
	remainingBusinessMinutes,
	resumeClock,
	slaTargets,
	startClock,
	type ClockStatus,
	type SlaClock,
	type WarningRule
} from '../../../api/domain/sla-clock';
import { msPerDay, msPerMinute } from '../../../api/domain/zoned-time';

/** Europe/Berlin, Monday to Friday 09:00–17:00. */
const berlinOffice: BusinessCalendar = {
	timeZone: 'Europe/Berlin',
	week: [0, 1, 2, 3, 4, 5, 6].map((day) => (day < 5 ? [{ start: 540, end: 1020 }] : [])),
	holidays: []
};
const at = (iso: string) => new Date(iso);
const iso = (instant: Date | null) => instant?.toISOString() ?? null;

const mondayNine = '2025-06-02T07:00:00Z';
/** A resolution clock of one business day from Monday 09:00: warned Monday 15:00, due Tuesday 09:00. */
const resolution = startClock({
	calendar: berlinOffice,
	target: 'resolution',
	minutes: 480,
	now: at(mondayNine)
});

describe('startClock', () => {
	it.each<[string, number, WarningRule | null | undefined, string, string | null, string]>([
		[
			'Friday 16:30 + 60, warned at 75 % (45 minutes): Monday 09:15, due Monday 09:30',
			60,
			undefined,
			'2025-06-06T14:30:00Z',
			'2025-06-09T07:15:00.000Z',
			'2025-06-09T07:30:00.000Z'
		],
		[
			'Monday 09:00 + 480 runs out at 17:00, so it is due at the next opening, Tuesday 09:00; warned at 15:00',
			480,
			undefined,
			mondayNine,
			'2025-06-02T13:00:00.000Z',
			'2025-06-03T07:00:00.000Z'
		],
		[
			'a lead of 30 on 240 minutes warns at 12:30',
			240,
			{ leadMinutes: 30 },
			mondayNine,
			'2025-06-02T10:30:00.000Z',
			'2025-06-02T11:00:00.000Z'
		],
		[
			'a share of 0.5 on 240 minutes warns at 11:00',
			240,
			{ share: 0.5 },
			mondayNine,
			'2025-06-02T09:00:00.000Z',
			'2025-06-02T11:00:00.000Z'
		],
		[
			'with both a share and a lead, the lead wins',
			240,
			{ share: 0.5, leadMinutes: 30 },
			mondayNine,
			'2025-06-02T10:30:00.000Z',
			'2025-06-02T11:00:00.000Z'
		],
		[
			'a share is taken without float noise (55 % of 100 is 55, though 0.55 × 100 is 55.00000000000001)',
			100,
			{ share: 0.55 },
			mondayNine,
			'2025-06-02T07:55:00.000Z',
			'2025-06-02T08:40:00.000Z'
		],
		[
			'and rounded up to the whole minute: 75 % of 10 is warned after 8 minutes',
			10,
			{},
			mondayNine,
			'2025-06-02T07:08:00.000Z',
			'2025-06-02T07:10:00.000Z'
		],
		[
			'a lead as long as the target gives no warning',
			240,
			{ leadMinutes: 240 },
			mondayNine,
			null,
			'2025-06-02T11:00:00.000Z'
		],
		[
			'a target too short to warn before gives no warning',
			1,
			undefined,
			mondayNine,
			null,
			'2025-06-02T07:01:00.000Z'
		],
		[
			'a null warning rule gives no warning',
			240,
			null,
			mondayNine,
			null,
			'2025-06-02T11:00:00.000Z'
		],
		[
			'started on Saturday, the clock runs from Monday 09:00',
			60,
			undefined,
			'2025-06-07T10:00:00Z',
			'2025-06-09T07:45:00.000Z',
			'2025-06-09T08:00:00.000Z'
		]
	])('%s', (_description, minutes, warning, now, warnAt, dueAt) => {
		const clock = startClock({
			calendar: berlinOffice,
			target: 'first_response',
			minutes,
			warning,
			now: at(now)
		});
		expect(clock).toEqual({
			target: 'first_response',
			minutes,
			startedAt: at(now),
			warnAt: warnAt && at(warnAt),
			dueAt: at(dueAt),
			pausedAt: null,
			fulfilledAt: null
		});
	});

	it.each<[string, number, WarningRule | undefined]>([
		['a negative target', -1, undefined],
		['a fractional target', 1.5, undefined],
		['a share of 0', 60, { share: 0 }],
		['a share of 1', 60, { share: 1 }],
		['a share above 1', 60, { share: 1.2 }],
		['a lead of 0', 60, { leadMinutes: 0 }],
		['a fractional lead', 60, { leadMinutes: 2.5 }]
	])('refuses %s', (_description, minutes, warning) => {
		expect(() =>
			startClock({
				calendar: berlinOffice,
				target: 'resolution',
				minutes,
				warning,
				now: at(mondayNine)
			})
		).toThrow(RangeError);
	});

	it('knows the three targets', () => {
		expect(slaTargets).toEqual(['first_response', 'next_response', 'resolution']);
	});
});

describe('pauseClock and resumeClock', () => {
	it('moves the due time and the warning by the business minutes spent paused (Monday 10:00 → Tuesday 10:00 is 480)', () => {
		const clock = startClock({
			calendar: berlinOffice,
			target: 'resolution',
			minutes: 240,
			now: at(mondayNine)
		});
		expect([iso(clock.warnAt), iso(clock.dueAt)]).toEqual([
			'2025-06-02T10:00:00.000Z',
			'2025-06-02T11:00:00.000Z'
		]);
		const paused = pauseClock(clock, at('2025-06-02T08:00:00Z'));
		expect(remainingBusinessMinutes(berlinOffice, paused, at('2025-06-03T08:00:00Z'))).toBe(180);
		const resumed = resumeClock(berlinOffice, paused, at('2025-06-03T08:00:00Z'));
		expect(resumed).toEqual({
			...clock,
			warnAt: at('2025-06-03T10:00:00Z'),
			dueAt: at('2025-06-03T11:00:00Z')
		});
		expect(remainingBusinessMinutes(berlinOffice, resumed, at('2025-06-03T08:00:00Z'))).toBe(180);
	});

	it('leaves the due time alone when the pause spans no business minute (Friday 17:30 → Monday 08:30)', () => {
		const clock = startClock({
			calendar: berlinOffice,
			target: 'next_response',
			minutes: 120,
			now: at('2025-06-06T14:00:00Z')
		});
		expect(iso(clock.dueAt)).toBe('2025-06-09T08:00:00.000Z');
		const resumed = resumeClock(
			berlinOffice,
			pauseClock(clock, at('2025-06-06T15:30:00Z')),
			at('2025-06-09T06:30:00Z')
		);
		expect(resumed).toEqual(clock);
	});

	it('keeps a clock paused after its breach overdue by the same business minutes', () => {
		const clock = startClock({
			calendar: berlinOffice,
			target: 'first_response',
			minutes: 60,
			now: at(mondayNine)
		});
		const paused = pauseClock(clock, at('2025-06-02T09:00:00Z'));
		expect(remainingBusinessMinutes(berlinOffice, paused, at('2025-06-02T12:00:00Z'))).toBe(-60);
		const resumed = resumeClock(berlinOffice, paused, at('2025-06-02T12:00:00Z'));
		expect(iso(resumed.dueAt)).toBe('2025-06-02T11:00:00.000Z');
		expect(remainingBusinessMinutes(berlinOffice, resumed, at('2025-06-02T12:00:00Z'))).toBe(-60);
		expect(clockStatus(resumed, at('2025-06-02T12:00:00Z'))).toBe('breached');
	});

	it('returns the same clock when pausing a paused or fulfilled clock, or resuming one that is not paused', () => {
		const paused = pauseClock(resolution, at('2025-06-02T08:00:00Z'));
		expect(pauseClock(paused, at('2025-06-02T09:00:00Z'))).toBe(paused);
		const fulfilled = fulfilClock(resolution, at('2025-06-02T08:00:00Z'));
		expect(pauseClock(fulfilled, at('2025-06-02T09:00:00Z'))).toBe(fulfilled);
		expect(resumeClock(berlinOffice, resolution, at('2025-06-02T09:00:00Z'))).toBe(resolution);
		const pausedThenFulfilled = fulfilClock(paused, at('2025-06-02T09:00:00Z'));
		expect(resumeClock(berlinOffice, pausedThenFulfilled, at('2025-06-02T10:00:00Z'))).toBe(
			pausedThenFulfilled
		);
	});
});

describe('fulfilClock', () => {
	it('stamps the first fulfilment only', () => {
		const fulfilled = fulfilClock(resolution, at('2025-06-02T08:00:00Z'));
		expect(fulfilled).toEqual({ ...resolution, fulfilledAt: at('2025-06-02T08:00:00Z') });
		expect(fulfilClock(fulfilled, at('2025-06-02T09:00:00Z'))).toBe(fulfilled);
	});

	it('fulfils a paused clock, judged at its pause: waiting on the customer never counts', () => {
		const clock = startClock({
			calendar: berlinOffice,
			target: 'resolution',
			minutes: 60,
			now: at(mondayNine)
		});
		const fulfilled = fulfilClock(
			pauseClock(clock, at('2025-06-02T07:30:00Z')),
			at('2025-06-05T12:00:00Z')
		);
		expect(fulfilled.fulfilledAt).toEqual(at('2025-06-05T12:00:00Z'));
		expect(clockStatus(fulfilled, at('2025-06-05T12:00:00Z'))).toBe('met');
		expect(remainingBusinessMinutes(berlinOffice, fulfilled, at('2025-06-09T12:00:00Z'))).toBe(30);
	});
});

describe('clockStatus', () => {
	const paused = pauseClock(resolution, at('2025-06-02T08:00:00Z'));
	it.each<[string, SlaClock, string, ClockStatus]>([
		['running at its start', resolution, mondayNine, 'running'],
		['running up to the warning', resolution, '2025-06-02T12:59:59.999Z', 'running'],
		['warning from 15:00, after 75 % of 480', resolution, '2025-06-02T13:00:00Z', 'warning'],
		[
			'warning after closing, with no business minute left',
			resolution,
			'2025-06-02T15:30:00Z',
			'warning'
		],
		['warning until the due time', resolution, '2025-06-03T06:59:59.999Z', 'warning'],
		['breached from the due time, Tuesday 09:00', resolution, '2025-06-03T07:00:00Z', 'breached'],
		['paused while paused, even past the due time', paused, '2025-06-04T07:00:00Z', 'paused'],
		[
			'met when fulfilled before the warning',
			fulfilClock(resolution, at('2025-06-02T08:00:00Z')),
			'2025-06-10T08:00:00Z',
			'met'
		],
		[
			'met when fulfilled on Tuesday 08:59, before the next opening',
			fulfilClock(resolution, at('2025-06-03T06:59:00Z')),
			'2025-06-10T08:00:00Z',
			'met'
		],
		[
			'missed when fulfilled at the due time',
			fulfilClock(resolution, at('2025-06-03T07:00:00Z')),
			'2025-06-10T08:00:00Z',
			'missed'
		],
		[
			'missed when fulfilled after it',
			fulfilClock(resolution, at('2025-06-04T07:00:00Z')),
			'2025-06-10T08:00:00Z',
			'missed'
		]
	])('is %s', (_description, clock, now, expected) => {
		expect(clockStatus(clock, at(now))).toBe(expected);
	});
});

describe('remainingBusinessMinutes', () => {
	it.each([
		['all 480 at the start', mondayNine, 480],
		['420 at 10:00', '2025-06-02T08:00:00Z', 420],
		['0 after closing on Monday', '2025-06-02T15:30:00Z', 0],
		['0 at the due time', '2025-06-03T07:00:00Z', 0],
		['−60 at Tuesday 10:00, an hour past due', '2025-06-03T08:00:00Z', -60],
		[
			'−1980 by Monday 10:00 the week after (four days and an hour past due)',
			'2025-06-09T08:00:00Z',
			-1980
		]
	])('leaves %s', (_description, now, expected) => {
		expect(remainingBusinessMinutes(berlinOffice, resolution, at(now))).toBe(expected);
	});

	it('measures a paused clock at its pause', () => {
		const paused = pauseClock(resolution, at('2025-06-02T08:00:00Z'));
		expect(remainingBusinessMinutes(berlinOffice, paused, at('2025-06-05T08:00:00Z'))).toBe(420);
	});
});

describe('nextDeadline', () => {
	const unwarned = startClock({
		calendar: berlinOffice,
		target: 'resolution',
		minutes: 480,
		warning: null,
		now: at(mondayNine)
	});
	it.each<[string, SlaClock, { warned: boolean; breached: boolean }, string | null]>([
		[
			'the warning when not yet warned',
			resolution,
			{ warned: false, breached: false },
			'2025-06-02T13:00:00.000Z'
		],
		[
			'the due time once warned',
			resolution,
			{ warned: true, breached: false },
			'2025-06-03T07:00:00.000Z'
		],
		['nothing once warned and breached', resolution, { warned: true, breached: true }, null],
		[
			'the due time when no warning applies',
			unwarned,
			{ warned: false, breached: false },
			'2025-06-03T07:00:00.000Z'
		],
		[
			'nothing while paused',
			pauseClock(resolution, at('2025-06-02T08:00:00Z')),
			{ warned: false, breached: false },
			null
		],
		[
			'nothing once fulfilled',
			fulfilClock(resolution, at('2025-06-02T08:00:00Z')),
			{ warned: false, breached: false },
			null
		]
	])('is %s', (_description, clock, done, expected) => {
		expect(iso(nextDeadline(clock, done))).toBe(expected);
	});
});

describe('properties over random calendars and clocks', () => {
	const zones = [
		'Europe/Berlin',
		'America/New_York',
		'Australia/Lord_Howe',
		'Asia/Kathmandu',
		'UTC'
	];
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
	const holidayDate = fc
		.integer({ min: Date.UTC(2025, 0, 1) / msPerDay, max: Date.UTC(2026, 11, 31) / msPerDay })
		.map((day) => new Date(day * msPerDay).toISOString().slice(0, 10));
	const calendars: fc.Arbitrary<BusinessCalendar> = fc
		.record({
			timeZone: fc.constantFrom(...zones),
			week: fc.array(openDay, { minLength: 7, maxLength: 7 }),
			holidays: fc.array(fc.record({ date: holidayDate, yearly: fc.boolean() }), { maxLength: 4 })
		})
		.filter(
			(calendar) =>
				calendar.week.flat().reduce((sum, frame) => sum + frame.end - frame.start, 0) >= 240
		)
		.map((calendar) => BusinessCalendarInput.parse(calendar));
	const knownChanges = [
		'2025-03-30T01:00:00Z',
		'2025-10-26T01:00:00Z',
		'2025-03-09T07:00:00Z',
		'2025-11-02T06:00:00Z'
	].map((text) => Date.parse(text));
	const instants = fc.oneof(
		fc
			.integer({
				min: Date.parse('2025-01-01T00:00:00Z') / 1000,
				max: Date.parse('2026-06-30T00:00:00Z') / 1000
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
	const warnings: fc.Arbitrary<WarningRule | null | undefined> = fc.oneof(
		fc.constant(undefined),
		fc.constant(null),
		fc.record({ share: fc.double({ min: 0.01, max: 0.99, noNaN: true }) }),
		fc.record({ leadMinutes: fc.integer({ min: 1, max: 600 }) })
	);
	const clocks = fc
		.record({
			calendar: calendars,
			target: fc.constantFrom(...slaTargets),
			minutes: fc.integer({ min: 1, max: 5000 }),
			warning: warnings,
			now: instants
		})
		.map((input) => ({ calendar: input.calendar, clock: startClock(input) }));
	/** Up to 20 days, in seconds, so instants land mid-minute too. */
	const later = fc.integer({ min: 0, max: 20 * 86_400 });
	const after = (instant: Date, seconds: number) => new Date(instant.getTime() + seconds * 1000);

	it('moves the due time and the warning later by exactly the p business minutes paused, keeping the target', () => {
		fc.assert(
			fc.property(clocks, later, later, ({ calendar, clock }, untilPause, pauseLength) => {
				const pausedAt = after(clock.startedAt, untilPause);
				const resumedAt = after(pausedAt, pauseLength);
				const resumed = resumeClock(calendar, pauseClock(clock, pausedAt), resumedAt);
				const p = countBusinessMinutes(calendar, pausedAt, resumedAt);
				expect(countBusinessMinutes(calendar, clock.dueAt, resumed.dueAt)).toBe(p);
				expect(countBusinessMinutes(calendar, clock.startedAt, resumed.dueAt) - p).toBe(
					clock.minutes
				);
				if (clock.warnAt)
					expect(countBusinessMinutes(calendar, clock.warnAt, resumed.warnAt!)).toBe(p);
				else expect(resumed.warnAt).toBeNull();
				expect(resumed.pausedAt).toBeNull();
				if (pausedAt.getTime() < clock.dueAt.getTime()) {
					const left = countBusinessMinutes(calendar, pausedAt, clock.dueAt);
					expect(resumed.dueAt).toEqual(addBusinessMinutes(calendar, resumedAt, left));
					expect(remainingBusinessMinutes(calendar, resumed, resumedAt)).toBe(left);
				}
			}),
			{ numRuns: 200 }
		);
	});

	it('keeps the target over any sequence of pauses: count(startedAt, dueAt) − all paused minutes = target', () => {
		fc.assert(
			fc.property(
				clocks,
				fc.array(fc.tuple(later, later), { maxLength: 5 }),
				({ calendar, clock }, steps) => {
					let current = clock;
					let now = clock.startedAt;
					let paused = 0;
					for (const [running, waiting] of steps) {
						const pausedAt = after(now, running);
						now = after(pausedAt, waiting);
						paused += countBusinessMinutes(calendar, pausedAt, now);
						current = resumeClock(calendar, pauseClock(current, pausedAt), now);
					}
					expect(countBusinessMinutes(calendar, clock.startedAt, current.dueAt) - paused).toBe(
						clock.minutes
					);
				}
			),
			{ numRuns: 100 }
		);
	});

	it('goes running → warning → breached at exactly warnAt and dueAt, as nextDeadline says', () => {
		fc.assert(
			fc.property(clocks, ({ clock }) => {
				const status = (ms: number) => clockStatus(clock, new Date(ms));
				const due = clock.dueAt.getTime();
				expect(status(clock.startedAt.getTime())).toBe('running');
				if (clock.warnAt) {
					const warn = clock.warnAt.getTime();
					expect(warn).toBeLessThan(due);
					expect(status(warn - 1)).toBe('running');
					expect(status(warn)).toBe('warning');
					expect(status(due - 1)).toBe('warning');
					expect(nextDeadline(clock, { warned: false, breached: false })).toEqual(clock.warnAt);
				} else {
					expect(status(due - 1)).toBe('running');
					expect(nextDeadline(clock, { warned: false, breached: false })).toEqual(clock.dueAt);
				}
				expect(status(due)).toBe('breached');
				expect(nextDeadline(clock, { warned: true, breached: false })).toEqual(clock.dueAt);
			}),
			{ numRuns: 300 }
		);
	});

	it('never goes back: the status of a running clock only advances with time', () => {
		const rank: Record<ClockStatus, number> = {
			running: 0,
			warning: 1,
			breached: 2,
			paused: -1,
			met: -1,
			missed: -1
		};
		fc.assert(
			fc.property(clocks, later, later, ({ clock }, a, b) => {
				const early = clockStatus(clock, after(clock.startedAt, Math.min(a, b)));
				const late = clockStatus(clock, after(clock.startedAt, Math.max(a, b)));
				expect(rank[late]).toBeGreaterThanOrEqual(rank[early]);
			}),
			{ numRuns: 200 }
		);
	});

	it('misses exactly when fulfilled while breached, and leaves target − elapsed business minutes', () => {
		fc.assert(
			fc.property(clocks, later, ({ calendar, clock }, seconds) => {
				const now = after(clock.startedAt, seconds);
				const fulfilled = fulfilClock(clock, now);
				expect(clockStatus(fulfilled, now) === 'missed').toBe(
					clockStatus(clock, now) === 'breached'
				);
				expect(remainingBusinessMinutes(calendar, clock, now)).toBe(
					clock.minutes - countBusinessMinutes(calendar, clock.startedAt, now)
				);
			}),
			{ numRuns: 200 }
		);
	});
});
