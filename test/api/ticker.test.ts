import { describe, expect, it } from 'vitest';
import { startTicker } from '../../api/ticker';

describe('the ticker', () => {
	it('never runs the tick twice at once, even when a tick outlasts the interval', async () => {
		let running = 0;
		let maxRunning = 0;
		let runs = 0;
		const ticker = startTicker(async () => {
			running++;
			maxRunning = Math.max(maxRunning, running);
			await new Promise((resolve) => setTimeout(resolve, 30));
			running--;
			runs++;
		}, 5);
		await new Promise((resolve) => setTimeout(resolve, 200));
		await ticker.stop();
		expect(runs).toBeGreaterThan(2);
		expect(maxRunning).toBe(1);
	});

	it('keeps ticking after a tick throws', async () => {
		let runs = 0;
		const errors: unknown[] = [];
		const original = console.error;
		console.error = (...args: unknown[]) => errors.push(args);
		try {
			const ticker = startTicker(async () => {
				runs++;
				throw new Error('boom');
			}, 5);
			await new Promise((resolve) => setTimeout(resolve, 60));
			await ticker.stop();
		} finally {
			console.error = original;
		}
		expect(runs).toBeGreaterThan(1);
		expect(errors.length).toBe(runs);
	});
});
