import { z } from '@hono/zod-openapi';
import { errorStatus } from './errors';

export const ErrorBody = z
	.object({
		error: z.object({
			code: z.enum(Object.keys(errorStatus) as [keyof typeof errorStatus]),
			message: z.string(),
			fields: z.record(z.string(), z.array(z.string())).optional()
		})
	})
	.openapi('Error');

const errorDescriptions: Record<number, string> = {
	400: 'Malformed request',
	401: 'Not signed in',
	403: 'Not allowed for this role',
	404: 'Not found',
	409: 'Conflicts with the current state',
	413: 'Body too large',
	415: 'Unsupported content type',
	422: 'Validation failed',
	429: 'Too many requests'
};

/** Declares the error responses a route can give, all in the one error shape. */
export function errors(...statuses: (keyof typeof errorDescriptions)[]) {
	return Object.fromEntries(
		statuses.map((status) => [
			status,
			{
				description: errorDescriptions[status] ?? 'Error',
				content: { 'application/json': { schema: ErrorBody } }
			}
		])
	);
}

export function jsonBody<T extends z.ZodType>(schema: T, description?: string) {
	return { content: { 'application/json': { schema } }, required: true, description };
}

export function jsonResponse<T extends z.ZodType>(schema: T, description: string) {
	return { description, content: { 'application/json': { schema } } };
}

/** A CSV download's response, declared for the OpenAPI document. */
export const csvResponse = {
	description: 'CSV with a header row',
	content: { 'text/csv': { schema: z.string() } }
};

/** The headers of a CSV download: an attachment named `fileName`, never cached. */
export function csvHeaders(fileName: string) {
	return {
		'content-type': 'text/csv; charset=utf-8',
		'content-disposition': `attachment; filename="${fileName}"`,
		'cache-control': 'no-store'
	};
}

/** Route ids in paths are UUIDs; anything else is a 404, not a validation error. */
export const IdParam = z.object({ id: z.string().min(1) });

export const Email = z
	.email('Enter a valid email address.')
	.max(254)
	.transform((value) => value.trim().toLowerCase());
