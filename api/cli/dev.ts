import { createServer as createViteServer } from 'vite';
import { createApiAndWebServer, createNodeDeps, isApiPath } from '../node';
import { runTick } from '../tick';
import { startTicker } from '../ticker';

/** Development: the API and the SvelteKit app (with hot reload) on one port. */
const { deps } = await createNodeDeps();
const vite = await createViteServer({ server: { middlewareMode: true }, appType: 'custom' });
// Vite serves the app's source modules by path too (`$api` → /api/…/*.ts); those are not API calls.
const isModule = (url: string | undefined) => /\.(ts|js|mjs|svelte|css)(\?|$)/.test(url ?? '');
const { server } = createApiAndWebServer(
	deps,
	(req, res) => vite.middlewares(req, res),
	(url) => isApiPath(url) && !isModule(url)
);
const port = Number(process.env.PORT || 5173);
server.listen(port, process.env.HOST ?? '127.0.0.1', () =>
	console.log(`Closeloop (dev) at http://localhost:${port}`)
);
startTicker(() => runTick(deps), Number(process.env.TICK_INTERVAL_MS || 60_000));
