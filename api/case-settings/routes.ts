import { createRoute, z } from '@hono/zod-openapi';
import { requireStaff, staffOnly } from '../auth/guards';
import { errors, IdParam, jsonBody, jsonResponse } from '../openapi';
import { createRouter } from '../router';
import { archiveCategory } from './archive-category';
import { setPolicyStatus } from './change-policy-status';
import { createCalendar } from './create-calendar';
import { createCategory } from './create-category';
import { createPolicy } from './create-policy';
import { deleteCalendar } from './delete-calendar';
import { reorderPolicies } from './reorder-policies';
import { replaceCalendar } from './replace-calendar';
import { replaceCategory } from './replace-category';
import { replacePolicy } from './replace-policy';
import {
	BusinessCalendarView,
	CalendarInput,
	CaseCategory,
	CategoryInput,
	PolicyInput,
	PolicyOrderInput,
	SlaPolicyView
} from './schemas';
import { listCalendars, listCategories, listPolicies } from './store';
import { rootCauseList } from '../named-lists/named-lists';
import { namedListRoutes } from '../named-lists/routes';

const tags = ['SLA and routing settings'];
/** Managers (and admins) keep these settings; they decide what every complaint is promised. */
const managers = [staffOnly('manager')];

const CalendarBody = z.object({ calendar: BusinessCalendarView });
const PolicyBody = z.object({ policy: SlaPolicyView });
const PoliciesBody = z.object({ policies: z.array(SlaPolicyView) });
const CategoryBody = z.object({ category: CaseCategory });

export const caseSettingsRoutes = createRouter()
	// Business calendars
	.openapi(
		createRoute({
			method: 'get',
			path: '/calendars',
			tags,
			summary: 'Business calendars by name, with the policies that use each',
			middleware: managers,
			responses: {
				200: jsonResponse(z.object({ calendars: z.array(BusinessCalendarView) }), 'Calendars'),
				...errors(401, 403)
			}
		}),
		async (c) => c.json({ calendars: await listCalendars(c.var.deps.db) }, 200)
	)
	.openapi(
		createRoute({
			method: 'post',
			path: '/calendars',
			tags,
			summary: 'Add a business calendar',
			description: 'Names are unique regardless of case (409).',
			middleware: managers,
			request: { body: jsonBody(CalendarInput) },
			responses: {
				201: jsonResponse(CalendarBody, 'The new calendar'),
				...errors(400, 401, 403, 409, 422)
			}
		}),
		async (c) => {
			const calendar = await createCalendar({
				deps: c.var.deps,
				actor: requireStaff(c, 'manager'),
				input: c.req.valid('json')
			});
			return c.json({ calendar }, 201);
		}
	)
	.openapi(
		createRoute({
			method: 'put',
			path: '/calendars/{id}',
			tags,
			summary: 'Replace a business calendar’s name, zone, hours and holidays',
			description:
				'When the zone, hours or holidays change, every policy on the calendar gets a new version; open cases keep the calendar they were promised on.',
			middleware: managers,
			request: { params: IdParam, body: jsonBody(CalendarInput) },
			responses: {
				200: jsonResponse(CalendarBody, 'The calendar as saved'),
				...errors(400, 401, 403, 404, 409, 422)
			}
		}),
		async (c) => {
			const calendar = await replaceCalendar({
				deps: c.var.deps,
				actor: requireStaff(c, 'manager'),
				id: c.req.valid('param').id,
				input: c.req.valid('json')
			});
			return c.json({ calendar }, 200);
		}
	)
	.openapi(
		createRoute({
			method: 'delete',
			path: '/calendars/{id}',
			tags,
			summary: 'Delete a business calendar no policy uses',
			description: '409 naming the policies, active or not, that still use it.',
			middleware: managers,
			request: { params: IdParam },
			responses: { 204: { description: 'Deleted' }, ...errors(401, 403, 404, 409) }
		}),
		async (c) => {
			await deleteCalendar({
				deps: c.var.deps,
				actor: requireStaff(c, 'manager'),
				id: c.req.valid('param').id
			});
			return c.body(null, 204);
		}
	)
	// SLA policies
	.openapi(
		createRoute({
			method: 'get',
			path: '/policies',
			tags,
			summary: 'SLA policies in the order they are matched, active or not',
			middleware: managers,
			responses: { 200: jsonResponse(PoliciesBody, 'Policies'), ...errors(401, 403) }
		}),
		async (c) => c.json({ policies: await listPolicies(c.var.deps.db) }, 200)
	)
	.openapi(
		createRoute({
			method: 'post',
			path: '/policies',
			tags,
			summary: 'Add an SLA policy, active and last in the matching order',
			description:
				'Unknown calendar, category, user or team ids are a 422 naming the field; names are unique regardless of case (409).',
			middleware: managers,
			request: { body: jsonBody(PolicyInput) },
			responses: {
				201: jsonResponse(PolicyBody, 'The new policy, version 1'),
				...errors(400, 401, 403, 409, 422)
			}
		}),
		async (c) => {
			const policy = await createPolicy({
				deps: c.var.deps,
				actor: requireStaff(c, 'manager'),
				input: c.req.valid('json')
			});
			return c.json({ policy }, 201);
		}
	)
	.openapi(
		createRoute({
			method: 'post',
			path: '/policies/order',
			tags,
			summary: 'Set the order policies are matched in',
			description:
				'Send every policy id once; the first policy whose conditions hold governs a new case.',
			middleware: managers,
			request: { body: jsonBody(PolicyOrderInput) },
			responses: {
				200: jsonResponse(PoliciesBody, 'Policies in their new order'),
				...errors(400, 401, 403, 422)
			}
		}),
		async (c) => {
			const policies = await reorderPolicies({
				deps: c.var.deps,
				actor: requireStaff(c, 'manager'),
				ids: c.req.valid('json').ids
			});
			return c.json({ policies }, 200);
		}
	)
	.openapi(
		createRoute({
			method: 'put',
			path: '/policies/{id}',
			tags,
			summary: 'Replace an SLA policy’s rules; its version rises by one',
			description:
				'Cases already open keep the version they snapshotted. The place in the order and the active flag stay.',
			middleware: managers,
			request: { params: IdParam, body: jsonBody(PolicyInput) },
			responses: {
				200: jsonResponse(PolicyBody, 'The policy at its new version'),
				...errors(400, 401, 403, 404, 409, 422)
			}
		}),
		async (c) => {
			const policy = await replacePolicy({
				deps: c.var.deps,
				actor: requireStaff(c, 'manager'),
				id: c.req.valid('param').id,
				input: c.req.valid('json')
			});
			return c.json({ policy }, 200);
		}
	)
	.openapi(
		createRoute({
			method: 'post',
			path: '/policies/{id}/deactivate',
			tags,
			summary: 'Stop matching a policy: new cases skip it, open cases keep their promise',
			middleware: managers,
			request: { params: IdParam },
			responses: {
				200: jsonResponse(PolicyBody, 'The inactive policy'),
				...errors(401, 403, 404, 409)
			}
		}),
		async (c) => {
			const policy = await setPolicyStatus({
				deps: c.var.deps,
				actor: requireStaff(c, 'manager'),
				id: c.req.valid('param').id,
				isActive: false
			});
			return c.json({ policy }, 200);
		}
	)
	.openapi(
		createRoute({
			method: 'post',
			path: '/policies/{id}/activate',
			tags,
			summary: 'Match a policy again, in its place in the order',
			middleware: managers,
			request: { params: IdParam },
			responses: {
				200: jsonResponse(PolicyBody, 'The active policy'),
				...errors(401, 403, 404, 409)
			}
		}),
		async (c) => {
			const policy = await setPolicyStatus({
				deps: c.var.deps,
				actor: requireStaff(c, 'manager'),
				id: c.req.valid('param').id,
				isActive: true
			});
			return c.json({ policy }, 200);
		}
	)
	// Categories
	.openapi(
		createRoute({
			method: 'get',
			path: '/categories',
			tags,
			summary: 'Complaint categories with their routing, those in use first',
			middleware: managers,
			responses: {
				200: jsonResponse(z.object({ categories: z.array(CaseCategory) }), 'Categories'),
				...errors(401, 403)
			}
		}),
		async (c) => c.json({ categories: await listCategories(c.var.deps.db) }, 200)
	)
	.openapi(
		createRoute({
			method: 'post',
			path: '/categories',
			tags,
			summary: 'Add a complaint category with its priority and team, or the account owner',
			middleware: managers,
			request: { body: jsonBody(CategoryInput) },
			responses: {
				201: jsonResponse(CategoryBody, 'The new category'),
				...errors(400, 401, 403, 409, 422)
			}
		}),
		async (c) => {
			const category = await createCategory({
				deps: c.var.deps,
				actor: requireStaff(c, 'manager'),
				input: c.req.valid('json')
			});
			return c.json({ category }, 201);
		}
	)
	.openapi(
		createRoute({
			method: 'put',
			path: '/categories/{id}',
			tags,
			summary: 'Replace a category’s name and routing; open cases keep theirs',
			middleware: managers,
			request: { params: IdParam, body: jsonBody(CategoryInput) },
			responses: {
				200: jsonResponse(CategoryBody, 'The category as saved'),
				...errors(400, 401, 403, 404, 409, 422)
			}
		}),
		async (c) => {
			const category = await replaceCategory({
				deps: c.var.deps,
				actor: requireStaff(c, 'manager'),
				id: c.req.valid('param').id,
				input: c.req.valid('json')
			});
			return c.json({ category }, 200);
		}
	)
	.openapi(
		createRoute({
			method: 'post',
			path: '/categories/{id}/archive',
			tags,
			summary: 'Stop offering a category; cases filed under it keep it',
			middleware: managers,
			request: { params: IdParam },
			responses: {
				200: jsonResponse(CategoryBody, 'The archived category'),
				...errors(401, 403, 404, 409)
			}
		}),
		async (c) => {
			const category = await archiveCategory({
				deps: c.var.deps,
				actor: requireStaff(c, 'manager'),
				id: c.req.valid('param').id
			});
			return c.json({ category }, 200);
		}
	)
	// Root causes: a managed list of names
	.route('/root-causes', namedListRoutes(rootCauseList, tags));
