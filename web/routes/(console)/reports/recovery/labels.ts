import { count } from '../report-labels';

export { count, dayLabel, percent, periodName, periodSpan } from '../report-labels';

/** Hours as the console shows them: `0.5` → `30 min`, `36` → `36 h`, `504` → `21 days`. */
export function duration(hours: number | null): string {
	if (hours === null) return '–';
	if (hours < 1) return `${Math.round(hours * 60)} min`;
	if (hours < 48) return `${count(Number(hours.toFixed(1)))} h`;
	const days = Number((hours / 24).toFixed(1));
	return `${count(days)} days`;
}

/** The parts of a figure's n: `2 of 7`, or `n = 0`. */
export const of = (figure: { count: number; n: number }) =>
	figure.n ? `${count(figure.count)} of ${count(figure.n)}` : 'n = 0';
