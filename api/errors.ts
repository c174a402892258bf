import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** The closed set of failures the API reports; each maps to one HTTP status. */
export const errorStatus = {
	bad_request: 400,
	validation_failed: 422,
	unauthenticated: 401,
	forbidden: 403,
	not_found: 404,
	conflict: 409,
	payload_too_large: 413,
	unsupported_media_type: 415,
	rate_limited: 429,
	unavailable: 503,
	internal: 500
} as const satisfies Record<string, ContentfulStatusCode>;

export type ErrorCode = keyof typeof errorStatus;

/** Field path (dotted) → messages. */
export type FieldErrors = Record<string, string[]>;

/** The one JSON error shape: `{ error: { code, message, fields? } }`. */
export type ErrorBody = { error: { code: ErrorCode; message: string; fields?: FieldErrors } };

export class AppError extends Error {
	readonly code: ErrorCode;
	readonly fields: FieldErrors | undefined;

	constructor(code: ErrorCode, message: string, fields?: FieldErrors) {
		super(message);
		this.name = 'AppError';
		this.code = code;
		this.fields = fields;
	}

	get status(): ContentfulStatusCode {
		return errorStatus[this.code];
	}

	toBody(): ErrorBody {
		return {
			error: { code: this.code, message: this.message, ...(this.fields ? { fields: this.fields } : {}) }
		};
	}
}

export function notFound(what: string): AppError {
	return new AppError('not_found', `${what} not found`);
}
