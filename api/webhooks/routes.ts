import { createRoute, z } from '@hono/zod-openapi';
import { requireStaff, staffOnly } from '../auth/guards';
import { webhookEventTypes } from '../domain/webhooks';
import { notFound } from '../errors';
import { errors, IdParam, jsonBody, jsonResponse } from '../openapi';
import { createRouter } from '../router';
import {
	createWebhookEndpoint,
	deleteWebhookEndpoint,
	retryWebhookDelivery,
	rotateWebhookSecret,
	sendTestEvent,
	updateWebhookEndpoint
} from './manage-endpoints';
import {
	CreateWebhookEndpointInput,
	DeliveryListQuery,
	UpdateWebhookEndpointInput,
	WebhookDelivery,
	WebhookEndpoint,
	WebhookEndpointWithSecret
} from './schemas';
import { findWebhookEndpoint, listWebhookDeliveries, listWebhookEndpoints } from './store';

const tags = ['Webhooks'];
const admins = [staffOnly('admin')];
const EndpointAnswer = z.object({ endpoint: WebhookEndpoint });

/**
 * Outgoing webhooks, for admins. Mounted at `/api/webhooks` beside the email
 * provider's incoming `/api/webhooks/resend`; these live under `/endpoints`
 * and `/deliveries`.
 */
export const webhookRoutes = createRouter()
	.openapi(
		createRoute({
			method: 'get',
			path: '/endpoints',
			middleware: admins,
			tags,
			summary: 'Webhook endpoints, newest first (secrets masked)',
			description: `Events an endpoint can receive: ${webhookEventTypes.map((type) => `\`${type}\``).join(', ')}.`,
			responses: {
				200: jsonResponse(z.object({ endpoints: z.array(WebhookEndpoint) }), 'Webhook endpoints'),
				...errors(401, 403)
			}
		}),
		async (c) => c.json({ endpoints: await listWebhookEndpoints(c.var.deps.db) }, 200)
	)
	.openapi(
		createRoute({
			method: 'post',
			path: '/endpoints',
			middleware: admins,
			tags,
			summary: 'Register a webhook endpoint',
			description:
				'Events raised from now on are POSTed to the URL, signed per the Standard Webhooks spec with the secret in this answer (shown only this once). A URL on a private, loopback or link-local address is a 422 unless the installation allows them (`WEBHOOKS_ALLOW_PRIVATE`).',
			request: { body: jsonBody(CreateWebhookEndpointInput) },
			responses: {
				201: jsonResponse(WebhookEndpointWithSecret, 'The endpoint and its signing secret'),
				...errors(400, 401, 403, 422)
			}
		}),
		async (c) => {
			const created = await createWebhookEndpoint({
				deps: c.var.deps,
				actor: requireStaff(c, 'admin'),
				input: c.req.valid('json')
			});
			c.header('Cache-Control', 'no-store');
			return c.json(created, 201);
		}
	)
	.openapi(
		createRoute({
			method: 'get',
			path: '/endpoints/{id}',
			middleware: admins,
			tags,
			summary: 'A webhook endpoint',
			request: { params: IdParam },
			responses: {
				200: jsonResponse(EndpointAnswer, 'The endpoint'),
				...errors(401, 403, 404)
			}
		}),
		async (c) => {
			const endpoint = await findWebhookEndpoint(c.var.deps.db, c.req.valid('param').id);
			if (!endpoint) throw notFound('Webhook endpoint');
			return c.json({ endpoint }, 200);
		}
	)
	.openapi(
		createRoute({
			method: 'patch',
			path: '/endpoints/{id}',
			middleware: admins,
			tags,
			summary: 'Change a webhook endpoint',
			description:
				'Its URL, events, description, or whether it is enabled. An endpoint enabled again receives the events raised from then on, not those it missed.',
			request: { params: IdParam, body: jsonBody(UpdateWebhookEndpointInput) },
			responses: {
				200: jsonResponse(EndpointAnswer, 'The endpoint'),
				...errors(400, 401, 403, 404, 409, 422)
			}
		}),
		async (c) => {
			const endpoint = await updateWebhookEndpoint({
				deps: c.var.deps,
				actor: requireStaff(c, 'admin'),
				id: c.req.valid('param').id,
				input: c.req.valid('json')
			});
			return c.json({ endpoint }, 200);
		}
	)
	.openapi(
		createRoute({
			method: 'delete',
			path: '/endpoints/{id}',
			middleware: admins,
			tags,
			summary: 'Delete a webhook endpoint and its delivery log',
			request: { params: IdParam },
			responses: { 204: { description: 'Deleted' }, ...errors(401, 403, 404) }
		}),
		async (c) => {
			await deleteWebhookEndpoint({
				deps: c.var.deps,
				actor: requireStaff(c, 'admin'),
				id: c.req.valid('param').id
			});
			return c.body(null, 204);
		}
	)
	.openapi(
		createRoute({
			method: 'post',
			path: '/endpoints/{id}/rotate-secret',
			middleware: admins,
			tags,
			summary: 'Give a webhook endpoint a new signing secret',
			description:
				'The new secret is in this answer only. For 24 hours deliveries carry a signature with the old secret too, so the receiver can switch over without missing any.',
			request: { params: IdParam },
			responses: {
				200: jsonResponse(WebhookEndpointWithSecret, 'The endpoint and its new secret'),
				...errors(401, 403, 404, 409)
			}
		}),
		async (c) => {
			const rotated = await rotateWebhookSecret({
				deps: c.var.deps,
				actor: requireStaff(c, 'admin'),
				id: c.req.valid('param').id
			});
			c.header('Cache-Control', 'no-store');
			return c.json(rotated, 200);
		}
	)
	.openapi(
		createRoute({
			method: 'get',
			path: '/endpoints/{id}/deliveries',
			middleware: admins,
			tags,
			summary: "A webhook endpoint's recent deliveries, newest first, with every attempt",
			request: { params: IdParam, query: DeliveryListQuery },
			responses: {
				200: jsonResponse(z.object({ deliveries: z.array(WebhookDelivery) }), 'Deliveries'),
				...errors(401, 403, 404, 422)
			}
		}),
		async (c) => {
			const { id } = c.req.valid('param');
			if (!(await findWebhookEndpoint(c.var.deps.db, id))) throw notFound('Webhook endpoint');
			const query = c.req.valid('query');
			const deliveries = await listWebhookDeliveries(c.var.deps.db, {
				endpointId: id,
				status: query.status,
				limit: query.limit
			});
			return c.json({ deliveries }, 200);
		}
	)
	.openapi(
		createRoute({
			method: 'post',
			path: '/endpoints/{id}/test',
			middleware: admins,
			tags,
			summary: 'Send a test event to a webhook endpoint',
			description:
				'Queues a `webhook.test` event (data: `endpointId`, `message`) to this endpoint only; the next tick sends it. 409 if the endpoint is disabled.',
			request: { params: IdParam },
			responses: {
				202: jsonResponse(z.object({ delivery: WebhookDelivery }), 'The queued delivery'),
				...errors(401, 403, 404, 409)
			}
		}),
		async (c) => {
			requireStaff(c, 'admin');
			const delivery = await sendTestEvent({ deps: c.var.deps, id: c.req.valid('param').id });
			return c.json({ delivery }, 202);
		}
	)
	.openapi(
		createRoute({
			method: 'post',
			path: '/deliveries/{id}/retry',
			middleware: admins,
			tags,
			summary: 'Try a failed webhook delivery once more',
			description:
				'The next tick sends it again, with the same `webhook-id`. 409 unless it failed.',
			request: { params: IdParam },
			responses: {
				200: jsonResponse(z.object({ delivery: WebhookDelivery }), 'The delivery, due again'),
				...errors(401, 403, 404, 409)
			}
		}),
		async (c) => {
			const delivery = await retryWebhookDelivery({
				deps: c.var.deps,
				actor: requireStaff(c, 'admin'),
				id: c.req.valid('param').id
			});
			return c.json({ delivery }, 200);
		}
	);
