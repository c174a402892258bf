import { OpenAPIHono } from '@hono/zod-openapi';
import type { ZodError } from 'zod';
import type { Deps } from './deps';
import { AppError, type FieldErrors } from './errors';
import type { SessionUser } from './auth/session';

export type AppEnv = {
	Variables: {
		deps: Deps;
		/** The signed-in staff user, or null. */
		user: SessionUser | null;
	};
};

export function toFieldErrors(error: ZodError): FieldErrors {
	const fields: FieldErrors = {};
	for (const issue of error.issues) {
		const key = issue.path.length ? issue.path.join('.') : '_';
		(fields[key] ??= []).push(issue.message);
	}
	return fields;
}

/** Every feature router is made here so that validation failures share one shape. */
export function createRouter() {
	return new OpenAPIHono<AppEnv>({
		defaultHook: (result) => {
			if (!result.success) {
				throw new AppError(
					'validation_failed',
					'Some fields are missing or invalid.',
					toFieldErrors(result.error as ZodError)
				);
			}
		}
	});
}
