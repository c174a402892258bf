import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
	allowedEvents,
	caseEventActors,
	caseEvents,
	caseStateLabels,
	caseStates,
	customerStateWords,
	isOpenState,
	transition,
	type CaseEvent,
	type CaseState,
	type ClockEffect,
	type TransitionContext
} from '../../../api/domain/case-workflow';

const fulfil = (target: 'first_response' | 'next_response' | 'resolution'): ClockEffect => ({
	kind: 'fulfil',
	target
});
const start = (target: 'next_response' | 'resolution'): ClockEffect => ({ kind: 'start', target });
const pause: ClockEffect = { kind: 'pause' };
const resume: ClockEffect = { kind: 'resume' };

const pending: TransitionContext = { firstResponseDone: false };
const answered: TransitionContext = { firstResponseDone: true };

/** Every state × event pair: where the case goes, or `illegal` (a 409). */
const table: [CaseState, CaseEvent, CaseState | 'illegal'][] = [
	['new', 'acknowledge', 'acknowledged'],
	['new', 'start', 'in_progress'],
	['new', 'reply_public', 'acknowledged'],
	['new', 'note_internal', 'new'],
	['new', 'wait_on_customer', 'waiting_on_customer'],
	['new', 'customer_reply', 'new'],
	['new', 'resolve', 'illegal'],
	['new', 'customer_confirms', 'illegal'],
	['new', 'customer_rejects', 'illegal'],
	['new', 'close', 'illegal'],
	['new', 'reopen', 'illegal'],

	['acknowledged', 'acknowledge', 'illegal'],
	['acknowledged', 'start', 'in_progress'],
	['acknowledged', 'reply_public', 'acknowledged'],
	['acknowledged', 'note_internal', 'acknowledged'],
	['acknowledged', 'wait_on_customer', 'waiting_on_customer'],
	['acknowledged', 'customer_reply', 'acknowledged'],
	['acknowledged', 'resolve', 'illegal'],
	['acknowledged', 'customer_confirms', 'illegal'],
	['acknowledged', 'customer_rejects', 'illegal'],
	['acknowledged', 'close', 'illegal'],
	['acknowledged', 'reopen', 'illegal'],

	['in_progress', 'acknowledge', 'illegal'],
	['in_progress', 'start', 'illegal'],
	['in_progress', 'reply_public', 'in_progress'],
	['in_progress', 'note_internal', 'in_progress'],
	['in_progress', 'wait_on_customer', 'waiting_on_customer'],
	['in_progress', 'customer_reply', 'in_progress'],
	['in_progress', 'resolve', 'resolved'],
	['in_progress', 'customer_confirms', 'illegal'],
	['in_progress', 'customer_rejects', 'illegal'],
	['in_progress', 'close', 'illegal'],
	['in_progress', 'reopen', 'illegal'],

	['waiting_on_customer', 'acknowledge', 'illegal'],
	['waiting_on_customer', 'start', 'in_progress'],
	['waiting_on_customer', 'reply_public', 'waiting_on_customer'],
	['waiting_on_customer', 'note_internal', 'waiting_on_customer'],
	['waiting_on_customer', 'wait_on_customer', 'illegal'],
	['waiting_on_customer', 'customer_reply', 'in_progress'],
	['waiting_on_customer', 'resolve', 'resolved'],
	['waiting_on_customer', 'customer_confirms', 'illegal'],
	['waiting_on_customer', 'customer_rejects', 'illegal'],
	['waiting_on_customer', 'close', 'illegal'],
	['waiting_on_customer', 'reopen', 'illegal'],

	['resolved', 'acknowledge', 'illegal'],
	['resolved', 'start', 'illegal'],
	['resolved', 'reply_public', 'illegal'],
	['resolved', 'note_internal', 'resolved'],
	['resolved', 'wait_on_customer', 'illegal'],
	['resolved', 'customer_reply', 'illegal'],
	['resolved', 'resolve', 'illegal'],
	['resolved', 'customer_confirms', 'closed'],
	['resolved', 'customer_rejects', 'in_progress'],
	['resolved', 'close', 'closed'],
	['resolved', 'reopen', 'in_progress'],

	['closed', 'acknowledge', 'illegal'],
	['closed', 'start', 'illegal'],
	['closed', 'reply_public', 'illegal'],
	['closed', 'note_internal', 'closed'],
	['closed', 'wait_on_customer', 'illegal'],
	['closed', 'customer_reply', 'illegal'],
	['closed', 'resolve', 'illegal'],
	['closed', 'customer_confirms', 'illegal'],
	['closed', 'customer_rejects', 'in_progress'],
	['closed', 'close', 'illegal'],
	['closed', 'reopen', 'in_progress']
];

type Flag = 'notify' | 'survey' | 'reopened';

/**
 * Every allowed pair: the clock effects before the first response and after
 * it, and what else happens (`notify`: the customer is emailed; `survey`: that
 * email carries the recovery survey; `reopened`).
 */
const effectsTable: [CaseState, CaseEvent, ClockEffect[], ClockEffect[], Flag[]][] = [
	['new', 'acknowledge', [], [], []],
	['new', 'start', [], [], []],
	['new', 'reply_public', [fulfil('first_response')], [fulfil('first_response')], ['notify']],
	['new', 'note_internal', [], [], []],
	[
		'new',
		'wait_on_customer',
		[fulfil('first_response'), pause],
		[fulfil('first_response'), pause],
		['notify']
	],
	['new', 'customer_reply', [], [], []],

	['acknowledged', 'start', [], [], []],
	[
		'acknowledged',
		'reply_public',
		[fulfil('first_response')],
		[fulfil('next_response')],
		['notify']
	],
	['acknowledged', 'note_internal', [], [], []],
	[
		'acknowledged',
		'wait_on_customer',
		[fulfil('first_response'), pause],
		[fulfil('next_response'), pause],
		['notify']
	],
	['acknowledged', 'customer_reply', [], [start('next_response')], []],

	[
		'in_progress',
		'reply_public',
		[fulfil('first_response')],
		[fulfil('next_response')],
		['notify']
	],
	['in_progress', 'note_internal', [], [], []],
	[
		'in_progress',
		'wait_on_customer',
		[fulfil('first_response'), pause],
		[fulfil('next_response'), pause],
		['notify']
	],
	['in_progress', 'customer_reply', [], [start('next_response')], []],
	[
		'in_progress',
		'resolve',
		[fulfil('first_response'), fulfil('resolution')],
		[fulfil('next_response'), fulfil('resolution')],
		['notify', 'survey']
	],

	['waiting_on_customer', 'start', [resume], [resume], []],
	['waiting_on_customer', 'reply_public', [], [], ['notify']],
	['waiting_on_customer', 'note_internal', [], [], []],
	[
		'waiting_on_customer',
		'customer_reply',
		[resume, start('next_response')],
		[resume, start('next_response')],
		[]
	],
	[
		'waiting_on_customer',
		'resolve',
		[resume, fulfil('resolution')],
		[resume, fulfil('resolution')],
		['notify', 'survey']
	],

	['resolved', 'note_internal', [], [], []],
	['resolved', 'customer_confirms', [], [], []],
	[
		'resolved',
		'customer_rejects',
		[start('resolution'), start('next_response')],
		[start('resolution'), start('next_response')],
		['reopened']
	],
	['resolved', 'close', [], [], []],
	['resolved', 'reopen', [start('resolution')], [start('resolution')], ['reopened', 'notify']],

	['closed', 'note_internal', [], [], []],
	[
		'closed',
		'customer_rejects',
		[start('resolution'), start('next_response')],
		[start('resolution'), start('next_response')],
		['reopened']
	],
	['closed', 'reopen', [start('resolution')], [start('resolution')], ['reopened', 'notify']]
];

const states = fc.constantFrom(...caseStates);
const events = fc.constantFrom(...caseEvents);
const contexts = fc.constantFrom<TransitionContext | undefined>(undefined, {}, pending, answered, {
	firstResponseDone: undefined
});

describe('the transition table', () => {
	it('lists every state × event pair exactly once', () => {
		const pairs = table.map(([state, event]) => `${state} ${event}`);
		expect(new Set(pairs).size).toBe(caseStates.length * caseEvents.length);
		expect(pairs).toHaveLength(caseStates.length * caseEvents.length);
	});

	it.each(table)('%s + %s → %s', (state, event, expected) => {
		for (const context of [pending, answered]) {
			const result = transition(state, event, context);
			expect(result.from).toBe(state);
			if (expected === 'illegal') {
				expect(result).toEqual({ ok: false, from: state, event, reason: expect.any(String) });
			} else {
				expect(result).toMatchObject({ ok: true, to: expected });
			}
		}
	});
});

describe('clock effects and customer emails', () => {
	it('covers exactly the allowed pairs of the transition table', () => {
		const allowed = table
			.filter(([, , to]) => to !== 'illegal')
			.map(([state, event]) => `${state} ${event}`);
		expect(effectsTable.map(([state, event]) => `${state} ${event}`)).toEqual(allowed);
	});

	it.each(effectsTable)('%s + %s', (state, event, beforeAnswer, afterAnswer, flags) => {
		const to = table.find(([s, e]) => s === state && e === event)?.[2];
		const expected = (effects: ClockEffect[]) => ({
			ok: true,
			from: state,
			to,
			reopened: flags.includes('reopened'),
			effects,
			notifyCustomer: flags.includes('notify'),
			sendRecoverySurvey: flags.includes('survey')
		});
		expect(transition(state, event, pending)).toEqual(expected(beforeAnswer));
		expect(transition(state, event, answered)).toEqual(expected(afterAnswer));
	});

	it('treats a missing first-response fact as "not yet"', () => {
		for (const [state, event] of effectsTable) {
			expect(transition(state, event)).toEqual(transition(state, event, pending));
			expect(transition(state, event, {})).toEqual(transition(state, event, pending));
		}
	});

	it('returns fresh effect lists, so a caller changing one cannot change the next answer', () => {
		const first = transition('waiting_on_customer', 'customer_reply');
		if (first.ok) first.effects.length = 0;
		expect(transition('waiting_on_customer', 'customer_reply')).toMatchObject({
			effects: [resume, start('next_response')]
		});
	});
});

describe('refusals (the 409 reasons)', () => {
	it.each([
		['acknowledged', 'acknowledge', 'This case has already been acknowledged.'],
		['in_progress', 'start', 'Work on this case has already started.'],
		['resolved', 'reply_public', 'This case is resolved: reopen it first.'],
		['closed', 'start', 'This case is closed: reopen it first.'],
		['waiting_on_customer', 'wait_on_customer', 'This case is already waiting on the customer.'],
		['resolved', 'customer_reply', 'This case is resolved: please tell us whether it is solved.'],
		[
			'closed',
			'customer_reply',
			'This case is closed: if the problem is not solved, tell us so and we will reopen it.'
		],
		['acknowledged', 'resolve', 'Start work on this case before resolving it.'],
		['resolved', 'resolve', 'This case is already resolved.'],
		[
			'in_progress',
			'customer_confirms',
			'This case is not resolved yet, so there is nothing to confirm.'
		],
		['closed', 'customer_confirms', 'This case is already closed.'],
		[
			'in_progress',
			'customer_rejects',
			'We are still working on this case: send us a message instead.'
		],
		['waiting_on_customer', 'close', 'Only a resolved case can be closed: resolve it first.'],
		['closed', 'close', 'This case is already closed.'],
		[
			'in_progress',
			'reopen',
			'This case is still open: only a resolved or closed case can be reopened.'
		]
	] as [CaseState, CaseEvent, string][])('%s + %s: "%s"', (state, event, reason) => {
		expect(transition(state, event)).toEqual({ ok: false, from: state, event, reason });
	});

	it('gives every refusal a sentence to show', () => {
		for (const [state, event, to] of table) {
			const result = transition(state, event);
			if (to === 'illegal' && !result.ok) expect(result.reason).toMatch(/^[A-Z].*\.$/);
		}
	});
});

describe('allowedEvents', () => {
	it.each([
		[
			'new',
			[
				'acknowledge',
				'start',
				'reply_public',
				'note_internal',
				'wait_on_customer',
				'customer_reply'
			]
		],
		[
			'acknowledged',
			['start', 'reply_public', 'note_internal', 'wait_on_customer', 'customer_reply']
		],
		[
			'in_progress',
			['reply_public', 'note_internal', 'wait_on_customer', 'customer_reply', 'resolve']
		],
		[
			'waiting_on_customer',
			['start', 'reply_public', 'note_internal', 'customer_reply', 'resolve']
		],
		['resolved', ['note_internal', 'customer_confirms', 'customer_rejects', 'close', 'reopen']],
		['closed', ['note_internal', 'customer_rejects', 'reopen']]
	] as [CaseState, CaseEvent[]][])('a %s case offers %j', (state, expected) => {
		expect(allowedEvents(state)).toEqual(expected);
	});

	it('offers exactly the events the transition table allows', () => {
		for (const state of caseStates) {
			const allowed = table
				.filter(([s, , to]) => s === state && to !== 'illegal')
				.map(([, event]) => event);
			expect(allowedEvents(state)).toEqual(allowed);
		}
	});

	it('offers the customer, on the status page, only the customer events', () => {
		const customerOffer = (state: CaseState) =>
			allowedEvents(state).filter((event) => caseEventActors[event] === 'customer');
		expect(customerOffer('new')).toEqual(['customer_reply']);
		expect(customerOffer('waiting_on_customer')).toEqual(['customer_reply']);
		expect(customerOffer('resolved')).toEqual(['customer_confirms', 'customer_rejects']);
		expect(customerOffer('closed')).toEqual(['customer_rejects']);
	});
});

describe('labels and openness', () => {
	it.each([
		['new', 'New', "We've received your complaint", true],
		['acknowledged', 'Acknowledged', "We've read it and will reply soon", true],
		['in_progress', 'In progress', "We're working on it", true],
		['waiting_on_customer', 'Waiting on customer', "We're waiting for your reply", true],
		['resolved', 'Resolved', 'We think this is solved — is it?', true],
		['closed', 'Closed', 'This case is closed', false]
	] as [CaseState, string, string, boolean][])(
		'%s: staff read "%s", the customer "%s", open %s',
		(state, label, words, isOpen) => {
			expect(caseStateLabels[state]).toBe(label);
			expect(customerStateWords[state]).toBe(words);
			expect(isOpenState(state)).toBe(isOpen);
		}
	);
});

/** The states reachable from `from` by allowed events (legality does not depend on context). */
function reachableFrom(from: CaseState): Set<CaseState> {
	const seen = new Set<CaseState>([from]);
	const queue: CaseState[] = [from];
	for (let state = queue.shift(); state !== undefined; state = queue.shift()) {
		for (const event of caseEvents) {
			const result = transition(state, event);
			if (result.ok && !seen.has(result.to)) {
				seen.add(result.to);
				queue.push(result.to);
			}
		}
	}
	return seen;
}

type ClockStatus = 'off' | 'running' | 'paused' | 'fulfilled';
type Clocks = Record<'first_response' | 'next_response' | 'resolution', ClockStatus>;

/**
 * The shell's reading of an effect, as the module header states it: fulfilling
 * a clock that is not running or paused does nothing, starting a running one
 * keeps it. Pausing nothing, resuming nothing or starting a paused clock would
 * be a bug in the plan and throws.
 */
function applyEffect(clocks: Clocks, effect: ClockEffect): Clocks {
	const next = { ...clocks };
	switch (effect.kind) {
		case 'fulfil':
			if (clocks[effect.target] === 'running' || clocks[effect.target] === 'paused')
				next[effect.target] = 'fulfilled';
			return next;
		case 'start':
			if (clocks[effect.target] === 'paused') throw new Error(`started paused ${effect.target}`);
			next[effect.target] = 'running';
			return next;
		case 'pause':
			if (clocks.resolution !== 'running') throw new Error('paused a stopped resolution clock');
			if (next.next_response === 'running') next.next_response = 'paused';
			next.resolution = 'paused';
			return next;
		case 'resume':
			if (clocks.resolution !== 'paused') throw new Error('resumed a clock that was not paused');
			if (next.next_response === 'paused') next.next_response = 'running';
			next.resolution = 'running';
			return next;
	}
}

/** A case opened with its first-response and resolution clocks running, then `history` tried. */
function simulate(history: CaseEvent[], check: (step: Step) => void = () => {}) {
	let state: CaseState = 'new';
	let clocks: Clocks = { first_response: 'running', next_response: 'off', resolution: 'running' };
	/** A customer message (the complaint itself, at first) has had no public answer yet. */
	let isAwaitingReply = true;
	for (const event of history) {
		const firstResponseDone = clocks.first_response === 'fulfilled';
		const result = transition(state, event, { firstResponseDone });
		if (!result.ok) continue;
		clocks = result.effects.reduce(applyEffect, clocks);
		if (event === 'customer_reply' || event === 'customer_rejects') isAwaitingReply = true;
		if (event === 'reply_public' || event === 'wait_on_customer' || event === 'resolve')
			isAwaitingReply = false;
		state = result.to;
		check({ event, state, clocks, isAwaitingReply });
	}
	return state;
}
type Step = { event: CaseEvent; state: CaseState; clocks: Clocks; isAwaitingReply: boolean };

const histories = fc.array(events, { maxLength: 60 });

describe('properties', () => {
	it('never throws, whatever the state, event and context', () => {
		fc.assert(
			fc.property(states, events, contexts, (state, event, context) => {
				const result = transition(state, event, context);
				expect(result.from).toBe(state);
			})
		);
	});

	it('decides whether an event is allowed, and where it leads, from the state alone', () => {
		fc.assert(
			fc.property(states, events, contexts, contexts, (state, event, one, other) => {
				const a = transition(state, event, one);
				const b = transition(state, event, other);
				expect(a.ok).toBe(b.ok);
				if (a.ok && b.ok) expect(a.to).toBe(b.to);
			})
		);
	});

	it('lets an internal note change nothing and email no one, in every state', () => {
		fc.assert(
			fc.property(states, contexts, (state, context) => {
				expect(transition(state, 'note_internal', context)).toEqual({
					ok: true,
					from: state,
					to: state,
					reopened: false,
					effects: [],
					notifyCustomer: false,
					sendRecoverySurvey: false
				});
			})
		);
	});

	it('gives an illegal transition no effects, no email and no survey', () => {
		fc.assert(
			fc.property(states, events, contexts, (state, event, context) => {
				const result = transition(state, event, context);
				if (!result.ok)
					expect(Object.keys(result).sort()).toEqual(['event', 'from', 'ok', 'reason']);
			})
		);
	});

	it('reaches every state from a new case', () => {
		expect([...reachableFrom('new')].sort()).toEqual([...caseStates].sort());
	});

	it('lets every state reached by any history still reach closed', () => {
		for (const state of caseStates) expect(reachableFrom(state).has('closed')).toBe(true);
		fc.assert(
			fc.property(histories, (history) => {
				expect(reachableFrom(simulate(history)).has('closed')).toBe(true);
			})
		);
	});

	it('pauses the clocks exactly while waiting on the customer, and runs none once resolved', () => {
		fc.assert(
			fc.property(histories, (history) => {
				simulate(history, ({ state, clocks }) => {
					const isPaused = Object.values(clocks).includes('paused');
					expect(isPaused).toBe(state === 'waiting_on_customer');
					if (isOpenState(state) && state !== 'resolved') {
						expect(clocks.resolution).toBe(isPaused ? 'paused' : 'running');
					} else {
						expect(Object.values(clocks)).not.toContain('running');
						expect(Object.values(clocks)).not.toContain('paused');
					}
				});
			})
		);
	});

	it('keeps a response clock running exactly while a customer message waits for an answer', () => {
		fc.assert(
			fc.property(histories, (history) => {
				simulate(history, ({ state, clocks, isAwaitingReply }) => {
					const isResponseDue =
						clocks.first_response === 'running' || clocks.next_response === 'running';
					const isActive = state !== 'resolved' && state !== 'closed';
					expect(isResponseDue).toBe(isActive && isAwaitingReply);
					expect(clocks.first_response === 'running' && clocks.next_response === 'running').toBe(
						false
					);
				});
			})
		);
	});

	it('sends the recovery survey exactly when a case becomes resolved', () => {
		fc.assert(
			fc.property(states, events, contexts, (state, event, context) => {
				const result = transition(state, event, context);
				if (result.ok)
					expect(result.sendRecoverySurvey).toBe(result.to === 'resolved' && state !== 'resolved');
			})
		);
	});

	it('marks as reopened exactly the ways back from resolved or closed to open work', () => {
		fc.assert(
			fc.property(states, events, contexts, (state, event, context) => {
				const result = transition(state, event, context);
				if (result.ok)
					expect(result.reopened).toBe(
						(state === 'resolved' || state === 'closed') && result.to === 'in_progress'
					);
			})
		);
	});

	it('emails the customer only about what staff did, never about what the customer did', () => {
		fc.assert(
			fc.property(states, events, contexts, (state, event, context) => {
				const result = transition(state, event, context);
				if (result.ok && caseEventActors[event] === 'customer')
					expect(result.notifyCustomer).toBe(false);
			})
		);
	});
});
