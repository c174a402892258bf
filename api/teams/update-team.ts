import type { Database } from '../../db/database';
import { insertAuditEntry } from '../audit/store';
import { notFound } from '../errors';
import { isUniqueViolation } from '../users/store';
import { requireActiveLead, teamNameTaken } from './require-known-users';
import type { Team, UpdateTeamInput } from './schemas';
import { findTeam, findTeamRow, isTeamNameTaken, updateTeam as updateTeamRow } from './store';

/** Renames a team or changes its lead. */
export async function updateTeam({
	db,
	now,
	actorId,
	teamId,
	input
}: {
	db: Database;
	now: Date;
	actorId: string;
	teamId: string;
	input: UpdateTeamInput;
}): Promise<Team> {
	const team = await findTeamRow(db, teamId);
	if (!team) throw notFound('Team');

	const changes: Record<string, { from: unknown; to: unknown }> = {};
	if (input.name !== undefined && input.name !== team.name) {
		if (await isTeamNameTaken(db, input.name, teamId)) throw teamNameTaken(input.name);
		changes.name = { from: team.name, to: input.name };
	}
	if (input.leadId !== undefined && input.leadId !== team.leadId) {
		await requireActiveLead(db, input.leadId);
		changes.leadId = { from: team.leadId, to: input.leadId };
	}

	if (Object.keys(changes).length > 0) {
		try {
			await db.batch([
				updateTeamRow(db, teamId, {
					name: changes.name ? input.name : undefined,
					leadId: changes.leadId ? input.leadId : undefined,
					updatedAt: now
				}),
				insertAuditEntry(db, {
					actorId,
					action: 'team.updated',
					entityType: 'team',
					entityId: teamId,
					detail: changes,
					at: now
				})
			]);
		} catch (error) {
			if (isUniqueViolation(error, 'teams_name_unique')) throw teamNameTaken(input.name ?? '');
			throw error;
		}
	}
	const updated = await findTeam(db, teamId);
	if (!updated) throw notFound('Team');
	return updated;
}
