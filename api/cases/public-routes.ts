import { createRoute, z } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import { clientAddress } from '../auth/routes';
import { customerStateWords, transition, withinReopenWindow } from '../domain/case-workflow';
import { AppError } from '../errors';
import { errors, jsonBody, jsonResponse } from '../openapi';
import { getOrganization } from '../organization/store';
import { createRouter } from '../router';
import { hashToken } from '../tokens';
import { applyCaseEvent } from './apply-case-event';
import { openCase } from './open-case';
import { CaseTokenParam, ComplaintForm, CustomerReplyInput, RecoveryAnswerInput } from './schemas';
import {
	findCaseByToken,
	hitRateLimits,
	listCaseEvents,
	listCategories,
	listClocks
} from './store';

const tags = ['Public complaint pages'];
const security: Record<string, string[]>[] = [];
/** Room for a 10,000-character description even when every character takes four bytes and JSON escapes. */
const maxBodyBytes = 96 * 1024;
const limitBody = bodyLimit({
	maxSize: maxBodyBytes,
	onError: () => {
		throw new AppError(
			'payload_too_large',
			`The request body is larger than ${maxBodyBytes / 1024} KB.`
		);
	}
});
const noStore = { 'cache-control': 'no-store' };
const hourMs = 3_600_000;
/** Complaints one email address may file in an hour; per network address it is `complaintsPerAddressPerHour`. */
export const complaintsPerEmailPerHour = 5;

const PublicCase = z
	.object({
		number: z.number().int(),
		state: z.string(),
		stateWords: z.string(),
		subject: z.string(),
		description: z.string(),
		createdAt: z.string(),
		firstReplyBy: z.string().nullable(),
		resolveBy: z.string().nullable(),
		/** When we promised to answer the customer's latest message, while that is still to come. */
		nextReplyBy: z.string().nullable(),
		/** The language the customer wrote in (their contact's, or the form's). */
		locale: z.string(),
		/** The server's time, so a page can tell an overdue promise without trusting its own clock. */
		now: z.string(),
		timeZone: z.string(),
		canReply: z.boolean(),
		canAnswerRecovery: z.boolean(),
		messages: z.array(
			z.object({
				from: z.enum(['us', 'you']),
				author: z.string().nullable(),
				body: z.string(),
				at: z.string()
			})
		),
		organization: z.object({ name: z.string(), brandColor: z.string().nullable() })
	})
	.openapi('PublicCase');

export const publicCaseRoutes = createRouter()
	.openapi(
		createRoute({
			method: 'get',
			path: '/complaint-form',
			tags,
			security,
			summary: 'What the public complaint form offers: the categories to choose from',
			responses: {
				200: jsonResponse(
					z.object({
						categories: z.array(z.object({ id: z.string(), name: z.string() })),
						organization: z.object({ name: z.string(), brandColor: z.string().nullable() })
					}),
					'The form'
				)
			}
		}),
		async (c) => {
			const [categories, organization] = await Promise.all([
				listCategories(c.var.deps.db),
				getOrganization(c.var.deps.db, c.var.deps.config)
			]);
			return c.json(
				{
					categories: categories.map(({ id, name }) => ({ id, name })),
					organization: { name: organization.name, brandColor: organization.brandColor }
				},
				200
			);
		}
	)
	.openapi(
		createRoute({
			method: 'post',
			path: '/complaints',
			tags,
			security,
			summary:
				'File a complaint: opens a case, emails the private status link and the promised reply time',
			description: `Rate-limited per network address (10 an hour unless configured) and to ${complaintsPerEmailPerHour} an hour per email address (429).`,
			middleware: [limitBody],
			request: { body: jsonBody(ComplaintForm) },
			responses: {
				201: jsonResponse(
					z.object({
						case: z.object({
							number: z.number().int(),
							token: z.string(),
							firstReplyBy: z.string()
						})
					}),
					'The case is open'
				),
				...errors(400, 413, 415, 422, 429)
			}
		}),
		async (c) => {
			const input = c.req.valid('json');
			const deps = c.var.deps;
			if (input.website) throw new AppError('bad_request', 'This form could not be accepted.');
			const now = deps.clock.now();
			const hit = await hitRateLimits(deps.db, {
				limits: {
					[`complaint:address:${clientAddress(c.req.raw, deps.config.trustProxy)}`]:
						deps.config.complaintsPerAddressPerHour,
					[`complaint:email:${input.email}`]: complaintsPerEmailPerHour
				},
				windowMs: hourMs,
				now
			});
			if (!hit.allowed) {
				c.header('retry-after', String(Math.ceil(hit.retryAfterMs / 1000)));
				throw new AppError(
					'rate_limited',
					'We have received several complaints from you in the last hour. Please try again a little later, or reply on the status page of the case you already opened.'
				);
			}
			const opened = await openCase({
				deps,
				input: {
					source: 'form',
					subject: input.subject,
					description: input.description,
					email: input.email,
					name: input.name || null,
					categoryId: input.categoryId || null,
					accountReference: input.accountReference || null,
					anonymous: input.anonymous,
					locale: input.locale
				}
			});
			return c.json(
				{
					case: {
						number: opened.number,
						token: opened.token,
						firstReplyBy: opened.firstReplyBy.toISOString()
					}
				},
				201,
				noStore
			);
		}
	)
	.openapi(
		createRoute({
			method: 'get',
			path: '/cases/{token}',
			tags,
			security,
			summary:
				"The customer's status page: the state in plain words, the promised times, the public messages",
			request: { params: CaseTokenParam },
			responses: { 200: jsonResponse(z.object({ case: PublicCase }), 'The case'), ...errors(404) }
		}),
		async (c) => {
			const { db } = c.var.deps;
			const row = await requireCase(c.var.deps.db, c.req.valid('param').token);
			const [events, clocks, organization] = await Promise.all([
				listCaseEvents(db, row.id),
				listClocks(db, row.id),
				getOrganization(db, c.var.deps.config)
			]);
			const clock = (target: string) => clocks.find((candidate) => candidate.target === target);
			const first = clock('first_response');
			const next = clock('next_response');
			const resolution = clock('resolution');
			const messages = events
				.filter(
					(event) =>
						event.isPublic &&
						event.body &&
						(event.type === 'public_reply' ||
							event.type === 'customer_reply' ||
							event.type === 'resolved')
				)
				.map((event) => ({
					from: event.actorType === 'customer' ? ('you' as const) : ('us' as const),
					author: event.actorType === 'staff' ? event.actorName : null,
					body: event.body!,
					at: event.createdAt.toISOString()
				}));
			messages.unshift({
				from: 'you',
				author: null,
				body: row.description,
				at: row.createdAt.toISOString()
			});
			return c.json(
				{
					case: {
						number: row.number,
						state: row.state,
						stateWords: customerStateWords[row.state],
						subject: row.subject,
						description: row.description,
						createdAt: row.createdAt.toISOString(),
						firstReplyBy: first && !first.fulfilledAt ? first.dueAt.toISOString() : null,
						resolveBy:
							resolution && !resolution.fulfilledAt && !resolution.pausedAt
								? resolution.dueAt.toISOString()
								: null,
						nextReplyBy:
							next && !next.fulfilledAt && !next.pausedAt ? next.dueAt.toISOString() : null,
						locale: row.locale,
						now: c.var.deps.clock.now().toISOString(),
						timeZone: row.policy.calendar.timeZone,
						canReply: transition(row.state, 'customer_reply').ok,
						canAnswerRecovery: withinReopenWindow(row, c.var.deps.clock.now()),
						messages,
						organization: { name: organization.name, brandColor: organization.brandColor }
					}
				},
				200,
				noStore
			);
		}
	)
	.openapi(
		createRoute({
			method: 'post',
			path: '/cases/{token}/replies',
			tags,
			security,
			summary: 'The customer writes on the case; a case waiting on them goes back to in progress',
			middleware: [limitBody],
			request: { params: CaseTokenParam, body: jsonBody(CustomerReplyInput) },
			responses: {
				201: jsonResponse(z.object({ state: z.string() }), 'Added'),
				...errors(404, 409, 413, 415, 422)
			}
		}),
		async (c) => {
			const row = await requireCase(c.var.deps.db, c.req.valid('param').token);
			const { body } = c.req.valid('json');
			const result = await applyCaseEvent({
				deps: c.var.deps,
				row,
				input: {
					event: 'customer_reply',
					actor: { type: 'customer' },
					message: { body, isPublic: true }
				}
			});
			return c.json(result, 201);
		}
	)
	.openapi(
		createRoute({
			method: 'post',
			path: '/cases/{token}/recovery',
			tags,
			security,
			summary:
				'The recovery answer: "Yes, it\'s solved" closes the case, "No, still a problem" reopens it',
			middleware: [limitBody],
			request: { params: CaseTokenParam, body: jsonBody(RecoveryAnswerInput) },
			responses: {
				200: jsonResponse(z.object({ state: z.string() }), 'Recorded'),
				...errors(404, 409, 413, 415, 422)
			}
		}),
		async (c) => {
			const row = await requireCase(c.var.deps.db, c.req.valid('param').token);
			const { solved, comment } = c.req.valid('json');
			if (!withinReopenWindow(row, c.var.deps.clock.now()) || (row.state === 'closed' && solved)) {
				throw new AppError(
					'conflict',
					row.state === 'closed'
						? 'This case closed too long ago to reopen. Please file a new complaint; we will look at it straight away.'
						: 'This case is not waiting for your answer right now.'
				);
			}
			const result = await applyCaseEvent({
				deps: c.var.deps,
				row,
				input: {
					event: solved ? 'customer_confirms' : 'customer_rejects',
					actor: { type: 'customer' },
					...(comment ? { message: { body: comment, isPublic: true } } : {})
				}
			});
			return c.json(result, 200);
		}
	);

async function requireCase(db: Parameters<typeof findCaseByToken>[0], token: string) {
	const row = /^[A-Za-z0-9_-]{16,64}$/.test(token)
		? await findCaseByToken(db, hashToken(token))
		: null;
	if (!row) throw new AppError('not_found', 'This case link is unknown or no longer valid.');
	return row;
}
