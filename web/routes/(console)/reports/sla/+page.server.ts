import type { SlaReport } from '$api/reports/sla-report-schemas';
import { loadPeriodReport } from '../load-report';
import type { PageServerLoad } from './$types';

const keys = [
	'from',
	'to',
	'granularity',
	'priority',
	'teamId',
	'assigneeId',
	'categoryId'
] as const;

export const load: PageServerLoad = (event) =>
	loadPeriodReport<SlaReport, (typeof keys)[number]>(event, '/reports/sla', keys);
