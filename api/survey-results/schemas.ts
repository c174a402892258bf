import { z } from '@hono/zod-openapi';
import { skipReasons } from '../domain/survey-definition';
import { surveyKinds, surveyStatuses } from '../../db/schema/surveys';
import { summaryPeriods } from './periods';
import { scoreBands } from './score-bands';

const Instant = z.iso.datetime();

export const SummaryQuery = z.object({
	period: z
		.enum(summaryPeriods, { error: 'Choose 30d, 90d, 365d or all.' })
		.default('90d')
		.openapi({
			description: 'The span ending now; the previous equal span is given for comparison.'
		})
});
export type SummaryQuery = z.infer<typeof SummaryQuery>;

/** A date (`2026-03-02`, the whole day in UTC) or an ISO 8601 instant with offset; empty means none. */
const DateBound = z
	.union([z.iso.date(), z.iso.datetime({ offset: true }), z.literal('')], {
		error: 'Enter a date such as 2026-03-02.'
	})
	.optional()
	.transform((value) => value || undefined);

export const responseGroups = ['all', 'promoters', 'passives', 'detractors'] as const;
export type ResponseGroup = (typeof responseGroups)[number];

export const responseSorts = [
	'answeredAt',
	'-answeredAt',
	'score',
	'-score',
	'contact',
	'-contact'
] as const;
export type ResponseSort = (typeof responseSorts)[number];

/** Filters shared by the responses list and its CSV export. Empty strings mean "no filter". */
export const ResponseFilters = z.object({
	group: z
		.union([z.enum(responseGroups), z.literal('')], {
			error: 'Choose all, promoters, passives or detractors.'
		})
		.optional()
		.transform((value): ResponseGroup => value || 'all')
		.openapi({
			type: 'string',
			enum: [...responseGroups],
			description:
				'By the metric’s bands: NPS 9–10 / 7–8 / 0–6; CSAT 4–5 / 3 / 1–2; CES 5–7 / 4 / 1–3.'
		}),
	hasComment: z
		.enum(['true', 'false', ''], { error: 'Use true or false.' })
		.optional()
		.transform((value) => (value ? value === 'true' : undefined))
		.openapi({ type: 'string', enum: ['true', 'false'] }),
	q: z
		.string()
		.trim()
		.max(200, 'Keep the search to 200 characters.')
		.optional()
		.openapi({ description: 'Contact name or email, account name, or words in the comment.' }),
	from: DateBound.openapi({
		type: 'string',
		example: '2026-01-01',
		description: 'Answered on or after this date (UTC) or instant.'
	}),
	to: DateBound.openapi({
		type: 'string',
		example: '2026-03-31',
		description: 'Answered on or before this date (the whole day, UTC), or before this instant.'
	}),
	sort: z
		.union([z.enum(responseSorts), z.literal('')], {
			error: 'Sort by answeredAt, score or contact.'
		})
		.optional()
		.transform((value): ResponseSort => value || '-answeredAt')
		.openapi({ type: 'string', enum: [...responseSorts] })
});
export type ResponseFilters = z.output<typeof ResponseFilters>;

export const ResponseListQuery = ResponseFilters.extend({
	page: z.coerce.number({ error: 'Use a page number.' }).int().min(1).default(1),
	pageSize: z.coerce
		.number({ error: 'Use a number from 1 to 100.' })
		.int()
		.min(1)
		.max(100)
		.default(25)
});
export type ResponseListQuery = z.output<typeof ResponseListQuery>;

const Band = z.enum(scoreBands);

const SurveyHeader = z.object({
	id: z.string(),
	name: z.string(),
	kind: z.enum(surveyKinds),
	status: z.enum(surveyStatuses)
});

export const SurveyQuestion = z.object({
	id: z.string(),
	type: z.enum(['choice', 'rating', 'text']),
	/** The English wording. */
	text: z.string()
});

const ScoreSummary = z
	.object({
		n: z
			.number()
			.int()
			.openapi({ description: 'Contacts counted: the latest answer per contact.' }),
		score: z.number().nullable().openapi({
			description: 'NPS −100…100, CSAT % satisfied, CES mean; null without answers.'
		}),
		marginOfError: z
			.number()
			.nullable()
			.openapi({ description: '95 % margin of error, in the score’s unit.' }),
		reliable: z
			.boolean()
			.openapi({ description: 'False below 5 answers: never show the score bare.' }),
		mean: z
			.number()
			.nullable()
			.openapi({ description: 'Mean answer on the scale; null without answers.' }),
		distribution: z.array(
			z.object({ score: z.number().int(), count: z.number().int(), band: Band })
		),
		shares: z.record(z.string(), z.number()).openapi({
			description:
				'Percentages: NPS promoters, passives, detractors; CSAT satisfied; CES agree (5–7).'
		})
	})
	.openapi('SurveyScore');
export type ScoreSummary = z.infer<typeof ScoreSummary>;

const SurveyComment = z.object({
	responseId: z.string(),
	contact: z.object({ id: z.string(), name: z.string() }),
	account: z.object({ id: z.string(), name: z.string() }),
	score: z.number().int(),
	band: Band,
	comment: z.string(),
	answeredAt: Instant
});

export const SurveySummary = z
	.object({
		survey: SurveyHeader.extend({
			activatedAt: Instant.nullable(),
			pausedAt: Instant.nullable(),
			cadenceDays: z.number().int(),
			reminderAfterDays: z.number().int().nullable(),
			scale: z.object({ min: z.number().int(), max: z.number().int() }),
			questions: z.array(SurveyQuestion)
		}),
		period: z.object({
			key: z.enum(summaryPeriods),
			from: Instant.nullable(),
			to: Instant,
			previousFrom: Instant.nullable(),
			previousTo: Instant.nullable()
		}),
		invitations: z.object({
			sent: z.number().int().openapi({ description: 'Invitations created in the period.' }),
			delivered: z.number().int(),
			pending: z.number().int(),
			failed: z.number().int(),
			answered: z
				.number()
				.int()
				.openapi({ description: 'Of those invitations, how many have an answer.' }),
			reminded: z.number().int(),
			responseRate: z
				.number()
				.nullable()
				.openapi({ description: 'answered ÷ sent as a percentage; null when none sent.' })
		}),
		/** Every invitation the survey ever sent, so the page knows a survey that has not started. */
		invitationsEver: z.number().int(),
		responses: z.number().int().openapi({
			description: 'Answers received in the period, before keeping the latest per contact.'
		}),
		score: ScoreSummary,
		previous: ScoreSummary.nullable(),
		change: z.number().nullable().openapi({
			description: 'score − previous score, when both rest on at least 5 answers.'
		}),
		skipped: z.object({
			total: z.number().int(),
			reasons: z.array(
				z.object({ reason: z.enum(skipReasons), label: z.string(), count: z.number().int() })
			)
		}),
		comments: z.array(SurveyComment)
	})
	.openapi('SurveySummary');
export type SurveySummary = z.infer<typeof SurveySummary>;

export const SurveyResponse = z
	.object({
		id: z.string(),
		contact: z.object({ id: z.string(), name: z.string(), email: z.string() }),
		account: z.object({ id: z.string(), name: z.string() }),
		score: z.number().int(),
		band: Band,
		comment: z.string().nullable(),
		answers: z.record(z.string(), z.union([z.string(), z.number()])).openapi({
			description:
				'Further answers as stored, by question id: a choice’s option index, a rating, a text.'
		}),
		further: z
			.array(z.object({ id: z.string(), question: z.string(), answer: z.string() }))
			.openapi({
				description: 'The answered further questions in order, in English, ready to read.'
			}),
		locale: z.string(),
		answeredAt: Instant,
		editedAt: Instant.nullable().openapi({
			description: 'When the answer was last changed, if it was.'
		})
	})
	.openapi('SurveyResponse');
export type SurveyResponse = z.infer<typeof SurveyResponse>;

export const SurveyResponsePage = z
	.object({
		items: z.array(SurveyResponse),
		total: z.number().int(),
		page: z.number().int(),
		pageSize: z.number().int()
	})
	.openapi('SurveyResponsePage');

export const ContactSurvey = z
	.object({
		survey: SurveyHeader,
		/** The latest invitation of this survey to the contact. */
		invitation: z
			.object({
				id: z.string(),
				cycle: z.number().int(),
				sentAt: Instant,
				remindedAt: Instant.nullable(),
				answeredAt: Instant.nullable()
			})
			.nullable(),
		/** The contact's latest answer to this survey. */
		response: z
			.object({
				id: z.string(),
				score: z.number().int(),
				band: Band,
				scaleMax: z.number().int(),
				comment: z.string().nullable(),
				answeredAt: Instant,
				editedAt: Instant.nullable()
			})
			.nullable(),
		/** Why the contact was not asked in the current cadence window, if it was not. */
		skip: z
			.object({
				reason: z.enum(skipReasons),
				label: z.string(),
				nextPossibleAt: Instant.nullable().openapi({
					description: 'Null: not until something about the contact changes.'
				}),
				at: Instant
			})
			.nullable()
	})
	.openapi('ContactSurvey');
export type ContactSurvey = z.infer<typeof ContactSurvey>;
