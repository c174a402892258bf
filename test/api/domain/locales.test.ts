import { describe, expect, it } from 'vitest';
import { isValidLocale, normalizeLocale } from '../../../api/domain/locales';

describe('normalizeLocale', () => {
	it.each([
		['en', 'en'],
		['DE', 'de'],
		['de-ch', 'de-CH'],
		[' fr-CA ', 'fr-CA'],
		['zh-hant-tw', 'zh-Hant-TW'],
		['es-419', 'es-419'],
		['gsw', 'gsw']
	])('accepts %j as %s', (input, expected) => {
		expect(normalizeLocale(input)).toBe(expected);
	});

	it.each(['', 'english', 'e', 'en_US', 'en-', 'de-CH-x-private', '12', 'en-USA'])(
		'refuses %j',
		(input) => {
			expect(normalizeLocale(input)).toBeNull();
			expect(isValidLocale(input)).toBe(false);
		}
	);
});
