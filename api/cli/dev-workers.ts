import { join, resolve } from 'node:path';
import { buildApiWorker, buildDir, buildWebWorker, root, startWorkers, wrangler } from './workerd';

/**
 * `npm run dev:workers`: the Workers build on this machine, with no Cloudflare
 * account. Both Workers, bundled as `npm run deploy` would upload them, run in
 * workerd on 127.0.0.1 with wrangler's local D1 database (.wrangler/state),
 * migrated with `wrangler d1 migrations apply --local`; the API Worker's
 * scheduled handler fires once a minute, as the cron trigger does.
 *
 * Settings come from the environment, e.g. `RESEND_API_KEY=… npm run dev:workers`.
 * `--no-build` starts the bundles already built; `--persist-to DIR` keeps the
 * local state elsewhere (as wrangler's own flag does).
 */
const port = Number(process.env.PORT || 8787);
const settings = [
	'PUBLIC_URL',
	'ORG_NAME',
	'EMAIL_FROM',
	'RESEND_API_KEY',
	'RESEND_BASE_URL',
	'RESEND_WEBHOOK_SECRET',
	'CLOSELOOP_CLOCK_CONTROL'
];

const args = process.argv.slice(2);
const persistArg = args.includes('--persist-to') ? args[args.indexOf('--persist-to') + 1] : '';
if (persistArg === undefined || persistArg.startsWith('--')) {
	console.error('--persist-to needs a directory, e.g. --persist-to ./.wrangler/state');
	process.exit(2);
}
const persistTo = persistArg ? resolve(persistArg) : join(root, '.wrangler/state');

let webScript = join(buildDir, 'web/worker.js');
let apiScript = join(buildDir, 'api/worker.js');
if (!args.includes('--no-build')) {
	console.log('Building the web app and both Workers…');
	webScript = buildWebWorker();
	apiScript = buildApiWorker();
}
console.log('Applying migrations to the local D1 database…');
wrangler(['d1', 'migrations', 'apply', 'closeloop', '--local', '--persist-to', persistTo], {
	quiet: true
});

const workers = await startWorkers({
	// Where wrangler keeps local D1, so `wrangler d1 execute closeloop --local` sees the same data.
	persist: join(persistTo, 'v3/d1'),
	apiScript,
	webScript,
	port,
	bindings: {
		CLOSELOOP_ENV: 'development',
		PUBLIC_URL: `http://localhost:${port}`,
		...Object.fromEntries(
			settings.flatMap((name) => (process.env[name] ? [[name, process.env[name]!]] : []))
		)
	}
});
console.log(
	`Closeloop on Workers (workerd, local D1) at http://localhost:${port}  (bundles in ${buildDir})`
);

const cron = setInterval(() => {
	workers.scheduled().then(
		(result) => result.outcome === 'ok' || console.error(`The tick ended with ${result.outcome}.`),
		(error: unknown) => console.error('The tick failed:', error)
	);
}, 60_000);

for (const signal of ['SIGINT', 'SIGTERM'] as const)
	process.once(signal, () => {
		clearInterval(cron);
		void workers.stop().then(() => process.exit(0));
	});
