import { pruneAuthRecords } from './auth/store';
import { closeUnansweredCases, type AutoCloseReport } from './cases/close-unanswered';
import { pruneRateLimits } from './cases/store';
import { openDetractorCases, type DetractorReport } from './cases/open-detractor-cases';
import { sweepSla, type SweepReport } from './cases/sweep-sla';
import type { Deps } from './deps';
import { queueDigests, type DigestReport } from './digest/queue-digests';
import { refreshRollups, type RollupReport } from './reports/refresh-rollups';
import { rollUpSla, type SlaRollupReport } from './reports/sla-rollup';
import { sendOutbox } from './outbox/send-outbox';
import { planInvitations, type PlanInvitationsReport } from './survey-scheduler/plan-invitations';
import { sendReminders, type SendRemindersReport } from './survey-scheduler/send-reminders';
import { deliverWebhooks, type WebhookReport } from './webhooks/deliver-webhooks';

export type TickReport = {
	surveys: PlanInvitationsReport;
	reminders: SendRemindersReport;
	detractorCases: DetractorReport;
	sla: SweepReport;
	autoClosed: AutoCloseReport;
	digests: DigestReport;
	emails: Awaited<ReturnType<typeof sendOutbox>>;
	rollups: RollupReport;
	slaRollups: SlaRollupReport;
	webhooks: WebhookReport;
};

/**
 * One tick of background work, the same on every host: the Node host runs it
 * every minute, the Worker's cron trigger once a minute. Safe to run
 * concurrently with itself. Survey invitations, reminders and SLA alerts are
 * queued first, so the same tick sends them.
 */
export async function runTick(deps: Deps): Promise<TickReport> {
	const surveys = await planInvitations(deps);
	const reminders = await sendReminders(deps);
	const detractorCases = await openDetractorCases(deps);
	const sla = await sweepSla(deps);
	const autoClosed = await closeUnansweredCases(deps);
	// Reports read rollups: the SLA rounds this tick (and the last minute) settled, and any history
	// still to roll up; before the digest, so it reads them too.
	const rollups = await refreshRollups(deps);
	const slaRollups = await rollUpSla(deps);
	const digests = await queueDigests(deps);
	const emails = await sendOutbox(deps);
	// Last: the events of this very tick (SLA warnings and breaches) go out with it.
	const webhooks = await deliverWebhooks(deps);
	const now = deps.clock.now();
	await pruneAuthRecords(deps.db, now);
	await pruneRateLimits(deps.db, new Date(now.getTime() - 86_400_000));
	return {
		surveys,
		reminders,
		detractorCases,
		sla,
		autoClosed,
		digests,
		emails,
		rollups,
		slaRollups,
		webhooks
	};
}
