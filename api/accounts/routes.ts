import { createRoute, z } from '@hono/zod-openapi';
import { serializeTimeline } from '../contacts/audit-timeline';
import { TimelineQuery } from '../contacts/schemas';
import { errors, IdParam, jsonBody, jsonResponse } from '../openapi';
import { createRouter } from '../router';
import { archiveAccount, unarchiveAccount } from './archive-account';
import { markAccountLost, winBackAccount } from './change-account-status';
import { createAccount } from './create-account';
import { accountsCsv } from './export-accounts';
import { getAccountDetail } from './get-account-detail';
import { getAccountTimeline } from './get-account-timeline';
import {
	Account,
	AccountDetail,
	AccountFilters,
	AccountListQuery,
	AccountPage,
	CreateAccountInput,
	Owner,
	StatusChangeInput,
	TagCount,
	Timeline,
	UpdateAccountInput
} from './schemas';
import { listAccounts, listAccountTags, listAllAccounts, listOwners } from './store';
import { updateAccount } from './update-account';
import { requireStaff, staffOnly } from '../auth/guards';

const tags = ['Accounts'];
const AccountBody = z.object({ account: Account });
const staff = staffOnly();
/** Agents read accounts; managers and admins change them. */
const managers = staffOnly('manager');

export const accountRoutes = createRouter()
	.openapi(
		createRoute({
			method: 'get',
			path: '/',
			tags,
			summary: 'List accounts: search, filter, sort, one page at a time, with the total',
			middleware: [staff],
			request: { query: AccountListQuery },
			responses: { 200: jsonResponse(AccountPage, 'One page of accounts'), ...errors(401, 422) }
		}),
		async (c) => {
			const query = c.req.valid('query');
			const { items, total } = await listAccounts(c.var.deps.db, query, {
				offset: (query.page - 1) * query.pageSize,
				limit: query.pageSize
			});
			return c.json({ items, total, page: query.page, pageSize: query.pageSize }, 200);
		}
	)
	.openapi(
		createRoute({
			method: 'get',
			path: '/export.csv',
			tags,
			summary: 'Download the accounts matching the list filters as CSV',
			middleware: [staff],
			request: { query: AccountFilters },
			responses: {
				200: {
					description: 'CSV with a header row',
					content: { 'text/csv': { schema: z.string() } }
				},
				...errors(401, 422)
			}
		}),
		async (c) => {
			const rows = await listAllAccounts(c.var.deps.db, c.req.valid('query'));
			const day = c.var.deps.clock.now().toISOString().slice(0, 10);
			return c.body(accountsCsv(rows), 200, {
				'content-type': 'text/csv; charset=utf-8',
				'content-disposition': `attachment; filename="accounts-${day}.csv"`,
				'cache-control': 'no-store'
			});
		}
	)
	.openapi(
		createRoute({
			method: 'get',
			path: '/owners',
			tags,
			summary: 'Staff users who can own accounts (not disabled)',
			middleware: [staff],
			responses: {
				200: jsonResponse(z.object({ owners: z.array(Owner) }), 'Possible owners'),
				...errors(401)
			}
		}),
		async (c) => c.json({ owners: await listOwners(c.var.deps.db) }, 200)
	)
	.openapi(
		createRoute({
			method: 'get',
			path: '/tags',
			tags,
			summary: 'Tags in use on accounts that are not archived, with counts',
			middleware: [staff],
			responses: {
				200: jsonResponse(z.object({ tags: z.array(TagCount) }), 'Tags in use'),
				...errors(401)
			}
		}),
		async (c) => c.json({ tags: await listAccountTags(c.var.deps.db) }, 200)
	)
	.openapi(
		createRoute({
			method: 'post',
			path: '/',
			tags,
			summary: 'Create an account (managers and admins)',
			middleware: [managers],
			request: { body: jsonBody(CreateAccountInput) },
			responses: {
				201: jsonResponse(AccountBody, 'The new account'),
				...errors(400, 401, 403, 409, 422)
			}
		}),
		async (c) => {
			const account = await createAccount({
				deps: c.var.deps,
				actor: requireStaff(c),
				input: c.req.valid('json')
			});
			return c.json({ account }, 201);
		}
	)
	.openapi(
		createRoute({
			method: 'get',
			path: '/{id}',
			tags,
			summary: 'One account with its owner, contacts and contact counts',
			middleware: [staff],
			request: { params: IdParam },
			responses: { 200: jsonResponse(AccountDetail, 'The account'), ...errors(401, 404) }
		}),
		async (c) =>
			c.json(await getAccountDetail({ deps: c.var.deps, id: c.req.valid('param').id }), 200)
	)
	.openapi(
		createRoute({
			method: 'patch',
			path: '/{id}',
			tags,
			summary: 'Change an account’s details (managers and admins)',
			middleware: [managers],
			request: { params: IdParam, body: jsonBody(UpdateAccountInput) },
			responses: {
				200: jsonResponse(AccountBody, 'The changed account'),
				...errors(400, 401, 403, 404, 409, 422)
			}
		}),
		async (c) => {
			const account = await updateAccount({
				deps: c.var.deps,
				actor: requireStaff(c),
				id: c.req.valid('param').id,
				input: c.req.valid('json')
			});
			return c.json({ account }, 200);
		}
	)
	.openapi(
		createRoute({
			method: 'post',
			path: '/{id}/lost',
			tags,
			summary: 'Mark an account lost, as of a date or now (managers and admins)',
			middleware: [managers],
			request: { params: IdParam, body: { ...jsonBody(StatusChangeInput), required: false } },
			responses: {
				200: jsonResponse(AccountBody, 'The account, now lost'),
				...errors(400, 401, 403, 404, 409, 422)
			}
		}),
		async (c) => {
			const account = await markAccountLost({
				deps: c.var.deps,
				actor: requireStaff(c),
				id: c.req.valid('param').id,
				at: c.req.valid('json').at
			});
			return c.json({ account }, 200);
		}
	)
	.openapi(
		createRoute({
			method: 'post',
			path: '/{id}/won-back',
			tags,
			summary: 'Win a lost account back, as of a date or now (managers and admins)',
			middleware: [managers],
			request: { params: IdParam, body: { ...jsonBody(StatusChangeInput), required: false } },
			responses: {
				200: jsonResponse(AccountBody, 'The account, a customer again'),
				...errors(400, 401, 403, 404, 409, 422)
			}
		}),
		async (c) => {
			const account = await winBackAccount({
				deps: c.var.deps,
				actor: requireStaff(c),
				id: c.req.valid('param').id,
				at: c.req.valid('json').at
			});
			return c.json({ account }, 200);
		}
	)
	.openapi(
		createRoute({
			method: 'post',
			path: '/{id}/archive',
			tags,
			summary: 'Archive an account and its contacts (managers and admins)',
			middleware: [managers],
			request: { params: IdParam },
			responses: {
				200: jsonResponse(AccountBody, 'The archived account'),
				...errors(401, 403, 404, 409)
			}
		}),
		async (c) => {
			const account = await archiveAccount({
				deps: c.var.deps,
				actor: requireStaff(c),
				id: c.req.valid('param').id
			});
			return c.json({ account }, 200);
		}
	)
	.openapi(
		createRoute({
			method: 'post',
			path: '/{id}/unarchive',
			tags,
			summary: 'Restore an account and the contacts archived with it (managers and admins)',
			middleware: [managers],
			request: { params: IdParam },
			responses: {
				200: jsonResponse(AccountBody, 'The restored account'),
				...errors(401, 403, 404, 409)
			}
		}),
		async (c) => {
			const account = await unarchiveAccount({
				deps: c.var.deps,
				actor: requireStaff(c),
				id: c.req.valid('param').id
			});
			return c.json({ account }, 200);
		}
	)
	.openapi(
		createRoute({
			method: 'get',
			path: '/{id}/timeline',
			tags,
			summary: 'What happened to an account, newest first',
			middleware: [staff],
			request: { params: IdParam, query: TimelineQuery },
			responses: { 200: jsonResponse(Timeline, 'Timeline events'), ...errors(401, 404, 422) }
		}),
		async (c) => {
			const events = await getAccountTimeline({
				deps: c.var.deps,
				id: c.req.valid('param').id,
				limit: c.req.valid('query').limit
			});
			return c.json(serializeTimeline(events), 200);
		}
	);
