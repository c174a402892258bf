import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
	checkWebhookUrl,
	isPrivateHost,
	nextWebhookAttemptAt,
	webhookData,
	webhookMaxAttempts
} from '../../../api/domain/webhooks';

const hostOf = (url: string) => new URL(url).hostname;

describe('webhook retries', () => {
	it('waits 1 min, 5 min, 30 min, 2 h and 6 h, then gives up', () => {
		const now = new Date('2026-03-02T09:00:00Z');
		const waits = [1, 2, 3, 4, 5, 6, 7].map((attempt) => {
			const next = nextWebhookAttemptAt(attempt, now);
			return next && (next.getTime() - now.getTime()) / 60_000;
		});
		expect(waits).toEqual([1, 5, 30, 120, 360, null, null]);
		expect(webhookMaxAttempts).toBe(6);
	});
});

describe('webhook data', () => {
	it('publishes only the fields of each event type it names', () => {
		expect(
			webhookData('response.received', {
				responseId: 'r',
				invitationId: 'i',
				surveyId: 's',
				contactId: 'c',
				accountId: 'a',
				score: 7,
				token: 'secret'
			})
		).toEqual({ responseId: 'r', surveyId: 's', contactId: 'c', accountId: 'a', score: 7 });
		expect(webhookData('case.opened', { caseId: 'c', source: 'form' })).toEqual({
			caseId: 'c',
			source: 'form'
		});
		expect(webhookData('response.detractor', { responseId: 'r' })).toEqual({});
	});
});

describe('private webhook addresses', () => {
	it('finds every address of 10/8, 127/8, 169.254/16, 172.16/12 and 192.168/16', () => {
		const octet = fc.integer({ min: 0, max: 255 });
		const inRange = fc.oneof(
			fc.tuple(fc.constant(10), octet, octet, octet),
			fc.tuple(fc.constant(127), octet, octet, octet),
			fc.tuple(fc.constant(0), octet, octet, octet),
			fc.tuple(fc.constant(169), fc.constant(254), octet, octet),
			fc.tuple(fc.constant(172), fc.integer({ min: 16, max: 31 }), octet, octet),
			fc.tuple(fc.constant(192), fc.constant(168), octet, octet)
		);
		fc.assert(
			fc.property(inRange, (octets) => {
				const address = octets.join('.');
				expect(isPrivateHost(hostOf(`http://${address}/`))).toBe(true);
				// The same address as an IPv4-mapped IPv6 one.
				expect(isPrivateHost(hostOf(`http://[::ffff:${address}]/`))).toBe(true);
			})
		);
	});

	it('lets public addresses through', () => {
		for (const host of [
			'8.8.8.8',
			'172.15.255.255',
			'172.32.0.0',
			'192.169.0.1',
			'169.253.1.1',
			'[2001:4860:4860::8888]',
			'[fbff::1]',
			'[fec0::1]',
			'[::ffff:8.8.8.8]',
			'hooks.example.com',
			'mylocalhost.com'
		])
			expect(isPrivateHost(hostOf(`http://${host}/`)), host).toBe(false);
	});

	it('reads the URL: http(s) only, no credentials', () => {
		expect(checkWebhookUrl('https://hooks.example.com/x')).toMatchObject({
			ok: true,
			privateAddress: false
		});
		expect(checkWebhookUrl('http://[fe80::1%25eth0]/')).toMatchObject({ ok: false });
		expect(checkWebhookUrl('javascript:alert(1)')).toMatchObject({ ok: false });
		expect(checkWebhookUrl('https://user@hooks.example.com/')).toMatchObject({ ok: false });
		expect(checkWebhookUrl('http://[fe80::1]/')).toMatchObject({ ok: true, privateAddress: true });
	});
});
