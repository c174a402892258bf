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

/** A share as the console shows it: at most one decimal, `–` when nothing settled. */
export function percent(share: number | null): string {
	return share === null ? '–' : `${Number(share.toFixed(1))} %`;
}

/**
 * Business minutes as hours and minutes: `285` → `4 h 45 min`, `90` → `1 h 30 min`, `45` →
 * `45 min`. Business hours do not add up to calendar days, so there are no days here.
 */
export function businessTime(minutes: number | null): string {
	if (minutes === null) return '–';
	const whole = Math.round(minutes);
	if (whole < 60) return `${whole} min`;
	const hours = Math.floor(whole / 60);
	const rest = whole % 60;
	return rest ? `${count(hours)} h ${rest} min` : `${count(hours)} h`;
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

/** `1` → `1st`, `2` → `2nd`: a round of a next-response or resolution clock. */
export function ordinal(value: number): string {
	const tens = value % 100;
	const suffix =
		tens >= 11 && tens <= 13 ? 'th' : ({ 1: 'st', 2: 'nd', 3: 'rd' }[value % 10] ?? 'th');
	return `${value}${suffix}`;
}

const instantFormat = new Intl.DateTimeFormat('en-GB', {
	dateStyle: 'medium',
	timeStyle: 'short',
	timeZone: 'UTC'
});

/** `2026-03-02T16:00:00Z` → `2 Mar 2026, 16:00`, in UTC (the table's headings say so). */
export const instant = (iso: string) => instantFormat.format(new Date(iso));
