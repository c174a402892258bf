import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isWithinSendWindow } from '../../../api/domain/send-window';
import {
	skipReasons,
	type SendWindow,
	type SkipReason
} from '../../../api/domain/survey-definition';
import {
	cycleAt,
	cycleStart,
	decideInvitation,
	decideReminder,
	invitationClosesAt,
	isInvitationAnswerable,
	isResponseEditable,
	responseEditableUntil,
	type Eligibility,
	type EligibilityContact,
	type EligibilitySurvey,
	type FatigueRules,
	type ReminderDecision,
	type ReminderInvitation
} from '../../../api/domain/survey-eligibility';

const minute = 60_000;
const hour = 60 * minute;
const day = 24 * hour;
const at = (iso: string) => new Date(iso);

const officeHours: SendWindow = { days: [1, 2, 3, 4, 5], startHour: 9, endHour: 17 };
/** Activated on Monday 6 January 2025, 00:00 UTC; cadence windows of 90 days. */
const quarterly: EligibilitySurvey = {
	activatedAt: at('2025-01-06T00:00:00Z'),
	cadenceDays: 90,
	sendWindow: officeHours
};
const defaultRules: FatigueRules = { fatigueDays: 30, complaintCooldownDays: 14 };
/** Tuesday 7 January 2025, 10:00 in Berlin. */
const tuesdayMorning = at('2025-01-07T09:00:00Z');

function contact(overrides: Partial<EligibilityContact> = {}): EligibilityContact {
	return {
		timeZone: 'Europe/Berlin',
		consent: true,
		unsubscribedAt: null,
		bouncedAt: null,
		complainedAt: null,
		lastSurveyedAt: null,
		openCaseCount: 0,
		lastCaseClosedAt: null,
		lastInvitedCycle: null,
		...overrides
	};
}

const skip = (
	reason: SkipReason,
	nextPossibleAt: string | null,
	recheckAt: string,
	cycle = 0
): Eligibility => ({
	kind: 'skip',
	cycle,
	reason,
	nextPossibleAt: nextPossibleAt === null ? null : at(nextPossibleAt),
	recheckAt: at(recheckAt)
});

describe('cycleAt and cycleStart', () => {
	it.each([
		['2025-01-05T23:59:59.999Z', -1],
		['2025-01-06T00:00:00.000Z', 0],
		['2025-04-05T23:59:59.999Z', 0],
		['2025-04-06T00:00:00.000Z', 1],
		['2026-01-01T00:00:00.000Z', 4]
	])('at %s the cadence window is %i', (iso, cycle) => {
		expect(cycleAt(quarterly, at(iso))).toBe(cycle);
	});

	it('starts window k at activation + k × cadence days', () => {
		expect(cycleStart(quarterly, 0)).toEqual(quarterly.activatedAt);
		expect(cycleStart(quarterly, 1).toISOString()).toBe('2025-04-06T00:00:00.000Z');
		expect(cycleStart(quarterly, 4).toISOString()).toBe('2026-01-01T00:00:00.000Z');
	});

	it('puts every instant in the window that contains it', () => {
		fc.assert(
			fc.property(
				fc.integer({ min: -1000 * day, max: 1000 * day }),
				fc.integer({ min: 1, max: 400 }),
				(offset, cadenceDays) => {
					const survey = { ...quarterly, cadenceDays };
					const now = new Date(survey.activatedAt.getTime() + offset);
					const cycle = cycleAt(survey, now);
					expect(cycleStart(survey, cycle).getTime()).toBeLessThanOrEqual(now.getTime());
					expect(cycleStart(survey, cycle + 1).getTime()).toBeGreaterThan(now.getTime());
				}
			)
		);
	});
});

describe('decideInvitation, worked examples (Berlin contact, Mon–Fri 09–17, 30 fatigue days, 14 cool-down days)', () => {
	type Example = {
		name: string;
		contact: EligibilityContact;
		now?: Date;
		rules?: FatigueRules;
		survey?: EligibilitySurvey;
		expected: Eligibility;
	};
	const examples: Example[] = [
		{
			name: 'a consenting contact with no history, inside the window, is invited',
			contact: contact(),
			expected: { kind: 'send', cycle: 0 }
		},
		{
			name: 'before the survey is active nobody is due; look again at activation',
			contact: contact(),
			now: at('2025-01-05T12:00:00Z'),
			expected: { kind: 'not_due', cycle: -1, nextDueAt: at('2025-01-06T00:00:00Z') }
		},
		{
			name: 'no consent comes first, with no next time; look again in a day',
			contact: contact({
				consent: false,
				unsubscribedAt: at('2024-06-01T00:00:00Z'),
				openCaseCount: 1
			}),
			expected: skip('no_consent', null, '2025-01-08T09:00:00Z')
		},
		{
			name: 'unsubscribed comes before complained and bounced',
			contact: contact({
				unsubscribedAt: at('2024-06-01T00:00:00Z'),
				complainedAt: at('2024-06-02T00:00:00Z'),
				bouncedAt: at('2024-06-03T00:00:00Z')
			}),
			expected: skip('unsubscribed', null, '2025-01-08T09:00:00Z')
		},
		{
			name: 'complained (our mail reported as spam) comes before bounced',
			contact: contact({
				complainedAt: at('2024-06-02T00:00:00Z'),
				bouncedAt: at('2024-06-03T00:00:00Z')
			}),
			expected: skip('complained', null, '2025-01-08T09:00:00Z')
		},
		{
			name: 'a bounced address is never mailed',
			contact: contact({ bouncedAt: at('2024-06-03T00:00:00Z') }),
			expected: skip('bounced', null, '2025-01-08T09:00:00Z')
		},
		{
			name: 'a permanent blocker is reported even when already invited this window',
			contact: contact({ unsubscribedAt: at('2025-01-06T12:00:00Z'), lastInvitedCycle: 0 }),
			expected: skip('unsubscribed', null, '2025-01-08T09:00:00Z')
		},
		{
			name: 'already invited in this cadence window: not due until the next window starts',
			contact: contact({
				lastInvitedCycle: 0,
				openCaseCount: 1,
				lastSurveyedAt: at('2025-01-06T09:00:00Z')
			}),
			expected: { kind: 'not_due', cycle: 0, nextDueAt: at('2025-04-06T00:00:00Z') }
		},
		{
			name: 'an open complaint holds the survey with no known end; look again in an hour',
			contact: contact({ openCaseCount: 2, lastSurveyedAt: at('2024-12-20T09:00:00Z') }),
			expected: skip('open_complaint', null, '2025-01-07T10:00:00Z')
		},
		{
			name: 'a complaint closed 1 January at 13:00 cools down until 15 January 13:00, a Wednesday inside the window',
			contact: contact({ lastCaseClosedAt: at('2025-01-01T12:00:00Z') }),
			expected: skip('recent_complaint', '2025-01-15T12:00:00Z', '2025-01-15T12:00:00Z')
		},
		{
			name: 'a cool-down ending at 21:00 gives the next morning at 09:00',
			contact: contact({ lastCaseClosedAt: at('2025-01-01T20:00:00Z') }),
			expected: skip('recent_complaint', '2025-01-16T08:00:00Z', '2025-01-16T08:00:00Z')
		},
		{
			name: 'throttled until Sunday 12 January 17:00: next possible is Monday 09:00',
			contact: contact({ lastSurveyedAt: at('2024-12-13T16:00:00Z') }),
			expected: skip('throttled', '2025-01-13T08:00:00Z', '2025-01-13T08:00:00Z')
		},
		{
			name: 'cool-down and fatigue together: the reason is the complaint, the time is when both are over',
			contact: contact({
				lastCaseClosedAt: at('2025-01-01T12:00:00Z'),
				lastSurveyedAt: at('2024-12-21T16:00:00Z')
			}),
			expected: skip('recent_complaint', '2025-01-21T08:00:00Z', '2025-01-21T08:00:00Z')
		},
		{
			name: 'Saturday is outside the window: next possible is Monday 09:00',
			contact: contact(),
			now: at('2025-01-11T10:00:00Z'),
			expected: skip('outside_send_window', '2025-01-13T08:00:00Z', '2025-01-13T08:00:00Z')
		},
		{
			name: 'the same instant is 04:00 in New York: next possible is 09:00 there',
			contact: contact({ timeZone: 'America/New_York' }),
			expected: skip('outside_send_window', '2025-01-07T14:00:00Z', '2025-01-07T14:00:00Z')
		},
		{
			name: 'and 14:45 in Kathmandu: invited',
			contact: contact({ timeZone: 'Asia/Kathmandu' }),
			expected: { kind: 'send', cycle: 0 }
		},
		{
			name: 'the fatigue window is end-exclusive: exactly 30 days after the last survey is allowed',
			contact: contact({ lastSurveyedAt: at('2024-12-08T09:00:00Z') }),
			expected: { kind: 'send', cycle: 0 }
		},
		{
			name: 'one millisecond earlier is throttled',
			contact: contact({ lastSurveyedAt: at('2024-12-08T09:00:00.001Z') }),
			expected: skip('throttled', '2025-01-07T09:00:00.001Z', '2025-01-07T09:00:00.001Z')
		},
		{
			name: 'the cool-down is end-exclusive too',
			contact: contact({ lastCaseClosedAt: at('2024-12-24T09:00:00Z') }),
			expected: { kind: 'send', cycle: 0 }
		},
		{
			name: 'rules of 0 days are off',
			contact: contact({
				lastSurveyedAt: at('2025-01-07T08:59:00Z'),
				lastCaseClosedAt: at('2025-01-07T08:00:00Z')
			}),
			rules: { fatigueDays: 0, complaintCooldownDays: 0 },
			expected: { kind: 'send', cycle: 0 }
		},
		{
			name: 'a next possible time past the end of the cadence window is still reported (due in the next window)',
			contact: contact({ lastSurveyedAt: at('2025-01-06T09:00:00Z') }),
			survey: { ...quarterly, cadenceDays: 30 },
			rules: { fatigueDays: 45, complaintCooldownDays: 14 },
			expected: skip('throttled', '2025-02-20T09:00:00Z', '2025-02-20T09:00:00Z')
		},
		{
			name: 'invited in window 0, due again in window 1 (Monday 7 April, 10:00 CEST)',
			contact: contact({ lastInvitedCycle: 0, lastSurveyedAt: at('2025-01-07T09:00:00Z') }),
			now: at('2025-04-07T08:00:00Z'),
			expected: { kind: 'send', cycle: 1 }
		}
	];

	it.each(examples)('$name', (example) => {
		expect(
			decideInvitation(
				example.contact,
				example.survey ?? quarterly,
				example.rules ?? defaultRules,
				example.now ?? tuesdayMorning
			)
		).toEqual(example.expected);
	});
});

describe('decideInvitation, exactness of its times', () => {
	const zones = [
		'Europe/Berlin',
		'America/New_York',
		'Australia/Lord_Howe',
		'Asia/Kathmandu',
		'UTC'
	];
	const windows: fc.Arbitrary<SendWindow> = fc
		.tuple(
			fc.uniqueArray(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 7 }),
			fc.integer({ min: 0, max: 23 }),
			fc.integer({ min: 1, max: 24 })
		)
		.map(([days, a, b]) => ({ days, startHour: Math.min(a, b - 1), endHour: Math.max(a + 1, b) }));
	const base = Date.parse('2025-01-01T00:00:00Z');
	const instant = (spanDays: number) =>
		fc.integer({ min: 0, max: spanDays * day }).map((offset) => new Date(base + offset));
	/** Histories the scheduler can produce: past events only, invited (if ever) in a window that has begun. */
	const setting = fc
		.record({
			timeZone: fc.constantFrom(...zones),
			surveyedDaysAgo: fc.option(fc.integer({ min: 0, max: 120 * day }), { nil: null }),
			caseClosedDaysAgo: fc.option(fc.integer({ min: 0, max: 60 * day }), { nil: null }),
			lastInvitedCycle: fc.option(fc.integer({ min: 0, max: 3 }), { nil: null }),
			activatedAt: instant(200),
			cadenceDays: fc.integer({ min: 1, max: 120 }),
			sendWindow: windows,
			rules: fc.record({
				fatigueDays: fc.integer({ min: 0, max: 60 }),
				complaintCooldownDays: fc.integer({ min: 0, max: 30 })
			}),
			now: instant(400)
		})
		.map((drawn) => {
			const survey = {
				activatedAt: drawn.activatedAt,
				cadenceDays: drawn.cadenceDays,
				sendWindow: drawn.sendWindow
			};
			const cycle = cycleAt(survey, drawn.now);
			const ago = (ms: number | null) => (ms === null ? null : new Date(drawn.now.getTime() - ms));
			return {
				survey,
				rules: drawn.rules,
				now: drawn.now,
				person: contact({
					timeZone: drawn.timeZone,
					lastSurveyedAt: ago(drawn.surveyedDaysAgo),
					lastCaseClosedAt: ago(drawn.caseClosedDaysAgo),
					lastInvitedCycle:
						drawn.lastInvitedCycle === null || cycle < 0
							? null
							: Math.min(drawn.lastInvitedCycle, cycle)
				})
			};
		});

	it('a skipped contact whose history does not change is invited exactly at nextPossibleAt, and never before', () => {
		fc.assert(
			fc.property(setting, ({ person, survey, rules, now }) => {
				const decision = decideInvitation(person, survey, rules, now);
				if (decision.kind !== 'skip') return;
				expect(decision.nextPossibleAt).not.toBeNull();
				const next = decision.nextPossibleAt!;
				expect(decision.recheckAt).toEqual(next);
				expect(next.getTime()).toBeGreaterThan(now.getTime());
				expect(decideInvitation(person, survey, rules, next).kind).toBe('send');
				const justBefore = new Date(next.getTime() - 1);
				if (justBefore.getTime() > now.getTime()) {
					expect(decideInvitation(person, survey, rules, justBefore).kind).not.toBe('send');
				}
				let sentEarlier: Date | null = null;
				for (let probe = now.getTime(); probe < next.getTime() && !sentEarlier; probe += hour) {
					const probeAt = new Date(probe);
					if (decideInvitation(person, survey, rules, probeAt).kind === 'send')
						sentEarlier = probeAt;
				}
				expect(sentEarlier).toBeNull();
			}),
			{ numRuns: 200 }
		);
	});

	it('names the first temporary blocker in force at now', () => {
		fc.assert(
			fc.property(setting, ({ person, survey, rules, now }) => {
				const decision = decideInvitation(person, survey, rules, now);
				if (decision.kind !== 'skip') return;
				const cooling =
					person.lastCaseClosedAt !== null &&
					now.getTime() < person.lastCaseClosedAt.getTime() + rules.complaintCooldownDays * day;
				const tired =
					person.lastSurveyedAt !== null &&
					now.getTime() < person.lastSurveyedAt.getTime() + rules.fatigueDays * day;
				const expected = cooling ? 'recent_complaint' : tired ? 'throttled' : 'outside_send_window';
				expect(decision.reason).toBe(expected);
				if (expected === 'outside_send_window')
					expect(isWithinSendWindow(now, person.timeZone, survey.sendWindow)).toBe(false);
			})
		);
	});

	it('a contact not due yet is due (or skipped for another reason) at nextDueAt', () => {
		fc.assert(
			fc.property(setting, ({ person, survey, rules, now }) => {
				const decision = decideInvitation(person, survey, rules, now);
				if (decision.kind !== 'not_due') return;
				expect(decision.nextDueAt.getTime()).toBeGreaterThan(now.getTime());
				expect(decideInvitation(person, survey, rules, decision.nextDueAt).kind).not.toBe(
					'not_due'
				);
				expect(
					decideInvitation(person, survey, rules, new Date(decision.nextDueAt.getTime() - 1)).kind
				).toBe('not_due');
			})
		);
	});
});

/** A small deterministic random source, so a failing simulation replays from fast-check's seed. */
function mulberry32(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let value = state;
		value = Math.imul(value ^ (value >>> 15), value | 1);
		value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
		return ((value ^ (value >>> 14)) >>> 0) / 4_294_967_296;
	};
}

type ComplaintCase = { openedAt: number; closedAt: number | null };
type History = {
	timeZone: string;
	rules: FatigueRules;
	surveys: EligibilitySurvey[];
	/** The simulation runs ticks in [start, start + days). */
	start: number;
	days: number;
	consentWithdrawnAt: number | null;
	unsubscribedAt: number | null;
	bouncedAt: number | null;
	complainedAt: number | null;
	cases: ComplaintCase[];
	tickSeed: number;
};
type Send = { surveyIndex: number; at: number; cycle: number };

const ifReached = (instant: number | null, now: number) =>
	instant !== null && instant <= now ? new Date(instant) : null;

/**
 * The scheduler as the tick runs it: ticks 30 to 60 minutes apart (so at
 * most an hour passes between two), every survey in turn, the contact's
 * history as of the tick, and each invitation updating `lastSurveyedAt`
 * (read by the next survey in the same tick) and that survey's cycle.
 */
function simulate(history: History, onDecision?: (decision: Eligibility) => void): Send[] {
	const random = mulberry32(history.tickSeed);
	const lastInvitedCycle = new Map<number, number>();
	let lastSurveyedAt: Date | null = null;
	const sends: Send[] = [];
	const end = history.start + history.days * day;
	for (
		let tick = history.start + random() * hour;
		tick < end;
		tick += (30 + random() * 30) * minute
	) {
		const now = new Date(tick);
		const openCaseCount = history.cases.filter(
			(entry) => entry.openedAt <= tick && (entry.closedAt === null || entry.closedAt > tick)
		).length;
		const closedSoFar = history.cases.flatMap((entry) =>
			entry.closedAt !== null && entry.closedAt <= tick ? [entry.closedAt] : []
		);
		history.surveys.forEach((survey, surveyIndex) => {
			const state: EligibilityContact = {
				timeZone: history.timeZone,
				consent: !ifReached(history.consentWithdrawnAt, tick),
				unsubscribedAt: ifReached(history.unsubscribedAt, tick),
				bouncedAt: ifReached(history.bouncedAt, tick),
				complainedAt: ifReached(history.complainedAt, tick),
				lastSurveyedAt,
				openCaseCount,
				lastCaseClosedAt: closedSoFar.length > 0 ? new Date(Math.max(...closedSoFar)) : null,
				lastInvitedCycle: lastInvitedCycle.get(surveyIndex) ?? null
			};
			const decision = decideInvitation(state, survey, history.rules, now);
			onDecision?.(decision);
			if (decision.kind !== 'send') return;
			sends.push({ surveyIndex, at: tick, cycle: decision.cycle });
			lastSurveyedAt = now;
			lastInvitedCycle.set(surveyIndex, decision.cycle);
		});
	}
	return sends;
}

const simulationZones = [
	'Europe/Berlin',
	'America/New_York',
	'Australia/Lord_Howe',
	'Asia/Kathmandu',
	'UTC'
];
const sendWindows: fc.Arbitrary<SendWindow> = fc
	.tuple(
		fc.uniqueArray(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 7 }),
		fc.integer({ min: 0, max: 23 }),
		fc.integer({ min: 1, max: 8 })
	)
	.map(([days, startHour, length]) => ({
		days,
		startHour,
		endHour: Math.min(24, startHour + length)
	}));
const simulationStart = Date.parse('2025-01-01T00:00:00Z');

const histories: fc.Arbitrary<History> = fc
	.record({
		timeZone: fc.constantFrom(...simulationZones),
		rules: fc.record({
			fatigueDays: fc.integer({ min: 0, max: 60 }),
			complaintCooldownDays: fc.integer({ min: 0, max: 30 })
		}),
		startOffset: fc.integer({ min: 0, max: 365 * day }),
		days: fc.integer({ min: 20, max: 120 }),
		surveys: fc.array(
			fc.record({
				activationOffset: fc.integer({ min: -60 * day, max: 30 * day }),
				cadenceDays: fc.integer({ min: 7, max: 120 }),
				sendWindow: sendWindows
			}),
			{ minLength: 1, maxLength: 3 }
		),
		// Each permanent blocker (no consent, unsubscribed, bounced, complained) hits a quarter of histories.
		blockers: fc.array(
			fc.oneof(
				{ arbitrary: fc.constant(null), weight: 3 },
				{ arbitrary: fc.integer({ min: 0, max: 120 * day }), weight: 1 }
			),
			{ minLength: 4, maxLength: 4 }
		),
		cases: fc.array(
			fc.record({
				openedOffset: fc.integer({ min: -30 * day, max: 120 * day }),
				duration: fc.option(fc.integer({ min: 0, max: 20 * day }), { nil: null, freq: 8 })
			}),
			{ maxLength: 3 }
		),
		tickSeed: fc.integer()
	})
	.map((drawn) => {
		const start = simulationStart + drawn.startOffset;
		const [consentWithdrawn, unsubscribed, bounced, complained] = drawn.blockers.map((offset) =>
			offset === null ? null : start + offset
		);
		return {
			timeZone: drawn.timeZone,
			rules: drawn.rules,
			start,
			days: drawn.days,
			surveys: drawn.surveys.map((survey) => ({
				activatedAt: new Date(start + survey.activationOffset),
				cadenceDays: survey.cadenceDays,
				sendWindow: survey.sendWindow
			})),
			consentWithdrawnAt: consentWithdrawn ?? null,
			unsubscribedAt: unsubscribed ?? null,
			bouncedAt: bounced ?? null,
			complainedAt: complained ?? null,
			cases: drawn.cases.map((entry) => ({
				openedAt: start + entry.openedOffset,
				closedAt: entry.duration === null ? null : start + entry.openedOffset + entry.duration
			})),
			tickSeed: drawn.tickSeed
		};
	});

describe('decideInvitation in a simulated scheduler (hourly ticks with jitter, several surveys, one contact)', () => {
	const simulationRuns = 30;
	/** Simulates random histories and checks `promise` on each one's invitations. */
	const everySimulation = (promise: (history: History, sends: Send[]) => void) =>
		fc.assert(
			fc.property(histories, (history) => promise(history, simulate(history))),
			{ numRuns: simulationRuns }
		);

	it('(a) never sends one contact two invitations, of any surveys, less than fatigueDays apart', () => {
		everySimulation((history, sends) => {
			for (let index = 1; index < sends.length; index++) {
				const gap = sends[index]!.at - sends[index - 1]!.at;
				expect(gap).toBeGreaterThanOrEqual(history.rules.fatigueDays * day);
			}
		});
	});

	it('(b) never invites a contact once it withdrew consent, unsubscribed, bounced or complained', () => {
		everySimulation((history, sends) => {
			const blockedFrom = Math.min(
				...[
					history.consentWithdrawnAt,
					history.unsubscribedAt,
					history.bouncedAt,
					history.complainedAt
				].map((instant) => instant ?? Infinity)
			);
			for (const send of sends) expect(send.at).toBeLessThan(blockedFrom);
		});
	});

	it('(d) never invites while a complaint is open, nor within the cool-down after it closed', () => {
		everySimulation((history, sends) => {
			for (const send of sends) {
				for (const entry of history.cases) {
					const quietUntil =
						entry.closedAt === null
							? Infinity
							: entry.closedAt + history.rules.complaintCooldownDays * day;
					expect(send.at >= entry.openedAt && send.at < quietUntil).toBe(false);
				}
			}
		});
	});

	it("(e) sends every invitation inside its survey's send window in the contact's zone", () => {
		everySimulation((history, sends) => {
			for (const send of sends) {
				const survey = history.surveys[send.surveyIndex]!;
				expect(isWithinSendWindow(new Date(send.at), history.timeZone, survey.sendWindow)).toBe(
					true
				);
			}
		});
	});

	it('sends at most one invitation per survey per cadence window, in the window the decision named', () => {
		everySimulation((history, sends) => {
			for (const send of sends)
				expect(cycleAt(history.surveys[send.surveyIndex]!, new Date(send.at))).toBe(send.cycle);
			const windowsUsed = sends.map((send) => `${send.surveyIndex}:${send.cycle}`);
			expect(new Set(windowsUsed).size).toBe(windowsUsed.length);
		});
	});

	it('the simulated histories reach every decision and skip reason, and do send', () => {
		const seen = new Set<string>();
		let totalSends = 0;
		fc.assert(
			fc.property(histories, (history) => {
				totalSends += simulate(history, (decision) =>
					seen.add(decision.kind === 'skip' ? decision.reason : decision.kind)
				).length;
			}),
			// A fixed seed: this checks the simulation's coverage, which a random draw of 30 histories
			// misses now and then (no history happens to reach a complaint mark, say).
			{ numRuns: simulationRuns, seed: 2026 }
		);
		expect(totalSends).toBeGreaterThan(simulationRuns);
		expect([...seen].sort()).toEqual(['send', 'not_due', ...skipReasons].sort());
	});

	const steadyContact = (
		cadenceDays: number,
		fatigueDays: number,
		days: number,
		extra: { timeZone: string; sendWindow: SendWindow; activationOffset: number; tickSeed: number }
	): History => {
		const activatedAt = simulationStart + extra.activationOffset;
		return {
			timeZone: extra.timeZone,
			rules: { fatigueDays, complaintCooldownDays: 14 },
			surveys: [{ activatedAt: new Date(activatedAt), cadenceDays, sendWindow: extra.sendWindow }],
			start: activatedAt,
			days,
			consentWithdrawnAt: null,
			unsubscribedAt: null,
			bouncedAt: null,
			complainedAt: null,
			cases: [],
			tickSeed: extra.tickSeed
		};
	};
	const steadySetting = fc.record({
		timeZone: fc.constantFrom(...simulationZones),
		sendWindow: sendWindows,
		activationOffset: fc.integer({ min: 0, max: 365 * day }),
		tickSeed: fc.integer()
	});

	it('(c) a steadily eligible contact gets exactly four invitations from a 90-day cadence over a 360-day year (four cadence windows from activation), one in each', () => {
		fc.assert(
			fc.property(steadySetting, (setting) => {
				const sends = simulate(steadyContact(90, 30, 360, setting));
				expect(sends.map((send) => send.cycle)).toEqual([0, 1, 2, 3]);
			}),
			{ numRuns: 25 }
		);
	});

	it('a 365-day year from activation holds the start of a fifth 90-day window (day 360), so a weekday window sends a fifth', () => {
		const sends = simulate(
			steadyContact(90, 30, 365, {
				timeZone: 'Europe/Berlin',
				sendWindow: officeHours,
				activationOffset: Date.parse('2025-01-06T00:00:00Z') - simulationStart,
				tickSeed: 7
			})
		);
		expect(sends.map((send) => send.cycle)).toEqual([0, 1, 2, 3, 4]);
		// Day 360 is Thursday 1 January 2026.
		expect(new Date(sends[4]!.at).toISOString().slice(0, 10)).toBe('2026-01-01');
	});

	it('(c, in general) over D days from activation a steadily eligible contact gets between floor(D/N) and ceil(D/N) invitations (cadence N, fatigue at most N − 15 days)', () => {
		// Fatigue must leave room for a late invitation: each window's falls in its first 14 days
		// (the send window opens every week, at worst skipping a week whose only hour a DST gap ate).
		fc.assert(
			fc.property(
				steadySetting,
				fc
					.integer({ min: 15, max: 120 })
					.chain((cadenceDays) =>
						fc.tuple(
							fc.constant(cadenceDays),
							fc.integer({ min: 0, max: cadenceDays - 15 }),
							fc.integer({ min: 1, max: 400 })
						)
					),
				(setting, [cadenceDays, fatigueDays, days]) => {
					const sends = simulate(steadyContact(cadenceDays, fatigueDays, days, setting));
					expect(sends.length).toBeGreaterThanOrEqual(Math.floor(days / cadenceDays));
					expect(sends.length).toBeLessThanOrEqual(Math.ceil(days / cadenceDays));
					expect(sends.map((send) => send.cycle)).toEqual(sends.map((_, index) => index));
				}
			),
			{ numRuns: 25 }
		);
	});
});

describe('decideReminder', () => {
	/** Invited Tuesday 7 January 10:00 Berlin; reminder after 5 days = Sunday 12 January 10:00 → Monday 09:00. */
	const invitation = (overrides: Partial<ReminderInvitation> = {}): ReminderInvitation => ({
		invitedAt: tuesdayMorning,
		remindedAt: null,
		respondedAt: null,
		reminderAfterDays: 5,
		sendWindow: officeHours,
		...overrides
	});
	const wait = (iso: string): ReminderDecision => ({ kind: 'wait', at: at(iso) });

	it.each<[string, EligibilityContact, ReminderInvitation, string, ReminderDecision]>([
		[
			'before it is due: wait until the first opening after the delay',
			contact(),
			invitation(),
			'2025-01-08T09:00:00Z',
			wait('2025-01-13T08:00:00Z')
		],
		[
			'due and inside the window: remind',
			contact(),
			invitation(),
			'2025-01-13T08:00:00Z',
			{ kind: 'remind' }
		],
		[
			'overdue and inside the window: remind',
			contact(),
			invitation(),
			'2025-01-15T10:00:00Z',
			{ kind: 'remind' }
		],
		[
			'due but 21:00 locally: wait for 09:00',
			contact(),
			invitation(),
			'2025-01-13T20:00:00Z',
			wait('2025-01-14T08:00:00Z')
		],
		[
			'answered: never',
			contact(),
			invitation({ respondedAt: at('2025-01-08T09:00:00Z') }),
			'2025-01-13T08:00:00Z',
			{ kind: 'never' }
		],
		[
			'already reminded: never',
			contact(),
			invitation({ remindedAt: at('2025-01-13T08:00:00Z') }),
			'2025-01-14T08:00:00Z',
			{ kind: 'never' }
		],
		[
			'reminders off: never',
			contact(),
			invitation({ reminderAfterDays: null }),
			'2025-01-13T08:00:00Z',
			{ kind: 'never' }
		],
		[
			'unsubscribed: never',
			contact({ unsubscribedAt: at('2025-01-08T00:00:00Z') }),
			invitation(),
			'2025-01-13T08:00:00Z',
			{ kind: 'never' }
		],
		[
			'bounced: never',
			contact({ bouncedAt: at('2025-01-07T09:01:00Z') }),
			invitation(),
			'2025-01-13T08:00:00Z',
			{ kind: 'never' }
		],
		[
			'complained: never',
			contact({ complainedAt: at('2025-01-08T00:00:00Z') }),
			invitation(),
			'2025-01-13T08:00:00Z',
			{ kind: 'never' }
		],
		[
			'consent withdrawn: never',
			contact({ consent: false }),
			invitation(),
			'2025-01-13T08:00:00Z',
			{ kind: 'never' }
		],
		[
			'a complaint is open: look again in an hour',
			contact({ openCaseCount: 1 }),
			invitation(),
			'2025-01-13T08:00:00Z',
			wait('2025-01-13T09:00:00Z')
		],
		[
			'a complaint is open before it is due: wait for the due opening',
			contact({ openCaseCount: 1 }),
			invitation(),
			'2025-01-08T09:00:00Z',
			wait('2025-01-13T08:00:00Z')
		],
		[
			'a delay of 30 days reaches the end of the invitation: never',
			contact(),
			invitation({ reminderAfterDays: 30 }),
			'2025-01-08T09:00:00Z',
			{ kind: 'never' }
		],
		[
			'due on a Saturday whose next opening is after the invitation closes: never',
			contact(),
			invitation({ invitedAt: at('2025-01-10T15:00:00Z'), reminderAfterDays: 29 }),
			'2025-02-08T15:00:00Z',
			{ kind: 'never' }
		],
		[
			'a New York contact is reminded at 09:00 New York time',
			contact({ timeZone: 'America/New_York' }),
			invitation(),
			'2025-01-12T09:00:00Z',
			wait('2025-01-13T14:00:00Z')
		]
	])('%s', (_name, person, invited, now, expected) => {
		expect(decideReminder(person, invited, at(now))).toEqual(expected);
	});

	const reminderSetting = fc.record({
		timeZone: fc.constantFrom(...simulationZones),
		sendWindow: sendWindows,
		invitedOffset: fc.integer({ min: 0, max: 365 * day }),
		reminderAfterDays: fc.option(fc.integer({ min: 1, max: 40 }), { nil: null, freq: 6 }),
		nowOffset: fc.integer({ min: 0, max: 45 * day }),
		laterBy: fc.integer({ min: 1, max: 60 * day })
	});

	it('reminds only when due, inside the window and still answerable; a wait ends in a reminder; never stays never', () => {
		fc.assert(
			fc.property(reminderSetting, (drawn) => {
				const person = contact({ timeZone: drawn.timeZone });
				const invitedAt = new Date(simulationStart + drawn.invitedOffset);
				const invited = invitation({
					invitedAt,
					reminderAfterDays: drawn.reminderAfterDays,
					sendWindow: drawn.sendWindow
				});
				const now = new Date(invitedAt.getTime() + drawn.nowOffset);
				const decision = decideReminder(person, invited, now);
				if (decision.kind === 'remind') {
					expect(drawn.reminderAfterDays).not.toBeNull();
					expect(now.getTime()).toBeGreaterThanOrEqual(
						invitedAt.getTime() + drawn.reminderAfterDays! * day
					);
					expect(isWithinSendWindow(now, drawn.timeZone, drawn.sendWindow)).toBe(true);
					expect(isInvitationAnswerable(invitedAt, now)).toBe(true);
				} else if (decision.kind === 'wait') {
					expect(decision.at.getTime()).toBeGreaterThan(now.getTime());
					expect(decideReminder(person, invited, decision.at)).toEqual({ kind: 'remind' });
				} else {
					const later = new Date(now.getTime() + drawn.laterBy);
					expect(decideReminder(person, invited, later)).toEqual({ kind: 'never' });
				}
			}),
			{ numRuns: 300 }
		);
	});
});

describe('invitation and response lifetimes', () => {
	const invitedAt = at('2025-01-07T09:00:00Z');

	it.each([
		['2025-01-07T08:59:59.999Z', false, 'before it was sent'],
		['2025-01-07T09:00:00.000Z', true, 'the moment it is sent'],
		['2025-02-06T08:59:59.999Z', true, 'the last millisecond of 30 days'],
		['2025-02-06T09:00:00.000Z', false, '30 days later (end exclusive)']
	])('an invitation sent 7 January 09:00 UTC is answerable at %s: %s (%s)', (now, expected) => {
		expect(isInvitationAnswerable(invitedAt, at(now))).toBe(expected);
	});

	it('closes 30 days after it was sent', () => {
		expect(invitationClosesAt(invitedAt).toISOString()).toBe('2025-02-06T09:00:00.000Z');
	});

	it('lets a response be changed for 7 days after the first answer, end exclusive', () => {
		const answeredAt = at('2025-01-08T12:00:00Z');
		expect(responseEditableUntil(answeredAt).toISOString()).toBe('2025-01-15T12:00:00.000Z');
		expect(isResponseEditable(answeredAt, at('2025-01-15T11:59:59.999Z'))).toBe(true);
		expect(isResponseEditable(answeredAt, at('2025-01-15T12:00:00.000Z'))).toBe(false);
	});
});
