import { describe, expect, it } from 'vitest';
import {
	describeAuditEntry,
	describeEmail,
	mergeTimelines,
	type TimelineEvent
} from '../../../api/domain/timeline';

const at = (minute: number) => new Date(Date.UTC(2026, 2, 2, 9, minute));

describe('describeAuditEntry', () => {
	it.each([
		['account.created', 'Ada', 'Account created by Ada'],
		['account.lost', null, 'Marked lost'],
		['contact.survey_skipped', 'Ada', 'Survey skipped by Ada'],
		['something', null, 'Something']
	])('%s by %s reads "%s"', (action, actorName, title) => {
		expect(describeAuditEntry({ action, actorName, detail: null, at: at(0) }).title).toBe(title);
	});

	it('lists each change with labels, dashes for empty values and dates without times', () => {
		const event = describeAuditEntry({
			action: 'account.updated',
			actorName: 'Ada',
			detail: {
				changes: {
					name: { from: 'Acme', to: 'Acme Ltd' },
					externalRef: { from: null, to: 'C-1' },
					tags: { from: [], to: ['vip', 'emea'] },
					wonAt: { from: '2025-01-01T00:00:00.000Z', to: '2024-06-01T00:00:00.000Z' }
				}
			},
			at: at(0)
		});
		expect(event).toEqual({
			at: at(0),
			kind: 'change',
			title: 'Details edited by Ada',
			detail:
				'Name: Acme → Acme Ltd; External reference: — → C-1; Tags: — → vip, emea; Customer since: 2025-01-01 → 2024-06-01'
		});
	});
});

describe('describeEmail', () => {
	it('places a sent email at its sending time and a pending one at its creation', () => {
		const base = {
			subject: 'Hello',
			toAddress: 'a@example.test',
			createdAt: at(1),
			lastError: null
		};
		expect(describeEmail({ ...base, status: 'sent', sentAt: at(3) })).toEqual({
			at: at(3),
			kind: 'email',
			title: 'Email sent: “Hello”',
			detail: 'To a@example.test'
		});
		expect(describeEmail({ ...base, status: 'pending', sentAt: null }).at).toEqual(at(1));
	});
});

describe('mergeTimelines', () => {
	const event = (minute: number, title: string): TimelineEvent => ({
		at: at(minute),
		kind: 'change',
		title
	});

	it('puts the newest first and keeps list order for events at the same instant', () => {
		const merged = mergeTimelines([
			[event(5, 'a5'), event(1, 'a1')],
			[event(5, 'b5'), event(3, 'b3')]
		]);
		expect(merged.map((e) => e.title)).toEqual(['a5', 'b5', 'b3', 'a1']);
	});

	it('keeps at most the limit', () => {
		expect(mergeTimelines([[event(1, 'a'), event(2, 'b')]], 1).map((e) => e.title)).toEqual(['b']);
	});
});
