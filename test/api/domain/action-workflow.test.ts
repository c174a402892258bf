import { describe, expect, it } from 'vitest';
import {
	actionStatuses,
	moveAction,
	nextStatuses,
	type ActionStatus
} from '../../../api/domain/action-workflow';

/** Every from × to pair: where it goes and whether the customers who asked hear of it. */
const table: Record<ActionStatus, Record<ActionStatus, 'no' | 'quiet' | 'tell' | 'choice'>> = {
	planned: { planned: 'no', in_progress: 'quiet', done: 'tell', declined: 'choice' },
	in_progress: { planned: 'no', in_progress: 'no', done: 'tell', declined: 'choice' },
	done: { planned: 'no', in_progress: 'no', done: 'no', declined: 'no' },
	declined: { planned: 'quiet', in_progress: 'no', done: 'no', declined: 'no' }
};

describe('the action workflow', () => {
	for (const from of actionStatuses) {
		for (const to of actionStatuses) {
			const expected = table[from][to];
			it(`${from} → ${to}: ${expected}`, () => {
				const quiet = moveAction(from, to, { shareDecline: false });
				const shared = moveAction(from, to, { shareDecline: true });
				if (expected === 'no') {
					expect(quiet.ok).toBe(false);
					expect(shared.ok).toBe(false);
					if (!quiet.ok) expect(quiet.reason).toMatch(/\.$/);
					return;
				}
				expect(quiet).toMatchObject({ ok: true, to });
				expect(shared).toMatchObject({ ok: true, to });
				const told = [quiet.ok && quiet.tellCustomers, shared.ok && shared.tellCustomers];
				expect(told).toEqual(
					expected === 'tell'
						? [true, true]
						: expected === 'choice'
							? [false, true]
							: [false, false]
				);
			});
		}
	}

	it('offers exactly the moves it allows', () => {
		expect(nextStatuses('planned')).toEqual(['in_progress', 'done', 'declined']);
		expect(nextStatuses('in_progress')).toEqual(['done', 'declined']);
		expect(nextStatuses('done')).toEqual([]);
		expect(nextStatuses('declined')).toEqual(['planned']);
	});
});
