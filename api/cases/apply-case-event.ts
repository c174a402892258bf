import type { BatchItem } from 'drizzle-orm/batch';
import type { Deps } from '../deps';
import { transition, type CaseEvent } from '../domain/case-workflow';
import {
	fulfilClock,
	pauseClock,
	resumeClock,
	startClock,
	type SlaClock,
	type SlaTarget
} from '../domain/sla-clock';
import { AppError } from '../errors';
import { caseEmail, caseUrls, staffCaseUrl } from './case-mail';
import { createToken } from '../tokens';
import {
	clockCheckAt,
	countCaseClosed,
	countCaseOpened,
	findStaff,
	fromClockRow,
	toClockRow,
	insertCaseEvent,
	insertCaseLink,
	insertSlaEvent,
	isStaleStateError,
	requireCaseState,
	listClocks,
	updateCaseState,
	upsertClock,
	type CaseRow,
	type ClockRow
} from './store';

export type CaseActor =
	{ type: 'staff'; id: string; name: string } | { type: 'customer' } | { type: 'system' };

export type CaseEventInput = {
	event: CaseEvent;
	actor: CaseActor;
	/** A reply or note written with the event. */
	message?: { body: string; isPublic: boolean };
	resolution?: { note: string; rootCauseId: string };
	/** The customer's words with a recovery answer. */
	comment?: string;
};

/**
 * Applies one workflow event to a case: the pure transition decides; this
 * writes the new state (compare-and-set on the old one, so a racing change
 * makes this a 409), the timeline, every clock change and its SLA event, the
 * contact's open-case count, and the emails the change causes, in one batch.
 */
export async function applyCaseEvent({
	deps,
	row,
	input
}: {
	deps: Deps;
	row: CaseRow;
	input: CaseEventInput;
}) {
	const { db } = deps;
	const now = deps.clock.now();
	const clockRows = await listClocks(db, row.id);
	const byTarget = new Map(clockRows.map((clock) => [clock.target, clock]));
	const firstResponseDone = !!byTarget.get('first_response')?.fulfilledAt;
	const result = transition(row.state, input.event, { firstResponseDone });
	if (!result.ok) throw new AppError('conflict', result.reason);

	const calendar = row.policy.calendar;
	const escalationMinutes = row.policy.escalation.map((level) => level.afterMinutes);
	const changed = new Map<SlaTarget, { clock: SlaClock; round: number; fresh: boolean }>();
	const slaEvents: Extract<Parameters<typeof insertSlaEvent>[1], unknown[]> = [];
	const current = (target: SlaTarget) => {
		const held = changed.get(target);
		if (held) return held;
		const stored = byTarget.get(target);
		return stored ? { clock: fromClockRow(stored), round: stored.round, fresh: false } : null;
	};
	const minutesFor = (target: SlaTarget) =>
		target === 'first_response'
			? row.policy.targets.firstResponse
			: target === 'next_response'
				? row.policy.targets.nextResponse
				: row.policy.targets.resolution;

	for (const effect of result.effects) {
		if (effect.kind === 'fulfil') {
			const held = current(effect.target);
			if (held && !held.clock.fulfilledAt) {
				changed.set(effect.target, { ...held, clock: fulfilClock(held.clock, now) });
				slaEvents.push({
					caseId: row.id,
					target: effect.target,
					round: held.round,
					kind: 'fulfill',
					at: now
				});
			}
		} else if (effect.kind === 'start') {
			const held = current(effect.target);
			if (held && !held.clock.fulfilledAt) continue; // already running: keep its promise
			const round = (held?.round ?? 0) + 1;
			const clock = startClock({
				calendar,
				target: effect.target,
				minutes: minutesFor(effect.target),
				warning: row.policy.warning,
				now
			});
			changed.set(effect.target, { clock, round, fresh: true });
			slaEvents.push({ caseId: row.id, target: effect.target, round, kind: 'activate', at: now });
		} else {
			for (const target of ['next_response', 'resolution'] as const) {
				const held = current(target);
				if (!held || held.clock.fulfilledAt) continue;
				if (effect.kind === 'pause' && !held.clock.pausedAt) {
					changed.set(target, { ...held, clock: pauseClock(held.clock, now) });
					slaEvents.push({ caseId: row.id, target, round: held.round, kind: 'pause', at: now });
				} else if (effect.kind === 'resume' && held.clock.pausedAt) {
					changed.set(target, { ...held, clock: resumeClock(calendar, held.clock, now) });
					slaEvents.push({ caseId: row.id, target, round: held.round, kind: 'resume', at: now });
				}
			}
		}
	}

	const finalClocks = new Map<SlaTarget, ClockRow>(clockRows.map((clock) => [clock.target, clock]));
	const clockWrites = [...changed].map(([target, { clock, round, fresh }]) => {
		const stored = byTarget.get(target);
		const keep =
			fresh || !stored
				? { warnedAt: null, breachedAt: null, escalated: 0 }
				: { warnedAt: stored.warnedAt, breachedAt: stored.breachedAt, escalated: stored.escalated };
		const next = { ...toClockRow(row.id, clock, round), ...keep };
		const full = { ...next, nextCheckAt: clockCheckAt(next, escalationMinutes) };
		finalClocks.set(target, full);
		return upsertClock(db, full);
	});
	const nextDeadlineAt =
		[...finalClocks.values()]
			.filter((clock) => !clock.fulfilledAt && !clock.pausedAt)
			.map((clock) => clock.dueAt)
			.sort((a, b) => a.getTime() - b.getTime())[0] ?? null;

	const reopened = result.reopened;
	const closing = result.to === 'closed' && row.state !== 'closed';
	const leavingClosed = row.state === 'closed' && result.to !== 'closed';
	// A reopened case gets a fresh private link only if it had none in memory; the old one keeps working.
	const set: Partial<CaseRow> = { state: result.to, updatedAt: now, nextDeadlineAt };
	if (input.event === 'resolve' && input.resolution) {
		Object.assign(set, {
			resolutionNote: input.resolution.note,
			rootCauseId: input.resolution.rootCauseId,
			resolvedAt: now
		});
	}
	if (closing) set.closedAt = now;
	if (reopened)
		Object.assign(set, { reopenCount: row.reopenCount + 1, resolvedAt: null, closedAt: null });

	const actorType = input.actor.type;
	const actorId = input.actor.type === 'staff' ? input.actor.id : null;
	const statements: BatchItem<'sqlite'>[] = [
		updateCaseState(db, row.id, row.state, set),
		...(input.message
			? [
					insertCaseEvent(db, {
						caseId: row.id,
						type:
							actorType === 'customer'
								? 'customer_reply'
								: input.message.isPublic
									? 'public_reply'
									: 'internal_note',
						actorType,
						actorId,
						body: input.message.body,
						isPublic: input.message.isPublic,
						createdAt: now
					})
				]
			: []),
		...(result.to !== row.state || reopened
			? [
					insertCaseEvent(db, {
						caseId: row.id,
						type: reopened ? 'reopened' : input.event === 'resolve' ? 'resolved' : 'status_changed',
						actorType,
						actorId,
						body:
							input.event === 'resolve' ? (input.resolution?.note ?? null) : input.comment || null,
						isPublic: true,
						data: {
							from: row.state,
							to: result.to,
							event: input.event,
							...(input.resolution ? { rootCauseId: input.resolution.rootCauseId } : {})
						},
						createdAt: now
					})
				]
			: []),
		...clockWrites,
		...(slaEvents.length > 0 ? [insertSlaEvent(db, slaEvents)] : [])
	];
	if (row.contactId && closing) {
		statements.push(countCaseClosed(db, row.contactId, now));
	}
	if (row.contactId && leavingClosed) {
		statements.push(countCaseOpened(db, row.contactId));
	}

	// Emails: the customer hears about public replies, the resolution and a reopening by staff; the assignee about customer replies.
	let token: string | null = null;
	const statusLink = () => {
		// Tokens rest only as hashes, so each email carries a link of its own; the older ones keep working.
		token ??= createToken(16);
		return caseUrls(deps.config.publicUrl, token);
	};
	const customerName = row.isAnonymous ? null : row.reporterName;
	if (row.reporterEmail && result.sendRecoverySurvey && input.resolution) {
		const links = statusLink();
		statements.push(
			(
				await caseEmail(deps, {
					template: 'case-resolved',
					to: row.reporterEmail,
					contactId: row.contactId,
					now,
					props: {
						locale: row.locale,
						customerName,
						caseNumber: row.number,
						resolutionNote: input.resolution.note,
						...links
					}
				})
			).statement
		);
	} else if (
		row.reporterEmail &&
		actorType === 'staff' &&
		(input.message?.isPublic || (reopened && result.notifyCustomer))
	) {
		statements.push(
			(
				await caseEmail(deps, {
					template: 'case-reply',
					to: row.reporterEmail,
					contactId: row.contactId,
					now,
					props: {
						locale: row.locale,
						customerName,
						caseNumber: row.number,
						agentName: input.actor.type === 'staff' ? input.actor.name : '',
						body: input.message?.body ?? input.comment ?? '',
						statusUrl: statusLink().statusUrl,
						waitingOnCustomer: result.to === 'waiting_on_customer',
						reopened
					}
				})
			).statement
		);
	}
	if (actorType === 'customer' && row.assigneeId) {
		const [assignee] = await findStaff(db, [row.assigneeId]);
		if (assignee) {
			statements.push(
				(
					await caseEmail(deps, {
						template: 'case-staff-alert',
						to: assignee.email,
						now,
						props: {
							kind: 'customer_reply',
							recipientName: assignee.name,
							caseNumber: row.number,
							caseSubject: row.subject,
							target: null,
							dueAt: null,
							level: null,
							caseUrl: staffCaseUrl(deps.config.publicUrl, row.id)
						}
					})
				).statement
			);
		}
	}
	if (token) statements.push(insertCaseLink(db, { caseId: row.id, token, now }));

	try {
		await db.batch([requireCaseState(db, row.id, row.state), ...statements]);
	} catch (error) {
		if (isStaleStateError(error))
			throw new AppError(
				'conflict',
				'Someone else changed this case a moment ago. Reload it and try again.'
			);
		throw error;
	}
	return { state: result.to };
}
