import type { StaffRole } from '$api/../db/schema/staff';

export const roles: {
	value: StaffRole;
	label: string;
	description: string;
	tone: 'brand' | 'blue' | 'gray';
}[] = [
	{
		value: 'agent',
		label: 'Agent',
		description: 'Works the complaint queue and replies to customers.',
		tone: 'gray'
	},
	{
		value: 'manager',
		label: 'Manager',
		description: 'Also runs surveys, SLA policies, suggestions and reports.',
		tone: 'blue'
	},
	{
		value: 'admin',
		label: 'Admin',
		description: 'Also manages users, teams and organisation settings.',
		tone: 'brand'
	}
];

export function roleOf(value: StaffRole) {
	return roles.find((role) => role.value === value) ?? roles[0]!;
}

/** Letters and digits that cannot be mistaken for each other when read aloud or copied by hand. */
const alphabet = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** A random password in four groups (`Xk3m-…`), about 92 bits; made in the browser, never stored. */
export function generatePassword(): string {
	const bytes = crypto.getRandomValues(new Uint32Array(16));
	const chars = [...bytes].map((value) => alphabet[value % alphabet.length]);
	return [0, 4, 8, 12].map((start) => chars.slice(start, start + 4).join('')).join('-');
}
