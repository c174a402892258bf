import { parseTags } from '$lib/format';

/** The account form's fields as the API wants them; empty inputs clear optional fields. */
export function accountInput(values: Record<string, string>) {
	return {
		name: values.name ?? '',
		externalRef: values.externalRef ?? '',
		ownerId: values.ownerId ?? '',
		tier: values.tier || 'standard',
		tags: parseTags(values.tags ?? ''),
		...(values.wonAt ? { wonAt: values.wonAt } : {})
	};
}

/** Field errors for tags come back per tag (`tags.0`); the form has one tags field. */
export function mergeTagErrors(fields: Record<string, string[]>): Record<string, string[]> {
	const merged: Record<string, string[]> = {};
	for (const [key, messages] of Object.entries(fields)) {
		const target = key.startsWith('tags.') ? 'tags' : key;
		merged[target] = [...new Set([...(merged[target] ?? []), ...messages])];
	}
	return merged;
}
