import { createExecutionContext, createScheduledController } from 'cloudflare:test';
import worker, { type WorkerEnv } from '../../api/worker';

/**
 * Fires the Worker's scheduled handler `runs` times at once, as overlapping
 * cron runs would, and waits for the ticks it hands to `waitUntil`. Answers
 * how many it handed over (one per run).
 */
export async function fireCron(env: WorkerEnv, runs = 1): Promise<number> {
	const ctx = createExecutionContext();
	const waited: Promise<unknown>[] = [];
	const waitUntil = ctx.waitUntil.bind(ctx);
	ctx.waitUntil = (promise) => {
		waited.push(promise);
		waitUntil(promise);
	};
	for (let run = 0; run < runs; run++)
		worker.scheduled(createScheduledController({ cron: '* * * * *' }), env, ctx);
	await Promise.all(waited);
	return waited.length;
}
