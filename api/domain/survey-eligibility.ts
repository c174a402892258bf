/**
 * Whether a contact should get a survey invitation or its reminder now, and if
 * not, why and when it could. One pure function of the contact's history, the
 * survey, the organisation's fatigue rules and `now`, so the scheduler, the
 * skip records and the contact page can never disagree about a contact.
 *
 * Time spans counted in days are exact elapsed days (24 hours each): cadence
 * windows, the fatigue window and the complaint cool-down. Ends are exclusive:
 * a contact surveyed at `t` with a 30-day fatigue rule may be surveyed again
 * from `t + 30 days` on.
 */
import { nextSendWindowOpening } from './send-window';
import type { SendWindow, SkipReason } from './survey-definition';
import { addDays, addHours, laterOf, msPerDay } from './zoned-time';

/** What eligibility needs to know about a contact (and its history with one survey). */
export type EligibilityContact = {
	/** IANA zone the send window is judged in. */
	timeZone: string;
	consent: boolean;
	unsubscribedAt: Date | null;
	bouncedAt: Date | null;
	/** The address reported our mail as spam. */
	complainedAt: Date | null;
	/** The last invitation of any survey (the fatigue rule is organisation-wide). */
	lastSurveyedAt: Date | null;
	openCaseCount: number;
	lastCaseClosedAt: Date | null;
	/** The cadence window of THIS survey the contact was last invited in, if ever. */
	lastInvitedCycle: number | null;
};

export type EligibilitySurvey = { activatedAt: Date; cadenceDays: number; sendWindow: SendWindow };

/** Organisation-wide rules; 0 days switches a rule off. */
export type FatigueRules = { fatigueDays: number; complaintCooldownDays: number };

/**
 * - `send`: invite now, in cadence window `cycle`.
 * - `not_due`: already invited in this cadence window (or the survey is not
 *   active yet: `cycle` is then negative); look again at `nextDueAt`.
 * - `skip`: due but blocked. `nextPossibleAt` is the earliest instant every
 *   blocker is clear and the send window open (null when unknowable: a
 *   permanent blocker or an open complaint). It may lie in a later cadence
 *   window. `recheckAt` is when the scheduler should look again.
 */
export type Eligibility =
	| { kind: 'send'; cycle: number }
	| { kind: 'not_due'; cycle: number; nextDueAt: Date }
	| {
			kind: 'skip';
			cycle: number;
			reason: SkipReason;
			nextPossibleAt: Date | null;
			recheckAt: Date;
	  };

/** How long after a permanent blocker (unsubscribed…) the scheduler looks again: it may be lifted by hand. */
export const permanentBlockerRecheckDays = 1;
/** How often a contact with an open complaint is looked at again. */
export const openComplaintRecheckHours = 1;
/** How long an invitation's links accept an answer. */
export const invitationLifetimeDays = 30;
/** How long after the first answer a response may still be changed. */
export const responseEditDays = 7;

/**
 * The cadence window `now` falls in: windows of `cadenceDays` elapsed days,
 * the first (0) starting at `activatedAt`. Negative before activation.
 */
export function cycleAt(
	survey: Pick<EligibilitySurvey, 'activatedAt' | 'cadenceDays'>,
	now: Date
): number {
	return Math.floor(
		(now.getTime() - survey.activatedAt.getTime()) / (survey.cadenceDays * msPerDay)
	);
}

/** The instant cadence window `cycle` begins (the previous one ends there, exclusive). */
export function cycleStart(
	survey: Pick<EligibilitySurvey, 'activatedAt' | 'cadenceDays'>,
	cycle: number
): Date {
	return addDays(survey.activatedAt, cycle * survey.cadenceDays);
}

/**
 * Decides one contact × survey at `now`. Checks, in order: the survey is
 * active; permanent blockers (`no_consent`, `unsubscribed`, `complained`,
 * `bounced`); already invited in this cadence window (`not_due`); then the
 * temporary blockers `open_complaint`, `recent_complaint` (until the last case
 * closed + cool-down), `throttled` (until the last survey + fatigue days) and
 * `outside_send_window`. The reason is the first that applies.
 */
export function decideInvitation(
	contact: EligibilityContact,
	survey: EligibilitySurvey,
	rules: FatigueRules,
	now: Date
): Eligibility {
	const cycle = cycleAt(survey, now);
	if (cycle < 0) return { kind: 'not_due', cycle, nextDueAt: survey.activatedAt };

	const permanent = permanentBlocker(contact);
	if (permanent) {
		return {
			kind: 'skip',
			cycle,
			reason: permanent,
			nextPossibleAt: null,
			recheckAt: addDays(now, permanentBlockerRecheckDays)
		};
	}

	if (contact.lastInvitedCycle !== null && contact.lastInvitedCycle >= cycle) {
		return { kind: 'not_due', cycle, nextDueAt: cycleStart(survey, contact.lastInvitedCycle + 1) };
	}

	if (contact.openCaseCount > 0) {
		return {
			kind: 'skip',
			cycle,
			reason: 'open_complaint',
			nextPossibleAt: null,
			recheckAt: addHours(now, openComplaintRecheckHours)
		};
	}

	const cooldownEndsAt = blockedUntil(contact.lastCaseClosedAt, rules.complaintCooldownDays);
	const fatigueEndsAt = blockedUntil(contact.lastSurveyedAt, rules.fatigueDays);
	const clearAt = [cooldownEndsAt, fatigueEndsAt].reduce<Date>(
		(latest, end) => (end ? laterOf(latest, end) : latest),
		now
	);
	const nextPossibleAt = nextSendWindowOpening(clearAt, contact.timeZone, survey.sendWindow);
	if (nextPossibleAt.getTime() === now.getTime()) return { kind: 'send', cycle };

	const reason: SkipReason = isAfter(cooldownEndsAt, now)
		? 'recent_complaint'
		: isAfter(fatigueEndsAt, now)
			? 'throttled'
			: 'outside_send_window';
	return { kind: 'skip', cycle, reason, nextPossibleAt, recheckAt: nextPossibleAt };
}

/** What a reminder decision needs about the invitation. */
export type ReminderInvitation = {
	invitedAt: Date;
	remindedAt: Date | null;
	/** When the contact first answered, if ever. */
	respondedAt: Date | null;
	/** The survey's setting; null = no reminders. */
	reminderAfterDays: number | null;
	sendWindow: SendWindow;
};

/**
 * - `remind`: send the one reminder now.
 * - `wait`: not yet; look again at `at` (the reminder's due time in the send
 *   window, or an hour later while a complaint is open).
 * - `never`: answered, already reminded, reminders off, the contact may not be
 *   mailed (no consent, unsubscribed, bounced, complained), or the invitation
 *   would have expired before the reminder could go.
 */
export type ReminderDecision = { kind: 'remind' } | { kind: 'wait'; at: Date } | { kind: 'never' };

/**
 * Decides the single reminder for an unanswered invitation: due
 * `reminderAfterDays` after the invitation, sent inside the contact's send
 * window (else at its next opening), held while a complaint is open, and never
 * once the invitation can no longer be answered.
 */
export function decideReminder(
	contact: Pick<
		EligibilityContact,
		'timeZone' | 'consent' | 'unsubscribedAt' | 'bouncedAt' | 'complainedAt' | 'openCaseCount'
	>,
	invitation: ReminderInvitation,
	now: Date
): ReminderDecision {
	if (invitation.respondedAt || invitation.remindedAt || invitation.reminderAfterDays === null)
		return { kind: 'never' };
	if (permanentBlocker(contact)) return { kind: 'never' };
	const closesAt = invitationClosesAt(invitation.invitedAt);
	const dueAt = laterOf(now, addDays(invitation.invitedAt, invitation.reminderAfterDays));
	const sendAt = nextSendWindowOpening(dueAt, contact.timeZone, invitation.sendWindow);
	if (sendAt.getTime() >= closesAt.getTime()) return { kind: 'never' };
	if (contact.openCaseCount > 0)
		return { kind: 'wait', at: laterOf(sendAt, addHours(now, openComplaintRecheckHours)) };
	return sendAt.getTime() === now.getTime() ? { kind: 'remind' } : { kind: 'wait', at: sendAt };
}

/** The instant an invitation's links stop accepting answers (`invitationLifetimeDays` after it was sent). */
export function invitationClosesAt(invitedAt: Date): Date {
	return addDays(invitedAt, invitationLifetimeDays);
}

/** Whether an invitation sent at `invitedAt` still accepts an answer at `now` (end exclusive). */
export function isInvitationAnswerable(invitedAt: Date, now: Date): boolean {
	return (
		now.getTime() >= invitedAt.getTime() && now.getTime() < invitationClosesAt(invitedAt).getTime()
	);
}

/** Until when (exclusive) a response first given at `firstAnsweredAt` may be changed: `responseEditDays` later. */
export function responseEditableUntil(firstAnsweredAt: Date): Date {
	return addDays(firstAnsweredAt, responseEditDays);
}

/** Whether a response first given at `firstAnsweredAt` may still be changed at `now`. */
export function isResponseEditable(firstAnsweredAt: Date, now: Date): boolean {
	return now.getTime() < responseEditableUntil(firstAnsweredAt).getTime();
}

function permanentBlocker(
	contact: Pick<EligibilityContact, 'consent' | 'unsubscribedAt' | 'bouncedAt' | 'complainedAt'>
): SkipReason | null {
	if (!contact.consent) return 'no_consent';
	if (contact.unsubscribedAt) return 'unsubscribed';
	if (contact.complainedAt) return 'complained';
	if (contact.bouncedAt) return 'bounced';
	return null;
}

function blockedUntil(since: Date | null, days: number): Date | null {
	return since && days > 0 ? addDays(since, days) : null;
}

function isAfter(instant: Date | null, now: Date): boolean {
	return instant !== null && instant.getTime() > now.getTime();
}
