import { createRoute, z } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import { AppError } from '../errors';
import { ErrorBody, errors, jsonResponse } from '../openapi';
import { createRouter, toFieldErrors } from '../router';
import { recordDeliveryEvent } from './record-delivery-event';
import { ResendEvent, WebhookResult } from './schemas';
import { verifySvixSignature } from './verify-svix-signature';

const maxBodyBytes = 256 * 1024;
const limitBody = bodyLimit({
	maxSize: maxBodyBytes,
	onError: () => {
		throw new AppError(
			'payload_too_large',
			`The request body is larger than ${maxBodyBytes / 1024} KB.`
		);
	}
});

export const emailEventRoutes = createRouter().openapi(
	createRoute({
		method: 'post',
		path: '/resend',
		tags: ['Webhooks'],
		security: [],
		summary:
			'Resend delivery events: bounces and spam complaints stop all survey mail to the address',
		description:
			'Signed by Svix (`svix-id`, `svix-timestamp`, `svix-signature`) with `RESEND_WEBHOOK_SECRET`. A bad signature or a timestamp more than five minutes off is refused with 401. A delivery id seen before is acknowledged with 200 and `outcome: duplicate` and changes nothing (Svix retries anything but a 2xx). Body: a Resend event `{ type, created_at, data: { email_id, to, … } }`, read raw because the signature covers its exact bytes.',
		middleware: [limitBody],
		responses: {
			200: jsonResponse(WebhookResult, 'Acknowledged'),
			...errors(400, 401, 413, 422),
			503: {
				description: 'No webhook secret is configured',
				content: { 'application/json': { schema: ErrorBody } }
			}
		}
	}),
	async (c) => {
		const { deps } = c.var;
		const secret = deps.config.resendWebhookSecret;
		if (!secret) {
			throw new AppError(
				'unavailable',
				'Resend webhooks are not set up here: set RESEND_WEBHOOK_SECRET to the webhook’s signing secret (whsec_…).'
			);
		}
		const body = await c.req.text();
		const headers = {
			id: c.req.header('svix-id'),
			timestamp: c.req.header('svix-timestamp'),
			signature: c.req.header('svix-signature')
		};
		const check = verifySvixSignature({ secret, headers, body, now: deps.clock.now() });
		if (!check.ok) throw new AppError('unauthenticated', `Webhook refused: ${check.reason}`);

		let json: unknown;
		try {
			json = JSON.parse(body);
		} catch {
			throw new AppError('bad_request', 'The body is not valid JSON.');
		}
		const event = ResendEvent.safeParse(json);
		if (!event.success) {
			throw new AppError(
				'validation_failed',
				'The body is not a Resend event.',
				toFieldErrors(event.error as z.ZodError)
			);
		}
		const result = await recordDeliveryEvent({ deps, deliveryId: headers.id!, event: event.data });
		return c.json(result, 200);
	}
);
