import type { BatchItem } from 'drizzle-orm/batch';
import type { Deps } from '../deps';
import type { SlaTarget } from '../domain/sla-clock';
import { getOrganization } from '../organization/store';
import { yieldToEventLoop } from '../survey-scheduler/yield';
import { caseEmail, formatPromise, staffCaseUrl } from './case-mail';
import {
	clockCheckAt,
	findDueClocks,
	findEscalationRecipients,
	findStaff,
	insertDomainEventWhen,
	insertSlaEventsOnce,
	slaEventOnce,
	updateSweptClocks,
	type SweptClock,
	type SweptFacts,
	type CaseRow,
	type ClockRow
} from './store';

type Staff = Awaited<ReturnType<typeof findStaff>>[number];

export type SweepReport = { checked: number; warned: number; breached: number; escalated: number };

export type SweepOptions = { sliceSize?: number; maxSlices?: number };

/**
 * The SLA sweep, in the tick. It reads only clocks whose next check has come
 * (an index on `next_check_at`), so its cost follows the cases due, not the
 * cases open. Each warning, breach and escalation is an insert that a unique
 * index lets happen once per case, target, round and level; its emails are
 * written in the same batch only if that very insert won, so two sweeps racing
 * notify once. A late or skipped tick catches up: everything overdue is due.
 */
export async function sweepSla(deps: Deps, options: SweepOptions = {}): Promise<SweepReport> {
	const { db } = deps;
	const sliceSize = options.sliceSize ?? 100;
	const maxSlices = options.maxSlices ?? 10;
	const report: SweepReport = { checked: 0, warned: 0, breached: 0, escalated: 0 };
	const organization = await getOrganization(db, deps.config);
	// Assignees are read once per sweep, however many of their cases are due.
	const staff = new Map<string, Promise<Staff | undefined>>();
	const staffById = (id: string) => {
		let found = staff.get(id);
		if (!found) staff.set(id, (found = findStaff(db, [id]).then((rows) => rows[0])));
		return found;
	};
	for (let slice = 0; slice < maxSlices; slice++) {
		const now = deps.clock.now();
		const due = await findDueClocks(db, now, sliceSize);
		if (due.length === 0) break;
		const statements: BatchItem<'sqlite'>[] = [];
		// Every event of the slice is inserted first, a few to a statement; the emails that
		// depend on them, and the clock updates, follow.
		const events: ReturnType<typeof slaEventOnce>['row'][] = [];
		const learnt: { clock: SweptClock; seen: SweptFacts }[] = [];
		for (const { clock, case: row } of due) {
			report.checked++;
			statements.push(
				...(await planClock(deps, {
					clock,
					row,
					now,
					organization,
					report,
					staffById,
					events,
					learnt
				}))
			);
		}
		// Clocks that learnt the same facts are updated together.
		const byFacts = new Map<string, { seen: SweptFacts; clocks: SweptClock[] }>();
		for (const { clock, seen } of learnt) {
			const key = JSON.stringify(seen);
			const group = byFacts.get(key) ?? { seen, clocks: [] };
			group.clocks.push(clock);
			byFacts.set(key, group);
		}
		const updates = [...byFacts.values()].flatMap((group) =>
			updateSweptClocks(db, group.clocks, group.seen)
		);
		const [first, ...rest] = [...insertSlaEventsOnce(db, events), ...statements, ...updates];
		if (first) await db.batch([first, ...rest]);
		if (due.length < sliceSize) break;
		await yieldToEventLoop();
	}
	return report;
}

async function planClock(
	deps: Deps,
	{
		clock,
		row,
		now,
		organization,
		report,
		staffById,
		events,
		learnt
	}: {
		clock: ClockRow;
		row: Pick<CaseRow, 'id' | 'number' | 'subject' | 'assigneeId' | 'policy'>;
		now: Date;
		organization: Awaited<ReturnType<typeof getOrganization>>;
		report: SweepReport;
		staffById: (id: string) => Promise<Staff | undefined>;
		events: ReturnType<typeof slaEventOnce>['row'][];
		learnt: { clock: SweptClock; seen: SweptFacts }[];
	}
) {
	const { db } = deps;
	const escalation = row.policy.escalation;
	const escalationMinutes = escalation.map((level) => level.afterMinutes);
	const statements: BatchItem<'sqlite'>[] = [];
	const next = { ...clock };
	const zone = row.policy.calendar.timeZone;
	const caseUrl = staffCaseUrl(deps.config.publicUrl, row.id);
	const assignee = row.assigneeId ? await staffById(row.assigneeId) : undefined;

	/**
	 * Records `kind` once; returns the condition "this sweep's insert won". A
	 * warning or breach also raises its domain event (for webhooks) on that condition.
	 */
	const record = (kind: 'warn' | 'breach' | 'escalate', level: number) => {
		const { row: event, won } = slaEventOnce({
			caseId: row.id,
			target: clock.target,
			round: clock.round,
			kind,
			level,
			at: now
		});
		events.push(event);
		if (kind !== 'escalate')
			statements.push(
				insertDomainEventWhen(
					db,
					{
						type: kind === 'warn' ? 'sla.warned' : 'sla.breached',
						subjectId: event.id,
						payload: {
							caseId: row.id,
							caseNumber: row.number,
							target: clock.target,
							kind,
							level
						},
						now
					},
					won
				)
			);
		return won;
	};
	const alert = async (
		to: { name: string; email: string },
		kind: 'warning' | 'breach' | 'escalation',
		won: ReturnType<typeof record>,
		level: number | null
	) =>
		statements.push(
			(
				await caseEmail(
					deps,
					{
						template: 'case-staff-alert',
						to: to.email,
						now,
						organization,
						props: {
							kind,
							recipientName: to.name,
							caseNumber: row.number,
							caseSubject: row.subject,
							target: clock.target as SlaTarget,
							dueAt: formatPromise(clock.dueAt, zone, 'en', now),
							level,
							caseUrl
						}
					},
					won
				)
			).statement
		);

	if (!clock.fulfilledAt && !clock.pausedAt) {
		if (clock.warnAt && !clock.warnedAt && clock.warnAt <= now) {
			const won = record('warn', 0);
			if (assignee) await alert(assignee, 'warning', won, null);
			next.warnedAt = now;
			report.warned++;
		}
		if (!clock.breachedAt && clock.dueAt <= now) {
			const won = record('breach', 0);
			if (assignee) await alert(assignee, 'breach', won, null);
			next.breachedAt = now;
			report.breached++;
		}
		// Escalation levels whose time since the breach has come, each once.
		while (next.breachedAt && next.escalated < escalation.length) {
			const level = escalation[next.escalated]!;
			if (next.breachedAt.getTime() + level.afterMinutes * 60_000 > now.getTime()) break;
			const won = record('escalate', next.escalated + 1);
			for (const person of await findEscalationRecipients(db, level))
				await alert(person, 'escalation', won, next.escalated + 1);
			next.escalated++;
			report.escalated++;
		}
	}
	learnt.push({
		clock,
		seen: {
			warnedAt: next.warnedAt,
			breachedAt: next.breachedAt,
			escalated: next.escalated,
			nextCheckAt: clockCheckAt(next, escalationMinutes)
		}
	});
	return statements;
}
