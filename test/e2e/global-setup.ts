import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chromiumPath } from './browser';

/** Browser tests need Debian's Chromium and a fresh build of the web app. */
export default function setup() {
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
}
