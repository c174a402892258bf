import { pruneAuthRecords } from './auth/store';
import type { Deps } from './deps';
import { sendOutbox } from './outbox/send-outbox';
import { planInvitations, type PlanInvitationsReport } from './survey-scheduler/plan-invitations';
import { sendReminders, type SendRemindersReport } from './survey-scheduler/send-reminders';

export type TickReport = {
	surveys: PlanInvitationsReport;
	reminders: SendRemindersReport;
	emails: Awaited<ReturnType<typeof sendOutbox>>;
};

/**
 * One tick of background work, the same on every host: the Node host runs it
 * every minute, the Worker's cron trigger once a minute. Later: the SLA sweep
 * hangs off it too. Safe to run concurrently with itself. Survey invitations
 * and reminders are queued first, so the same tick sends them.
 */
export async function runTick(deps: Deps): Promise<TickReport> {
	const surveys = await planInvitations(deps);
	const reminders = await sendReminders(deps);
	const emails = await sendOutbox(deps);
	await pruneAuthRecords(deps.db, deps.clock.now());
	return { surveys, reminders, emails };
}
