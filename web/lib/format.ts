import type { AccountTier } from '$api/../db/schema/accounts';

/** Console dates are shown in UTC so the server and the browser render the same text. */
const dateFormat = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeZone: 'UTC' });
const dateTimeFormat = new Intl.DateTimeFormat('en-GB', {
	dateStyle: 'medium',
	timeStyle: 'short',
	timeZone: 'UTC'
});

/** `2026-03-02T09:00:00Z` → `2 Mar 2026`; empty for no date. */
export function formatDate(iso: string | null | undefined): string {
	return iso ? dateFormat.format(new Date(iso)) : '';
}

/** `2026-03-02T09:00:00Z` → `2 Mar 2026, 09:00 UTC`. */
export function formatDateTime(iso: string): string {
	return `${dateTimeFormat.format(new Date(iso))} UTC`;
}

/** The `YYYY-MM-DD` an `<input type="date">` wants. */
export function toDateInput(iso: string | null | undefined): string {
	return iso ? iso.slice(0, 10) : '';
}

export const tierLabels: Record<AccountTier, string> = {
	basic: 'Basic',
	standard: 'Standard',
	premium: 'Premium',
	enterprise: 'Enterprise'
};

export const tierTones = {
	basic: 'gray',
	standard: 'blue',
	premium: 'brand',
	enterprise: 'yellow'
} as const satisfies Record<AccountTier, string>;

export const contactStatusLabels = {
	active: 'Active',
	unsubscribed: 'Unsubscribed',
	bounced: 'Bounced',
	archived: 'Archived'
} as const;

export const contactStatusTones = {
	active: 'green',
	unsubscribed: 'yellow',
	bounced: 'red',
	archived: 'gray'
} as const;

/** `url` with `changes` applied to its query; `null` or `''` removes a key. Changing a filter goes back to page 1. */
export function withQuery(url: URL, changes: Record<string, string | number | null>): string {
	const params = new URLSearchParams(url.search);
	for (const [key, value] of Object.entries(changes)) {
		if (value === null || value === '') params.delete(key);
		else params.set(key, String(value));
	}
	if (!('page' in changes)) params.delete('page');
	const query = params.toString();
	return query ? `${url.pathname}?${query}` : url.pathname;
}

/** Copies the allowed keys of `from` into a query string, leaving out empty values and cutting long ones. */
export function pickQuery(from: URLSearchParams, keys: readonly string[]): URLSearchParams {
	const query = new URLSearchParams();
	for (const key of keys) {
		// The API refuses search text past 200 characters; nobody means to search that much.
		const value = from.get(key)?.trim().slice(0, 200);
		if (value) query.set(key, value);
	}
	return query;
}

/** Splits `a, b; c` into tags. */
export function parseTags(text: string): string[] {
	return text
		.split(/[,;]/)
		.map((tag) => tag.trim())
		.filter(Boolean);
}

export function plural(count: number, one: string, many = `${one}s`): string {
	return `${count.toLocaleString('en')} ${count === 1 ? one : many}`;
}

/**
 * The form-level message to show above a form, or nothing when a field
 * already says the same thing next to the input.
 */
export function formSummary(
	form: { message?: unknown; fields?: unknown } | null | undefined
): string | undefined {
	if (!form || typeof form.message !== 'string') return undefined;
	const fields = (form.fields ?? {}) as Record<string, string[]>;
	return Object.values(fields).flat().includes(form.message) ? undefined : form.message;
}
