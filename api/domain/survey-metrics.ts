/**
 * The survey scores and their 95 % margins of error, as DESIGN.md's "Domain
 * rules" define them, in one place so the survey page, the CSV export and the
 * demo agree. Figures come back at full precision (no rounding): round only
 * when displaying, so sums and comparisons stay exact.
 *
 * Units: NPS, CSAT and every share are percentages (0–100; NPS −100–100); the
 * CES score is the mean answer on its 1–7 scale and its margin is in scale
 * points. Every answer counts in the denominator; a score outside the kind's
 * scale is a bug upstream and throws rather than silently shifting it.
 */
import { surveyScales, type SurveyKind } from './survey-definition';

/** Fewer answers than this and a score must be shown as unreliable. */
export const minimumReliableCount = 5;

/** z for a two-sided 95 % interval. */
const z95 = 1.96;

type SummaryBase = {
	n: number;
	/** null when n = 0. */
	score: number | null;
	/** Half-width of the 95 % interval, in the score's units; null when it cannot be estimated. */
	marginOfError: number | null;
	/** n >= 5. */
	reliable: boolean;
	/** Every point of the scale, lowest first, with how many answers gave it (0 included). */
	distribution: { score: number; count: number }[];
	/** Mean answer on the scale; null when n = 0. */
	mean: number | null;
};

/**
 * NPS: score = % promoters (9–10) − % detractors (0–6); margin
 * 1.96·√((p + d − (p − d)²) / n)·100 with p, d the shares as fractions.
 */
export type NpsSummary = SummaryBase & {
	kind: 'nps';
	shares: { promoters: number; passives: number; detractors: number };
};
/** CSAT: score = % of 4–5 answers; margin 1.96·√(p(1 − p) / n)·100. */
export type CsatSummary = SummaryBase & { kind: 'csat'; shares: { satisfied: number } };
/**
 * CES: score = mean answer (1–7, higher is easier); margin 1.96·s/√n with s
 * the sample standard deviation (null when n < 2); `agree` = % of 5–7.
 */
export type CesSummary = SummaryBase & { kind: 'ces'; shares: { agree: number } };

export type ScoreSummary = NpsSummary | CsatSummary | CesSummary;

/** Summarizes one kind's lead-question scores (pass `latestPerContact` output for the per-contact rule). */
export function summarizeScores(kind: 'nps', scores: readonly number[]): NpsSummary;
export function summarizeScores(kind: 'csat', scores: readonly number[]): CsatSummary;
export function summarizeScores(kind: 'ces', scores: readonly number[]): CesSummary;
export function summarizeScores(kind: SurveyKind, scores: readonly number[]): ScoreSummary;
export function summarizeScores(kind: SurveyKind, scores: readonly number[]): ScoreSummary {
	const { min, max } = surveyScales[kind];
	const counts = new Array<number>(max - min + 1).fill(0);
	for (const score of scores) {
		if (!Number.isInteger(score) || score < min || score > max) {
			throw new RangeError(
				`A ${kind} score must be a whole number from ${min} to ${max}; got ${score}.`
			);
		}
		counts[score - min]! += 1;
	}
	return summarizeCounts(kind, counts);
}

/**
 * The same summary from how many answers gave each score (`counts[i]` for
 * score min + i): what rollups keep, so a report reads a row per period,
 * not every answer.
 */
export function summarizeCounts(kind: SurveyKind, counts: readonly number[]): ScoreSummary {
	const { min } = surveyScales[kind];
	let n = 0;
	let sum = 0;
	counts.forEach((count, index) => {
		n += count;
		sum += count * (min + index);
	});
	const mean = n > 0 ? sum / n : null;
	const base = {
		n,
		reliable: n >= minimumReliableCount,
		distribution: counts.map((count, index) => ({ score: min + index, count })),
		mean
	};
	const shareOf = (low: number, high: number) =>
		n > 0 ? countBetween(counts, min, low, high) / n : 0;

	if (kind === 'nps') {
		const promoters = shareOf(9, 10);
		const detractors = shareOf(0, 6);
		const passives = shareOf(7, 8);
		const net = promoters - detractors;
		return {
			...base,
			kind,
			score: n > 0 ? net * 100 : null,
			marginOfError:
				n > 0 ? z95 * Math.sqrt(Math.max(0, promoters + detractors - net * net) / n) * 100 : null,
			shares: { promoters: promoters * 100, passives: passives * 100, detractors: detractors * 100 }
		};
	}
	if (kind === 'csat') {
		const satisfied = shareOf(4, 5);
		return {
			...base,
			kind,
			score: n > 0 ? satisfied * 100 : null,
			marginOfError: n > 0 ? z95 * Math.sqrt((satisfied * (1 - satisfied)) / n) * 100 : null,
			shares: { satisfied: satisfied * 100 }
		};
	}
	let squares = 0;
	if (mean !== null)
		counts.forEach((count, index) => (squares += count * (min + index - mean) ** 2));
	return {
		...base,
		kind,
		score: mean,
		marginOfError:
			n >= 2 && mean !== null ? (z95 * Math.sqrt(squares / (n - 1))) / Math.sqrt(n) : null,
		shares: { agree: shareOf(5, 7) * 100 }
	};
}

/**
 * Whether two periods' scores differ beyond chance: the difference against
 * 1.96 times the combined standard error (each margin is 1.96 standard errors).
 */
export function changeBetween(
	current: Pick<ScoreSummary, 'score' | 'marginOfError'>,
	previous: Pick<ScoreSummary, 'score' | 'marginOfError'>
): { change: number; significant: boolean } | null {
	if (current.score === null || previous.score === null) return null;
	const change = current.score - previous.score;
	if (current.marginOfError === null || previous.marginOfError === null)
		return { change, significant: false };
	const combined = Math.sqrt(current.marginOfError ** 2 + previous.marginOfError ** 2);
	return { change, significant: combined > 0 ? Math.abs(change) > combined : change !== 0 };
}

/**
 * One score per contact: each contact's latest response by `at`; of several
 * with the same `at`, the one later in `rows` wins (pass rows in write order).
 * Contacts come out in the order of their first row.
 */
export function latestPerContact(
	rows: readonly { contactId: string; score: number; at: Date }[]
): number[] {
	const latest = new Map<string, { score: number; at: number }>();
	for (const row of rows) {
		const at = row.at.getTime();
		const kept = latest.get(row.contactId);
		if (!kept || at >= kept.at) latest.set(row.contactId, { score: row.score, at });
	}
	return [...latest.values()].map((row) => row.score);
}

function countBetween(counts: readonly number[], min: number, low: number, high: number): number {
	let total = 0;
	for (let score = low; score <= high; score++) total += counts[score - min] ?? 0;
	return total;
}
