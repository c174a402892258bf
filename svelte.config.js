import adapterNode from '@sveltejs/adapter-node';
import adapterCloudflare from '@sveltejs/adapter-cloudflare';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

const target = process.env.BUILD_TARGET ?? 'node';

/** @type {import('@sveltejs/kit').Config} */
export default {
	preprocess: vitePreprocess(),
	kit: {
		// On Workers, the build is wrapped by web/cloudflare/worker.ts (wrangler.web.toml).
		adapter:
			target === 'cloudflare'
				? adapterCloudflare({ config: 'web/cloudflare/adapter.toml' })
				: adapterNode({ out: 'build' }),
		files: {
			src: 'web',
			routes: 'web/routes',
			lib: 'web/lib',
			appTemplate: 'web/app.html',
			errorTemplate: 'web/error.html',
			assets: 'web/static',
			hooks: { server: 'web/hooks.server', client: 'web/hooks.client', universal: 'web/hooks' },
			params: 'web/params',
			serviceWorker: 'web/service-worker'
		},
		// SvelteKit checks the Origin of form posts; the API checks its own.
		csrf: { trustedOrigins: [] },
		alias: { $api: 'api', $emails: 'emails' }
	}
};
