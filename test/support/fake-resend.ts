import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local stand-in for the parts of Resend's HTTP API the SDK uses to send:
 * `POST /emails` and `POST /emails/batch`, with Bearer auth, Resend's error
 * bodies (`{ statusCode, name, message }`), both batch validation modes, and
 * idempotency keys (same key and payload: the first answer again, nothing
 * delivered; same key, other payload: 409). Faults can be scripted for the
 * next requests to play out rate limits, outages and lost answers.
 */

export type FakeResendFault =
	| { status: 429; retryAfterSeconds?: number }
	| { status: 500 | 502 | 503 }
	| { status: 400 | 401 | 403 | 422; name?: string; message?: string }
	/** Never answers and delivers nothing. */
	| { hang: 'before-delivery' }
	/** Delivers (and remembers the answer for the idempotency key), then never answers. */
	| { hang: 'after-delivery' };

export type DeliveredEmail = {
	/** Resend's id for the message. */
	id: string;
	from: string;
	to: string[];
	subject: string;
	html?: string;
	text?: string;
	headers: Record<string, string>;
	/** The `X-Closeloop-Outbox-Id` header, if any. */
	outboxId: string | undefined;
	idempotencyKey: string | undefined;
};

export type ReceivedRequest = {
	method: string;
	path: string;
	idempotencyKey: string | undefined;
	emails: number;
	/** The status answered, or `hung`. */
	outcome: number | 'hung';
	replayed: boolean;
};

type ApiEmail = {
	from?: unknown;
	to?: unknown;
	subject?: unknown;
	html?: unknown;
	text?: unknown;
	headers?: unknown;
};

const addressPattern = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;

export type FakeResend = Awaited<ReturnType<typeof startFakeResend>>;

export async function startFakeResend(options: { apiKey?: string; /** Added before every answer. */ latencyMs?: number } = {}) {
	const apiKey = options.apiKey ?? 're_fake_test_key';
	const delivered: DeliveredEmail[] = [];
	const requests: ReceivedRequest[] = [];
	const faults: FakeResendFault[] = [];
	const answers = new Map<string, { fingerprint: string; status: number; body: unknown }>();
	const hanging = new Set<ServerResponse>();

	const server = createServer((request, response) => {
		void handle(request, response).catch((error: unknown) => {
			send(response, 500, { statusCode: 500, name: 'internal_server_error', message: String(error) });
		});
	});

	async function handle(request: IncomingMessage, response: ServerResponse) {
		const raw = await readBody(request);
		if (options.latencyMs) await new Promise((resolve) => setTimeout(resolve, options.latencyMs));
		const path = (request.url ?? '/').split('?')[0]!;
		const idempotencyKey = header(request, 'idempotency-key');
		const log: ReceivedRequest = { method: request.method ?? '', path, idempotencyKey, emails: 0, outcome: 0, replayed: false };
		requests.push(log);
		const answer = (status: number, body: unknown, extraHeaders: Record<string, string> = {}) => {
			log.outcome = status;
			send(response, status, body, extraHeaders);
		};
		const hang = () => {
			log.outcome = 'hung';
			hanging.add(response);
			response.on('close', () => hanging.delete(response));
		};

		const authorization = header(request, 'authorization');
		if (!authorization) return answer(401, error(401, 'missing_api_key', 'Missing API key in the authorization header.'));
		if (authorization !== `Bearer ${apiKey}`) return answer(403, error(403, 'invalid_api_key', 'API key is invalid.'));
		if (path !== '/emails' && path !== '/emails/batch') return answer(404, error(404, 'not_found', 'The requested endpoint does not exist.'));
		if (request.method !== 'POST') return answer(405, error(405, 'method_not_allowed', 'Method is not allowed for the requested path.'));

		let payload: unknown;
		try {
			payload = JSON.parse(raw);
		} catch {
			return answer(400, error(400, 'validation_error', 'The body is not valid JSON.'));
		}
		const isBatch = path === '/emails/batch';
		const emails = (isBatch ? payload : [payload]) as ApiEmail[];
		log.emails = Array.isArray(emails) ? emails.length : 0;

		const fault = faults.shift();
		if (fault && 'status' in fault) {
			if (fault.status === 429) {
				const seconds = fault.retryAfterSeconds ?? 1;
				return answer(429, error(429, 'rate_limit_exceeded', 'Too many requests. You can only make 2 requests per second.'), {
					'retry-after': String(seconds),
					'ratelimit-limit': '2',
					'ratelimit-remaining': '0',
					'ratelimit-reset': String(seconds)
				});
			}
			if (fault.status >= 500) return answer(fault.status, error(fault.status, 'internal_server_error', 'An unexpected error occurred.'));
			const name = 'name' in fault && fault.name ? fault.name : 'validation_error';
			const message = 'message' in fault && fault.message ? fault.message : 'We found an error with one or more fields in the request.';
			return answer(fault.status, error(fault.status, name, message));
		}
		if (fault?.hang === 'before-delivery') return hang();

		if (idempotencyKey !== undefined) {
			if (idempotencyKey.length < 1 || idempotencyKey.length > 256) {
				return answer(400, error(400, 'invalid_idempotency_key', 'The key must be between 1-256 chars.'));
			}
			const fingerprint = `${path}\n${header(request, 'x-batch-validation') ?? ''}\n${raw}`;
			const previous = answers.get(idempotencyKey);
			if (previous) {
				if (previous.fingerprint !== fingerprint) {
					return answer(409, error(409, 'invalid_idempotent_request', 'Same idempotency key used with a different request payload.'));
				}
				log.replayed = true;
				return answer(previous.status, previous.body);
			}
		}

		const result = isBatch ? acceptBatch(emails, header(request, 'x-batch-validation') === 'permissive', idempotencyKey) : acceptOne(emails[0] ?? {}, idempotencyKey);
		if (result.status === 200 && idempotencyKey !== undefined) {
			answers.set(idempotencyKey, { fingerprint: `${path}\n${header(request, 'x-batch-validation') ?? ''}\n${raw}`, ...result });
		}
		if (fault?.hang === 'after-delivery') return hang();
		return answer(result.status, result.body);
	}

	function acceptBatch(emails: ApiEmail[], permissive: boolean, idempotencyKey: string | undefined) {
		if (!Array.isArray(emails)) return { status: 422, body: error(422, 'validation_error', 'The body must be an array of emails.') };
		if (emails.length > 100) return { status: 422, body: error(422, 'validation_error', 'A batch holds at most 100 emails.') };
		const problems = emails.map(validate);
		if (!permissive) {
			const index = problems.findIndex((problem) => problem !== null);
			if (index >= 0) return { status: 422, body: error(422, 'validation_error', `emails[${index}]: ${problems[index]}`) };
		}
		const data: { id: string }[] = [];
		const errors: { index: number; message: string }[] = [];
		emails.forEach((email, index) => {
			const problem = problems[index];
			if (problem) errors.push({ index, message: problem });
			else data.push({ id: deliver(email, idempotencyKey) });
		});
		return { status: 200, body: permissive ? { data, errors } : { data } };
	}

	function acceptOne(email: ApiEmail, idempotencyKey: string | undefined) {
		const problem = validate(email);
		if (problem) return { status: 422, body: error(422, 'validation_error', problem) };
		return { status: 200, body: { id: deliver(email, idempotencyKey) } };
	}

	function deliver(email: ApiEmail, idempotencyKey: string | undefined): string {
		const id = randomUUID();
		const headers = (email.headers ?? {}) as Record<string, string>;
		const outboxId = Object.entries(headers).find(([name]) => name.toLowerCase() === 'x-closeloop-outbox-id')?.[1];
		delivered.push({
			id,
			from: String(email.from),
			to: recipients(email.to),
			subject: String(email.subject),
			...(typeof email.html === 'string' ? { html: email.html } : {}),
			...(typeof email.text === 'string' ? { text: email.text } : {}),
			headers,
			outboxId,
			idempotencyKey
		});
		return id;
	}

	const port = await new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));

	return {
		url: `http://127.0.0.1:${port}`,
		apiKey,
		/** Every email accepted, in order; a replayed request adds none. */
		delivered,
		requests,
		/** The next `times` requests (after auth and routing) meet `fault`. */
		failNext(fault: FakeResendFault, times = 1) {
			for (let index = 0; index < times; index++) faults.push(fault);
		},
		/** Deliveries per `X-Closeloop-Outbox-Id`. */
		deliveriesByOutboxId(): Map<string, number> {
			const counts = new Map<string, number>();
			for (const email of delivered) if (email.outboxId) counts.set(email.outboxId, (counts.get(email.outboxId) ?? 0) + 1);
			return counts;
		},
		async stop() {
			for (const response of hanging) response.destroy();
			await new Promise<void>((resolve) => {
				server.close(() => resolve());
				server.closeAllConnections();
			});
		}
	};
}

function validate(email: ApiEmail): string | null {
	if (typeof email !== 'object' || email === null) return 'Each email must be an object.';
	if (typeof email.from !== 'string' || !addressPattern.test(bareAddress(email.from))) return 'Invalid `from` field.';
	const to = recipients(email.to);
	if (to.length === 0) return 'The `to` field is missing.';
	if (to.length > 50) return 'The `to` field holds at most 50 addresses.';
	const invalid = to.find((address) => !addressPattern.test(bareAddress(address)));
	if (invalid !== undefined) return `Invalid \`to\` field. The email address needs to follow the \`email@example.com\` or \`Name <email@example.com>\` format.`;
	if (typeof email.subject !== 'string' || email.subject === '') return 'The `subject` field is missing.';
	if (typeof email.html !== 'string' && typeof email.text !== 'string') return 'Either `html` or `text` must be provided.';
	return null;
}

function recipients(to: unknown): string[] {
	if (typeof to === 'string') return [to];
	return Array.isArray(to) ? to.map(String) : [];
}

function bareAddress(value: string): string {
	const match = /<([^>]*)>\s*$/.exec(value);
	return (match ? match[1]! : value).trim();
}

function error(statusCode: number, name: string, message: string) {
	return { statusCode, name, message };
}

function header(request: IncomingMessage, name: string): string | undefined {
	const value = request.headers[name];
	return Array.isArray(value) ? value[0] : value;
}

function send(response: ServerResponse, status: number, body: unknown, extraHeaders: Record<string, string> = {}) {
	if (response.headersSent || response.destroyed) return;
	response.writeHead(status, { 'content-type': 'application/json', ...extraHeaders });
	response.end(JSON.stringify(body));
}

function readBody(request: IncomingMessage): Promise<string> {
	return new Promise((resolve, reject) => {
		let body = '';
		request.setEncoding('utf8');
		request.on('data', (chunk: string) => (body += chunk));
		request.on('end', () => resolve(body));
		request.on('error', reject);
	});
}
