import { z } from '@hono/zod-openapi';
import { reportGranularities } from '../domain/report-periods';

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
