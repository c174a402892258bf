import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startNodeHost } from '../../api/node';

export const chromiumPath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const screenshotDir = 'test-results/screenshots';

/** The embedded default on a fresh database file, with clock control on, on 127.0.0.1. */
export async function startProduct() {
	const dir = mkdtempSync(join(tmpdir(), 'closeloop-e2e-'));
	const host = await startNodeHost({
		env: {
			DATABASE_URL: `file:${join(dir, 'e2e.db')}`,
			CLOSELOOP_CLOCK_CONTROL: '1',
			NODE_ENV: 'test'
		},
		host: '127.0.0.1',
		port: 0,
		tickIntervalMs: 1000
	});
	return {
		...host,
		async stop() {
			await host.stop();
			rmSync(dir, { recursive: true, force: true });
		}
	};
}

export async function launchBrowser(): Promise<Browser> {
	return chromium.launch({
		executablePath: chromiumPath,
		args: [
			'--no-sandbox',
			'--disable-gpu',
			'--disable-quic',
			'--no-first-run',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync'
		]
	});
}

/** Fails the test on any error the page logs (a broken page should not pass quietly). */
export function watchConsole(page: Page): string[] {
	const errors: string[] = [];
	page.on('console', (message) => {
		if (message.type() === 'error') errors.push(message.text());
	});
	page.on('pageerror', (error) => errors.push(error.message));
	return errors;
}

export async function screenshot(page: Page, name: string) {
	mkdirSync(screenshotDir, { recursive: true });
	await page.screenshot({ path: join(screenshotDir, `${name}.png`), fullPage: true });
}

const axeSource = readFileSync(
	createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
	'utf8'
);

/** Runs axe on the page and returns the serious and critical violations. */
export async function seriousViolations(page: Page) {
	await page.addScriptTag({ content: axeSource });
	const violations = await page.evaluate(async () => {
		const axe = (
			window as unknown as {
				axe: {
					run: (context: Document) => Promise<{
						violations: { id: string; impact: string | null; nodes: { target: unknown }[] }[];
					}>;
				};
			}
		).axe;
		const result = await axe.run(document);
		return result.violations.map((violation) => ({
			id: violation.id,
			impact: violation.impact,
			targets: violation.nodes.map((node) => JSON.stringify(node.target))
		}));
	});
	return violations.filter(
		(violation) => violation.impact === 'serious' || violation.impact === 'critical'
	);
}

/** A free port on 127.0.0.1, for a server whose address must be known before it starts. */
export async function freePort(): Promise<number> {
	const server = createServer();
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as { port: number };
	await new Promise<void>((resolve) => server.close(() => resolve()));
	return port;
}
