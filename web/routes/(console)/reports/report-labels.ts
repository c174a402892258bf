/** Words and numbers the period reports (SLA, suggestions) share: UTC days, periods, counts, shares. */
import type { ReportGranularity } from '$api/domain/report-periods';

const number = new Intl.NumberFormat('en');
const monthFormat = new Intl.DateTimeFormat('en-GB', {
	month: 'short',
	year: 'numeric',
	timeZone: 'UTC'
});
const shortMonth = new Intl.DateTimeFormat('en-GB', { month: 'short', timeZone: 'UTC' });
const dayMonth = new Intl.DateTimeFormat('en-GB', {
	day: 'numeric',
	month: 'short',
	timeZone: 'UTC'
});
const fullDay = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeZone: 'UTC' });

export const count = (value: number) => number.format(value);

/** A share as the console shows it: at most one decimal, `–` when there is nothing to share. */
export function percent(share: number | null): string {
	return share === null ? '–' : `${Number(share.toFixed(1))} %`;
}

const at = (day: string) => new Date(`${day}T00:00:00Z`);

/** `2026-01-01` → `1 Jan 2026`. */
export const dayLabel = (day: string) => fullDay.format(at(day));

/** The period as the chart's axis says it: `Jan 2026`, or the week's Monday, `5 Jan`. */
export function periodName(granularity: ReportGranularity, start: string, short = false): string {
	if (granularity === 'month') return (short ? shortMonth : monthFormat).format(at(start));
	return dayMonth.format(at(start));
}

/** The days a period covers, for the table: `5 Jan – 11 Jan 2026`, or the month. */
export function periodSpan(granularity: ReportGranularity, start: string): string {
	if (granularity === 'month') return monthFormat.format(at(start));
	const end = new Date(at(start).getTime() + 6 * 86_400_000);
	return `${dayMonth.format(at(start))} – ${fullDay.format(end)}`;
}
