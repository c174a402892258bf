import type { SurveyKind } from '../domain/survey-definition';

/** Where a lead score falls: the NPS names, used for CSAT and CES too (satisfied/easy, neutral, not). */
export const scoreBands = ['detractor', 'passive', 'promoter'] as const;
export type ScoreBand = (typeof scoreBands)[number];

/**
 * Inclusive score ranges per band and kind, as the metric rules define them:
 * NPS 0–6 / 7–8 / 9–10, CSAT 1–2 / 3 / 4–5, CES 1–3 / 4 / 5–7. They are the
 * metric's bands, not a survey's detractor threshold (which decides when a
 * complaint opens), so a chart, a filter and the score always agree.
 */
export const bandRanges: Record<SurveyKind, Record<ScoreBand, { min: number; max: number }>> = {
	nps: {
		detractor: { min: 0, max: 6 },
		passive: { min: 7, max: 8 },
		promoter: { min: 9, max: 10 }
	},
	csat: {
		detractor: { min: 1, max: 2 },
		passive: { min: 3, max: 3 },
		promoter: { min: 4, max: 5 }
	},
	ces: { detractor: { min: 1, max: 3 }, passive: { min: 4, max: 4 }, promoter: { min: 5, max: 7 } }
};

export function scoreBand(kind: SurveyKind, score: number): ScoreBand {
	const ranges = bandRanges[kind];
	if (score >= ranges.promoter.min) return 'promoter';
	if (score >= ranges.passive.min) return 'passive';
	return 'detractor';
}
