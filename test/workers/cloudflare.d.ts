/**
 * The parts of the workerd test modules these tests use. The pool's own
 * declarations (@cloudflare/vitest-pool-workers/types) need the global Workers
 * types, which clash with the DOM and Node types the rest of the repo checks
 * against, so the few signatures are repeated here over the module form of
 * @cloudflare/workers-types.
 */
declare module 'cloudflare:test' {
	import type {
		D1Database,
		ExecutionContext,
		ScheduledController
	} from '@cloudflare/workers-types';

	export type D1Migration = { name: string; queries: string[] };

	export function applyD1Migrations(
		db: D1Database,
		migrations: D1Migration[],
		migrationsTableName?: string
	): Promise<void>;
	export function createExecutionContext(): ExecutionContext;
	export function waitOnExecutionContext(ctx: ExecutionContext): Promise<void>;
	export function createScheduledController(options?: {
		scheduledTime?: Date;
		cron?: string;
	}): ScheduledController;
}

declare module 'cloudflare:workers' {
	import type { D1Migration } from 'cloudflare:test';
	import type { WorkerEnv } from '../../api/worker';

	/** The Worker's env from wrangler.toml, plus the test-only bindings from vitest.config.ts. */
	export const env: WorkerEnv & { TEST_MIGRATIONS: D1Migration[] };

	/** The `main` Worker's handlers, called as if over a service binding. */
	export const exports: {
		default: {
			fetch(input: string | Request, init?: RequestInit): Promise<Response>;
			scheduled(options?: { scheduledTime?: Date; cron?: string }): Promise<{
				outcome: string;
				noRetry: boolean;
			}>;
		};
	};
}
