import type { SurveyKind, SurveyStatus } from '$api/../db/schema/surveys';
import { surveyScales } from '$api/domain/survey-definition';

/** How the console names and explains each kind of lead question. */
export const kindInfo: Record<SurveyKind, { short: string; name: string; description: string }> = {
	nps: {
		short: 'NPS',
		name: 'Net Promoter Score',
		description: 'How likely to recommend you, 0–10. The classic loyalty measure.'
	},
	csat: {
		short: 'CSAT',
		name: 'Customer satisfaction',
		description: 'How satisfied, 1–5. Good after a purchase or a stretch of service.'
	},
	ces: {
		short: 'CES',
		name: 'Customer effort',
		description: 'Was it easy to handle their issue, 1–7. Best after support contact.'
	}
};

export function scaleText(kind: SurveyKind): string {
	const { min, max } = surveyScales[kind];
	return `${min}–${max}`;
}

export const statusLabels: Record<SurveyStatus, string> = {
	draft: 'Draft',
	active: 'Active',
	paused: 'Paused'
};
export const statusTones = {
	draft: 'gray',
	active: 'green',
	paused: 'yellow'
} as const satisfies Record<SurveyStatus, string>;

/** "Every 90 days", with how often a year that is when it reads naturally. */
export function cadenceText(days: number): string {
	const perYear = 365 / days;
	const every = days === 1 ? 'Every day' : `Every ${days.toLocaleString('en')} days`;
	if (days === 365) return `${every} (once a year)`;
	if (days < 365 && Math.abs(perYear - Math.round(perYear)) < 0.08 && Math.round(perYear) <= 12) {
		return `${every} (${Math.round(perYear)} times a year)`;
	}
	return every;
}

const languageNames = new Intl.DisplayNames(['en'], { type: 'language' });

/** `de` → `German`. */
export function languageName(code: string): string {
	try {
		return languageNames.of(code) ?? code;
	} catch {
		return code;
	}
}
