import type { BatchItem } from 'drizzle-orm/batch';
import type { Deps } from '../deps';
import { alwaysOpenCalendar } from '../domain/business-calendar';
import { startClock } from '../domain/sla-clock';
import { matchPolicy, snapshotPolicy, type CasePriority } from '../domain/sla-policy';
import { AppError } from '../errors';
import { getOrganization } from '../organization/store';
import { createToken, newId } from '../tokens';
import { assignedAlert, caseEmail, caseUrls, formatPromise } from './case-mail';
import {
	clockCheckAt,
	countCaseOpened,
	findCategory,
	findContactByEmail,
	findContactById,
	findStaff,
	insertCase,
	insertCaseEvent,
	insertCaseLink,
	insertDomainEvent,
	insertSlaEvent,
	isActiveStaff,
	listActivePolicies,
	nextCaseNumber,
	pickTeamAssignee,
	insertClocks,
	toClockRow
} from './store';

export type OpenCaseInput = {
	source: 'form' | 'survey' | 'staff' | 'api';
	subject: string;
	description: string;
	email: string | null;
	name: string | null;
	contactId?: string | null;
	categoryId?: string | null;
	priority?: CasePriority | null;
	accountReference?: string | null;
	anonymous?: boolean;
	locale?: string | null;
	responseId?: string | null;
	actorId?: string | null;
	/** Statements to run in the same batch (e.g. marking a domain event processed). */
	alongside?: BatchItem<'sqlite'>[];
};

export type OpenedCase = { id: string; token: string; number: number; firstReplyBy: Date };

/**
 * Opens a complaint case from any source: routes it (category → priority and
 * team, round robin or the account owner), snapshots the SLA policy in force,
 * starts its first-response and resolution clocks, and writes the case, its
 * timeline, its clocks, the customer's email with the private link and an
 * honest promise, and the assignee's alert, in one batch.
 */
export async function openCase({
	deps,
	input
}: {
	deps: Deps;
	input: OpenCaseInput;
}): Promise<OpenedCase> {
	// Two cases opening at once may pick the same number; the unique index refuses the second, which tries again.
	for (let attempt = 1; ; attempt++) {
		try {
			return await openCaseOnce(deps, input);
		} catch (error) {
			if (
				attempt >= 5 ||
				!/cases\.number|cases_number/.test(
					String((error as Error)?.message) + String((error as { cause?: Error })?.cause?.message)
				)
			)
				throw error;
		}
	}
}

async function openCaseOnce(deps: Deps, input: OpenCaseInput): Promise<OpenedCase> {
	const { db } = deps;
	const now = deps.clock.now();
	// An anonymous complaint is linked to no one: not routed by account, not counted on a contact.
	const contact = input.contactId
		? await findContactById(db, input.contactId)
		: input.email && !input.anonymous
			? await findContactByEmail(db, input.email)
			: null;
	if (input.contactId && !contact)
		throw new AppError('validation_failed', 'Some fields are missing or invalid.', {
			contactId: ['No such contact.']
		});
	const category = input.categoryId ? await findCategory(db, input.categoryId) : null;
	if (input.categoryId && !category)
		throw new AppError('validation_failed', 'Some fields are missing or invalid.', {
			categoryId: ['Choose one of the listed categories.']
		});

	const priority: CasePriority = input.priority ?? category?.priority ?? 'normal';
	const policy = matchPolicy(await listActivePolicies(db), {
		priority,
		categoryId: category?.id ?? null,
		tier: contact?.tier ?? null
	});
	const snapshot = snapshotPolicy(policy, priority, alwaysOpenCalendar);
	const teamId = category?.teamId ?? null;
	// The account owner takes it when the category says so, and takes a detractor's case (it has
	// no category): they know the customer. An owner no longer active leaves it to the team.
	const ownerFirst = category ? category.assignToOwner : input.source === 'survey';
	const ownerId =
		ownerFirst && contact?.ownerId && (await isActiveStaff(db, contact.ownerId))
			? contact.ownerId
			: null;
	const assigneeId = ownerId ?? (teamId ? await pickTeamAssignee(db, teamId) : null);

	const id = newId();
	const number = await nextCaseNumber(db);
	const token = createToken(16);
	const email = input.email ?? contact?.email ?? null;
	const locale = input.locale || contact?.locale || 'en';
	const clocks = [
		startClock({
			calendar: snapshot.calendar,
			target: 'first_response',
			minutes: snapshot.targets.firstResponse,
			warning: snapshot.warning,
			now
		}),
		startClock({
			calendar: snapshot.calendar,
			target: 'resolution',
			minutes: snapshot.targets.resolution,
			warning: snapshot.warning,
			now
		})
	];
	const escalationMinutes = snapshot.escalation.map((level) => level.afterMinutes);
	const firstReplyBy = clocks[0]!.dueAt;

	const statements: BatchItem<'sqlite'>[] = [
		insertCase(db, {
			id,
			number,
			state: 'new',
			source: input.source,
			priority,
			categoryId: category?.id ?? null,
			subject: input.subject,
			description: input.description,
			reporterName: input.name || contact?.name || null,
			reporterEmail: email,
			isAnonymous: input.anonymous ?? false,
			contactId: contact?.id ?? null,
			accountId: contact?.accountId ?? null,
			accountReference: input.accountReference || contact?.externalRef || null,
			responseId: input.responseId ?? null,
			teamId,
			assigneeId,
			policy: snapshot,
			locale,
			nextDeadlineAt: firstReplyBy,
			createdById: input.actorId ?? null,
			createdAt: now,
			updatedAt: now
		}),
		insertCaseLink(db, { caseId: id, token, now }),
		insertCaseEvent(db, [
			{
				caseId: id,
				type: 'created',
				actorType: input.actorId ? 'staff' : input.source === 'survey' ? 'system' : 'customer',
				actorId: input.actorId ?? null,
				data: {
					source: input.source,
					priority,
					policy: snapshot.name,
					policyVersion: snapshot.version
				},
				createdAt: now
			},
			...(assigneeId
				? [
						{
							caseId: id,
							type: 'assigned' as const,
							actorType: 'system' as const,
							data: { assigneeId, rule: ownerId ? 'account_owner' : 'round_robin' },
							createdAt: now
						}
					]
				: [])
		]),
		insertClocks(
			db,
			clocks.map((clock) => ({
				...toClockRow(id, clock, 1),
				nextCheckAt: clockCheckAt(clock, escalationMinutes)
			}))
		),
		insertSlaEvent(
			db,
			clocks.map((clock) => ({
				caseId: id,
				target: clock.target,
				round: 1,
				kind: 'activate' as const,
				at: now
			}))
		),
		insertDomainEvent(db, {
			type: 'case.opened',
			subjectId: id,
			payload: { caseId: id, caseNumber: number, source: input.source, priority },
			now
		})
	];
	if (contact) {
		statements.push(countCaseOpened(db, contact.id));
	}
	// Both emails carry the organisation's brand: read it once.
	const organization = email || assigneeId ? await getOrganization(db, deps.config) : undefined;
	if (email) {
		const zone = contact?.timeZone ?? snapshot.calendar.timeZone;
		statements.push(
			(
				await caseEmail(deps, {
					organization,
					template: 'case-received',
					to: email,
					contactId: contact?.id ?? null,
					now,
					props: {
						locale,
						customerName: input.anonymous ? null : input.name || contact?.name || null,
						caseNumber: number,
						subject: input.subject,
						promise: {
							firstReplyBy: formatPromise(firstReplyBy, zone, locale, now),
							timeZoneLabel: zone
						},
						statusUrl: caseUrls(deps.config.publicUrl, token).statusUrl
					}
				})
			).statement
		);
	}
	if (assigneeId) {
		const [assignee] = await findStaff(db, [assigneeId]);
		if (assignee) {
			statements.push(
				(
					await assignedAlert(deps, {
						assignee,
						caseId: id,
						caseNumber: number,
						subject: input.subject,
						due: { at: firstReplyBy, target: 'first_response' },
						timeZone: snapshot.calendar.timeZone,
						now,
						...(organization ? { organization } : {})
					})
				).statement
			);
		}
	}
	statements.push(...(input.alongside ?? []));
	const [first, ...rest] = statements;
	await db.batch([first!, ...rest]);
	return { id, token, number, firstReplyBy };
}
