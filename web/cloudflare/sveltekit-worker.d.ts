// The Worker adapter-cloudflare writes on `BUILD_TARGET=cloudflare npm run build`.
declare module '*/.svelte-kit/cloudflare-worker/_worker.js' {
	const worker: { fetch(request: Request, env: unknown, ctx: unknown): Promise<Response> };
	export default worker;
}
