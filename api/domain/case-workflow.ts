/**
 * The complaint case's recovery workflow (DESIGN.md flow 4) as one pure
 * transition function over closed sets of states and events. It is the single
 * source of what may happen to a case next, so the API's 409s, the buttons the
 * console and the status page offer, and the SLA clock changes the shell
 * applies can never disagree.
 *
 * `new → acknowledged → in_progress ⇄ waiting_on_customer → resolved → closed`,
 * and back to `in_progress` (`reopened`) when staff reopen the case or the
 * customer says it is not solved. Choices the diagram leaves open:
 * - A staff action the customer would notice acknowledges a `new` case: a
 *   public reply moves it to `acknowledged`, starting work to `in_progress`,
 *   asking the customer something to `waiting_on_customer`.
 * - A case is resolved only from `in_progress` or `waiting_on_customer` (start
 *   work first), and closed only once resolved, so every closed case has a
 *   resolution note and root cause and its customer was asked.
 * - While a case is resolved the customer answers through the recovery survey
 *   (`customer_confirms`, `customer_rejects`), not `customer_reply`; staff
 *   reopen a case to write to the customer again.
 * - `reopen` and `customer_rejects` are accepted on resolved and closed cases.
 *   The reopen window (N days after resolution) is a matter of dates, so the
 *   shell checks it before calling `transition`.
 * - Internal notes are accepted in every state, closed included, and change
 *   nothing.
 *
 * SLA clocks. The shell starts `first_response` and `resolution` when the case
 * opens; this module only says how each event changes them, as effects applied
 * in order. `next_response` runs from a customer message until the next public
 * message to the customer. The shell applies effects idempotently: fulfilling
 * a target that is not running does nothing, and starting one that is already
 * running keeps its due time (the oldest unanswered message sets the promise).
 * Clocks are paused exactly while the case waits on the customer, and none
 * runs once it is resolved.
 */

export const caseStates = [
	'new',
	'acknowledged',
	'in_progress',
	'waiting_on_customer',
	'resolved',
	'closed'
] as const;
export type CaseState = (typeof caseStates)[number];

export const caseEvents = [
	// An agent acknowledges the case; a message sent with it is a separate `reply_public`.
	'acknowledge',
	// An agent starts (or, after waiting on the customer, resumes) work.
	'start',
	// An agent writes to the customer.
	'reply_public',
	// An agent writes a note only staff see.
	'note_internal',
	// An agent asks the customer something and waits for the answer.
	'wait_on_customer',
	// The customer writes on the status page or by email.
	'customer_reply',
	// An agent resolves the case (the resolution note and root cause are validated elsewhere).
	'resolve',
	// The customer answers "Yes, it's solved".
	'customer_confirms',
	// The customer answers "No, still a problem" (the shell checks the reopen window).
	'customer_rejects',
	// Staff close a resolved case, or the tick does when the customer has not answered in N days.
	'close',
	// Staff reopen a resolved or closed case (the shell checks the reopen window).
	'reopen'
] as const;
export type CaseEvent = (typeof caseEvents)[number];

/** Who causes an event: what the staff console offers, and what the status page offers. */
export const caseEventActors: Record<CaseEvent, 'staff' | 'customer'> = {
	acknowledge: 'staff',
	start: 'staff',
	reply_public: 'staff',
	note_internal: 'staff',
	wait_on_customer: 'staff',
	customer_reply: 'customer',
	resolve: 'staff',
	customer_confirms: 'customer',
	customer_rejects: 'customer',
	close: 'staff',
	reopen: 'staff'
};

/** SLA clock effects the shell applies, in order. */
export type ClockEffect =
	| { kind: 'fulfil'; target: 'first_response' | 'next_response' | 'resolution' }
	| { kind: 'start'; target: 'next_response' | 'resolution' }
	| { kind: 'pause' } // pauses resolution and next_response
	| { kind: 'resume' }; // resumes what `pause` paused

/**
 * What an event does to a case in a state.
 * - `ok: true`: the case moves to `to` (possibly the same state). `reopened`
 *   marks a way back from resolved or closed; `effects` are the clock changes in
 *   order; `notifyCustomer` means the customer is emailed about this change;
 *   `sendRecoverySurvey` means that email carries the recovery survey (one
 *   email, not two).
 * - `ok: false`: the event is not allowed now; the API answers 409 with
 *   `reason`, a sentence fit to show the staff member or customer who tried.
 */
export type Transition =
	| {
			ok: true;
			from: CaseState;
			to: CaseState;
			reopened: boolean;
			effects: ClockEffect[];
			notifyCustomer: boolean;
			sendRecoverySurvey: boolean;
	  }
	| { ok: false; from: CaseState; event: CaseEvent; reason: string };

/** Facts about the case that its state alone does not tell. */
export type TransitionContext = {
	/**
	 * Whether the case's first-response target is fulfilled; omitted means not
	 * yet. Consulted only in `acknowledged` and `in_progress`, the states a case
	 * can be in either way: a `new` case never has a first response, and every
	 * way into `waiting_on_customer`, `resolved` or `closed` fulfils it.
	 */
	firstResponseDone?: boolean;
};

/** Staff names of the states, as the console shows them. */
export const caseStateLabels: Record<CaseState, string> = {
	new: 'New',
	acknowledged: 'Acknowledged',
	in_progress: 'In progress',
	waiting_on_customer: 'Waiting on customer',
	resolved: 'Resolved',
	closed: 'Closed'
};

/** Plain words for the customer's status page. */
export const customerStateWords: Record<CaseState, string> = {
	new: "We've received your complaint",
	acknowledged: "We've read it and will reply soon",
	in_progress: "We're working on it",
	waiting_on_customer: "We're waiting for your reply",
	resolved: 'We think this is solved — is it?',
	closed: 'This case is closed'
};

/**
 * Whether a case in `state` counts as an open complaint, for the rule that no
 * survey goes to a contact with one: every state but `closed`. A resolved case
 * still waits for the customer's verdict and has its own recovery survey, so a
 * cadence survey on top would be one ask too many; the complaint cool-down
 * runs from closing.
 */
export function isOpenState(state: CaseState): boolean {
	return state !== 'closed';
}

/**
 * What `event` does to a case in `state`. Total over both closed sets: an
 * event that is not allowed is an `ok: false` result, never a throw, and
 * carries no effects. Whether an event is allowed depends on the state alone;
 * `context` only shapes the clock effects.
 */
export function transition(
	state: CaseState,
	event: CaseEvent,
	context: TransitionContext = {}
): Transition {
	const outcome = decide(state, event, hasFirstResponse(state, context));
	return typeof outcome === 'string'
		? { ok: false, from: state, event, reason: outcome }
		: { ok: true, from: state, ...outcome };
}

/**
 * The events allowed in `state`, in `caseEvents` order: what the console and
 * the status page offer (filter by `caseEventActors`). It needs no context,
 * because whether an event is allowed never depends on it.
 */
/** Days after closing during which a case can still be reopened (by the customer's "No" or by staff). */
export const reopenWindowDays = 30;

/** Whether a settled case may still be reopened at `now`: a resolved one always, a closed one within the window. */
export function withinReopenWindow(
	row: { state: CaseState; closedAt: Date | null },
	now: Date
): boolean {
	if (row.state === 'resolved') return true;
	return (
		row.state === 'closed' &&
		!!row.closedAt &&
		now.getTime() - row.closedAt.getTime() <= reopenWindowDays * 86_400_000
	);
}

export function allowedEvents(state: CaseState): CaseEvent[] {
	return caseEvents.filter((event) => transition(state, event).ok);
}

type Move = Omit<Extract<Transition, { ok: true }>, 'ok' | 'from'>;

/** A move, or the reason the event is refused. */
function decide(state: CaseState, event: CaseEvent, firstResponseDone: boolean): Move | string {
	const isSettled = state === 'resolved' || state === 'closed';
	const reopenFirst = `This case is ${state}: reopen it first.`;
	switch (event) {
		case 'note_internal':
			return move(state);
		case 'acknowledge':
			if (state === 'new') return move('acknowledged');
			return isSettled ? reopenFirst : 'This case has already been acknowledged.';
		case 'start':
			if (state === 'new' || state === 'acknowledged') return move('in_progress');
			if (state === 'waiting_on_customer')
				return move('in_progress', { effects: [{ kind: 'resume' }] });
			return isSettled ? reopenFirst : 'Work on this case has already started.';
		case 'reply_public':
			if (isSettled) return reopenFirst;
			return move(state === 'new' ? 'acknowledged' : state, {
				effects: answer(state, firstResponseDone),
				notifyCustomer: true
			});
		case 'wait_on_customer':
			if (isSettled) return reopenFirst;
			if (state === 'waiting_on_customer') return 'This case is already waiting on the customer.';
			return move('waiting_on_customer', {
				effects: [...answer(state, firstResponseDone), { kind: 'pause' }],
				notifyCustomer: true
			});
		case 'customer_reply':
			if (state === 'waiting_on_customer')
				return move('in_progress', {
					effects: [{ kind: 'resume' }, { kind: 'start', target: 'next_response' }]
				});
			if (state === 'resolved')
				return 'This case is resolved: please tell us whether it is solved.';
			if (state === 'closed')
				return 'This case is closed: if the problem is not solved, tell us so and we will reopen it.';
			return move(state, {
				effects: firstResponseDone ? [{ kind: 'start', target: 'next_response' }] : []
			});
		case 'resolve':
			if (state === 'in_progress' || state === 'waiting_on_customer')
				return move('resolved', {
					effects: [
						...(state === 'waiting_on_customer' ? [{ kind: 'resume' } as const] : []),
						...answer(state, firstResponseDone),
						{ kind: 'fulfil', target: 'resolution' }
					],
					notifyCustomer: true,
					sendRecoverySurvey: true
				});
			return isSettled
				? `This case is already ${state}.`
				: 'Start work on this case before resolving it.';
		case 'customer_confirms':
			if (state === 'resolved') return move('closed');
			return state === 'closed'
				? 'This case is already closed.'
				: 'This case is not resolved yet, so there is nothing to confirm.';
		case 'customer_rejects':
			if (isSettled)
				return move('in_progress', {
					reopened: true,
					effects: [
						{ kind: 'start', target: 'resolution' },
						{ kind: 'start', target: 'next_response' }
					]
				});
			return 'We are still working on this case: send us a message instead.';
		case 'close':
			if (state === 'resolved') return move('closed');
			return state === 'closed'
				? 'This case is already closed.'
				: 'Only a resolved case can be closed: resolve it first.';
		case 'reopen':
			if (isSettled)
				return move('in_progress', {
					reopened: true,
					effects: [{ kind: 'start', target: 'resolution' }],
					notifyCustomer: true
				});
			return 'This case is still open: only a resolved or closed case can be reopened.';
	}
}

function move(to: CaseState, changes: Partial<Omit<Move, 'to'>> = {}): Move {
	return {
		to,
		reopened: false,
		effects: [],
		notifyCustomer: false,
		sendRecoverySurvey: false,
		...changes
	};
}

/**
 * The clock effect of a message to the customer: it fulfils the first
 * response, or else answers any waiting customer message. None while waiting
 * on the customer: asking the customer already answered everything.
 */
function answer(state: CaseState, firstResponseDone: boolean): ClockEffect[] {
	if (!firstResponseDone) return [{ kind: 'fulfil', target: 'first_response' }];
	if (state === 'waiting_on_customer') return [];
	return [{ kind: 'fulfil', target: 'next_response' }];
}

function hasFirstResponse(state: CaseState, context: TransitionContext): boolean {
	if (state === 'new') return false;
	if (state === 'acknowledged' || state === 'in_progress')
		return context.firstResponseDone ?? false;
	return true;
}
