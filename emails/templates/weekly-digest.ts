import { z } from 'zod';
import {
	brandColor,
	escapeHtml,
	renderEmail,
	safeHref,
	type Brand,
	type RenderedEmail
} from '../render';

/**
 * The weekly digest to managers and admins: the week's headline figures, each
 * with its n and the change against the week before, each linking into its
 * report with the week chosen. English (staff have no language setting).
 *
 * The figures are laid out as tiles, two to a row, which the shared blocks of
 * `render.ts` do not offer: each section is a marker paragraph in the shared
 * layout, replaced here by the section's own inline-styled table (and, in the
 * text part, by its lines). Everything else is the shared chrome.
 */
const Tone = z.enum(['good', 'bad', 'neutral']);
const oneLine = z.string().regex(/^[^\p{Cc}\u2028\u2029]*$/u, 'One line of text');

const Figure = z.object({
	label: oneLine.min(1),
	value: oneLine.min(1),
	change: z.object({ text: oneLine.min(1), tone: Tone }).nullable(),
	basis: oneLine,
	caution: oneLine.nullable(),
	href: z.url()
});

export const WeeklyDigestProps = z.object({
	recipientName: z.string().min(1),
	/** "2026-W10" */
	weekLabel: oneLine.min(1),
	/** "2 – 8 Mar 2026" */
	weekSpan: oneLine.min(1),
	/** Parts of the subject line, e.g. ["NPS +32 (▲4)", "SLA 91 %", "14 cases"]. */
	headline: z.array(oneLine.min(1)),
	sections: z.array(
		z.object({
			id: z.string().min(1),
			title: oneLine.min(1),
			href: z.url(),
			/** What the links open: a report (the default) or the case queue. */
			opens: z.enum(['report', 'queue']).optional(),
			figures: z.array(Figure).min(1)
		})
	),
	/** Titles of sections whose report could not be read this time. */
	unavailable: z.array(oneLine.min(1)).optional(),
	/** The console's reports. */
	reportsUrl: z.url(),
	/** Where the recipient turns the digest off. */
	settingsUrl: z.url()
});
export type WeeklyDigestProps = z.infer<typeof WeeklyDigestProps>;
type Section = WeeklyDigestProps['sections'][number];
type FigureProps = z.infer<typeof Figure>;

const fontStack =
	"-apple-system, BlinkMacSystemFont, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif";
const colors = {
	text: '#1f2937',
	muted: '#6b7280',
	rule: '#e5e7eb',
	tile: '#f9fafb',
	good: '#047857',
	bad: '#b91c1c',
	neutral: '#4b5563',
	caution: '#92400e'
};

const marker = (index: number) => `@@weekly-digest-section-${index}@@`;
const markerParagraph = /<p style="[^"]*">@@weekly-digest-section-(\d+)@@<\/p>/g;
const markerLine = /^@@weekly-digest-section-(\d+)@@$/gm;

/** The subject: "Acme weekly: NPS +32 (▲4), SLA 91 %, 14 cases". */
export function digestSubject(
	brand: Brand,
	props: Pick<WeeklyDigestProps, 'headline' | 'weekLabel'>
): string {
	const name = brand.name.replace(/[\p{Cc}\u2028\u2029]+/gu, ' ').trim();
	const parts = props.headline.length ? props.headline.join(', ') : `your week ${props.weekLabel}`;
	return `${name} weekly: ${parts}`;
}

function tileHtml(figure: FigureProps, accent: string, linkText: string): string {
	const href = escapeHtml(safeHref(figure.href));
	const change = figure.change
		? `<div style="margin-top:6px;font-size:13px;line-height:18px;font-weight:600;color:${colors[figure.change.tone]};">${escapeHtml(figure.change.text)}</div>`
		: '';
	const cautionLine = figure.caution
		? `<div style="margin-top:4px;font-size:12px;line-height:16px;color:${colors.caution};">&#9888;&#xFE0E; ${escapeHtml(figure.caution)}</div>`
		: '';
	return `<a href="${href}" target="_blank" style="display:block;text-decoration:none;color:${colors.text};">
<div style="font-size:13px;line-height:18px;color:${colors.muted};">${escapeHtml(figure.label)}</div>
<div style="margin-top:2px;font-size:28px;line-height:34px;font-weight:700;color:${colors.text};letter-spacing:-0.5px;">${escapeHtml(figure.value)}</div>
${change}
<div style="margin-top:4px;font-size:12px;line-height:16px;color:${colors.muted};">${escapeHtml(figure.basis)}</div>
${cautionLine}
<div style="margin-top:8px;font-size:12px;line-height:16px;font-weight:600;color:${accent};">${linkText} &rarr;</div>
</a>`;
}

function sectionHtml(section: Section, accent: string): string {
	const queue = section.opens === 'queue';
	const tileLink = queue ? 'View cases' : 'View in report';
	// Tiles are the cells themselves, so the two in a row are always the same height;
	// a lone last tile takes the whole row.
	const tile = `padding:14px 16px;background-color:${colors.tile};border:1px solid ${colors.rule};border-radius:8px;font-family:${fontStack};vertical-align:top;`;
	const rows: string[] = [];
	for (let i = 0; i < section.figures.length; i += 2) {
		const [left, right] = section.figures.slice(i, i + 2);
		if (i > 0)
			rows.push(
				'<tr><td colspan="3" height="12" style="height:12px;line-height:12px;font-size:12px;">&nbsp;</td></tr>'
			);
		rows.push(
			right
				? `<tr><td width="50%" valign="top" style="${tile}">${tileHtml(left!, accent, tileLink)}</td><td width="12" style="width:12px;font-size:0;line-height:0;">&nbsp;</td><td width="50%" valign="top" style="${tile}">${tileHtml(right, accent, tileLink)}</td></tr>`
				: `<tr><td colspan="3" valign="top" style="${tile}">${tileHtml(left!, accent, tileLink)}</td></tr>`
		);
	}
	const heading = `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="margin:8px 0 10px;"><tr><td style="font-family:${fontStack};font-size:12px;line-height:16px;font-weight:700;letter-spacing:0.6px;text-transform:uppercase;color:${colors.muted};">${escapeHtml(section.title)}</td><td align="right" style="font-family:${fontStack};font-size:13px;line-height:16px;"><a href="${escapeHtml(safeHref(section.href))}" target="_blank" style="color:${accent};text-decoration:none;font-weight:600;">${queue ? 'Open the queue' : 'Open report'} &rarr;</a></td></tr></table>`;
	return `${heading}<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="margin:0 0 24px;border-collapse:separate;table-layout:fixed;">${rows.join('')}</table>`;
}

function sectionText(section: Section): string {
	const lines = [`${section.title.toUpperCase()}: ${safeHref(section.href)}`];
	for (const figure of section.figures) {
		const parts = [
			`${figure.label}: ${figure.value}`,
			figure.change?.text,
			figure.basis,
			figure.caution
		].filter(Boolean);
		lines.push(`- ${parts.join(' · ')}`, `  ${safeHref(figure.href)}`);
	}
	return lines.join('\n');
}

export function renderWeeklyDigest(props: WeeklyDigestProps, brand: Brand): RenderedEmail {
	const accent = brandColor(brand);
	const subject = digestSubject(brand, props);
	const recipient = props.recipientName.replace(/[\p{Cc}\u2028\u2029\s]+/gu, ' ').trim();
	const intro = props.sections.length
		? 'Here is how last week went, against the week before. Each figure opens its report with the week chosen.'
		: 'Nothing to report last week: no answers, promises settled, cases or suggestions.';
	const email = renderEmail(
		{
			subject,
			preheader: props.headline.length
				? `${props.weekSpan}: ${props.headline.join(' · ')}`
				: props.weekSpan,
			blocks: [
				{ kind: 'heading', text: `Your week, ${props.weekSpan}` },
				{ kind: 'paragraph', content: [`Hi ${recipient},`] },
				{ kind: 'paragraph', content: [intro] },
				...props.sections.map((_, index) => ({
					kind: 'paragraph' as const,
					content: [marker(index)]
				})),
				{ kind: 'button', label: 'Open the reports', href: props.reportsUrl },
				{
					kind: 'note',
					content: [
						`Week ${props.weekLabel}, Monday to Sunday (UTC). Figures on fewer than 5 are flagged: read them with care. Open and overdue cases are counted as this email was written.`
					]
				}
			],
			footer: [
				[
					'You get this weekly digest as a manager or admin. ',
					{ text: 'Turn it off', href: props.settingsUrl },
					' in your account settings.'
				]
			]
		},
		brand
	);
	const byIndex = (index: string) => props.sections[Number(index)]!;
	return {
		...email,
		html: email.html.replace(markerParagraph, (_, index: string) =>
			sectionHtml(byIndex(index), accent)
		),
		text: email.text.replace(markerLine, (_, index: string) => sectionText(byIndex(index)))
	};
}

const base = 'https://closeloop.example.com';
const week = 'granularity=week&from=2026-03-02&to=2026-03-08';

export const preview = {
	props: {
		recipientName: 'Grace <Hopper>',
		weekLabel: '2026-W10',
		weekSpan: '2 – 8 Mar 2026',
		headline: ['NPS +32 (▲4)', 'SLA 91.7 %', '14 cases'],
		sections: [
			{
				id: 'satisfaction',
				title: 'Satisfaction',
				href: `${base}/reports/satisfaction?kind=nps&${week}`,
				figures: [
					{
						label: 'NPS',
						value: '+32',
						change: { text: '▲4 on last week', tone: 'good' },
						basis: 'n = 25 answers · ±31',
						caution: null,
						href: `${base}/reports/satisfaction?kind=nps&${week}`
					},
					{
						label: 'CSAT',
						value: '75 %',
						change: { text: '▼5 pts on last week', tone: 'bad' },
						basis: 'n = 4 answers · ±42',
						caution: 'Fewer than 5 answers: read with care',
						href: `${base}/reports/satisfaction?kind=csat&${week}`
					},
					{
						label: 'Answers',
						value: '29',
						change: { text: '▲3 on last week', tone: 'good' },
						basis: 'Last week 26',
						caution: null,
						href: `${base}/reports/satisfaction?kind=nps&${week}`
					},
					{
						label: 'Response rate',
						value: '36.3 %',
						change: { text: 'No change on last week', tone: 'neutral' },
						basis: 'n = 80 invitations',
						caution: null,
						href: `${base}/reports/satisfaction?kind=nps&${week}`
					}
				]
			},
			{
				id: 'sla',
				title: 'SLA promises',
				href: `${base}/reports/sla?${week}`,
				figures: [
					{
						label: 'SLA compliance',
						value: '91.7 %',
						change: { text: '▲2.4 pts on last week', tone: 'good' },
						basis: '11 of n = 12 met',
						caution: null,
						href: `${base}/reports/sla?${week}`
					},
					{
						label: 'Breaches',
						value: '1',
						change: { text: '▼2 on last week', tone: 'good' },
						basis: 'Last week 3',
						caution: null,
						href: `${base}/reports/sla?${week}`
					}
				]
			}
		],
		reportsUrl: `${base}/reports`,
		settingsUrl: `${base}/account`
	},
	brand: { name: 'Acme "Support"', color: '#0e7490', publicUrl: base }
} satisfies { props: WeeklyDigestProps; brand: Brand };
