import type { SessionUser } from '$api/auth/store';

declare global {
	namespace App {
		interface Locals {
			user: SessionUser | null;
		}
		interface Error {
			message: string;
			code?: string;
		}
		interface Platform {
			env?: {
				/** Service binding to the API worker (Cloudflare). */
				API?: { fetch(request: Request): Promise<Response> };
			};
		}
	}
	// Set by the Node host so the app reaches the API in-process.
	var __closeloopApiFetch: ((request: Request) => Promise<Response>) | undefined;
}

export {};
