import type { Database } from '../../db/database';
import { insertAuditEntry } from '../audit/store';
import type { Config } from '../config';
import type { OrganizationSettings, OrganizationSettingsInput } from './schemas';
import { findOrganizationUpdatedAt, getOrganization, saveOrganization } from './store';

/** Saves the organisation's name, brand colour and sender; the audit entry lists what changed. */
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
	const changes: Record<string, { from: string; to: string }> = {};
	for (const key of ['name', 'brandColor', 'emailFrom'] as const) {
		if (current[key] !== input[key]) changes[key] = { from: current[key], to: input[key] };
	}
	const savedBefore = (await findOrganizationUpdatedAt(db)) !== null;
	if (Object.keys(changes).length > 0 || !savedBefore) {
		await db.batch([
			saveOrganization(db, { ...input, now }),
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
	return { ...input, updatedAt: (await findOrganizationUpdatedAt(db))?.toISOString() ?? null };
}
