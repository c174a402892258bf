import { createRoute, z } from '@hono/zod-openapi';
import { requireStaff, staffOnly } from '../auth/guards';
import type { Deps } from '../deps';
import {
	allowedEvents,
	caseEventActors,
	caseStateLabels,
	reopenWindowDays,
	withinReopenWindow,
	type CaseEvent
} from '../domain/case-workflow';
import { clockStatus, remainingBusinessMinutes } from '../domain/sla-clock';
import { casePriorities } from '../domain/sla-policy';
import { AppError } from '../errors';
import { errors, jsonBody, jsonResponse } from '../openapi';
import { createRouter } from '../router';
import { applyCaseEvent } from './apply-case-event';
import { assignedAlert } from './case-mail';
import { openCase } from './open-case';
import {
	BulkAssignInput,
	CaseActionInput,
	CaseIdParam,
	CaseUpdateInput,
	QueueQuery,
	StaffCaseInput
} from './schemas';
import {
	assignCases,
	caseById,
	findCase,
	findCaseNames,
	findOpenCaseIds,
	fromClockRow,
	listAssignableStaff,
	listOtherCases,
	setCasePriority,
	findContactById,
	findRootCause,
	findStaff,
	insertCaseEvent,
	isActiveStaff,
	listCaseEvents,
	listCategories,
	listClocks,
	listClocksOf,
	countQueue,
	listQueue,
	listRootCauses,
	listSlaEvents,
	teamIdsOf,
	type CaseRow,
	type ClockRow
} from './store';

const tags = ['Cases'];
const staff = staffOnly();
const Json = z.any();

function describeClock(row: CaseRow, clock: ClockRow, now: Date) {
	const domainClock = fromClockRow(clock);
	return {
		target: clock.target,
		round: clock.round,
		minutes: clock.minutes,
		startedAt: clock.startedAt.toISOString(),
		warnAt: clock.warnAt?.toISOString() ?? null,
		dueAt: clock.dueAt.toISOString(),
		pausedAt: clock.pausedAt?.toISOString() ?? null,
		fulfilledAt: clock.fulfilledAt?.toISOString() ?? null,
		status: clockStatus(domainClock, now),
		remainingBusinessMinutes: remainingBusinessMinutes(
			row.policy.calendar,
			domainClock,
			clock.fulfilledAt ?? now
		)
	};
}

/** What staff see of a case; an anonymous case never shows who filed it. */
function describeCase(
	row: CaseRow,
	extra: { categoryName?: string | null; assigneeName?: string | null; accountName?: string | null }
) {
	return {
		id: row.id,
		number: row.number,
		state: row.state,
		stateLabel: caseStateLabels[row.state],
		source: row.source,
		priority: row.priority,
		categoryId: row.categoryId,
		categoryName: extra.categoryName ?? null,
		subject: row.subject,
		description: row.description,
		isAnonymous: row.isAnonymous,
		reporterName: row.isAnonymous ? null : row.reporterName,
		reporterEmail: row.isAnonymous ? null : row.reporterEmail,
		contactId: row.isAnonymous ? null : row.contactId,
		accountId: row.isAnonymous ? null : row.accountId,
		accountName: row.isAnonymous ? null : (extra.accountName ?? null),
		accountReference: row.isAnonymous ? null : row.accountReference,
		responseId: row.responseId,
		teamId: row.teamId,
		assigneeId: row.assigneeId,
		assigneeName: extra.assigneeName ?? null,
		policy: {
			name: row.policy.name,
			version: row.policy.version,
			timeZone: row.policy.calendar.timeZone,
			targets: row.policy.targets
		},
		resolutionNote: row.resolutionNote,
		rootCauseId: row.rootCauseId,
		reopenCount: row.reopenCount,
		nextDeadlineAt: row.nextDeadlineAt?.toISOString() ?? null,
		resolvedAt: row.resolvedAt?.toISOString() ?? null,
		closedAt: row.closedAt?.toISOString() ?? null,
		createdAt: row.createdAt.toISOString(),
		updatedAt: row.updatedAt.toISOString()
	};
}

async function requireCase(deps: Deps, id: string) {
	const row = await findCase(deps.db, caseById(id));
	if (!row) throw new AppError('not_found', 'This case does not exist.');
	return row;
}

const staffEvent: Record<z.infer<typeof CaseActionInput>['action'], CaseEvent> = {
	acknowledge: 'acknowledge',
	start: 'start',
	reply: 'reply_public',
	wait_on_customer: 'wait_on_customer',
	resolve: 'resolve',
	close: 'close',
	reopen: 'reopen'
};

export const caseRoutes = createRouter()
	.openapi(
		createRoute({
			method: 'get',
			path: '/',
			tags,
			summary: 'The queue: cases ordered by time to breach, with each clock',
			middleware: [staff],
			request: { query: QueueQuery },
			responses: {
				200: jsonResponse(
					z.object({
						cases: z.array(Json),
						now: z.string(),
						total: z.number().int(),
						page: z.number().int(),
						pageSize: z.number().int()
					}),
					'The queue'
				),
				...errors(401, 422)
			}
		}),
		async (c) => {
			const user = requireStaff(c);
			const query = c.req.valid('query');
			const { db } = c.var.deps;
			const now = c.var.deps.clock.now();
			const filter = {
				...query,
				userId: user.id,
				teamIds: query.view === 'team' ? await teamIdsOf(db, user.id) : [],
				now
			};
			const [rows, total] = await Promise.all([
				listQueue(db, filter, {
					limit: query.pageSize,
					offset: (query.page - 1) * query.pageSize
				}),
				countQueue(db, filter)
			]);
			const clocks = await listClocksOf(
				db,
				rows.map((row) => row.case.id)
			);
			return c.json(
				{
					now: now.toISOString(),
					total,
					page: query.page,
					pageSize: query.pageSize,
					cases: rows.map(({ case: row, ...extra }) => ({
						...describeCase(row, extra),
						clocks: clocks
							.filter((clock) => clock.caseId === row.id)
							.map((clock) => describeClock(row, clock, now))
					}))
				},
				200
			);
		}
	)
	.openapi(
		createRoute({
			method: 'post',
			path: '/',
			tags,
			summary: "Open a case on a customer's behalf",
			middleware: [staff],
			request: { body: jsonBody(StaffCaseInput) },
			responses: {
				201: jsonResponse(
					z.object({ case: z.object({ id: z.string(), number: z.number().int() }) }),
					'Opened'
				),
				...errors(401, 422)
			}
		}),
		async (c) => {
			const user = requireStaff(c);
			const input = c.req.valid('json');
			const contact = input.contactId
				? await findContactById(c.var.deps.db, input.contactId)
				: null;
			const opened = await openCase({
				deps: c.var.deps,
				input: {
					source: c.req.header('authorization') ? 'api' : 'staff',
					subject: input.subject,
					description: input.description,
					email: input.email ?? contact?.email ?? null,
					name: input.name ?? contact?.name ?? null,
					contactId: input.contactId ?? null,
					categoryId: input.categoryId ?? null,
					priority: input.priority ?? null,
					actorId: user.id
				}
			});
			return c.json({ case: { id: opened.id, number: opened.number } }, 201);
		}
	)
	.openapi(
		createRoute({
			method: 'get',
			path: '/options',
			tags,
			summary: 'What the console offers: categories, root causes, staff to assign, priorities',
			middleware: [staff],
			responses: { 200: jsonResponse(Json, 'Options'), ...errors(401) }
		}),
		async (c) => {
			const { db } = c.var.deps;
			const [categories, causes, people] = await Promise.all([
				listCategories(db),
				listRootCauses(db),
				listAssignableStaff(db)
			]);
			return c.json(
				{ categories, rootCauses: causes, staff: people, priorities: [...casePriorities] },
				200
			);
		}
	)
	.openapi(
		createRoute({
			method: 'post',
			path: '/bulk-assign',
			tags,
			summary: 'Assign several open cases at once',
			middleware: [staff],
			request: { body: jsonBody(BulkAssignInput) },
			responses: {
				200: jsonResponse(z.object({ assigned: z.number().int() }), 'Assigned'),
				...errors(401, 422)
			}
		}),
		async (c) => {
			const user = requireStaff(c);
			const { caseIds, assigneeId } = c.req.valid('json');
			const { db } = c.var.deps;
			if (assigneeId && !(await isActiveStaff(db, assigneeId)))
				throw new AppError('validation_failed', 'Some fields are missing or invalid.', {
					assigneeId: ['Choose an active staff member.']
				});
			const now = c.var.deps.clock.now();
			const open = await findOpenCaseIds(db, caseIds);
			if (open.length === 0) return c.json({ assigned: 0 }, 200);
			const [first, ...rest] = [
				assignCases(
					db,
					open.map((row) => row.id),
					assigneeId,
					now
				),
				...open.map((row) =>
					insertCaseEvent(db, {
						caseId: row.id,
						type: 'assigned',
						actorType: 'staff',
						actorId: user.id,
						data: { assigneeId },
						createdAt: now
					})
				)
			];
			await db.batch([first, ...rest]);
			return c.json({ assigned: open.length }, 200);
		}
	)
	.openapi(
		createRoute({
			method: 'get',
			path: '/{id}',
			tags,
			summary: 'One case with its timeline, SLA clocks and events, and the actions allowed now',
			middleware: [staff],
			request: { params: CaseIdParam },
			responses: { 200: jsonResponse(Json, 'The case'), ...errors(401, 404) }
		}),
		async (c) => {
			const deps = c.var.deps;
			const row = await requireCase(deps, c.req.valid('param').id);
			const now = deps.clock.now();
			const [events, clocks, slaEvents, contact, names] = await Promise.all([
				listCaseEvents(deps.db, row.id),
				listClocks(deps.db, row.id),
				listSlaEvents(deps.db, row.id),
				row.contactId && !row.isAnonymous ? findContactById(deps.db, row.contactId) : null,
				findCaseNames(deps.db, row)
			]);
			const otherCases =
				row.contactId && !row.isAnonymous
					? await listOtherCases(deps.db, row.contactId, row.id)
					: [];
			return c.json(
				{
					now: now.toISOString(),
					case: { ...describeCase(row, names), rootCauseName: names.rootCauseName },
					contact: contact
						? {
								id: contact.id,
								name: contact.name,
								email: contact.email,
								accountId: contact.accountId,
								tier: contact.tier
							}
						: null,
					otherCases: otherCases.map((other) => ({
						...other,
						createdAt: other.createdAt.toISOString()
					})),
					timeline: events.map((event) => ({ ...event, createdAt: event.createdAt.toISOString() })),
					clocks: clocks.map((clock) => describeClock(row, clock, now)),
					slaEvents: slaEvents.map((event) => ({ ...event, at: event.at.toISOString() })),
					actions: allowedEvents(row.state).filter(
						(event) =>
							caseEventActors[event] === 'staff' &&
							(event !== 'reopen' || withinReopenWindow(row, deps.clock.now()))
					)
				},
				200
			);
		}
	)
	.openapi(
		createRoute({
			method: 'post',
			path: '/{id}/actions',
			tags,
			summary:
				'Work the case: acknowledge, reply (public or internal), wait on the customer, resolve, close, reopen',
			description: 'An action the case’s state does not allow is a 409.',
			middleware: [staff],
			request: { params: CaseIdParam, body: jsonBody(CaseActionInput) },
			responses: {
				200: jsonResponse(z.object({ state: z.string() }), 'Done'),
				...errors(401, 404, 409, 422)
			}
		}),
		async (c) => {
			const user = requireStaff(c);
			const deps = c.var.deps;
			const row = await requireCase(deps, c.req.valid('param').id);
			const input = c.req.valid('json');
			const actor = { type: 'staff' as const, id: user.id, name: user.name };
			if (input.action === 'resolve' && !(await findRootCause(deps.db, input.rootCauseId))) {
				throw new AppError('validation_failed', 'Some fields are missing or invalid.', {
					rootCauseId: ['Choose one of the listed root causes.']
				});
			}
			if (input.action === 'reopen' && !withinReopenWindow(row, deps.clock.now())) {
				throw new AppError(
					'conflict',
					`This case was closed more than ${reopenWindowDays} days ago and can no longer be reopened: open a new case for the customer instead.`
				);
			}
			if (input.action === 'reply') {
				const event: CaseEvent = !input.isPublic
					? 'note_internal'
					: input.waitOnCustomer
						? 'wait_on_customer'
						: 'reply_public';
				const result = await applyCaseEvent({
					deps,
					row,
					input: { event, actor, message: { body: input.body, isPublic: input.isPublic } }
				});
				return c.json(result, 200);
			}
			const result = await applyCaseEvent({
				deps,
				row,
				input: {
					event: staffEvent[input.action],
					actor,
					...(input.action === 'resolve'
						? { resolution: { note: input.resolutionNote, rootCauseId: input.rootCauseId } }
						: {}),
					...(input.action === 'reopen' && input.message ? { comment: input.message } : {})
				}
			});
			return c.json(result, 200);
		}
	)
	.openapi(
		createRoute({
			method: 'patch',
			path: '/{id}',
			tags,
			summary: 'Reassign a case or change its priority',
			middleware: [staff],
			request: { params: CaseIdParam, body: jsonBody(CaseUpdateInput) },
			responses: {
				200: jsonResponse(z.object({ ok: z.boolean() }), 'Changed'),
				...errors(401, 404, 422)
			}
		}),
		async (c) => {
			const user = requireStaff(c);
			const deps = c.var.deps;
			const row = await requireCase(deps, c.req.valid('param').id);
			const input = c.req.valid('json');
			if (input.assigneeId && !(await isActiveStaff(deps.db, input.assigneeId))) {
				throw new AppError('validation_failed', 'Some fields are missing or invalid.', {
					assigneeId: ['Choose an active staff member.']
				});
			}
			const now = deps.clock.now();
			const statements = [];
			if (input.assigneeId !== undefined && input.assigneeId !== row.assigneeId) {
				statements.push(assignCases(deps.db, [row.id], input.assigneeId, now));
				statements.push(
					insertCaseEvent(deps.db, {
						caseId: row.id,
						type: 'assigned',
						actorType: 'staff',
						actorId: user.id,
						data: { assigneeId: input.assigneeId },
						createdAt: now
					})
				);
				// The new assignee hears of it, unless they took it themselves or the case is settled.
				const [assignee] =
					input.assigneeId &&
					input.assigneeId !== user.id &&
					!['resolved', 'closed'].includes(row.state)
						? await findStaff(deps.db, [input.assigneeId])
						: [];
				if (assignee) {
					const next = (await listClocks(deps.db, row.id))
						.filter((clock) => !clock.fulfilledAt && !clock.pausedAt)
						.sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime())[0];
					statements.push(
						(
							await assignedAlert(deps, {
								assignee,
								caseId: row.id,
								caseNumber: row.number,
								subject: row.subject,
								due: next ? { at: next.dueAt, target: next.target } : null,
								timeZone: row.policy.calendar.timeZone,
								now
							})
						).statement
					);
				}
			}
			// The SLA promise was made at intake; a later priority change is recorded but keeps the clocks.
			if (input.priority && input.priority !== row.priority) {
				statements.push(setCasePriority(deps.db, row.id, input.priority, now));
				statements.push(
					insertCaseEvent(deps.db, {
						caseId: row.id,
						type: 'priority_changed',
						actorType: 'staff',
						actorId: user.id,
						data: { from: row.priority, to: input.priority },
						createdAt: now
					})
				);
			}
			const [first, ...rest] = statements;
			if (first) await deps.db.batch([first, ...rest]);
			return c.json({ ok: true }, 200);
		}
	);
