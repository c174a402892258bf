/**
 * Runs `task` every `intervalMs`, never overlapping itself: the next run is
 * scheduled only after the current one ends. Errors are logged, not fatal.
 */
export function startTicker(task: () => Promise<unknown>, intervalMs: number) {
	let timer: ReturnType<typeof setTimeout> | undefined;
	let running: Promise<void> | undefined;
	let stopped = false;

	const run = async () => {
		try {
			await task();
		} catch (error) {
			console.error('tick failed', error);
		}
	};
	const schedule = () => {
		if (stopped) return;
		timer = setTimeout(() => {
			running = run().finally(() => {
				running = undefined;
				schedule();
			});
		}, intervalMs);
		timer.unref?.();
	};
	schedule();

	return {
		/** Stops scheduling and waits for a run in progress to finish. */
		async stop() {
			stopped = true;
			if (timer) clearTimeout(timer);
			await running;
		}
	};
}
