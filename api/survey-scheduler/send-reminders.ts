import type { Deps } from '../deps';
import { decideReminder, invitationLifetimeDays } from '../domain/survey-eligibility';
import { addDays } from '../domain/zoned-time';
import { brandOf, getOrganization } from '../organization/store';
import { createToken, hashToken, newId } from '../tokens';
import { createEmailTemplates } from './email-template';
import { yieldToEventLoop } from './yield';
import {
	buildReminderStatements,
	findActiveSurveys,
	findReminderCandidates,
	runBatch,
	type NewReminder,
	type Statement
} from './store';

export type SendRemindersOptions = {
	/** Most reminders one run queues. Default: `config.surveyInvitationsPerTick`. */
	maxReminders?: number;
	/** Invitations read per slice. */
	sliceSize?: number;
};

/** `reminded`: reminders queued; `waiting`: due but outside the send window or held by a complaint. */
export type SendRemindersReport = { reminded: number; waiting: number };

/**
 * Queues the one reminder of each unanswered invitation whose delay has
 * passed, when `decideReminder` says so. Each reminder gets a token of its
 * own; the invitation is marked by a compare-and-set in the same batch as the
 * email, and the email is written only if that mark is this run's, so two
 * runs at once send it once.
 */
export async function sendReminders(deps: Deps, options: SendRemindersOptions = {}): Promise<SendRemindersReport> {
	const { db, config } = deps;
	const now = deps.clock.now();
	const maxReminders = options.maxReminders ?? config.surveyInvitationsPerTick;
	const sliceSize = options.sliceSize ?? 500;
	const report: SendRemindersReport = { reminded: 0, waiting: 0 };

	const surveys = new Map((await findActiveSurveys(db)).filter((survey) => survey.reminderAfterDays !== null).map((survey) => [survey.id, survey]));
	if (surveys.size === 0) return report;
	const shortestDelay = Math.min(...[...surveys.values()].map((survey) => survey.reminderAfterDays!));
	const organization = await getOrganization(db, config);
	const emailTemplate = createEmailTemplates(brandOf(organization, config), organization.emailFrom);

	// An invitation past its lifetime can no longer be answered, so it gets no reminder.
	const from = addDays(now, -invitationLifetimeDays);
	const to = addDays(now, -shortestDelay);
	let after = { createdAt: -1, id: '' };
	let budget = maxReminders;
	while (budget > 0) {
		const candidates = await findReminderCandidates(db, { now, from, to, after, limit: sliceSize });
		const last = candidates.at(-1);
		if (!last) break;
		after = { createdAt: last.createdAt.getTime(), id: last.id };

		const groups = new Map<string, { surveyId: string; locale: string; reminders: NewReminder[] }>();
		for (const candidate of candidates) {
			const survey = surveys.get(candidate.surveyId);
			if (!survey || budget <= 0) continue;
			const decision = decideReminder(
				candidate,
				{
					invitedAt: candidate.createdAt,
					remindedAt: null,
					respondedAt: null,
					reminderAfterDays: survey.reminderAfterDays,
					sendWindow: survey.sendWindow
				},
				now
			);
			if (decision.kind === 'wait') report.waiting++;
			if (decision.kind !== 'remind') continue;
			budget--;
			const key = `${survey.id}\n${candidate.locale}`;
			const group = groups.get(key) ?? { surveyId: survey.id, locale: candidate.locale, reminders: [] };
			const token = createToken(16);
			group.reminders.push({ invitationId: candidate.id, outboxId: newId(), token, tokenHash: hashToken(token) });
			groups.set(key, group);
		}

		const statements: Statement[] = [];
		const marked: number[] = [];
		for (const group of groups.values()) {
			const email = emailTemplate(surveys.get(group.surveyId)!, group.locale, true);
			const built = buildReminderStatements(db, { now, email, reminders: group.reminders });
			marked.push(...built.marked.map((index) => index + statements.length));
			statements.push(...built.statements);
		}
		const results = await runBatch(db, statements);
		report.reminded += marked.reduce((sum, index) => sum + (results[index] as unknown[]).length, 0);
		if (candidates.length < sliceSize) break;
		await yieldToEventLoop();
	}
	return report;
}
