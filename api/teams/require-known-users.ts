import type { Database } from '../../db/database';
import { AppError } from '../errors';
import { findUsersByIds } from '../users/store';

/** A 422 naming every id in `ids` that is not a staff user. */
export async function requireKnownUsers(db: Database, ids: readonly string[], field: string) {
	if (ids.length === 0) return [];
	const found = await findUsersByIds(db, ids);
	const known = new Set(found.map((user) => user.id));
	const unknown = ids.filter((id) => !known.has(id));
	if (unknown.length > 0) {
		const message = `No staff user has the id ${unknown.join(', ')}.`;
		throw new AppError('validation_failed', message, { [field]: [message] });
	}
	return found;
}

/** A 422 unless `leadId` is an active staff user. */
export async function requireActiveLead(db: Database, leadId: string | null | undefined) {
	if (!leadId) return;
	const [lead] = await requireKnownUsers(db, [leadId], 'leadId');
	if (lead && !lead.active) {
		throw new AppError('validation_failed', `${lead.name} is disabled and cannot lead a team.`, {
			leadId: [`${lead.name} is disabled and cannot lead a team.`]
		});
	}
}

export function teamNameTaken(name: string): AppError {
	return new AppError('conflict', `There is already a team called ${name}.`, {
		name: ['Another team already has this name.']
	});
}
