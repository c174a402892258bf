import { buildApiWorker, buildD1Template } from './worker-host';

/** Bundles the API Worker once for the whole run, as `npm run deploy` would, and migrates a D1 template. */
export default async function setup() {
	buildApiWorker();
	await buildD1Template();
}
