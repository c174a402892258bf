/**
 * Lets timers and network callbacks run. The embedded libSQL driver executes
 * synchronously, so a loop of awaited queries never gives requests a turn
 * unless it steps out to the macrotask queue now and then.
 */
export function yieldToEventLoop(): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, 0));
}
