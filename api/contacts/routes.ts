import { createRoute, z } from '@hono/zod-openapi';
import { errors, IdParam, jsonBody, jsonResponse } from '../openapi';
import { createRouter } from '../router';
import { setContactArchive } from './archive-contact';
import { serializeTimeline } from './audit-timeline';
import { createContact } from './create-contact';
import { contactsCsv } from './export-contacts';
import { getContactTimeline } from './get-contact-timeline';
import { contactDataCsv } from './contact-data-csv';
import { eraseContact } from './erase-contact';
import { exportContactData } from './export-contact-data';
import {
	Contact,
	ContactDataExport,
	ContactExportQuery,
	ContactFilters,
	ContactListQuery,
	ContactPage,
	CreateContactInput,
	EraseContactInput,
	ErasureReport,
	TimelineEvent,
	TimelineQuery,
	UpdateContactInput
} from './schemas';
import { findContact, listAllContacts, listContactLocales, listContacts } from './store';
import { updateContact } from './update-contact';
import { contactFileName } from '../domain/personal-data';
import { notFound } from '../errors';
import { requireStaff, staffOnly } from '../auth/guards';

const tags = ['Contacts'];
const ContactBody = z.object({ contact: Contact });
/** Every signed-in staff member reads and edits contacts. */
const staff = staffOnly();
/** A contact's whole data, and erasing it, are for admins. */
const admin = staffOnly('admin');

export const contactRoutes = createRouter()
	.openapi(
		createRoute({
			method: 'get',
			path: '/',
			tags,
			summary: 'List contacts: search, filter, sort, one page at a time, with the total',
			middleware: [staff],
			request: { query: ContactListQuery },
			responses: { 200: jsonResponse(ContactPage, 'One page of contacts'), ...errors(401, 422) }
		}),
		async (c) => {
			const query = c.req.valid('query');
			const { items, total } = await listContacts(c.var.deps.db, query, {
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
			summary: 'Download the contacts matching the list filters as CSV',
			middleware: [staff],
			request: { query: ContactFilters },
			responses: {
				200: {
					description: 'CSV with a header row',
					content: { 'text/csv': { schema: z.string() } }
				},
				...errors(401, 422)
			}
		}),
		async (c) => {
			const rows = await listAllContacts(c.var.deps.db, c.req.valid('query'));
			const day = c.var.deps.clock.now().toISOString().slice(0, 10);
			return c.body(contactsCsv(rows), 200, {
				'content-type': 'text/csv; charset=utf-8',
				'content-disposition': `attachment; filename="contacts-${day}.csv"`,
				'cache-control': 'no-store'
			});
		}
	)
	.openapi(
		createRoute({
			method: 'get',
			path: '/locales',
			tags,
			summary: 'Languages in use by contacts that are not archived, with counts',
			middleware: [staff],
			responses: {
				200: jsonResponse(
					z.object({ locales: z.array(z.object({ locale: z.string(), count: z.number().int() })) }),
					'Languages in use'
				),
				...errors(401)
			}
		}),
		async (c) => c.json({ locales: await listContactLocales(c.var.deps.db) }, 200)
	)
	.openapi(
		createRoute({
			method: 'post',
			path: '/',
			tags,
			summary: 'Create a contact on an account',
			middleware: [staff],
			request: { body: jsonBody(CreateContactInput) },
			responses: {
				201: jsonResponse(ContactBody, 'The new contact'),
				...errors(400, 401, 409, 422)
			}
		}),
		async (c) => {
			const contact = await createContact({
				deps: c.var.deps,
				actor: requireStaff(c),
				input: c.req.valid('json')
			});
			return c.json({ contact }, 201);
		}
	)
	.openapi(
		createRoute({
			method: 'get',
			path: '/{id}',
			tags,
			summary: 'One contact',
			middleware: [staff],
			request: { params: IdParam },
			responses: { 200: jsonResponse(ContactBody, 'The contact'), ...errors(401, 404) }
		}),
		async (c) => {
			const contact = await findContact(c.var.deps.db, c.req.valid('param').id);
			if (!contact) throw notFound('Contact');
			return c.json({ contact }, 200);
		}
	)
	.openapi(
		createRoute({
			method: 'patch',
			path: '/{id}',
			tags,
			summary: 'Change a contact’s details or move it to another account',
			middleware: [staff],
			request: { params: IdParam, body: jsonBody(UpdateContactInput) },
			responses: {
				200: jsonResponse(ContactBody, 'The changed contact'),
				...errors(400, 401, 404, 409, 422)
			}
		}),
		async (c) => {
			const contact = await updateContact({
				deps: c.var.deps,
				actor: requireStaff(c),
				id: c.req.valid('param').id,
				input: c.req.valid('json')
			});
			return c.json({ contact }, 200);
		}
	)
	.openapi(
		createRoute({
			method: 'post',
			path: '/{id}/archive',
			tags,
			summary: 'Archive a contact: kept for history, no longer surveyed or listed',
			middleware: [staff],
			request: { params: IdParam },
			responses: {
				200: jsonResponse(ContactBody, 'The archived contact'),
				...errors(401, 404, 409)
			}
		}),
		async (c) => {
			const contact = await setContactArchive({
				deps: c.var.deps,
				actor: requireStaff(c),
				id: c.req.valid('param').id,
				archived: true
			});
			return c.json({ contact }, 200);
		}
	)
	.openapi(
		createRoute({
			method: 'post',
			path: '/{id}/unarchive',
			tags,
			summary: 'Restore an archived contact (its account must not be archived)',
			middleware: [staff],
			request: { params: IdParam },
			responses: {
				200: jsonResponse(ContactBody, 'The restored contact'),
				...errors(401, 404, 409)
			}
		}),
		async (c) => {
			const contact = await setContactArchive({
				deps: c.var.deps,
				actor: requireStaff(c),
				id: c.req.valid('param').id,
				archived: false
			});
			return c.json({ contact }, 200);
		}
	)
	.openapi(
		createRoute({
			method: 'get',
			path: '/{id}/export',
			tags,
			summary: 'Download everything held on a contact, as JSON or CSV (admins)',
			description:
				'Their details and account, invitations, answers, suggestions, the cases they filed with what they saw and wrote on them, status links, "you said, we did" notices, emails to them, skip records and audit entries about them. Never a link token or its hash; cases filed anonymously are left out. Recorded as `contact.exported`.',
			middleware: [admin],
			request: { params: IdParam, query: ContactExportQuery },
			responses: {
				200: {
					description: 'An attachment: the JSON document, or the CSV sheet',
					content: {
						'application/json': { schema: ContactDataExport },
						'text/csv': { schema: z.string() }
					}
				},
				...errors(401, 403, 404, 422)
			}
		}),
		async (c) => {
			const { format } = c.req.valid('query');
			const document = await exportContactData({
				deps: c.var.deps,
				actor: requireStaff(c),
				id: c.req.valid('param').id,
				format
			});
			const name = contactFileName(document.contact.name, document.exportedAt.slice(0, 10), format);
			const headers = {
				'content-disposition': `attachment; filename="${name}"`,
				'cache-control': 'no-store'
			};
			if (format === 'csv')
				return c.body(contactDataCsv(document), 200, {
					...headers,
					'content-type': 'text/csv; charset=utf-8'
				});
			return c.json(document, 200, headers);
		}
	)
	.openapi(
		createRoute({
			method: 'post',
			path: '/{id}/erase',
			tags,
			summary: 'Erase a contact’s personal data, keeping the figures (admins)',
			description:
				'Name and address become placeholders; the contact is unsubscribed and archived. Comments, text answers, suggestion words, the text of cases they filed and of emails to them are removed; scores, dates, cases and counts stay, so NPS, response counts and SLA figures do not change. Pending emails to them are cancelled and their private links stop working. `confirm` must be the contact’s email address (else 422); a second erasure is a 409. Recorded as `contact.erased`.',
			middleware: [admin],
			request: { params: IdParam, body: jsonBody(EraseContactInput) },
			responses: {
				200: jsonResponse(ErasureReport, 'The anonymised contact and what was erased'),
				...errors(400, 401, 403, 404, 409, 422)
			}
		}),
		async (c) => {
			const report = await eraseContact({
				deps: c.var.deps,
				actor: requireStaff(c),
				id: c.req.valid('param').id,
				input: c.req.valid('json')
			});
			return c.json(report, 200);
		}
	)
	.openapi(
		createRoute({
			method: 'get',
			path: '/{id}/timeline',
			tags,
			summary: 'What happened to a contact and the emails sent to them, newest first',
			middleware: [staff],
			request: { params: IdParam, query: TimelineQuery },
			responses: {
				200: jsonResponse(z.object({ events: z.array(TimelineEvent) }), 'Timeline events'),
				...errors(401, 404, 422)
			}
		}),
		async (c) => {
			const events = await getContactTimeline({
				deps: c.var.deps,
				id: c.req.valid('param').id,
				limit: c.req.valid('query').limit
			});
			return c.json(serializeTimeline(events), 200);
		}
	);
