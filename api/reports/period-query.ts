import { z } from '@hono/zod-openapi';
import { reportGranularities } from '../domain/report-periods';
import { dayEnd, dayStart, lastMonths, periodCount, toDay } from '../domain/suggestion-conversion';
import { AppError } from '../errors';

/** A calendar day in a report's query, `YYYY-MM-DD` (UTC). */
export const Day = z.iso.date('Use a date like 2026-03-31.');

/** The period fields every period report takes; `what` says what falls in it ("the clocks settled on"). */
export function periodQueryFields(what: string) {
	return {
		from: Day.optional().openapi({
			example: '2026-01-01',
			description: `First day (UTC) ${what}; default: the 1st of the month eleven months back.`
		}),
		to: Day.optional().openapi({
			example: '2026-03-31',
			description: 'Last day (UTC, inclusive); default: today.'
		}),
		granularity: z
			.enum(reportGranularities, { error: 'Choose week or month.' })
			.optional()
			.default('month')
			.openapi({ description: 'The chart’s periods: UTC weeks (from Monday) or months.' })
	};
}

/** The presets the console offers (months back from today); the default span is the longest. */
export const presetMonths = [3, 6, 12] as const;
/** Weeks at most in one report: about ten years. */
const maxWeeks = 600;

/** A 422 naming one field, as the period reports answer bad filters. */
export const invalidField = (field: string, message: string) =>
	new AppError('validation_failed', 'Some fields are missing or invalid.', { [field]: [message] });

/**
 * The days a period report's query asks for, checked. Missing ends: twelve
 * months up to `to` (or today); up to today, or the first day if later. A
 * period ending before it starts, or longer than about ten years, is a 422.
 * `span` is the same days as instants ([from 00:00, the day after `to`), UTC),
 * `presets` the console's choices as of `now`.
 */
export function resolvePeriod(
	query: { from?: string | undefined; to?: string | undefined },
	now: Date
) {
	const todayDay = toDay(now);
	const to = query.to ?? (query.from && query.from > todayDay ? query.from : todayDay);
	const from = query.from ?? lastMonths(12, dayStart(to)).from;
	if (from > to) throw invalidField('to', 'The period must end on or after its first day.');
	if (periodCount('week', from, to) > maxWeeks)
		throw invalidField('from', 'Show at most about ten years at a time.');
	return {
		from,
		to,
		today: now,
		span: { from: dayStart(from), to: dayEnd(to) },
		presets: presetMonths.map((months) => ({ months, ...lastMonths(months, now) }))
	};
}
