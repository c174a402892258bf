import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OutgoingEmail } from '../../emails/mailer';
import { createResendMailer } from '../../emails/resend-mailer';
import { startFakeResend, type FakeResend } from '../support/fake-resend';

let fake: FakeResend;
beforeEach(async () => {
	fake = await startFakeResend();
});
afterEach(async () => {
	await fake.stop();
});

const mailerFor = (options: { apiKey?: string; timeoutMs?: number } = {}) =>
	createResendMailer({ apiKey: options.apiKey ?? fake.apiKey, baseUrl: `${fake.url}/`, timeoutMs: options.timeoutMs ?? 2000 });

const email = (id: string, to = `${id}@example.test`): OutgoingEmail => ({
	id,
	from: 'Acme <support@acme.test>',
	to,
	subject: `Hello ${id}`,
	html: `<p>Hello ${id}</p>`,
	text: `Hello ${id}`,
	headers: { 'List-Unsubscribe': '<https://acme.test/u>' }
});

describe('the Resend mailer', () => {
	it('sends a batch in one call, tags each email with its outbox id and returns Resend ids in order', async () => {
		const outcomes = await mailerFor().send([email('a'), email('b')], 'key-a');
		expect(fake.requests).toMatchObject([{ method: 'POST', path: '/emails/batch', idempotencyKey: 'key-a', emails: 2, outcome: 200 }]);
		expect(fake.delivered.map((d) => [d.outboxId, d.to, d.headers['List-Unsubscribe']])).toEqual([
			['a', ['a@example.test'], '<https://acme.test/u>'],
			['b', ['b@example.test'], '<https://acme.test/u>']
		]);
		expect(outcomes).toEqual(fake.delivered.map((d) => ({ ok: true, providerId: d.id })));
	});

	it('repeats a batch under the same key without a second delivery, and gets the same ids', async () => {
		const mailer = mailerFor();
		const first = await mailer.send([email('a')], 'key-a');
		const again = await mailer.send([email('a')], 'key-a');
		expect(again).toEqual(first);
		expect(fake.delivered).toHaveLength(1);
		expect(fake.requests[1]!.replayed).toBe(true);
	});

	it('fails only the invalid email of a batch, for good', async () => {
		const outcomes = await mailerFor().send([email('a'), email('b', 'not-an-address'), email('c')], 'key-a');
		expect(outcomes[0]).toMatchObject({ ok: true });
		expect(outcomes[1]).toMatchObject({ ok: false, retryable: false, error: expect.stringContaining('Invalid `to` field') });
		expect(outcomes[2]).toMatchObject({ ok: true });
		expect(fake.delivered.map((d) => d.outboxId)).toEqual(['a', 'c']);
	});

	it.each([
		[{ status: 429, retryAfterSeconds: 30 } as const, { retryable: true, retryAfterMs: 30_000, error: expect.stringContaining('429 (rate_limit_exceeded)') }],
		[{ status: 500 } as const, { retryable: true, error: expect.stringContaining('500') }],
		[{ status: 503 } as const, { retryable: true, error: expect.stringContaining('503') }],
		[{ status: 422, message: 'Invalid `from` field.' } as const, { retryable: false, error: 'Resend answered 422 (validation_error): Invalid `from` field.' }],
		[{ status: 403, name: 'validation_error', message: 'You can only send testing emails to your own address.' } as const, { retryable: false, error: expect.stringContaining('403 (validation_error)') }]
	])('maps a %o answer to %o for every email of the batch', async (fault, expected) => {
		fake.failNext(fault);
		const outcomes = await mailerFor().send([email('a'), email('b')], 'key-a');
		expect(outcomes).toEqual([
			{ ok: false, ...expected },
			{ ok: false, ...expected }
		]);
		expect(fake.delivered).toHaveLength(0);
	});

	it('refuses for good with a wrong API key', async () => {
		const [outcome] = await mailerFor({ apiKey: 're_wrong' }).send([email('a')], 'key-a');
		expect(outcome).toEqual({ ok: false, retryable: false, error: 'Resend answered 403 (invalid_api_key): API key is invalid.' });
	});

	it('gives up on a call that hangs after its timeout, as retryable', async () => {
		fake.failNext({ hang: 'before-delivery' });
		const started = performance.now();
		const [outcome] = await mailerFor({ timeoutMs: 200 }).send([email('a')], 'key-a');
		expect(performance.now() - started).toBeLessThan(2000);
		expect(outcome).toEqual({ ok: false, retryable: true, error: 'Resend did not answer within 0.2 s.' });
	});

	it('reports an unreachable API as retryable', async () => {
		const mailer = mailerFor();
		await fake.stop();
		const [outcome] = await mailer.send([email('a')], 'key-a');
		expect(outcome).toMatchObject({ ok: false, retryable: true, error: expect.stringContaining('Could not reach Resend') });
		fake = await startFakeResend();
	});

	it('refuses more than 100 emails in one call', async () => {
		const batch = Array.from({ length: 101 }, (_, index) => email(`e${index}`));
		await expect(mailerFor().send(batch, 'key')).rejects.toThrow(/at most 100/);
	});
});
