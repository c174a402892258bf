import type { SuggestionReport } from '$api/reports/suggestion-actions-schemas';
import { loadPeriodReport } from '../load-report';
import type { PageServerLoad } from './$types';

const keys = ['from', 'to', 'granularity', 'tier', 'ownerId', 'themeId'] as const;

export const load: PageServerLoad = (event) =>
	loadPeriodReport<SuggestionReport, (typeof keys)[number]>(event, '/reports/suggestions', keys);
