import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { surveyScales, type SurveyKind } from '../../../api/domain/survey-definition';
import { latestPerContact, summarizeScores } from '../../../api/domain/survey-metrics';

describe('summarizeScores, hand-computed fixtures', () => {
	it('NPS of 10 answers: 5 promoters, 2 passives, 3 detractors', () => {
		// p = 5/10 = 0.5, d = 3/10 = 0.3 → NPS = (0.5 − 0.3)·100 = 20.
		// p + d − (p − d)² = 0.8 − 0.04 = 0.76; 0.76 / 10 = 0.076; √0.076 = 0.275681…
		// MoE = 1.96 · 0.275681 · 100 = 54.0335…
		const summary = summarizeScores('nps', [10, 9, 10, 9, 9, 8, 7, 6, 0, 3]);
		expect(summary.kind).toBe('nps');
		expect(summary.n).toBe(10);
		expect(summary.score).toBeCloseTo(20, 10);
		expect(summary.marginOfError).toBeCloseTo(54.0335, 4);
		expect(summary.reliable).toBe(true);
		expect(summary.shares.promoters).toBeCloseTo(50, 10);
		expect(summary.shares.passives).toBeCloseTo(20, 10);
		expect(summary.shares.detractors).toBeCloseTo(30, 10);
		// (10+9+10+9+9+8+7+6+0+3) / 10 = 71 / 10
		expect(summary.mean).toBeCloseTo(7.1, 10);
		expect(summary.distribution).toEqual([
			{ score: 0, count: 1 },
			{ score: 1, count: 0 },
			{ score: 2, count: 0 },
			{ score: 3, count: 1 },
			{ score: 4, count: 0 },
			{ score: 5, count: 0 },
			{ score: 6, count: 1 },
			{ score: 7, count: 1 },
			{ score: 8, count: 1 },
			{ score: 9, count: 3 },
			{ score: 10, count: 2 }
		]);
	});

	it.each([
		// The same NPS of 20 from 10 answers, with more or fewer people at the extremes.
		[[10, 10, 10, 3, 8, 8, 8, 8, 8, 8], 37.1884],
		[[10, 10, 10, 10, 3, 3, 8, 8, 8, 8], 46.3821],
		[[10, 10, 10, 10, 10, 10, 3, 3, 3, 3], 60.7284]
	])('NPS 20 from %j has a margin of %f', (scores, margin) => {
		const summary = summarizeScores('nps', scores);
		expect(summary.score).toBeCloseTo(20, 10);
		expect(summary.marginOfError).toBeCloseTo(margin, 4);
	});

	it('CSAT of 8 answers: 5 of them 4 or 5', () => {
		// p = 5/8 = 0.625 → CSAT 62.5. p(1 − p) = 0.234375; / 8 = 0.029296875; √ = 0.171163…
		// MoE = 1.96 · 0.171163 · 100 = 33.5480…
		const summary = summarizeScores('csat', [5, 5, 4, 4, 4, 3, 2, 1]);
		expect(summary.score).toBeCloseTo(62.5, 10);
		expect(summary.marginOfError).toBeCloseTo(33.548, 3);
		expect(summary.shares).toEqual({ satisfied: 62.5 });
		expect(summary.mean).toBeCloseTo(28 / 8, 10);
		expect(summary.distribution.map((entry) => entry.count)).toEqual([1, 1, 1, 3, 2]);
	});

	it('CES of 7 answers: the mean, its margin from the sample standard deviation, and the share agreeing', () => {
		// mean = (7+6+5+5+4+3+2) / 7 = 32/7 = 4.571428…
		// Σ(x − mean)² = Σx² − n·mean² = 164 − 1024/7 = 124/7; s² = (124/7) / 6 = 2.952381; s = 1.718249…
		// MoE = 1.96 · 1.718249 / √7 = 1.96 · 0.649437 = 1.27290…; agree (5–7) = 4/7 = 57.142857 %
		const summary = summarizeScores('ces', [7, 6, 5, 5, 4, 3, 2]);
		expect(summary.score).toBeCloseTo(32 / 7, 10);
		expect(summary.mean).toBeCloseTo(32 / 7, 10);
		expect(summary.marginOfError).toBeCloseTo(1.2729, 4);
		expect(summary.shares.agree).toBeCloseTo(400 / 7, 10);
		expect(summary.reliable).toBe(true);
	});

	it('returns full precision, never rounded (round when displaying)', () => {
		// 1 promoter in 3: 33.333…
		expect(summarizeScores('nps', [10, 8, 8]).score).toBe((1 / 3) * 100);
	});
});

describe('summarizeScores, edges', () => {
	it.each<[SurveyKind, number]>([
		['nps', 11],
		['csat', 5],
		['ces', 7]
	])('with no answers a %s summary has no score and every scale point at 0', (kind, points) => {
		const summary = summarizeScores(kind, []);
		expect(summary).toMatchObject({
			n: 0,
			score: null,
			marginOfError: null,
			reliable: false,
			mean: null
		});
		expect(summary.distribution).toHaveLength(points);
		expect(summary.distribution.every((entry) => entry.count === 0)).toBe(true);
		expect(Object.values(summary.shares).every((share) => share === 0)).toBe(true);
	});

	it('marks fewer than 5 answers unreliable, 5 reliable', () => {
		expect(summarizeScores('nps', [9, 9, 9, 9]).reliable).toBe(false);
		expect(summarizeScores('nps', [9, 9, 9, 9, 9]).reliable).toBe(true);
	});

	it('gives a unanimous sample a margin of 0 (NPS, CSAT), and a single CES answer no margin', () => {
		expect(summarizeScores('nps', [10]).marginOfError).toBe(0);
		expect(summarizeScores('nps', [8, 7, 8]).marginOfError).toBe(0);
		expect(summarizeScores('nps', [8, 7, 8]).score).toBe(0);
		expect(summarizeScores('csat', [2, 1]).marginOfError).toBe(0);
		expect(summarizeScores('ces', [6]).marginOfError).toBeNull();
		expect(summarizeScores('ces', [6]).score).toBe(6);
		expect(summarizeScores('ces', [6, 6]).marginOfError).toBe(0);
	});

	it.each<[SurveyKind, number]>([
		['nps', 11],
		['nps', -1],
		['csat', 0],
		['ces', 8],
		['ces', 4.5],
		['nps', Number.NaN]
	])('refuses a %s score of %f instead of silently changing the denominator', (kind, score) => {
		expect(() => summarizeScores(kind, [5, score])).toThrow(RangeError);
	});
});

describe('summarizeScores, properties', () => {
	const sample = (kind: SurveyKind) =>
		fc.array(fc.integer({ min: surveyScales[kind].min, max: surveyScales[kind].max }), {
			maxLength: 200
		});

	it('NPS is promoters − detractors, in [−100, 100], shares summing to 100, and its margin matches the variance of ±1/0 per answer', () => {
		fc.assert(
			fc.property(sample('nps'), (scores) => {
				const summary = summarizeScores('nps', scores);
				if (scores.length === 0) return;
				const { promoters, passives, detractors } = summary.shares;
				expect(summary.score!).toBeCloseTo(promoters - detractors, 9);
				expect(summary.score!).toBeGreaterThanOrEqual(-100);
				expect(summary.score!).toBeLessThanOrEqual(100);
				expect(promoters + passives + detractors).toBeCloseTo(100, 9);
				// Independently: each answer is +1, 0 or −1; NPS/100 is their mean, and the
				// margin is 1.96 · √(population variance / n).
				const values = scores.map((score): number => (score >= 9 ? 1 : score <= 6 ? -1 : 0));
				const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
				const variance =
					values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / values.length;
				expect(summary.score!).toBeCloseTo(mean * 100, 9);
				expect(summary.marginOfError!).toBeCloseTo(
					1.96 * Math.sqrt(variance / values.length) * 100,
					9
				);
			})
		);
	});

	it('CES matches a direct mean and sample standard deviation; CSAT a direct share', () => {
		fc.assert(
			fc.property(sample('ces'), sample('csat'), (ces, csat) => {
				const effort = summarizeScores('ces', ces);
				if (ces.length >= 2) {
					const mean = ces.reduce((sum, value) => sum + value, 0) / ces.length;
					const sd = Math.sqrt(
						ces.reduce((sum, value) => sum + (value - mean) ** 2, 0) / (ces.length - 1)
					);
					expect(effort.score!).toBeCloseTo(mean, 9);
					expect(effort.marginOfError!).toBeCloseTo((1.96 * sd) / Math.sqrt(ces.length), 9);
					expect(effort.shares.agree).toBeCloseTo(
						(ces.filter((value) => value >= 5).length / ces.length) * 100,
						9
					);
				}
				const satisfaction = summarizeScores('csat', csat);
				if (csat.length > 0) {
					expect(satisfaction.score!).toBeCloseTo(
						(csat.filter((value) => value >= 4).length / csat.length) * 100,
						9
					);
				}
			})
		);
	});

	it('ignores answer order, counts every answer once, and halves the margin when the same answers come four times as often', () => {
		fc.assert(
			fc.property(
				fc.constantFrom<SurveyKind>('nps', 'csat', 'ces'),
				fc.integer({ min: 1, max: 1_000_000 }),
				(kind, seed) => {
					const { min, max } = surveyScales[kind];
					const scores = Array.from(
						{ length: 1 + (seed % 60) },
						(_, index) => min + ((seed * (index + 7)) % (max - min + 1))
					);
					const summary = summarizeScores(kind, scores);
					const reversed = summarizeScores(kind, [...scores].reverse());
					expect(reversed.score).toBe(summary.score);
					expect(summary.distribution.reduce((sum, entry) => sum + entry.count, 0)).toBe(
						scores.length
					);
					if (kind === 'ces') return; // the sample standard deviation's n − 1 makes this inexact for CES
					const fourfold = summarizeScores(kind, [...scores, ...scores, ...scores, ...scores]);
					expect(fourfold.score!).toBeCloseTo(summary.score!, 9);
					expect(fourfold.marginOfError!).toBeCloseTo(summary.marginOfError! / 2, 9);
				}
			)
		);
	});
});

describe('latestPerContact', () => {
	const row = (contactId: string, score: number, iso: string) => ({
		contactId,
		score,
		at: new Date(iso)
	});

	it('keeps each contact’s latest answer, contacts in order of their first row', () => {
		expect(
			latestPerContact([
				row('ann', 3, '2025-01-01T00:00:00Z'),
				row('bob', 9, '2025-01-02T00:00:00Z'),
				row('ann', 7, '2025-02-01T00:00:00Z'),
				row('cid', 5, '2025-01-15T00:00:00Z')
			])
		).toEqual([7, 9, 5]);
	});

	it('lets an earlier answer listed later not replace a newer one', () => {
		expect(
			latestPerContact([
				row('ann', 1, '2025-03-01T00:00:00Z'),
				row('ann', 9, '2025-01-01T00:00:00Z')
			])
		).toEqual([1]);
	});

	it('breaks a tie in time by the later row', () => {
		expect(
			latestPerContact([
				row('ann', 1, '2025-03-01T00:00:00Z'),
				row('ann', 2, '2025-03-01T00:00:00Z')
			])
		).toEqual([2]);
	});

	it('returns nothing for no rows', () => {
		expect(latestPerContact([])).toEqual([]);
	});

	it('returns one score per contact: the one with the greatest time, the last such row on a tie', () => {
		fc.assert(
			fc.property(
				fc.array(
					fc.record({
						contactId: fc.constantFrom('a', 'b', 'c', 'd'),
						score: fc.integer({ min: 0, max: 10 }),
						at: fc.integer({ min: 0, max: 5 }).map((day) => new Date(day * 86_400_000))
					}),
					{ maxLength: 30 }
				),
				(rows) => {
					const contacts = [...new Set(rows.map((entry) => entry.contactId))];
					const expected = contacts.map((contactId) => {
						const own = rows.filter((entry) => entry.contactId === contactId);
						const latest = Math.max(...own.map((entry) => entry.at.getTime()));
						return own.filter((entry) => entry.at.getTime() === latest).at(-1)!.score;
					});
					expect(latestPerContact(rows)).toEqual(expected);
				}
			)
		);
	});
});
