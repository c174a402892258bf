/**
 * Outgoing webhooks, the pure part: which events exist and what each one
 * tells the receiver, the retry schedule, and which URLs point inside the
 * network (and are refused unless the installation allows them).
 */

/** The event types an endpoint can subscribe to. */
export const webhookEventTypes = [
	'case.opened',
	'sla.warned',
	'sla.breached',
	'response.received',
	'action.done'
] as const;
export type WebhookEventType = (typeof webhookEventTypes)[number];

/** What "Send test" delivers; never raised by the product, so nobody subscribes to it. */
export const webhookTestEventType = 'webhook.test';

/**
 * The fields of a domain event's payload that a receiver gets as `data`, per
 * type. A whitelist, so an internal field added to a payload later is not
 * published by accident.
 */
const publicFields: Record<WebhookEventType | typeof webhookTestEventType, readonly string[]> = {
	'case.opened': ['caseId', 'caseNumber', 'source', 'priority'],
	'sla.warned': ['caseId', 'caseNumber', 'target', 'kind', 'level'],
	'sla.breached': ['caseId', 'caseNumber', 'target', 'kind', 'level'],
	'response.received': ['responseId', 'surveyId', 'contactId', 'accountId', 'score'],
	'action.done': ['actionId', 'title'],
	'webhook.test': ['endpointId', 'message']
};

export function isWebhookEventType(type: string): type is WebhookEventType {
	return (webhookEventTypes as readonly string[]).includes(type);
}

/** The `data` a receiver gets for an event of `type` with `payload` (absent fields are left out). */
export function webhookData(
	type: string,
	payload: Record<string, unknown>
): Record<string, unknown> {
	const fields = publicFields[type as keyof typeof publicFields] ?? [];
	const data: Record<string, unknown> = {};
	for (const field of fields) if (payload[field] !== undefined) data[field] = payload[field];
	return data;
}

/** The body of a delivery, in the shape the Standard Webhooks spec recommends. */
export function webhookBody(delivery: {
	eventType: string;
	occurredAt: Date;
	payload: Record<string, unknown>;
}): string {
	return JSON.stringify({
		type: delivery.eventType,
		timestamp: delivery.occurredAt.toISOString(),
		data: delivery.payload
	});
}

/** Waits after the 1st, 2nd … failed attempt; after the last of these the next failure is final. */
export const webhookRetryDelaysMs = [
	60_000,
	5 * 60_000,
	30 * 60_000,
	2 * 60 * 60_000,
	6 * 60 * 60_000
] as const;

/** Attempts before a delivery is given up as failed: the first one and one per retry delay. */
export const webhookMaxAttempts = webhookRetryDelaysMs.length + 1;

/**
 * When to try again after attempt `attemptNo` (1-based) failed at `now`, or
 * null when that was the last one. An attempt beyond the schedule (an admin's
 * manual retry of a failed delivery) gets no further retries.
 */
export function nextWebhookAttemptAt(attemptNo: number, now: Date): Date | null {
	const delay = webhookRetryDelaysMs[attemptNo - 1];
	return delay === undefined ? null : new Date(now.getTime() + delay);
}

export type WebhookUrlCheck =
	{ ok: true; url: URL; privateAddress: boolean } | { ok: false; reason: string };

/**
 * Parses a webhook URL: http(s), no user name or password in it. Says whether
 * its host is loopback, private or link-local, literally (an IP address, in
 * any of the forms URL parsing accepts, or `localhost`). Names that resolve
 * to such addresses are not looked up here.
 */
export function checkWebhookUrl(raw: string): WebhookUrlCheck {
	let url: URL;
	try {
		url = new URL(raw);
	} catch {
		return { ok: false, reason: 'Enter a full URL, e.g. https://example.com/closeloop.' };
	}
	if (url.protocol !== 'https:' && url.protocol !== 'http:')
		return { ok: false, reason: 'Use an http:// or https:// URL.' };
	if (url.username || url.password)
		return {
			ok: false,
			reason: 'Leave the user name and password out of the URL; deliveries are signed.'
		};
	return { ok: true, url, privateAddress: isPrivateHost(url.hostname) };
}

/** The refusal for a private URL, in one place for registration and delivery. */
export const privateUrlMessage =
	'This URL points to a private, loopback or link-local address, which webhooks may not call. Use a public address.';

/**
 * Whether `hostname` (as `URL.hostname` gives it: IPv4 in dotted form, IPv6
 * in brackets) is `localhost` or in 0/8, 10/8, 127/8, 169.254/16, 172.16/12,
 * 192.168/16, ::, ::1, fc00::/7 or fe80::/10 (IPv4-mapped IPv6 included).
 */
export function isPrivateHost(hostname: string): boolean {
	const host = hostname.toLowerCase().replace(/\.$/, '');
	if (host === 'localhost' || host.endsWith('.localhost')) return true;
	if (host.startsWith('[') && host.endsWith(']')) return isPrivateIPv6(host.slice(1, -1));
	const v4 = parseIPv4(host);
	return v4 !== null && isPrivateIPv4(v4);
}

function parseIPv4(host: string): number[] | null {
	const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
	if (!match) return null;
	const octets = match.slice(1).map(Number);
	return octets.every((octet) => octet <= 255) ? octets : null;
}

function isPrivateIPv4([a, b]: number[]): boolean {
	return (
		a === 0 ||
		a === 10 ||
		a === 127 ||
		(a === 169 && b === 254) ||
		(a === 172 && b! >= 16 && b! <= 31) ||
		(a === 192 && b === 168)
	);
}

function isPrivateIPv6(address: string): boolean {
	const groups = expandIPv6(address);
	if (!groups) return true; // Not an address we can read: refuse rather than guess.
	const [first] = groups;
	if (groups.every((group) => group === 0)) return true; // ::
	if (groups.slice(0, 7).every((group) => group === 0) && groups[7] === 1) return true; // ::1
	if ((first! & 0xfe00) === 0xfc00) return true; // fc00::/7
	if ((first! & 0xffc0) === 0xfe80) return true; // fe80::/10
	// ::ffff:a.b.c.d (mapped) and ::a.b.c.d (compatible) carry an IPv4 address.
	if (groups.slice(0, 5).every((group) => group === 0) && (groups[5] === 0xffff || groups[5] === 0))
		return isPrivateIPv4([groups[6]! >> 8, groups[6]! & 0xff, groups[7]! >> 8, groups[7]! & 0xff]);
	return false;
}

/** The eight 16-bit groups of an IPv6 address, or null if it is not one. */
function expandIPv6(address: string): number[] | null {
	let text = address.split('%')[0]!;
	const v4 = /(\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3})$/.exec(text);
	if (v4) {
		const octets = parseIPv4(v4[1]!);
		if (!octets) return null;
		const high = ((octets[0]! << 8) | octets[1]!).toString(16);
		const low = ((octets[2]! << 8) | octets[3]!).toString(16);
		text = `${text.slice(0, -v4[1]!.length)}${high}:${low}`;
	}
	const halves = text.split('::');
	if (halves.length > 2) return null;
	const parse = (part: string) => (part === '' ? [] : part.split(':'));
	const head = parse(halves[0]!);
	const tail = halves.length === 2 ? parse(halves[1]!) : [];
	const missing = 8 - head.length - tail.length;
	if (halves.length === 2 ? missing < 1 : missing !== 0) return null;
	const groups = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...tail];
	if (groups.some((group) => !/^[0-9a-f]{1,4}$/i.test(group))) return null;
	return groups.map((group) => parseInt(group, 16));
}
