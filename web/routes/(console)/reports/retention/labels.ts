export { count, dayLabel, percent, periodName, periodSpan } from '../report-labels';

/** Net growth with its sign: `+4.2 %`, `−10 %`, `0 %`; `–` when there is no rate. */
export function signedPercent(value: number | null): string {
	if (value === null) return '–';
	const rounded = Number(value.toFixed(1));
	if (rounded === 0) return '0 %';
	return `${rounded > 0 ? '+' : '−'}${Math.abs(rounded)} %`;
}
