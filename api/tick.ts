import { pruneAuthRecords } from './auth/store';
import type { Deps } from './deps';
import { sendOutbox } from './outbox/send-outbox';

export type TickReport = { emails: Awaited<ReturnType<typeof sendOutbox>> };

/**
 * One tick of background work, the same on every host: the Node host runs it
 * every minute, the Worker's cron trigger once a minute. Later: SLA sweep and
 * survey scheduler hang off it too. Safe to run concurrently with itself.
 */
export async function runTick(deps: Deps): Promise<TickReport> {
	const emails = await sendOutbox(deps);
	await pruneAuthRecords(deps.db, deps.clock.now());
	return { emails };
}
