export { count, dayLabel, percent, periodName, periodSpan } from '../report-labels';

/** `29.604` → `29.6 days`; `1` → `1 day`; under a day in hours. */
export function days(value: number | null): string {
	if (value === null) return '–';
	if (value < 1) {
		const hours = Math.round(value * 24);
		return hours === 1 ? '1 hour' : `${hours} hours`;
	}
	const rounded = Number(value.toFixed(1));
	return rounded === 1 ? '1 day' : `${rounded} days`;
}
