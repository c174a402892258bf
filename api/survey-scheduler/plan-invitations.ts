import type { Deps } from '../deps';
import { chooseLocale, definitionLocales, type SkipReason } from '../domain/survey-definition';
import { cycleAt, decideInvitation, type FatigueRules } from '../domain/survey-eligibility';
import { brandOf, getOrganization } from '../organization/store';
import { createToken, hashToken, newId } from '../tokens';
import { createEmailTemplates } from './email-template';
import { yieldToEventLoop } from './yield';
import {
	buildInvitationStatements,
	buildSkipStatements,
	findActiveSurveys,
	findCandidates,
	findContactWindowEnd,
	findFatigueRules,
	buildPlanCursorStatement,
	runBatch,
	type ActiveSurvey,
	type Candidate,
	type NewInvitation,
	type NewSkip,
	type Statement
} from './store';

export type PlanInvitationsOptions = {
	/** Most invitations one run creates; the next tick carries on. Default: `config.surveyInvitationsPerTick`. */
	maxInvitations?: number;
	/** Most contacts one run examines, shared among the surveys. Default: `config.surveyContactsPerTick`. */
	maxContacts?: number;
	/** Contacts examined per slice (one read, one write batch). */
	sliceSize?: number;
};

/** What one survey did in a run: invitations created and due contacts skipped, by reason. */
export type SurveyPlanReport = {
	surveyId: string;
	invited: number;
	skipped: Partial<Record<SkipReason, number>>;
	/** Decided to send, but a concurrent tick or a changed contact got there first. */
	lost: number;
};

export type PlanInvitationsReport = { invited: number; surveys: SurveyPlanReport[] };

/**
 * Contacts examined per slice. A slice of 500 due contacts writes about 4 MB
 * (invitations and their emails) in one batch, some 50–150 ms on a laptop, so
 * a tick never holds the database, or the Node host's event loop, for long.
 */
export const defaultSliceSize = 500;

/**
 * Creates this cycle's invitations and their emails for every active survey,
 * oldest survey first, and records why due contacts were skipped. Reads the
 * audience a bounded slice at a time and writes each slice in one batch; the
 * writes themselves decide races (see `buildInvitationStatements`), so two
 * runs at once create each invitation once. A contact invited by one survey
 * is throttled for the next: the next survey reads its new `lastSurveyedAt`.
 */
export async function planInvitations(deps: Deps, options: PlanInvitationsOptions = {}): Promise<PlanInvitationsReport> {
	const { db, config } = deps;
	const now = deps.clock.now();
	const maxInvitations = options.maxInvitations ?? config.surveyInvitationsPerTick;
	const sliceSize = options.sliceSize ?? defaultSliceSize;
	const maxContacts = options.maxContacts ?? config.surveyContactsPerTick;
	const report: PlanInvitationsReport = { invited: 0, surveys: [] };

	const activeSurveys = await findActiveSurveys(db);
	if (activeSurveys.length === 0) return report;
	const rules = await findFatigueRules(db);
	const organization = await getOrganization(db, config);
	const emailTemplate = createEmailTemplates(brandOf(organization, config), organization.emailFrom);

	let budget = maxInvitations;
	// Each survey examines its share of the contacts (at least a slice), so one large survey
	// does not hold the others back.
	const share = Math.max(sliceSize, Math.floor(maxContacts / activeSurveys.length));
	for (const survey of activeSurveys) {
		const cycle = cycleAt(survey, now);
		if (cycle < 0 || budget <= 0) continue;
		let examinable = share;
		const surveyReport: SurveyPlanReport = { surveyId: survey.id, invited: 0, skipped: {}, lost: 0 };
		report.surveys.push(surveyReport);
		const locales = definitionLocales(survey.definition);

		// A run goes on where the last one stopped, so a large audience is swept over several runs
		// and each run's queries stay bounded (D1 allows 1,000 per invocation).
		let after = survey.planCursor ?? '';
		for (;;) {
			const upTo = await findContactWindowEnd(db, after, sliceSize);
			const candidates = await findCandidates(db, { surveyId: survey.id, audience: survey.audience, cycle, now, after, upTo });
			const plan = planSlice(survey, candidates, rules, now, budget);
			const statements: Statement[] = [];
			const createdAt: number[] = [];
			for (const [locale, invitations] of groupByLocale(plan.invitations, locales)) {
				const built = buildInvitationStatements(db, {
					surveyId: survey.id,
					cycle,
					locale,
					now,
					rules,
					email: emailTemplate(survey, locale, false),
					invitations
				});
				createdAt.push(...built.createdAt.map((index) => index + statements.length));
				statements.push(...built.statements);
			}
			statements.push(...buildSkipStatements(db, { surveyId: survey.id, cycle, now, skips: plan.skips }));
			// The next run starts past this slice (at the first contact after the last one), or at
			// this slice again when the budget held sends back.
			statements.push(buildPlanCursorStatement(db, survey.id, plan.heldBack > 0 ? after || null : upTo));
			const results = await runBatch(db, statements);
			const created = createdAt.reduce((sum, index) => sum + (results[index] as unknown[]).length, 0);

			surveyReport.invited += created;
			surveyReport.lost += plan.invitations.length - created;
			for (const skip of plan.skips) surveyReport.skipped[skip.reason] = (surveyReport.skipped[skip.reason] ?? 0) + 1;
			budget -= plan.invitations.length;
			examinable -= sliceSize;
			if (upTo === null || budget <= 0 || examinable <= 0) break;
			after = upTo;
			// The libSQL driver runs synchronously: let waiting requests in between slices.
			await yieldToEventLoop();
		}
		report.invited += surveyReport.invited;
	}
	return report;
}

type PlannedInvitation = NewInvitation & { contactLocale: string };

/** Decides each candidate; sends beyond `budget` wait for the next run. */
function planSlice(survey: ActiveSurvey, candidates: Candidate[], rules: FatigueRules, now: Date, budget: number) {
	const invitations: PlannedInvitation[] = [];
	const skips: NewSkip[] = [];
	let heldBack = 0;
	for (const contact of candidates) {
		const decision = decideInvitation(contact, survey, rules, now);
		if (decision.kind === 'send') {
			if (invitations.length >= budget) {
				heldBack++;
				continue;
			}
			const token = createToken(16);
			invitations.push({ id: newId(), contactId: contact.id, token, tokenHash: hashToken(token), contactLocale: contact.locale });
		} else if (decision.kind === 'skip') {
			skips.push({
				contactId: contact.id,
				reason: decision.reason,
				nextPossibleAt: decision.nextPossibleAt,
				recheckAt: decision.recheckAt
			});
		}
	}
	return { invitations, skips, heldBack };
}

function groupByLocale(invitations: PlannedInvitation[], available: string[]): Map<string, NewInvitation[]> {
	const groups = new Map<string, NewInvitation[]>();
	for (const { contactLocale, ...invitation } of invitations) {
		const locale = chooseLocale(contactLocale, available);
		const group = groups.get(locale);
		if (group) group.push(invitation);
		else groups.set(locale, [invitation]);
	}
	return groups;
}
