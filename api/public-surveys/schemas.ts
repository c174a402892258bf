import { z } from '@hono/zod-openapi';
import { maxAnswerLength } from './validate-answers';

/** A link's token. Anything that is not one of ours is simply unknown (404), never a validation error. */
export const TokenParam = z.object({
	token: z
		.string()
		.openapi({ param: { name: 'token', in: 'path' }, example: 'q8V2kXb0Zr4mT1sLw9YcHg' })
});

const Instant = z.iso.datetime();

export const ScoreInput = z
	.object({
		score: z
			.number()
			.int('Give a whole number.')
			.openapi({ description: 'A score on the survey’s scale.', example: 9 })
	})
	.openapi('ScoreInput');
export type ScoreInput = z.infer<typeof ScoreInput>;

const AnswerText = z.string().max(maxAnswerLength * 2);

export const AnswersInput = z
	.object({
		comment: z
			.string()
			.trim()
			.max(maxAnswerLength, `Keep your answer to ${maxAnswerLength} characters.`)
			.nullable()
			.optional()
			.openapi({
				description: 'The answer to "What should we improve?"; empty or null removes it.'
			}),
		answers: z
			.record(z.string().max(32), z.union([z.number(), AnswerText]))
			.refine((answers) => Object.keys(answers).length <= 20, 'At most 20 answers.')
			.optional()
			.openapi({
				description:
					'Further questions’ answers by question id: a choice’s option index, a rating 1…scaleMax, or a text. Replaces the earlier answers; an empty string leaves a question unanswered.'
			})
	})
	.strict()
	.openapi('AnswersInput');
export type AnswersInput = z.infer<typeof AnswersInput>;

export const PublicResponse = z
	.object({
		score: z.number().int(),
		comment: z.string().nullable(),
		answers: z.record(z.string(), z.union([z.string(), z.number()])),
		answeredAt: Instant,
		updatedAt: Instant,
		editableUntil: Instant
	})
	.openapi('PublicResponse');
export type PublicResponse = z.infer<typeof PublicResponse>;

export const PublicQuestion = z
	.object({
		id: z.string(),
		type: z.enum(['choice', 'rating', 'text']),
		text: z.string(),
		options: z.array(z.string()).optional(),
		scaleMax: z.number().int().optional()
	})
	.openapi('PublicQuestion');
export type PublicQuestion = z.infer<typeof PublicQuestion>;

export const SurveyCopy = z.record(z.string(), z.unknown()).openapi('SurveyCopy', {
	description:
		'The page’s words in the chosen language (see api/domain/survey-copy.ts); `{date}` and `{score}` are left for the page.'
});

export const PublicBrand = z.object({ name: z.string(), brandColor: z.string() });

export const PublicInvitation = z
	.object({
		state: z.enum(['open', 'answered', 'closed']).openapi({
			description:
				'`open`: not answered yet; `answered`: answered and still changeable; `closed`: takes no answer (unanswered for 30 days, or past the 7-day edit window).'
		}),
		/** Whether a score or answers can be sent now. */
		editable: z.boolean(),
		locale: z
			.string()
			.openapi({ description: 'The language of the survey’s text, for the page’s `lang`.' }),
		timeZone: z.string().openapi({ description: 'The contact’s time zone, to show dates in.' }),
		organization: PublicBrand,
		survey: z.object({
			kind: z.enum(['nps', 'csat', 'ces']),
			min: z.number().int(),
			max: z.number().int(),
			question: z.string(),
			improve: z.string(),
			questions: z.array(PublicQuestion)
		}),
		response: PublicResponse.nullable(),
		unsubscribed: z.boolean(),
		copy: SurveyCopy
	})
	.openapi('PublicInvitation');
export type PublicInvitation = z.infer<typeof PublicInvitation>;

export const PageCopyQuery = z.object({
	locale: z.string().max(200).optional().openapi({
		description:
			'A language tag or a whole `Accept-Language` value; the best shipped language wins, English otherwise.'
	})
});

export const PageCopy = z
	.object({ locale: z.string(), organization: PublicBrand, copy: SurveyCopy })
	.openapi('PageCopy');

export const UnsubscribeForm = z
	.looseObject({ 'List-Unsubscribe': z.string().max(100).optional() })
	.openapi('OneClickUnsubscribe', { description: 'RFC 8058: `List-Unsubscribe=One-Click`.' });

export const UnsubscribeJson = z
	.object({ via: z.enum(['one-click', 'page']).default('one-click') })
	.openapi('UnsubscribeInput');

/**
 * An unsubscribe POST's body: the mail client's RFC 8058 one-click form, the
 * page's JSON, or nothing at all.
 */
export const unsubscribeRequestBody = {
	required: false,
	content: {
		'application/x-www-form-urlencoded': { schema: UnsubscribeForm },
		'application/json': { schema: UnsubscribeJson }
	}
};

/** Who asked: only the page says `page`; a form (one-click) or no body means one-click. */
export function unsubscribeVia(body: unknown): 'one-click' | 'page' {
	return (body as { via?: 'one-click' | 'page' }).via ?? 'one-click';
}

export const UnsubscribeResult = z
	.object({
		unsubscribed: z.literal(true),
		unsubscribedAt: Instant,
		/** False when the contact was already unsubscribed. */
		changed: z.boolean()
	})
	.openapi('UnsubscribeResult');
export type UnsubscribeResult = z.infer<typeof UnsubscribeResult>;
