import type { Deps } from '../deps';

/** Placeholder: delivers pending outbox rows (implemented with the outbox). */
export async function sendOutbox(_deps: Deps): Promise<{ sent: number; failed: number; retried: number }> {
	return { sent: 0, failed: 0, retried: 0 };
}
