/**
 * The single source of every email's chrome, so all templates look the same
 * in Gmail, Outlook and Apple Mail and always carry a matching plain-text
 * alternative. Templates describe their content as blocks; this module turns
 * the blocks into table-based, inline-styled HTML and into text. Pure string
 * work: it renders identically in Node and in Workers.
 */

/** What every template is branded with. */
export type Brand = {
	/** The organisation's name, shown as the sender and in the header. */
	name: string;
	/** `#rrggbb` */
	color: string;
	/** Base URL for links. */
	publicUrl: string;
};

export type RenderedEmail = {
	subject: string;
	html: string;
	text: string;
	headers?: Record<string, string>;
};

/** A run of text inside a paragraph: plain, bold, or a link. */
export type Inline = string | { strong: string } | { text: string; href: string };

/** One piece of an email's body, rendered to both HTML and text. */
export type Block =
	| { kind: 'heading'; text: string }
	| { kind: 'paragraph'; content: Inline[] }
	| { kind: 'button'; label: string; href: string }
	/** Label/value pairs, e.g. a case's reference and due time. */
	| { kind: 'details'; rows: [label: string, value: string][] }
	/** Small grey print, e.g. "If the button does not work…". */
	| { kind: 'note'; content: Inline[] }
	| { kind: 'divider' }
	/**
	 * A rating scale, one link per score (lowest first) with the meaning of its
	 * two ends. Cells wrap on narrow screens; Outlook keeps them in one row.
	 */
	| { kind: 'scale'; scores: { label: string; href: string }[]; lowLabel: string; highLabel: string };

export type EmailContent = {
	subject: string;
	/** The line inbox lists show after the subject; hidden in the body. */
	preheader: string;
	blocks: Block[];
	/** Small print under the card, after "Sent by {brand}". */
	footer?: Inline[][];
	headers?: Record<string, string>;
	/** The language of the text, for `<html lang>` (default `en`). */
	lang?: string;
	/** The first footer line; default "Sent by {brand}". */
	sentBy?: string;
};

/** Used when a brand colour is not a plain `#rrggbb` (it lands in style attributes). */
export const fallbackBrandColor = '#4f46e5';

const fontStack = "-apple-system, BlinkMacSystemFont, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif";
const colors = { page: '#f4f4f5', card: '#ffffff', text: '#1f2937', muted: '#6b7280', rule: '#e5e7eb' };

const htmlEscapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML content and double- or single-quoted attributes. */
export function escapeHtml(value: string): string {
	return value.replace(/[&<>"']/g, (character) => htmlEscapes[character]!);
}

/** A brand colour safe to put in a style attribute. */
export function brandColor(brand: Brand): string {
	return /^#[0-9a-f]{6}$/i.test(brand.color) ? brand.color.toLowerCase() : fallbackBrandColor;
}

/** White or near-black, whichever reads better on `background` (WCAG relative luminance). */
export function textColorOn(background: string): string {
	const channel = (offset: number) => {
		const value = Number.parseInt(background.slice(offset, offset + 2), 16) / 255;
		return value <= 0.03928 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
	};
	const luminance = 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
	return (1.05 / (luminance + 0.05)) >= ((luminance + 0.05) / 0.05) ? '#ffffff' : '#111827';
}

/** Only web and mail links reach an `href`; anything else (`javascript:`…) becomes inert. */
export function safeHref(href: string): string {
	return /^(https?:|mailto:)/i.test(href.trim()) ? href.trim() : '#';
}

/** Renders an email's content in the brand's layout, as HTML and as plain text. */
export function renderEmail(content: EmailContent, brand: Brand): RenderedEmail {
	return {
		subject: content.subject,
		html: renderHtml(content, brand),
		text: renderText(content, brand),
		...(content.headers ? { headers: content.headers } : {})
	};
}

function renderHtml(content: EmailContent, brand: Brand): string {
	const accent = brandColor(brand);
	const name = escapeHtml(brand.name);
	const body = content.blocks.map((block) => htmlBlock(block, accent)).join('\n');
	const footer = [[content.sentBy ?? `Sent by ${brand.name}`], ...(content.footer ?? [])]
		.map((line) => `<p style="margin:0 0 6px;">${htmlInline(line, colors.muted)}</p>`)
		.join('');
	return `<!DOCTYPE html>
<html lang="${escapeHtml(content.lang ?? 'en')}" xmlns="http://www.w3.org/1999/xhtml" xmlns:o="urn:schemas-microsoft-com:office:office">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="X-UA-Compatible" content="IE=edge">
<meta name="x-apple-disable-message-reformatting">
<meta name="format-detection" content="telephone=no, date=no, address=no, email=no">
<meta name="color-scheme" content="light">
<meta name="supported-color-schemes" content="light">
<title>${escapeHtml(content.subject)}</title>
<!--[if mso]><noscript><xml><o:OfficeDocumentSettings><o:PixelsPerInch>96</o:PixelsPerInch></o:OfficeDocumentSettings></xml></noscript><![endif]-->
</head>
<body style="margin:0;padding:0;width:100%;background-color:${colors.page};-webkit-text-size-adjust:100%;-ms-text-size-adjust:100%;">
<div style="display:none;max-height:0;max-width:0;overflow:hidden;opacity:0;mso-hide:all;font-size:1px;line-height:1px;color:${colors.page};">${escapeHtml(content.preheader)}${'&#8199;&#847; '.repeat(40)}</div>
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="border-collapse:collapse;background-color:${colors.page};">
<tr>
<td align="center" style="padding:32px 12px;">
<!--[if mso]><table role="presentation" width="600" cellpadding="0" cellspacing="0" border="0"><tr><td><![endif]-->
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="border-collapse:separate;max-width:600px;background-color:${colors.card};border:1px solid ${colors.rule};border-radius:8px;">
<tr><td height="4" style="height:4px;line-height:4px;font-size:4px;background-color:${accent};border-radius:8px 8px 0 0;">&nbsp;</td></tr>
<tr>
<td style="padding:24px 32px 8px;font-family:${fontStack};font-size:18px;line-height:24px;font-weight:700;color:${accent};">${name}</td>
</tr>
<tr>
<td style="padding:8px 32px 32px;font-family:${fontStack};font-size:15px;line-height:24px;color:${colors.text};">
${body}
</td>
</tr>
</table>
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="max-width:600px;">
<tr>
<td align="center" style="padding:20px 32px 0;font-family:${fontStack};font-size:12px;line-height:18px;color:${colors.muted};">${footer}</td>
</tr>
</table>
<!--[if mso]></td></tr></table><![endif]-->
</td>
</tr>
</table>
</body>
</html>
`;
}

function htmlInline(content: Inline[], linkColor: string): string {
	return content
		.map((part) => {
			if (typeof part === 'string') return escapeHtml(part);
			if ('strong' in part) return `<strong style="font-weight:600;">${escapeHtml(part.strong)}</strong>`;
			return `<a href="${escapeHtml(safeHref(part.href))}" target="_blank" style="color:${linkColor};text-decoration:underline;">${escapeHtml(part.text)}</a>`;
		})
		.join('');
}

function htmlBlock(block: Block, accent: string): string {
	switch (block.kind) {
		case 'heading':
			return `<h1 style="margin:0 0 16px;font-family:${fontStack};font-size:22px;line-height:30px;font-weight:700;color:${colors.text};">${escapeHtml(block.text)}</h1>`;
		case 'paragraph':
			return `<p style="margin:0 0 16px;">${htmlInline(block.content, accent)}</p>`;
		case 'note':
			return `<p style="margin:0 0 12px;font-size:13px;line-height:20px;color:${colors.muted};">${htmlInline(block.content, colors.muted)}</p>`;
		case 'divider':
			return `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0"><tr><td style="padding:8px 0 16px;"><div style="height:1px;line-height:1px;font-size:1px;background-color:${colors.rule};">&nbsp;</div></td></tr></table>`;
		case 'button': {
			const href = escapeHtml(safeHref(block.href));
			const label = escapeHtml(block.label);
			const foreground = textColorOn(accent);
			return `<table role="presentation" cellpadding="0" cellspacing="0" border="0" style="margin:8px 0 24px;">
<tr>
<td align="center" bgcolor="${accent}" style="border-radius:6px;background-color:${accent};">
<!--[if mso]><v:roundrect xmlns:v="urn:schemas-microsoft-com:vml" href="${href}" style="height:44px;v-text-anchor:middle;width:240px;" arcsize="14%" stroke="f" fillcolor="${accent}"><center style="color:${foreground};font-family:Arial,sans-serif;font-size:15px;font-weight:bold;">${label}</center></v:roundrect><![endif]-->
<!--[if !mso]><!--><a href="${href}" target="_blank" style="display:inline-block;padding:12px 24px;font-family:${fontStack};font-size:15px;line-height:20px;font-weight:600;color:${foreground};text-decoration:none;border-radius:6px;background-color:${accent};">${label}</a><!--<![endif]-->
</td>
</tr>
</table>`;
		}
		case 'scale': {
			// Each cell is an inline-block, so the row wraps where the screen is narrow;
			// Outlook ignores `display` on cells and keeps one row.
			const cell = `display:inline-block;padding:0 4px 6px 0;`;
			const link = `display:block;width:38px;line-height:38px;text-align:center;border:1px solid ${accent};border-radius:6px;font-weight:700;color:${accent};text-decoration:none;`;
			const scores = block.scores
				.map((score) => `<td width="40" style="${cell}"><a href="${escapeHtml(safeHref(score.href))}" style="${link}">${escapeHtml(score.label)}</a></td>`)
				.join('');
			const ends = `font-size:13px;line-height:18px;color:${colors.muted};`;
			return `<table role="presentation" cellpadding="0" cellspacing="0" border="0" style="margin:0 0 4px;"><tr>${scores}</tr></table>
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="margin:0 0 16px;"><tr><td style="${ends}">${escapeHtml(block.lowLabel)}</td><td align="right" style="${ends}">${escapeHtml(block.highLabel)}</td></tr></table>`;
		}
		case 'details': {
			const rows = block.rows
				.map(
					([label, value]) =>
						`<tr><td valign="top" style="padding:6px 16px 6px 0;font-family:${fontStack};font-size:14px;line-height:20px;color:${colors.muted};white-space:nowrap;">${escapeHtml(label)}</td><td valign="top" style="padding:6px 0;font-family:${fontStack};font-size:14px;line-height:20px;color:${colors.text};">${escapeHtml(value)}</td></tr>`
				)
				.join('');
			return `<table role="presentation" cellpadding="0" cellspacing="0" border="0" style="margin:0 0 16px;border-collapse:collapse;">${rows}</table>`;
		}
	}
}

function renderText(content: EmailContent, brand: Brand): string {
	const sections = [brand.name.toUpperCase(), ...content.blocks.map(textBlock)];
	const footer = [[content.sentBy ?? `Sent by ${brand.name}`], ...(content.footer ?? [])].map(textInline).join('\n');
	return `${sections.join('\n\n')}\n\n--\n${footer}\n`;
}

function textInline(content: Inline[]): string {
	return content
		.map((part) => {
			if (typeof part === 'string') return part;
			if ('strong' in part) return part.strong;
			const href = safeHref(part.href);
			return part.text === href ? href : `${part.text} (${href})`;
		})
		.join('');
}

function textBlock(block: Block): string {
	switch (block.kind) {
		case 'heading':
			return `${block.text}\n${'='.repeat(Math.min(block.text.length, 72))}`;
		case 'paragraph':
		case 'note':
			return textInline(block.content);
		case 'divider':
			return '-'.repeat(24);
		case 'button':
			return `${block.label}: ${safeHref(block.href)}`;
		case 'details':
			return block.rows.map(([label, value]) => `${label}: ${value}`).join('\n');
		case 'scale':
			return [`${block.lowLabel} … ${block.highLabel}`, ...block.scores.map((score) => `${score.label}: ${safeHref(score.href)}`)].join('\n');
	}
}
