import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Received = { headers: IncomingHttpHeaders; body: string; json: any };
type Answer = { status: number; body?: string; headers?: Record<string, string> } | 'hang';

/**
 * A webhook receiver: a real HTTP server on 127.0.0.1 that keeps every
 * request and answers as told (200 unless `answer` says otherwise).
 */
export async function startReceiver() {
	const received: Received[] = [];
	let answer: (request: Received, index: number) => Answer = () => ({ status: 200, body: 'ok' });
	const hanging = new Set<import('node:http').ServerResponse>();
	const server = createServer((req, res) => {
		let body = '';
		req.setEncoding('utf8');
		req.on('data', (chunk: string) => (body += chunk));
		req.on('end', () => {
			let json: any;
			try {
				json = JSON.parse(body);
			} catch {
				json = undefined;
			}
			const request = { headers: req.headers, body, json };
			received.push(request);
			const reply = answer(request, received.length - 1);
			if (reply === 'hang') {
				hanging.add(res);
				return;
			}
			res.writeHead(reply.status, { 'content-type': 'text/plain', ...reply.headers });
			res.end(reply.body ?? '');
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	return {
		url,
		received,
		answer(next: typeof answer) {
			answer = next;
		},
		async stop() {
			for (const res of hanging) res.destroy();
			server.closeAllConnections();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		}
	};
}

export type Receiver = Awaited<ReturnType<typeof startReceiver>>;

/**
 * The Standard Webhooks check, written from the spec with node:crypto (not
 * the app's code): HMAC-SHA256 of `{id}.{timestamp}.{body}` under the base64
 * key after `whsec_`, compared with every `v1,` entry of `webhook-signature`.
 */
export function verifyStandardWebhook(
	secret: string,
	request: Received,
	now: Date,
	toleranceSeconds = 300
): boolean {
	const id = request.headers['webhook-id'];
	const timestamp = request.headers['webhook-timestamp'];
	const signature = request.headers['webhook-signature'];
	if (typeof id !== 'string' || typeof timestamp !== 'string' || typeof signature !== 'string')
		return false;
	if (Math.abs(now.getTime() / 1000 - Number(timestamp)) > toleranceSeconds) return false;
	const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
	const expected = createHmac('sha256', key).update(`${id}.${timestamp}.${request.body}`).digest();
	return signature.split(' ').some((entry) => {
		const [version, value] = entry.split(',');
		if (version !== 'v1' || !value) return false;
		const given = Buffer.from(value, 'base64');
		return given.length === expected.length && timingSafeEqual(given, expected);
	});
}
