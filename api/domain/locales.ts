/**
 * The single source for the language tags contacts may have, so forms, the
 * API and the CSV import accept the same things. We take the common subset of
 * BCP 47 that email templates can be chosen by: a language, optionally a
 * script and a region (`en`, `de-CH`, `zh-Hant-TW`, `es-419`).
 */
const pattern = /^[a-z]{2,3}(-[a-z]{4})?(-([a-z]{2}|[0-9]{3}))?$/i;

/**
 * The canonical spelling of `value` (`DE-ch` → `de-CH`), or null when it is
 * not a language tag of the accepted shape.
 */
export function normalizeLocale(value: string): string | null {
	const trimmed = value.trim();
	if (!pattern.test(trimmed)) return null;
	try {
		const [canonical] = Intl.getCanonicalLocales(trimmed);
		return canonical ?? null;
	} catch {
		return null;
	}
}

export function isValidLocale(value: string): boolean {
	return normalizeLocale(value) !== null;
}

/** Tags offered first in pickers; any valid tag is accepted. */
export const commonLocales = [
	'en',
	'en-GB',
	'en-US',
	'de',
	'de-AT',
	'de-CH',
	'fr',
	'fr-CH',
	'it',
	'es',
	'nl',
	'pt',
	'pt-BR',
	'sv',
	'da',
	'nb',
	'fi',
	'pl',
	'cs',
	'ja',
	'zh'
] as const;
