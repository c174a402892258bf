import { afterEach, expect, it } from 'vitest';
import { onNodeHostOnly, startTestApp, type TestApp } from '../../support/app';

let app: TestApp | undefined;
afterEach(async () => {
	await app?.stop();
	app = undefined;
});

it('moves, freezes and reads the clock, runs a tick on demand, and refuses a muddled change', async () => {
	app = await startTestApp({ config: { clockControl: true } });
	const visitor = app.anonymous();
	const frozen = await visitor.post('/api/clock', {
		set: '2026-05-04T10:00:00.000Z',
		frozen: true
	});
	expect(frozen.status).toBe(200);
	expect(frozen.json.now).toBe('2026-05-04T10:00:00.000Z');
	await new Promise((resolve) => setTimeout(resolve, 20));
	expect((await visitor.get('/api/clock')).json.now).toBe('2026-05-04T10:00:00.000Z');
	const moved = await visitor.post('/api/clock', { advanceMinutes: 90 });
	expect(moved.json.now).toBe('2026-05-04T11:30:00.000Z');

	const tick = await visitor.post('/api/clock/tick');
	expect(tick.status).toBe(200);
	expect(Object.keys(tick.json).sort()).toEqual(
		[
			'autoClosed',
			'detractorCases',
			'digests',
			'emails',
			'reminders',
			'rollups',
			'sla',
			'slaRollups',
			'surveys',
			'webhooks'
		].sort()
	);
	expect(tick.json.emails).toEqual({ sent: 0, failed: 0, retried: 0 });

	for (const body of [{}, { set: '2026-05-04T10:00:00Z', advanceMinutes: 1 }, { frozen: 'yes' }]) {
		const refused = await visitor.post('/api/clock', body);
		expect(refused.status).toBe(422);
		expect(refused.json.error.code).toBe('validation_failed');
	}
	expect((await visitor.get('/api/clock')).json.now).toBe('2026-05-04T11:30:00.000Z');
});

// The Workers host runs with clock control on: it is how the suite gives the Worker the test's time.
it('is not there without clock control', onNodeHostOnly, async () => {
	app = await startTestApp();
	const visitor = app.anonymous();
	for (const response of [await visitor.get('/api/clock'), await visitor.post('/api/clock/tick')]) {
		expect(response.status).toBe(404);
		expect(response.json.error.code).toBe('not_found');
	}
});
