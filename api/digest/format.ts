/**
 * How the weekly digest says its figures: pure functions of numbers, no I/O.
 * A figure's value, its change against the week before (▲/▼, and whether up
 * is good), and its n with the reports' small-n warning (n < 5).
 */
import { minimumReliableCount } from '../domain/survey-metrics';
import { nextPeriod, periodLabel, periodStart } from '../domain/report-periods';

const dayMs = 86_400_000;
/** Digests go out on the first tick at or after Monday 07:00 UTC. */
export const sendHourUtc = 7;

export type Tone = 'good' | 'bad' | 'neutral';

/** A figure as the email shows it; `href` opens its report with the week chosen. */
export type DigestFigure = {
	label: string;
	value: string;
	/** "▲4 vs last week", with the colour it deserves; null when there is nothing to compare. */
	change: { text: string; tone: Tone } | null;
	/** What the figure counts, e.g. "n = 12 answers · ±9.3". */
	basis: string;
	/** Set when n < 5, as the reports flag it. */
	caution: string | null;
	href: string;
};

export type DigestSection = {
	id: string;
	title: string;
	/** The report page for the week. */
	href: string;
	/** What its links open: a report (the default) or the case queue. */
	opens?: 'report' | 'queue';
	figures: DigestFigure[];
	/** Up to one short part of the subject line, e.g. "SLA 91 %". */
	headline: string | null;
};

/** The week a digest covers: [start, end), Monday to Monday (UTC), and the week before it. */
export type DigestWeek = {
	start: Date;
	end: Date;
	previousStart: Date;
	/** When its digest falls due: the Monday 07:00 UTC after it. */
	dueAt: Date;
	/** "2026-W10" */
	label: string;
	/** First and last day, `YYYY-MM-DD`. */
	firstDay: string;
	lastDay: string;
	previousFirstDay: string;
	previousLastDay: string;
};

const toDay = (at: Date) => at.toISOString().slice(0, 10);

/** The week starting on the Monday `start`. */
export function digestWeek(start: Date): DigestWeek {
	const end = nextPeriod('week', start);
	const previousStart = new Date(start.getTime() - 7 * dayMs);
	return {
		start,
		end,
		previousStart,
		dueAt: new Date(end.getTime() + sendHourUtc * 3_600_000),
		label: periodLabel('week', start),
		firstDay: toDay(start),
		lastDay: toDay(new Date(end.getTime() - dayMs)),
		previousFirstDay: toDay(previousStart),
		previousLastDay: toDay(new Date(start.getTime() - dayMs))
	};
}

/**
 * The latest week whose digest has fallen due at `now`: the week before this
 * one from Monday 07:00 UTC, the one before that until then. A tick that was
 * down for weeks sends that one week only.
 */
export function dueWeek(now: Date): DigestWeek {
	const shifted = new Date(now.getTime() - sendHourUtc * 3_600_000);
	return digestWeek(new Date(periodStart('week', shifted).getTime() - 7 * dayMs));
}

/** The last full week at `now` (for the preview): the one before the current week. */
export function lastFullWeek(now: Date): DigestWeek {
	return digestWeek(new Date(periodStart('week', now).getTime() - 7 * dayMs));
}

const dayMonth = new Intl.DateTimeFormat('en-GB', {
	day: 'numeric',
	month: 'short',
	timeZone: 'UTC'
});
const fullDay = new Intl.DateTimeFormat('en-GB', {
	day: 'numeric',
	month: 'short',
	year: 'numeric',
	timeZone: 'UTC'
});

/** "2 – 8 Mar 2026", "23 Feb – 1 Mar 2026", "29 Dec 2025 – 4 Jan 2026". */
export function weekSpan(week: DigestWeek): string {
	const first = week.start;
	const last = new Date(week.end.getTime() - dayMs);
	if (first.getUTCFullYear() !== last.getUTCFullYear())
		return `${fullDay.format(first)} – ${fullDay.format(last)}`;
	if (first.getUTCMonth() === last.getUTCMonth())
		return `${first.getUTCDate()} – ${fullDay.format(last)}`;
	return `${dayMonth.format(first)} – ${fullDay.format(last)}`;
}

const integer = new Intl.NumberFormat('en');
const minus = '−';

/** Rounds to `digits` decimals, dropping a trailing ".0"; never "-0". */
export function decimal(value: number, digits = 0): string {
	const rounded = Number(value.toFixed(digits));
	const text = Math.abs(rounded).toLocaleString('en', { maximumFractionDigits: digits });
	return rounded < 0 ? `${minus}${text}` : text;
}

export const count = (value: number) => integer.format(value);

/** A percentage at most one decimal: "91 %", "87.5 %". */
export const percent = (share: number) => `${decimal(share, 1)} %`;

/** NPS with its sign: "+32", "−5", "0". */
export const signed = (value: number, digits = 0) => {
	const text = decimal(value, digits);
	return Number(value.toFixed(digits)) > 0 ? `+${text}` : text;
};

/**
 * The change from last week: "▲4", "▼2.5 pts", "No change"; its tone says
 * whether that is good news (`higherIsBetter`) or bad, or neither.
 */
export function changeOf(
	current: number | null,
	previous: number | null,
	options: { digits?: number; unit?: string; higherIsBetter?: boolean | null } = {}
): DigestFigure['change'] {
	if (current === null || previous === null) return null;
	const digits = options.digits ?? 0;
	const delta = Number((current - previous).toFixed(digits));
	if (delta === 0) return { text: 'No change on last week', tone: 'neutral' };
	const arrow = delta > 0 ? '▲' : '▼';
	const better = options.higherIsBetter ?? null;
	const tone: Tone = better === null ? 'neutral' : delta > 0 === better ? 'good' : 'bad';
	return {
		text: `${arrow}${decimal(Math.abs(delta), digits)}${options.unit ?? ''} on last week`,
		tone
	};
}

/** The short form of a change for the subject line: "▲4", "▼1", "=". */
export function shortChange(change: DigestFigure['change']): string {
	if (!change) return '';
	const match = /^([▲▼][\d.,]+)/.exec(change.text);
	return match ? match[1]! : '=';
}

/** The reports' warning for a figure on fewer than 5. */
export function caution(n: number, what: string): string | null {
	return n > 0 && n < minimumReliableCount
		? `Fewer than ${minimumReliableCount} ${what}: read with care`
		: null;
}

/** Builds a console link with query parameters. */
export function consoleLink(publicUrl: string, path: string, query: Record<string, string> = {}) {
	const base = publicUrl.replace(/\/+$/, '');
	const search = new URLSearchParams(query).toString();
	return `${base}${path}${search ? `?${search}` : ''}`;
}
