import { createRoute, z } from '@hono/zod-openapi';
import { sql } from 'drizzle-orm';
import { jsonResponse } from '../openapi';
import { createRouter } from '../router';

const Health = z
	.object({
		status: z.enum(['ok', 'degraded']),
		version: z.string(),
		time: z.string().describe('The injected clock, ISO 8601'),
		database: z.object({ ok: z.boolean(), latencyMs: z.number(), error: z.string().optional() })
	})
	.openapi('Health');

export const healthRoutes = createRouter().openapi(
	createRoute({
		method: 'get',
		path: '/',
		tags: ['System'],
		summary: 'Version and database status (no sign-in needed)',
		security: [],
		responses: {
			200: jsonResponse(Health, 'Healthy'),
			503: jsonResponse(Health, 'The database is unreachable')
		}
	}),
	async (c) => {
		const { db, clock, config } = c.var.deps;
		const started = performance.now();
		let database: z.infer<typeof Health>['database'];
		try {
			await db.all(sql`SELECT 1`);
			database = { ok: true, latencyMs: Math.round((performance.now() - started) * 100) / 100 };
		} catch (error) {
			database = {
				ok: false,
				latencyMs: 0,
				error: error instanceof Error ? error.message : String(error)
			};
		}
		const body = {
			status: database.ok ? ('ok' as const) : ('degraded' as const),
			version: config.version,
			time: clock.now().toISOString(),
			database
		};
		return database.ok ? c.json(body, 200) : c.json(body, 503);
	}
);
