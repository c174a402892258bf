import { fail, type RequestEvent } from '@sveltejs/kit';
import type { ErrorBody } from '$api/errors';

/** A 4xx or 5xx from the API, carrying its one error shape. */
export class ApiError extends Error {
	readonly status: number;
	readonly body: ErrorBody['error'];

	constructor(status: number, body: ErrorBody['error']) {
		super(body.message);
		this.status = status;
		this.body = body;
	}
}

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

/** Calls the API as the signed-in user (the session cookie travels with `event.fetch`). */
export function api(event: Pick<RequestEvent, 'fetch'>) {
	async function call<T>(method: Method, path: string, body?: unknown, headers?: Record<string, string>): Promise<T> {
		const init: RequestInit = { method, headers: { accept: 'application/json', ...headers } };
		if (body !== undefined) {
			if (typeof body === 'string') {
				init.body = body;
			} else {
				init.body = JSON.stringify(body);
				(init.headers as Record<string, string>)['content-type'] = 'application/json';
			}
		}
		const response = await event.fetch(`/api${path}`, init);
		if (response.status === 204) return undefined as T;
		const text = await response.text();
		const parsed = text ? (JSON.parse(text) as unknown) : undefined;
		if (!response.ok) {
			const error = (parsed as ErrorBody | undefined)?.error ?? {
				code: 'internal' as const,
				message: `The API answered ${response.status}.`
			};
			throw new ApiError(response.status, error);
		}
		return parsed as T;
	}
	return {
		get: <T>(path: string) => call<T>('GET', path),
		post: <T>(path: string, body?: unknown, headers?: Record<string, string>) => call<T>('POST', path, body ?? {}, headers),
		patch: <T>(path: string, body: unknown) => call<T>('PATCH', path, body),
		put: <T>(path: string, body: unknown) => call<T>('PUT', path, body),
		delete: <T>(path: string) => call<T>('DELETE', path)
	};
}

/**
 * Runs a form action's API call; an expected failure (4xx) comes back as
 * `fail(status, { message, fields, values })` so the form can show it.
 */
export async function attempt<T>(values: Record<string, unknown>, run: () => Promise<T>) {
	try {
		return { ok: true as const, value: await run() };
	} catch (error) {
		if (error instanceof ApiError && error.status < 500) {
			return {
				ok: false as const,
				failure: fail(error.status, { message: error.body.message, fields: error.body.fields ?? {}, values })
			};
		}
		throw error;
	}
}

/** Plain values of a submitted form (the password never comes back to the page). */
export function formValues(data: FormData): Record<string, string> {
	const values: Record<string, string> = {};
	for (const [key, value] of data) if (typeof value === 'string' && key !== 'password') values[key] = value;
	return values;
}
