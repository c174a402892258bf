import type { RecoveryReport } from '$api/reports/recovery-schemas';
import { loadPeriodReport } from '../load-report';
import type { PageServerLoad } from './$types';

const keys = [
	'from',
	'to',
	'granularity',
	'tier',
	'ownerId',
	'teamId',
	'categoryId',
	'priority'
] as const;

export const load: PageServerLoad = (event) =>
	loadPeriodReport<RecoveryReport, (typeof keys)[number]>(event, '/reports/recovery', keys);
