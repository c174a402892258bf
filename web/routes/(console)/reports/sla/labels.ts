import { count } from '../report-labels';

export { count, dayLabel, percent, periodName, periodSpan } from '../report-labels';

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
