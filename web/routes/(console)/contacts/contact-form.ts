import type { Account } from '$api/accounts/schemas';
import type { RequestEvent } from '@sveltejs/kit';
import { commonLocales } from '$api/domain/locales';
import { listTimeZones } from '$api/domain/time-zones';
import { api, ApiError } from '$lib/server/api';

/**
 * The lists the contact form offers. They come from the server with the page
 * data: the browser must not import `$api` modules (in development `/api/…`
 * is the API, not the source tree).
 */
export function contactChoices() {
	return { timeZones: [...listTimeZones()], locales: [...commonLocales] as string[] };
}
export type ContactChoices = ReturnType<typeof contactChoices>;

/** The contact form's fields as the API wants them. */
export function contactInput(values: Record<string, string>) {
	return {
		accountId: values.accountId ?? '',
		name: values.name ?? '',
		email: values.email ?? '',
		locale: values.locale || 'en',
		timeZone: values.timeZone || 'UTC',
		consent: values.consent === 'on'
	};
}

export type AccountOption = { id: string; name: string; externalRef: string | null };

const optionLimit = 100;

/**
 * Accounts to pick from: the first 100 by name matching `search`, plus the
 * one already chosen, so a long list can be narrowed without losing it.
 */
export async function loadAccountOptions(
	event: Pick<RequestEvent, 'fetch'>,
	search: string,
	selectedId: string | null
) {
	const client = api(event);
	const query = new URLSearchParams({ pageSize: String(optionLimit), sort: 'name' });
	if (search) query.set('q', search);
	const [list, selected] = await Promise.all([
		client.get<{ items: Account[]; total: number }>(`/accounts?${query}`),
		selectedId
			? client
					.get<{ account: Account }>(`/accounts/${encodeURIComponent(selectedId)}`)
					.then((detail) => detail.account)
					.catch((failure) => {
						if (failure instanceof ApiError && failure.status === 404) return null;
						throw failure;
					})
			: Promise.resolve(null)
	]);
	const options: AccountOption[] = list.items.map(({ id, name, externalRef }) => ({
		id,
		name,
		externalRef
	}));
	if (selected && !options.some((option) => option.id === selected.id)) {
		options.unshift({ id: selected.id, name: selected.name, externalRef: selected.externalRef });
	}
	return { options, total: list.total, limited: list.total > optionLimit, selected };
}
