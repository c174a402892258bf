import type { Database } from '../../db/database';
import { insertAuditEntry } from '../audit/store';
import type { Config } from '../config';
import type { OrganizationSettings, OrganizationSettingsInput } from './schemas';
import { findOrganizationUpdatedAt, getOrganization, saveOrganization } from './store';

/**
 * Saves the organisation's name, brand colour, sender and survey fatigue rules
 * (a rule left out keeps its value); the audit entry lists what changed.
 */
export async function updateOrganization({
	db,
	config,
	now,
	actorId,
	input
}: {
	db: Database;
	config: Config;
	now: Date;
	actorId: string;
	input: OrganizationSettingsInput;
}): Promise<OrganizationSettings> {
	const current = await getOrganization(db, config);
	const next = {
		...input,
		fatigueDays: input.fatigueDays ?? current.fatigueDays,
		complaintCooldownDays: input.complaintCooldownDays ?? current.complaintCooldownDays,
		publicUpdates: input.publicUpdates ?? current.publicUpdates
	};
	const changes: Record<
		string,
		{ from: string | number | boolean; to: string | number | boolean }
	> = {};
	for (const key of [
		'name',
		'brandColor',
		'emailFrom',
		'fatigueDays',
		'complaintCooldownDays',
		'publicUpdates'
	] as const) {
		if (current[key] !== next[key]) changes[key] = { from: current[key], to: next[key] };
	}
	const savedBefore = (await findOrganizationUpdatedAt(db)) !== null;
	if (Object.keys(changes).length > 0 || !savedBefore) {
		await db.batch([
			saveOrganization(db, { ...next, now }),
			insertAuditEntry(db, {
				actorId,
				action: 'organization.updated',
				entityType: 'organization',
				entityId: '1',
				detail: changes,
				at: now
			})
		]);
	}
	return { ...next, updatedAt: (await findOrganizationUpdatedAt(db))?.toISOString() ?? null };
}
