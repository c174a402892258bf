import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-pool-workers';
import { defineConfig } from 'vitest/config';

export default defineConfig({
	test: {
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
