import { afterEach, beforeEach, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../support/app';

let app: TestApp;
beforeEach(async () => {
	app = await startTestApp({ now: new Date('2026-03-02T09:00:00Z') });
});
afterEach(async () => {
	await app.stop();
});

it('counts a case started and resolved in the same millisecond as resolved and waiting for the customer', async () => {
	const manager = await app.signIn('manager');
	const filed = await app.anonymous().post('/api/public/complaints', {
		name: 'Priya Shah',
		email: 'priya@harbourcafe.example',
		subject: 'Late delivery',
		description: 'The order came two days late.'
	});
	expect(filed.status, filed.text).toBe(201);
	const queue = await manager.get('/api/cases');
	const caseId = queue.json.cases[0].id as string;
	const rootCause = await manager.post('/api/case-settings/root-causes', { name: 'Courier' });
	// The clock stands still: the start and the resolution share one instant.
	for (const body of [
		{ action: 'start' },
		{ action: 'resolve', resolutionNote: 'Sorted out.', rootCauseId: rootCause.json.rootCause.id }
	]) {
		const response = await manager.post(`/api/cases/${caseId}/actions`, body);
		expect(response.status, response.text).toBe(200);
	}
	const report = await manager.get('/api/reports/recovery?from=2026-03-01&to=2026-03-31');
	expect(report.status, report.text).toBe(200);
	expect(report.json.totals.resolved).toBe(1);
	expect(report.json.totals.noAnswer).toMatchObject({ count: 1, waiting: 1 });
});
