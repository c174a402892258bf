/**
 * A year of surveys for the demo organisation, from a fixed seed: a quarterly
 * NPS survey to every account and a half-yearly CSAT survey to premium and
 * enterprise accounts, with invitations, reminders, answers (in the contact's
 * language where the survey has it), comments, and the skip records the
 * scheduler would have left. Scores drift by tier over the year: enterprise
 * and premium customers grow happier, basic ones cooler, so the survey pages
 * and reports have a story to tell.
 */
import {
	defaultDefinition,
	surveyScales,
	type SkipReason,
	type SurveyKind
} from '../domain/survey-definition';
import { isCustomerAt, type buildDemo } from './demo-data';
import { createRandom } from './demo-random';
import { pickComment, type Language } from './demo-suggestions';

type Demo = ReturnType<typeof buildDemo>;

const dayMs = 24 * 3600_000;

/** The mean lead score on the NPS scale by tier, at the start (t = 0) and end (t = 1) of the year. */
const npsDrift: Record<string, [start: number, end: number]> = {
	enterprise: [7.4, 8.8],
	premium: [7.6, 8.4],
	standard: [7.6, 7.4],
	basic: [7.2, 6.1]
};

const shipped = new Set(['en', 'de', 'fr']);

export type DemoSurveys = ReturnType<typeof buildDemoSurveys>;

export function buildDemoSurveys(now: Date, demo: Demo) {
	const random = createRandom(3_2026);
	const admin = demo.staff[0]!;
	const accountById = new Map(demo.accounts.map((account) => [account.id, account]));

	const specs: {
		name: string;
		kind: SurveyKind;
		cadenceDays: number;
		tiers: string[];
		startedDaysAgo: number;
	}[] = [
		{
			name: 'Quarterly relationship NPS',
			kind: 'nps',
			cadenceDays: 90,
			tiers: [],
			startedDaysAgo: 372
		},
		{
			name: 'Key account satisfaction',
			kind: 'csat',
			cadenceDays: 180,
			tiers: ['premium', 'enterprise'],
			startedDaysAgo: 350
		}
	];

	const surveys = specs.map((spec) => {
		const activatedAt = new Date(now.getTime() - spec.startedDaysAgo * dayMs);
		return {
			id: random.id(),
			name: spec.name,
			kind: spec.kind,
			status: 'active' as const,
			definition: defaultDefinition(spec.kind),
			audience: {
				tiers: spec.tiers as ('basic' | 'standard' | 'premium' | 'enterprise')[],
				ownerIds: [],
				accountStatuses: ['active' as const],
				tags: []
			},
			cadenceDays: spec.cadenceDays,
			reminderAfterDays: 5,
			sendWindow: { days: [1, 2, 3, 4, 5], startHour: 9, endHour: 17 },
			detractorThreshold: surveyScales[spec.kind].detractorThreshold,
			activatedAt,
			pausedAt: null,
			createdById: admin.id,
			createdAt: new Date(activatedAt.getTime() - 3 * dayMs),
			updatedAt: activatedAt
		};
	});

	const invitations: {
		id: string;
		surveyId: string;
		contactId: string;
		cycle: number;
		tokenHash: string;
		reminderTokenHash: string | null;
		locale: string;
		createdAt: Date;
		remindedAt: Date | null;
		respondedAt: Date | null;
	}[] = [];
	const responses: {
		id: string;
		invitationId: string;
		surveyId: string;
		contactId: string;
		accountId: string;
		score: number;
		comment: string | null;
		answers: Record<string, string | number>;
		locale: string;
		detractor: boolean;
		createdAt: Date;
		updatedAt: Date;
		editableUntil: Date;
	}[] = [];
	const suggestions: {
		id: string;
		source: 'survey';
		responseId: string;
		contactId: string;
		accountId: string;
		text: string;
		createdAt: Date;
		updatedAt: Date;
	}[] = [];
	const events: {
		id: string;
		type: string;
		subjectId: string;
		payload: Record<string, unknown>;
		createdAt: Date;
		processedAt: Date | null;
	}[] = [];
	const skips: {
		surveyId: string;
		contactId: string;
		cycle: number;
		reason: SkipReason;
		nextPossibleAt: Date | null;
		recheckAt: Date;
		at: Date;
	}[] = [];
	const lastSurveyedAt = new Map<string, Date>();
	/** The vocabulary's request each comment says, by response id (thanks and vague words have none). */
	const requestOf = new Map<string, string>();

	// Send in time order across surveys, so the fatigue rule (30 days) holds as the scheduler would keep it.
	type Send = {
		survey: (typeof surveys)[number];
		cycle: number;
		contact: Demo['contacts'][number];
		at: Date;
	};
	const sends: Send[] = [];
	surveys.forEach((survey, index) => {
		const spec = specs[index]!;
		const cycles = Math.floor(spec.startedDaysAgo / spec.cadenceDays) + 1;
		for (const contact of demo.contacts) {
			const account = accountById.get(contact.accountId)!;
			if (spec.tiers.length && !spec.tiers.includes(account.tier)) continue;
			for (let cycle = 0; cycle < cycles; cycle++) {
				const cycleStart = survey.activatedAt!.getTime() + cycle * spec.cadenceDays * dayMs;
				// Most contacts go out in the first days of a window, on a weekday morning.
				let at = new Date(cycleStart + random.int(0, 6) * dayMs);
				while (at.getUTCDay() === 0 || at.getUTCDay() === 6) at = new Date(at.getTime() + dayMs);
				at.setUTCHours(random.int(8, 14), random.int(0, 59), 0, 0);
				// A contact added during a window is asked soon after it is added.
				if (at < contact.createdAt)
					at = new Date(contact.createdAt.getTime() + random.int(1, 3) * dayMs);
				if (at >= now || at.getTime() >= cycleStart + spec.cadenceDays * dayMs) continue;
				sends.push({ survey, cycle, contact, at });
			}
		}
	});
	sends.sort((a, b) => a.at.getTime() - b.at.getTime());

	for (const { survey, cycle, contact, at } of sends) {
		const account = accountById.get(contact.accountId)!;
		const blocked: SkipReason | null = !contact.consent
			? 'no_consent'
			: contact.unsubscribedAt && contact.unsubscribedAt <= at
				? 'unsubscribed'
				: contact.bouncedAt && contact.bouncedAt <= at
					? 'bounced'
					: !isCustomerAt(account, at)
						? null
						: (lastSurveyedAt.get(contact.id)?.getTime() ?? 0) > at.getTime() - 30 * dayMs
							? 'throttled'
							: null;
		if (!isCustomerAt(account, at)) continue;
		if (blocked) {
			const isPermanent = blocked !== 'throttled';
			const nextPossibleAt = isPermanent
				? null
				: new Date(lastSurveyedAt.get(contact.id)!.getTime() + 30 * dayMs);
			skips.push({
				surveyId: survey.id,
				contactId: contact.id,
				cycle,
				reason: blocked,
				nextPossibleAt,
				recheckAt: nextPossibleAt ?? new Date(now.getTime() + dayMs),
				at
			});
			continue;
		}
		lastSurveyedAt.set(contact.id, at);
		const language = contact.locale.split('-')[0]!;
		const locale = shipped.has(language) ? language : 'en';
		const invitation = {
			id: random.id(),
			surveyId: survey.id,
			contactId: contact.id,
			cycle,
			tokenHash: random.hex(64),
			reminderTokenHash: null as string | null,
			locale,
			createdAt: at,
			remindedAt: null as Date | null,
			respondedAt: null as Date | null
		};
		invitations.push(invitation);

		// Enterprise and premium contacts answer more often; a reminder brings in a few more.
		const answerChance =
			account.tier === 'enterprise' ? 0.55 : account.tier === 'premium' ? 0.48 : 0.38;
		const age = (now.getTime() - at.getTime()) / dayMs;
		const answersNow = random.chance(answerChance);
		const answersAfterReminder = !answersNow && random.chance(0.18);
		if (!answersNow && age > 5) {
			invitation.remindedAt = new Date(at.getTime() + 5 * dayMs);
			invitation.reminderTokenHash = random.hex(64);
		}
		if (!(answersNow || (answersAfterReminder && age > 6))) continue;
		const answeredAt = new Date(
			answersNow
				? at.getTime() + random.int(5, 60 * 48) * 60_000
				: at.getTime() + (5 + random.next()) * dayMs
		);
		if (answeredAt >= now) continue;
		invitation.respondedAt = answeredAt;

		const yearShare = Math.min(
			1,
			Math.max(0, 1 - (now.getTime() - answeredAt.getTime()) / (365 * dayMs))
		);
		const [start, end] = npsDrift[account.tier] ?? [7.5, 7.5];
		// Customers about to leave score lower in the months before they go.
		const leaving = account.spells.some(
			(spell) =>
				spell.lostAt !== null &&
				spell.lostAt > answeredAt &&
				spell.lostAt.getTime() - answeredAt.getTime() < 150 * dayMs
		);
		const mean = start + (end - start) * yearShare - (leaving ? 2.5 : 0);
		const scale = surveyScales[survey.kind];
		const nps = Math.max(0, Math.min(10, Math.round(mean + random.normal() * 2.1)));
		const score =
			survey.kind === 'nps'
				? nps
				: Math.max(
						scale.min,
						Math.min(scale.max, Math.round(scale.min + (nps / 10) * (scale.max - scale.min)))
					);
		const mood =
			score <= survey.detractorThreshold
				? 'low'
				: survey.kind === 'nps'
					? score >= 9
						? 'high'
						: 'mid'
					: score === scale.max
						? 'high'
						: 'mid';
		const commentChance = mood === 'low' ? 0.7 : mood === 'mid' ? 0.45 : 0.3;
		// The open answer to "What should we improve?": the real answer path makes it a suggestion.
		const said = random.chance(commentChance)
			? pickComment(
					random,
					mood,
					locale as Language,
					(now.getTime() - answeredAt.getTime()) / dayMs
				)
			: null;
		const comment = said?.text ?? null;
		const response = {
			id: random.id(),
			invitationId: invitation.id,
			surveyId: survey.id,
			contactId: contact.id,
			accountId: account.id,
			score,
			comment,
			answers: {},
			locale,
			detractor: score <= survey.detractorThreshold,
			createdAt: answeredAt,
			updatedAt: answeredAt,
			editableUntil: new Date(answeredAt.getTime() + 7 * dayMs)
		};
		responses.push(response);
		// History is already handled: the complaint workflow should not open cases for last year's answers.
		events.push({
			id: random.id(),
			type: 'response.received',
			subjectId: response.id,
			payload: { responseId: response.id, surveyId: survey.id, score },
			createdAt: answeredAt,
			processedAt: answeredAt
		});
		if (response.detractor) {
			events.push({
				id: random.id(),
				type: 'response.detractor',
				subjectId: response.id,
				payload: {
					responseId: response.id,
					invitationId: invitation.id,
					surveyId: survey.id,
					contactId: contact.id,
					accountId: account.id,
					score
				},
				createdAt: answeredAt,
				processedAt: answeredAt
			});
		}
		if (comment) {
			if (said?.request) requestOf.set(response.id, said.request.key);
			suggestions.push({
				id: random.id(),
				source: 'survey',
				responseId: response.id,
				contactId: contact.id,
				accountId: account.id,
				text: comment,
				createdAt: answeredAt,
				updatedAt: answeredAt
			});
		}
	}

	// Keep only each contact's latest skip per survey, as the scheduler does.
	const latestSkip = new Map<string, (typeof skips)[number]>();
	for (const skip of skips) latestSkip.set(`${skip.surveyId}:${skip.contactId}`, skip);
	const invitedCycles = new Set(
		invitations.map(
			(invitation) => `${invitation.surveyId}:${invitation.contactId}:${invitation.cycle}`
		)
	);
	const currentSkips = [...latestSkip.values()].filter(
		(skip) => !invitedCycles.has(`${skip.surveyId}:${skip.contactId}:${skip.cycle}`)
	);

	return {
		surveys,
		invitations,
		responses,
		suggestions,
		events,
		skips: currentSkips,
		lastSurveyedAt,
		requestOf
	};
}
