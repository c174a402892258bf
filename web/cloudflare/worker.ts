import type { ExecutionContext, Fetcher } from '@cloudflare/workers-types';
import sveltekit from '../../.svelte-kit/cloudflare-worker/_worker.js';
import { isApiPath } from '../../api/api-path';

/**
 * The web app's Worker (wrangler.web.toml): SvelteKit built by
 * adapter-cloudflare, with `/api` handed to the API Worker through the `API`
 * service binding, as the Node host hands it to the API in-process. The split
 * comes first so that API requests (one-click unsubscribe posts from mail
 * providers, Resend's webhooks) never meet SvelteKit's form-origin check.
 */
export type WebEnv = { API: Fetcher; ASSETS: Fetcher };

export default {
	fetch(request: Request, env: WebEnv, ctx: ExecutionContext): Promise<Response> {
		const url = new URL(request.url);
		if (isApiPath(url.pathname + url.search))
			return env.API.fetch(request as never) as unknown as Promise<Response>;
		return sveltekit.fetch(request, env, ctx);
	}
};
