import { and, gte, inArray } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { slaEvents } from '../../../db/schema/cases';
import { domainEvents } from '../../../db/schema/surveys';
import { webhookAttempts, webhookDeliveries } from '../../../db/schema/webhooks';
import { newId } from '../../../api/tokens';
import { deliverWebhooks } from '../../../api/webhooks/deliver-webhooks';
import { onNodeHostOnly, startTestApp, type TestApp } from '../../support/app';
import { givenInvitation } from '../public-surveys/helpers';
import { startReceiver, verifyStandardWebhook, type Receiver } from './receiver';

const minute = 60_000;
const hour = 60 * minute;

let app: TestApp;
let receiver: Receiver;
let admin: Awaited<ReturnType<TestApp['signIn']>>;

beforeEach(async () => {
	app = await startTestApp({ config: { allowPrivateWebhookUrls: true } });
	receiver = await startReceiver();
	admin = await app.signIn('admin');
});
afterEach(async () => {
	await receiver.stop();
	await app.stop();
});

async function register(input: Record<string, unknown>) {
	const created = await admin.post('/api/webhooks/endpoints', {
		url: `${receiver.url}/hook`,
		...input
	});
	expect(created.status).toBe(201);
	return created.json as { endpoint: { id: string; createdAt: string }; secret: string };
}

async function fileComplaint(email = 'mira@alder.example') {
	const response = await app.anonymous().post('/api/public/complaints', {
		name: 'Mira König',
		email,
		subject: 'Late delivery again',
		description: 'The order of last week arrived three days late, and nobody told us.'
	});
	expect(response.status).toBe(201);
	return response.json.case as { number: number; token: string };
}

const ticksRacing = () => Promise.all([app.tick(), app.tick()]);

async function deliveriesOf(endpointId: string) {
	const answer = await admin.get(`/api/webhooks/endpoints/${endpointId}/deliveries`);
	expect(answer.status).toBe(200);
	return answer.json.deliveries as any[];
}

describe('delivering webhooks', () => {
	it('delivers every subscribed event once, signed per Standard Webhooks, with two ticks racing', async () => {
		// Raised before the endpoint exists: never sent to it.
		await fileComplaint('early@example.test');
		await app.db.update(domainEvents).set({ createdAt: new Date(app.clock.now().getTime() - 1) });
		const { endpoint, secret } = await register({
			events: ['case.opened', 'sla.warned', 'sla.breached', 'response.received', 'action.done'],
			description: 'Everything to the data warehouse'
		});

		const opened = await fileComplaint();
		const invitation = await givenInvitation(app.db, { now: app.clock.now() });
		const customer = app.anonymous();
		expect(
			(await customer.post(`/api/public/invitations/${invitation.token}/response`, { score: 9 }))
				.status
		).toBe(200);
		const manager = await app.signIn('manager');
		const action = await manager.post('/api/actions', { title: 'Call before every late delivery' });
		expect(action.status).toBe(201);
		for (const status of ['in_progress', 'done'])
			expect(
				(await manager.post(`/api/actions/${action.json.action.id}/status`, { status })).status
			).toBe(200);
		await ticksRacing();

		// Past the warning and then the first-response deadline of both complaints.
		app.clock.advance(6 * hour + minute);
		await ticksRacing();
		app.clock.advance(3 * hour);
		await ticksRacing();
		await app.tick();

		const events = await app.db
			.select()
			.from(domainEvents)
			.where(
				and(
					gte(domainEvents.createdAt, new Date(endpoint.createdAt)),
					inArray(domainEvents.type, [
						'case.opened',
						'sla.warned',
						'sla.breached',
						'response.received',
						'action.done'
					])
				)
			);
		expect(new Set(events.map((event) => event.type))).toEqual(
			new Set(['case.opened', 'sla.warned', 'sla.breached', 'response.received', 'action.done'])
		);
		// One request per event, and each webhook-id once.
		expect(receiver.received).toHaveLength(events.length);
		const ids = receiver.received.map((request) => request.headers['webhook-id']);
		expect(new Set(ids).size).toBe(events.length);
		const delivered = await app.db.select().from(webhookDeliveries);
		expect(delivered.map((row) => row.eventId).toSorted()).toEqual(
			events.map((event) => event.id).toSorted()
		);
		expect(delivered.every((row) => row.status === 'succeeded' && row.attempts === 1)).toBe(true);

		for (const request of receiver.received) {
			// Signed with the endpoint's secret, as an independent implementation of the spec checks it.
			const sentAt = new Date(Number(request.headers['webhook-timestamp']) * 1000);
			expect(verifyStandardWebhook(secret, request, sentAt)).toBe(true);
			expect(
				verifyStandardWebhook(`whsec_${Buffer.alloc(32).toString('base64')}`, request, sentAt)
			).toBe(false);
			expect(request.headers['content-type']).toBe('application/json');
			expect(request.json).toEqual({
				type: expect.any(String),
				timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
				data: expect.any(Object)
			});
			expect(request.body).not.toContain(opened.token);
			expect(request.body).not.toContain(invitation.token);
		}
		const byType = (type: string) =>
			receiver.received.filter((request) => request.json.type === type);
		expect(byType('case.opened').map((request) => request.json.data)).toEqual([
			{
				caseId: expect.any(String),
				caseNumber: opened.number,
				source: 'form',
				priority: expect.any(String)
			}
		]);
		expect(byType('response.received').map((request) => request.json.data)).toEqual([
			{
				responseId: expect.any(String),
				surveyId: invitation.surveyId,
				contactId: invitation.contactId,
				accountId: invitation.accountId,
				score: 9
			}
		]);
		expect(byType('action.done').map((request) => request.json.data)).toEqual([
			{ actionId: action.json.action.id, title: 'Call before every late delivery' }
		]);
		expect(byType('sla.warned').map((request) => request.json.data)).toContainEqual({
			caseId: expect.any(String),
			caseNumber: opened.number,
			target: 'first_response',
			kind: 'warn',
			level: 0
		});
		expect(byType('sla.breached').map((request) => request.json.data)).toContainEqual({
			caseId: expect.any(String),
			caseNumber: opened.number,
			target: 'first_response',
			kind: 'breach',
			level: 0
		});
		// Each warning and breach was raised once, by the sweep that recorded it.
		const raised = events.filter((event) => event.type.startsWith('sla.'));
		const recorded = await app.db
			.select()
			.from(slaEvents)
			.where(inArray(slaEvents.kind, ['warn', 'breach']));
		expect(raised.map((event) => event.subjectId).toSorted()).toEqual(
			recorded.map((event) => event.id).toSorted()
		);
	});

	it('fans out in bounded slices and sends a bounded number a tick, catching up over later ticks', async () => {
		await register({ events: ['case.opened'] });
		const now = app.clock.now();
		const raise = (n: number, at: Date) =>
			app.db.insert(domainEvents).values(
				Array.from({ length: n }, () => {
					const id = newId();
					return { id, type: 'case.opened', subjectId: id, payload: { caseId: id }, createdAt: at };
				})
			);
		for (let chunk = 0; chunk < 6; chunk++) await raise(20, now);
		const first = await app.tick();
		expect(first.webhooks).toEqual({ queued: 120, succeeded: 50, retried: 0, failed: 0 });
		await ticksRacing();
		await app.tick();
		expect(receiver.received).toHaveLength(120);
		expect(new Set(receiver.received.map((request) => request.json.data.caseId)).size).toBe(120);

		// An event stamped before the cursor went past it (its request was slow to commit) is still sent.
		app.clock.advance(5 * minute);
		await app.tick();
		await raise(1, new Date(app.clock.now().getTime() - 3 * minute));
		await app.tick();
		expect(receiver.received).toHaveLength(121);
	});

	it('retries a receiver that answers 500 with backoff, logging each attempt, until it succeeds', async () => {
		const { endpoint } = await register({ events: ['case.opened'] });
		receiver.answer((_, index) =>
			index < 3 ? { status: 500, body: 'Database is down' } : { status: 204 }
		);
		await fileComplaint();

		const start = app.clock.now().getTime();
		await app.tick();
		expect(receiver.received).toHaveLength(1);
		let [delivery] = await deliveriesOf(endpoint.id);
		expect(delivery).toMatchObject({
			status: 'pending',
			attemptCount: 1,
			lastStatus: 500,
			lastError: 'The receiver answered 500.',
			nextAttemptAt: new Date(start + minute).toISOString()
		});
		// Not due yet: nothing is sent.
		app.clock.advance(minute - 1000);
		await app.tick();
		expect(receiver.received).toHaveLength(1);

		app.clock.advance(1000);
		await ticksRacing();
		expect(receiver.received).toHaveLength(2);
		[delivery] = await deliveriesOf(endpoint.id);
		expect(delivery.nextAttemptAt).toBe(new Date(start + minute + 5 * minute).toISOString());

		app.clock.advance(5 * minute);
		await ticksRacing();
		expect(receiver.received).toHaveLength(3);
		[delivery] = await deliveriesOf(endpoint.id);
		expect(delivery.nextAttemptAt).toBe(new Date(start + 6 * minute + 30 * minute).toISOString());

		app.clock.advance(30 * minute);
		await ticksRacing();
		await app.tick();
		expect(receiver.received).toHaveLength(4);

		// The same message each time: one webhook-id, one body.
		expect(new Set(receiver.received.map((request) => request.headers['webhook-id']))).toEqual(
			new Set([delivery.id])
		);
		expect(new Set(receiver.received.map((request) => request.body)).size).toBe(1);
		[delivery] = await deliveriesOf(endpoint.id);
		expect(delivery).toMatchObject({
			status: 'succeeded',
			attemptCount: 4,
			lastStatus: 204,
			lastError: null,
			nextAttemptAt: null,
			deliveredAt: app.clock.now().toISOString()
		});
		expect(
			delivery.attempts.map((attempt: any) => [
				attempt.attemptNo,
				attempt.statusCode,
				attempt.error,
				attempt.responseSnippet
			])
		).toEqual([
			[1, 500, 'The receiver answered 500.', 'Database is down'],
			[2, 500, 'The receiver answered 500.', 'Database is down'],
			[3, 500, 'The receiver answered 500.', 'Database is down'],
			[4, 204, null, null]
		]);
		expect(delivery.attempts.map((attempt: any) => attempt.at)).toEqual([
			new Date(start).toISOString(),
			new Date(start + minute).toISOString(),
			new Date(start + 6 * minute).toISOString(),
			new Date(start + 36 * minute).toISOString()
		]);
		expect(delivery.attempts.every((attempt: any) => attempt.durationMs >= 0)).toBe(true);
	});

	it('gives up as failed after the last retry; an admin can retry it once more', async () => {
		const { endpoint } = await register({ events: ['case.opened'] });
		receiver.answer(() => ({ status: 503, body: 'x'.repeat(5000) }));
		await fileComplaint();

		await app.tick();
		for (const wait of [1, 5, 30, 120, 360]) {
			app.clock.advance(wait * minute);
			await ticksRacing();
		}
		expect(receiver.received).toHaveLength(6);
		let [delivery] = await deliveriesOf(endpoint.id);
		expect(delivery).toMatchObject({ status: 'failed', attemptCount: 6, nextAttemptAt: null });
		expect(delivery.attempts).toHaveLength(6);
		// The snippet keeps only the start of a long answer.
		expect(delivery.attempts[0].responseSnippet).toBe('x'.repeat(500));

		app.clock.advance(24 * hour);
		await app.tick();
		expect(receiver.received).toHaveLength(6);

		const retried = await admin.post(`/api/webhooks/deliveries/${delivery.id}/retry`);
		expect(retried.status).toBe(200);
		expect(retried.json.delivery).toMatchObject({ status: 'pending', attemptCount: 6 });
		await app.tick();
		expect(receiver.received).toHaveLength(7);
		[delivery] = await deliveriesOf(endpoint.id);
		expect(delivery).toMatchObject({ status: 'failed', attemptCount: 7 });

		receiver.answer(() => ({ status: 200, body: 'thanks' }));
		expect((await admin.post(`/api/webhooks/deliveries/${delivery.id}/retry`)).status).toBe(200);
		await ticksRacing();
		[delivery] = await deliveriesOf(endpoint.id);
		expect(delivery).toMatchObject({ status: 'succeeded', attemptCount: 8 });
		expect(delivery.attempts.at(-1)).toMatchObject({
			attemptNo: 8,
			statusCode: 200,
			responseSnippet: 'thanks'
		});
		const again = await admin.post(`/api/webhooks/deliveries/${delivery.id}/retry`);
		expect(again.status).toBe(409);
		expect(again.json.error.code).toBe('conflict');
	});

	it('sends no event types the endpoint did not choose, and nothing to a disabled endpoint', async () => {
		const actionsOnly = await register({ events: ['action.done'] });
		const disabled = await register({ events: ['case.opened'], enabled: false });
		await fileComplaint();
		await ticksRacing();
		expect(receiver.received).toEqual([]);
		expect(await app.db.select().from(webhookDeliveries)).toEqual([]);

		// Enabled again, it starts from then: the complaint it missed is not sent.
		app.clock.advance(minute);
		const enabled = await admin.patch(`/api/webhooks/endpoints/${disabled.endpoint.id}`, {
			enabled: true
		});
		expect(enabled.status).toBe(200);
		await app.tick();
		expect(receiver.received).toEqual([]);
		const later = await fileComplaint('second@example.test');
		await app.tick();
		expect(receiver.received.map((request) => request.json.data.caseNumber)).toEqual([
			later.number
		]);
		expect(await deliveriesOf(actionsOnly.endpoint.id)).toEqual([]);

		// Disabled with a delivery due: it waits, unsent.
		receiver.answer(() => ({ status: 500 }));
		app.clock.advance(minute);
		await fileComplaint('third@example.test');
		await app.tick();
		expect(receiver.received).toHaveLength(2);
		await admin.patch(`/api/webhooks/endpoints/${disabled.endpoint.id}`, { enabled: false });
		app.clock.advance(hour);
		await app.tick();
		expect(receiver.received).toHaveLength(2);
	});

	it('sends a test event on request, and signs with both secrets for a day after a rotation', async () => {
		const { endpoint, secret } = await register({ events: ['case.opened'] });
		const test = await admin.post(`/api/webhooks/endpoints/${endpoint.id}/test`);
		expect(test.status).toBe(202);
		expect(test.json.delivery).toMatchObject({ eventType: 'webhook.test', status: 'pending' });
		await app.tick();
		expect(receiver.received.map((request) => request.json)).toEqual([
			{
				type: 'webhook.test',
				timestamp: app.clock.now().toISOString(),
				data: { endpointId: endpoint.id, message: 'A test event from Closeloop.' }
			}
		]);
		expect(verifyStandardWebhook(secret, receiver.received[0]!, app.clock.now())).toBe(true);

		const rotated = await admin.post(`/api/webhooks/endpoints/${endpoint.id}/rotate-secret`);
		expect(rotated.status).toBe(200);
		const newSecret = rotated.json.secret as string;
		expect(newSecret).not.toBe(secret);
		await admin.post(`/api/webhooks/endpoints/${endpoint.id}/test`);
		await app.tick();
		const duringRotation = receiver.received[1]!;
		expect(String(duringRotation.headers['webhook-signature']).split(' ')).toHaveLength(2);
		expect(verifyStandardWebhook(newSecret, duringRotation, app.clock.now())).toBe(true);
		expect(verifyStandardWebhook(secret, duringRotation, app.clock.now())).toBe(true);

		app.clock.advance(24 * hour + minute);
		await admin.post(`/api/webhooks/endpoints/${endpoint.id}/test`);
		await app.tick();
		const afterwards = receiver.received[2]!;
		expect(verifyStandardWebhook(newSecret, afterwards, app.clock.now())).toBe(true);
		expect(verifyStandardWebhook(secret, afterwards, app.clock.now())).toBe(false);
	});

	it('logs a receiver that does not answer in time, and does not follow redirects', async () => {
		const { endpoint } = await register({ events: ['case.opened'] });
		receiver.answer((_, index) =>
			index === 0 ? 'hang' : { status: 302, headers: { location: 'http://169.254.169.254/' } }
		);
		await fileComplaint();
		await deliverWebhooks(app.deps, { requestTimeoutMs: 300 });
		let [delivery] = await deliveriesOf(endpoint.id);
		expect(delivery.attempts).toEqual([
			expect.objectContaining({ statusCode: null, error: 'No answer within 0.3 s.' })
		]);
		expect(delivery.attempts[0].durationMs).toBeGreaterThanOrEqual(250);

		app.clock.advance(minute);
		await app.tick();
		[delivery] = await deliveriesOf(endpoint.id);
		expect(delivery.attempts[1]).toMatchObject({
			statusCode: 302,
			error: 'The receiver answered 302.'
		});
		expect(receiver.received).toHaveLength(2);
	});

	// The setting is changed under the running app, which only the Node host shares with the test.
	it('refuses at delivery an endpoint on a private address once they are no longer allowed', onNodeHostOnly, async () => {
		const { endpoint } = await register({ events: ['case.opened'] });
		await fileComplaint();
		app.deps.config.allowPrivateWebhookUrls = false;
		await app.tick();
		expect(receiver.received).toEqual([]);
		const [delivery] = await deliveriesOf(endpoint.id);
		expect(delivery).toMatchObject({ status: 'failed', attemptCount: 1, lastStatus: null });
		expect(delivery.lastError).toMatch(/^Not sent\. .*private/);
		expect(await app.db.select().from(webhookAttempts)).toHaveLength(1);
	});
});
