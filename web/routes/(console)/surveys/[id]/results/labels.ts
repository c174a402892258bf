import type { SurveySummary } from '$api/survey-results/schemas';

type Kind = SurveySummary['survey']['kind'];
type Status = SurveySummary['survey']['status'];
export type Band = 'detractor' | 'passive' | 'promoter';
type Period = SurveySummary['period']['key'];

export const kindLabels: Record<Kind, string> = { nps: 'NPS', csat: 'CSAT', ces: 'CES' };

export const kindDescriptions: Record<Kind, string> = {
	nps: 'Net Promoter Score: % promoters (9–10) − % detractors (0–6)',
	csat: 'Customer satisfaction: % of answers 4 or 5',
	ces: 'Customer effort: mean agreement that we made it easy (1–7)'
};

export const statusLabels: Record<Status, string> = {
	draft: 'Draft',
	active: 'Active',
	paused: 'Paused'
};
export const statusTones = { draft: 'gray', active: 'green', paused: 'yellow' } as const;

export const periodLabels: Record<Period, string> = {
	'30d': '30 days',
	'90d': '90 days',
	'365d': '12 months',
	all: 'All time'
};

/** "the previous 90 days", for comparisons. */
export const previousPeriodLabels: Record<Period, string> = {
	'30d': 'the previous 30 days',
	'90d': 'the previous 90 days',
	'365d': 'the previous 12 months',
	all: ''
};

/** What each band is called for each kind, with its scores. */
export const bandLabels: Record<Kind, Record<Band, string>> = {
	nps: { promoter: 'Promoters', passive: 'Passives', detractor: 'Detractors' },
	csat: { promoter: 'Satisfied', passive: 'Neutral', detractor: 'Dissatisfied' },
	ces: { promoter: 'Easy', passive: 'Neutral', detractor: 'Difficult' }
};

export const bandRanges: Record<Kind, Record<Band, string>> = {
	nps: { promoter: '9–10', passive: '7–8', detractor: '0–6' },
	csat: { promoter: '4–5', passive: '3', detractor: '1–2' },
	ces: { promoter: '5–7', passive: '4', detractor: '1–3' }
};

/** Bar and dot colours per band; text colours are a shade darker for contrast. */
export const bandColors: Record<Band, { bar: string; text: string; pill: string }> = {
	detractor: {
		bar: 'bg-rose-400',
		text: 'text-rose-700',
		pill: 'bg-rose-50 text-rose-700 ring-rose-600/20'
	},
	passive: {
		bar: 'bg-amber-300',
		text: 'text-amber-700',
		pill: 'bg-amber-50 text-amber-800 ring-amber-600/20'
	},
	promoter: {
		bar: 'bg-emerald-500',
		text: 'text-emerald-700',
		pill: 'bg-emerald-50 text-emerald-700 ring-emerald-600/20'
	}
};

const minus = '−';

/** A score as a manager reads it: NPS `+18` / `−5`, CSAT `67%`, CES `5.4`. */
export function formatScore(kind: Kind, score: number): string {
	if (kind === 'nps') {
		const rounded = Math.round(score);
		return rounded > 0 ? `+${rounded}` : rounded < 0 ? `${minus}${-rounded}` : '0';
	}
	if (kind === 'csat') return `${Math.round(score)}%`;
	return score.toFixed(1);
}

/** A margin of error: one decimal, two for CES (its unit is a scale point). */
export function formatMargin(kind: Kind, margin: number): string {
	return `±${margin.toFixed(kind === 'ces' ? 2 : 1)}`;
}

/** A change between periods in the score's unit: `+4.2`, `−0.3`. */
export function formatChange(kind: Kind, change: number): string {
	const digits = kind === 'ces' ? 2 : 1;
	const size = Math.abs(change).toFixed(digits);
	if (Number(size) === 0) return kind === 'ces' ? '0.00' : '0.0';
	return change > 0 ? `+${size}` : `${minus}${size}`;
}

/** The change's unit: NPS and CSAT move in points, CES on its scale. */
export function changeUnit(kind: Kind): string {
	if (kind === 'csat') return 'percentage points';
	return kind === 'nps' ? 'points' : 'on the 1–7 scale';
}

export function formatPercent(value: number): string {
	return `${Math.round(value)}%`;
}
