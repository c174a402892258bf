import type { RetentionReport } from '$api/reports/retention-schemas';
import { loadPeriodReport } from '../load-report';
import type { PageServerLoad } from './$types';

const keys = ['from', 'to', 'granularity', 'tier', 'ownerId', 'teamId'] as const;

export const load: PageServerLoad = (event) =>
	loadPeriodReport<RetentionReport, (typeof keys)[number]>(event, '/reports/retention', keys);
