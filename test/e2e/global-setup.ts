import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { buildApiWorker, buildD1Template, buildWebWorker } from '../support/worker-host';
import { chromiumPath } from './browser';

/**
 * Browser tests need Debian's Chromium and a fresh build of the web app: for
 * the Node host, and for the Workers pair (workers-pair.test.ts) the
 * adapter-cloudflare build and both Worker bundles.
 */
export default async function setup() {
	if (!existsSync(chromiumPath)) {
		throw new Error(
			`Chromium is missing at ${chromiumPath}. The browser tests use Debian's package:\n\n    apt-get update && apt-get install -y chromium\n`
		);
	}
	const build = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], {
		stdio: 'inherit',
		env: { ...process.env, BUILD_TARGET: 'node' }
	});
	if (build.status !== 0) throw new Error('vite build failed');
	buildWebWorker();
	buildApiWorker();
	await buildD1Template();
}
