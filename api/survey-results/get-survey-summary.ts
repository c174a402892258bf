import type { Deps } from '../deps';
import { surveyScales } from '../domain/survey-definition';
import { latestPerContact, summarizeScores } from '../domain/survey-metrics';
import { periodSpans, type Span, type SummaryPeriod } from './periods';
import { requireSurvey } from './require-survey';
import type { ScoreSummary, SurveySummary } from './schemas';
import { scoreBand } from './score-bands';
import { summarizeSkips } from './skip-labels';
import {
	countCurrentSkips,
	countInvitationEmails,
	countInvitations,
	listLatestComments,
	listResponseScores,
	readFatigueSettings,
	type SurveyRow
} from './store';

const commentCount = 10;

/**
 * What a manager reads about a survey over a period: invitations and their
 * delivery, the answer rate, the score on the latest answer per contact (with
 * n and its margin of error) against the previous equal period, who was
 * skipped and why, and the newest comments. Every figure is one indexed
 * aggregate query, or a scan of one survey's answers in the period.
 */
export async function getSurveySummary({
	deps,
	id,
	period
}: {
	deps: Deps;
	id: string;
	period: SummaryPeriod;
}): Promise<SurveySummary> {
	const { db } = deps;
	const now = deps.clock.now();
	const survey = await requireSurvey(db, id);
	const spans = periodSpans(period, now);
	const [invitations, emails, everSent, skips, settings, current, previous, comments] =
		await Promise.all([
			countInvitations(db, id, spans.current),
			countInvitationEmails(db, id, spans.current),
			countInvitations(db, id, { from: null, to: null }),
			countCurrentSkips(db, { surveyId: id }),
			readFatigueSettings(db),
			scoreIn(deps, survey, spans.current),
			spans.previous ? scoreIn(deps, survey, spans.previous) : Promise.resolve(null),
			listLatestComments(db, id, spans.current, commentCount)
		]);
	const emailCount = (status: string) => emails.find((row) => row.status === status)?.n ?? 0;
	const scale = surveyScales[survey.kind];
	return {
		survey: {
			id: survey.id,
			name: survey.name,
			kind: survey.kind,
			status: survey.status,
			activatedAt: survey.activatedAt?.toISOString() ?? null,
			pausedAt: survey.pausedAt?.toISOString() ?? null,
			cadenceDays: survey.cadenceDays,
			reminderAfterDays: survey.reminderAfterDays,
			scale: { min: scale.min, max: scale.max },
			questions: survey.definition.questions.map((question) => ({
				id: question.id,
				type: question.type,
				text: question.text.en ?? question.id
			}))
		},
		period: {
			key: period,
			from: spans.current.from?.toISOString() ?? null,
			to: now.toISOString(),
			previousFrom: spans.previous?.from?.toISOString() ?? null,
			previousTo: spans.previous?.to?.toISOString() ?? null
		},
		invitations: {
			sent: invitations.sent,
			delivered: emailCount('sent'),
			pending: emailCount('pending'),
			failed: emailCount('failed'),
			answered: invitations.answered,
			reminded: invitations.reminded,
			responseRate: invitations.sent ? (invitations.answered / invitations.sent) * 100 : null
		},
		invitationsEver: everSent.sent,
		responses: current.responses,
		score: current.summary,
		previous: previous?.summary ?? null,
		change:
			previous &&
			current.summary.reliable &&
			previous.summary.reliable &&
			current.summary.score !== null &&
			previous.summary.score !== null
				? current.summary.score - previous.summary.score
				: null,
		skipped: summarizeSkips(skips, settings),
		comments: comments.map((row) => ({
			responseId: row.responseId,
			contact: { id: row.contactId, name: row.contactName },
			account: { id: row.accountId, name: row.accountName },
			score: row.score,
			band: scoreBand(survey.kind, row.score),
			comment: row.comment ?? '',
			answeredAt: row.answeredAt.toISOString()
		}))
	};
}

/** The score over one span, on the latest answer per contact in it. */
async function scoreIn(deps: Deps, survey: SurveyRow, span: Span) {
	const rows = await listResponseScores(deps.db, survey.id, span);
	const summary = summarizeScores(survey.kind, latestPerContact(rows));
	const result: ScoreSummary = {
		n: summary.n,
		score: summary.score,
		marginOfError: summary.marginOfError,
		reliable: summary.reliable,
		mean: summary.mean,
		distribution: summary.distribution.map((entry) => ({
			...entry,
			band: scoreBand(survey.kind, entry.score)
		})),
		shares: { ...summary.shares }
	};
	return { responses: rows.length, summary: result };
}
