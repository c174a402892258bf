import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { startNodeHost } from '../node';

/** Newest modification time under `dir`, skipping nothing but node_modules. */
function newest(dir: string): number {
	let latest = 0;
	for (const entry of readdirSync(dir, { withFileTypes: true })) {
		const path = join(dir, entry.name);
		latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
	}
	return latest;
}

function buildIfNeeded() {
	const marker = 'build/handler.js';
	const sources = Math.max(newest('web'), statSync('svelte.config.js').mtimeMs, statSync('vite.config.ts').mtimeMs);
	if (existsSync(marker) && statSync(marker).mtimeMs >= sources) return;
	console.log('Building the web app…');
	const result = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], { stdio: 'inherit', env: { ...process.env, BUILD_TARGET: 'node' } });
	if (result.status !== 0) process.exit(result.status ?? 1);
}

buildIfNeeded();
const host = await startNodeHost();
console.log(`Closeloop is running at ${host.url} (database ${process.env.DATABASE_URL || 'file:./data/closeloop.db'})`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
	process.once(signal, () => {
		console.log('Stopping…');
		void host.stop().then(() => process.exit(0));
	});
}
