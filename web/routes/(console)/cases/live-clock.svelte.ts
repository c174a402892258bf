/**
 * "Now" for countdowns, on the server's clock: the page renders at the API's
 * `now`, then ticks from the browser's clock shifted by the difference seen
 * when the data arrived, so a browser whose clock is off (or a server clock
 * moved for a demo) still counts down to the server's deadlines.
 */
export function createLiveClock(serverNow: () => string, intervalMs = 30_000) {
	let now = $state(Date.parse(serverNow()));
	$effect(() => {
		const offset = Date.parse(serverNow()) - Date.now();
		const tick = () => (now = Date.now() + offset);
		tick();
		const timer = setInterval(tick, intervalMs);
		return () => clearInterval(timer);
	});
	return {
		/** Epoch milliseconds on the server's clock. */
		get now() {
			return now;
		}
	};
}
