/**
 * Whether a request path (with or without its query) belongs to the API. Both
 * hosts split on it: the Node server before the web app, the web Worker
 * before SvelteKit, so API requests never meet SvelteKit's form-origin check.
 */
export function isApiPath(url: string | undefined): boolean {
	return url === '/api' || !!url?.startsWith('/api/') || !!url?.startsWith('/api?');
}
