import { createServer } from 'node:http';
import { getRequestListener } from '@hono/node-server';
import { createServer as createViteServer } from 'vite';
import { createApp } from '../app';
import { createNodeDeps } from '../node';
import { runTick } from '../tick';
import { startTicker } from '../ticker';

/** Development: the API and the SvelteKit app (with hot reload) on one port. */
const { deps } = await createNodeDeps();
const app = createApp(deps);
globalThis.__closeloopApiFetch = (request) => Promise.resolve(app.fetch(request));
const vite = await createViteServer({ server: { middlewareMode: true }, appType: 'custom' });
const api = getRequestListener(app.fetch);
const server = createServer((req, res) => {
	req.headers['x-real-ip'] = req.socket.remoteAddress ?? 'unknown';
	// Vite serves the app's source modules by path too (`$api` → /api/…/*.ts); those are not API calls.
	const isModule = /\.(ts|js|mjs|svelte|css)(\?|$)/.test(req.url ?? '');
	if (!isModule && (req.url === '/api' || req.url?.startsWith('/api/') || req.url?.startsWith('/api?'))) void api(req, res);
	else vite.middlewares(req, res);
});
const port = Number(process.env.PORT || 5173);
server.listen(port, process.env.HOST ?? '127.0.0.1', () => console.log(`Closeloop (dev) at http://localhost:${port}`));
startTicker(() => runTick(deps), Number(process.env.TICK_INTERVAL_MS || 60_000));
