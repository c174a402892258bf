import { buildWebApp, wrangler } from './workerd';

/**
 * `npm run deploy`: the whole product to Cloudflare Workers, in the order that
 * keeps the running version working: the migrations on D1 first (a release's
 * schema change is additive, so the old Workers run on it for the seconds in
 * between), then the API Worker, then the web Worker that binds to it.
 * `npm run deploy -- --dry-run` builds and bundles both without uploading.
 * Step by step from an empty account: docs/deploy-workers.md.
 */
const dryRun = process.argv.includes('--dry-run');

console.log('Building the web app for Workers…');
buildWebApp();
if (dryRun) {
	wrangler(['deploy', '--dry-run', '--config', 'wrangler.toml']);
	wrangler(['deploy', '--dry-run', '--config', 'wrangler.web.toml']);
} else {
	wrangler(['d1', 'migrations', 'apply', 'closeloop', '--remote']);
	wrangler(['deploy', '--config', 'wrangler.toml']);
	wrangler(['deploy', '--config', 'wrangler.web.toml']);
}
