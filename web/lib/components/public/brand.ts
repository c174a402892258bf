/**
 * Colours for the public pages from the organisation's one brand colour,
 * kept readable whatever colour an admin picks: text on the brand colour is
 * white or near-black, whichever contrasts more, and the brand "ink" used for
 * links and outlines on white is darkened until it reaches WCAG AA (4.5:1).
 */
export type BrandColors = { brand: string; onBrand: string; ink: string };

const fallback = '#4f46e5';
const nearBlack = '#111827';

export function brandColors(color: string): BrandColors {
	const brand = /^#[0-9a-f]{6}$/i.test(color) ? color.toLowerCase() : fallback;
	const rgb = toRgb(brand);
	const onBrand =
		contrast(rgb, [255, 255, 255]) >= contrast(rgb, toRgb(nearBlack)) ? '#ffffff' : nearBlack;
	let ink = rgb;
	for (let step = 0; step < 20 && contrast(ink, [255, 255, 255]) < 4.5; step++) {
		ink = ink.map((channel) => Math.round(channel * 0.85)) as [number, number, number];
	}
	return { brand, onBrand, ink: toHex(ink) };
}

function toRgb(hex: string): [number, number, number] {
	return [1, 3, 5].map((start) => parseInt(hex.slice(start, start + 2), 16)) as [
		number,
		number,
		number
	];
}

function toHex(rgb: [number, number, number]): string {
	return `#${rgb.map((channel) => channel.toString(16).padStart(2, '0')).join('')}`;
}

function luminance([r, g, b]: [number, number, number]): number {
	const linear = (channel: number) => {
		const c = channel / 255;
		return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
	};
	return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
}

function contrast(a: [number, number, number], b: [number, number, number]): number {
	const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
	return (light + 0.05) / (dark + 0.05);
}
