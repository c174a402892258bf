import type { SurveyAudience } from '../domain/survey-definition';

const tierNames: Record<string, string> = {
	basic: 'Basic',
	standard: 'Standard',
	premium: 'Premium',
	enterprise: 'Enterprise'
};

/** `a`, `a or b`, `a, b or c`. */
function either(items: string[]): string {
	if (items.length <= 1) return items.join('');
	return `${items.slice(0, -1).join(', ')} or ${items.at(-1)}`;
}

/**
 * The audience as one line for the survey list: "Contacts at Premium or
 * Enterprise accounts owned by Ana Lima, tagged retail". Owners not in
 * `ownerNames` (deleted since) read as "a former colleague".
 */
export function describeAudience(audience: SurveyAudience, ownerNames: Map<string, string>): string {
	const parts: string[] = [];
	const statuses = audience.accountStatuses.length === 1 ? `${audience.accountStatuses[0]} ` : '';
	const tiers = audience.tiers.length ? `${either(audience.tiers.map((tier) => tierNames[tier] ?? tier))} ` : '';
	if (!statuses && !tiers && !audience.ownerIds.length && !audience.tags.length) return 'All contacts';
	parts.push(`Contacts at ${statuses}${tiers}accounts`);
	if (audience.ownerIds.length) {
		parts.push(`owned by ${either(audience.ownerIds.map((id) => ownerNames.get(id) ?? 'a former colleague'))}`);
	}
	let line = parts.join(' ');
	if (audience.tags.length) line += `, tagged ${either(audience.tags)}`;
	return line;
}
