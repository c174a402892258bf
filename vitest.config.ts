import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-pool-workers';
import { readFileSync, readdirSync } from 'node:fs';
import { defineConfig } from 'vitest/config';

/** The integration suite: every test file that starts the real app (test/support/app.ts). */
const integrationSuite = readdirSync('test', { recursive: true, encoding: 'utf8' })
	.filter(
		(file) => file.endsWith('.test.ts') && !file.startsWith('e2e/') && !file.startsWith('workers/')
	)
	.filter((file) => readFileSync(`test/${file}`, 'utf8').includes('startTestApp('))
	.map((file) => `test/${file}`);

export default defineConfig({
	test: {
		// Vitest's default is one fewer than the cores: one, on CI's two. The Workers-host files
		// spend most of their time waiting on workerd, so two forks keep both cores busy.
		maxWorkers: 2,
		projects: [
			{
				// Unit and integration tests in Node: the embedded default over libSQL.
				test: {
					name: 'node',
					include: ['test/**/*.test.ts'],
					exclude: ['test/e2e/**', 'test/workers/**', 'node_modules/**'],
					testTimeout: 20_000,
					hookTimeout: 30_000,
					pool: 'forks'
				}
			},
			{
				// The same integration suite against the Workers host: the bundle
				// `npm run deploy` uploads, in workerd on a local D1 database.
				test: {
					name: 'workers-host',
					include: integrationSuite,
					env: { CLOSELOOP_TEST_HOST: 'workers' },
					globalSetup: ['test/support/build-worker-setup.ts'],
					setupFiles: ['test/support/worker-pool-teardown.ts'],
					testTimeout: 30_000,
					hookTimeout: 60_000,
					pool: 'forks'
				}
			},
			{
				// The Workers host (api/worker.ts) inside workerd, with wrangler.toml's
				// bindings and a local D1 database per test file.
				plugins: [
					cloudflareTest(async () => ({
						wrangler: { configPath: './wrangler.toml' },
						miniflare: {
							// Read in Node, applied inside workerd by test/workers/apply-migrations.ts.
							bindings: { TEST_MIGRATIONS: await readD1Migrations('db/migrations') }
						}
					}))
				],
				test: {
					name: 'workers',
					include: ['test/workers/**/*.test.ts'],
					setupFiles: ['test/workers/apply-migrations.ts'],
					deps: {
						optimizer: {
							ssr: { enabled: true, include: ['@noble/hashes/scrypt.js'] }
						}
					},
					testTimeout: 20_000,
					hookTimeout: 30_000
				}
			}
		]
	}
});
