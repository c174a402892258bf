import type { Cookies, Handle, HandleFetch } from '@sveltejs/kit';

/**
 * The app reaches the API over HTTP semantics only. On the Node host the API
 * runs in the same process, so `/api` requests go straight to its fetch
 * handler; on Workers they go through the service binding.
 */
export const handleFetch: HandleFetch = async ({ event, request, fetch }) => {
	const url = new URL(request.url);
	if (url.origin === event.url.origin && url.pathname.startsWith('/api/')) {
		const apiFetch =
			event.platform?.env?.API?.fetch.bind(event.platform.env.API) ??
			globalThis.__closeloopApiFetch;
		if (apiFetch) {
			const forwarded = new Request(request);
			// SvelteKit attaches cookies only inside its own fetch; this call bypasses it.
			const cookie = event.cookies
				.getAll()
				.map(({ name, value }) => `${name}=${encodeURIComponent(value)}`)
				.join('; ');
			if (cookie && request.credentials !== 'omit') forwarded.headers.set('cookie', cookie);
			const address = event.getClientAddress?.();
			if (address) forwarded.headers.set('x-real-ip', address);
			const response = await apiFetch(forwarded);
			forwardCookies(response, event.cookies);
			return response;
		}
	}
	return fetch(request);
};

export const handle: Handle = async ({ event, resolve }) => {
	event.locals.user = null;
	if (event.cookies.get('closeloop_session')) {
		const response = await event.fetch('/api/auth/me');
		if (response.ok)
			event.locals.user = ((await response.json()) as { user: App.Locals['user'] }).user;
	}
	return resolve(event);
};

/**
 * The API sets the session cookie on its own responses; a direct call from
 * the app's server must hand that cookie on to the browser.
 */
function forwardCookies(response: Response, cookies: Cookies) {
	for (const header of response.headers.getSetCookie()) {
		const [pair = '', ...attributes] = header.split(';').map((part) => part.trim());
		const separator = pair.indexOf('=');
		if (separator < 1) continue;
		const name = pair.slice(0, separator);
		const value = decodeURIComponent(pair.slice(separator + 1));
		const options: Parameters<Cookies['set']>[2] = { path: '/', httpOnly: false, secure: false };
		for (const attribute of attributes) {
			const [key = '', raw = ''] = attribute.split('=');
			switch (key.toLowerCase()) {
				case 'path':
					options.path = raw;
					break;
				case 'expires':
					options.expires = new Date(raw);
					break;
				case 'max-age':
					options.maxAge = Number(raw);
					break;
				case 'httponly':
					options.httpOnly = true;
					break;
				case 'secure':
					options.secure = true;
					break;
				case 'samesite':
					options.sameSite = raw.toLowerCase() as 'lax' | 'strict' | 'none';
					break;
			}
		}
		cookies.set(name, value, options);
	}
}
