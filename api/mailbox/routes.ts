import { createRoute, z } from '@hono/zod-openapi';
import { notFound } from '../errors';
import { errors, IdParam, jsonResponse } from '../openapi';
import { createRouter } from '../router';
import { retryEmail } from './retry-email';
import { MailboxEmail, MailboxList, MailboxQuery } from './schemas';
import { countMailbox, findMailboxEmail, listMailbox } from './store';
import { requireStaff, staffOnly } from '../auth/guards';

const tags = ['Mailbox'];
const admins = [staffOnly('admin')];

/** Every email Closeloop wrote, for admins: what went out, what is waiting, what failed and why. */
export const mailboxRoutes = createRouter()
	.openapi(
		createRoute({
			method: 'get',
			path: '/',
			middleware: admins,
			tags,
			summary: 'Outbox emails, newest first',
			description:
				'Filter by status and search recipient or subject; `counts` gives each status for the same search. `mailer` is `local` when no email API key is set and mail is only kept here.',
			request: { query: MailboxQuery },
			responses: { 200: jsonResponse(MailboxList, 'One page of emails'), ...errors(401, 403, 422) }
		}),
		async (c) => {
			const { db, mailer } = c.var.deps;
			const query = c.req.valid('query');
			const search = query.q || undefined;
			const [items, counts] = await Promise.all([
				listMailbox(db, {
					status: query.status,
					search,
					limit: query.pageSize,
					offset: (query.page - 1) * query.pageSize
				}),
				countMailbox(db, search)
			]);
			return c.json(
				{
					mailer: mailer.name,
					counts,
					items,
					page: query.page,
					pageSize: query.pageSize,
					total: query.status ? counts[query.status] : counts.all
				},
				200
			);
		}
	)
	.openapi(
		createRoute({
			method: 'get',
			path: '/{id}',
			middleware: admins,
			tags,
			summary: 'One email in full: headers, HTML and text',
			request: { params: IdParam },
			responses: {
				200: jsonResponse(z.object({ email: MailboxEmail }), 'The email'),
				...errors(401, 403, 404)
			}
		}),
		async (c) => {
			const email = await findMailboxEmail(c.var.deps.db, c.req.valid('param').id);
			if (!email) throw notFound('Email');
			return c.json({ email }, 200);
		}
	)
	.openapi(
		createRoute({
			method: 'post',
			path: '/{id}/retry',
			middleware: admins,
			tags,
			summary: 'Queue a failed email again',
			description:
				'The email goes out with the next tick, in a new provider batch, with a fresh set of attempts.',
			request: { params: IdParam },
			responses: {
				200: jsonResponse(z.object({ email: MailboxEmail }), 'The email, pending again'),
				...errors(401, 403, 404, 409)
			}
		}),
		async (c) => {
			const admin = requireStaff(c, 'admin');
			const { db, clock } = c.var.deps;
			const email = await retryEmail({
				db,
				now: clock.now(),
				actorId: admin.id,
				id: c.req.valid('param').id
			});
			return c.json({ email }, 200);
		}
	);
