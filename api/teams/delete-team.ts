import type { Database } from '../../db/database';
import { insertAuditEntry } from '../audit/store';
import { notFound } from '../errors';
import { deleteTeam as deleteTeamRow, findTeamRow } from './store';

/** Deletes a team and its memberships; the users stay. */
export async function deleteTeam({
	db,
	now,
	actorId,
	teamId
}: {
	db: Database;
	now: Date;
	actorId: string;
	teamId: string;
}): Promise<void> {
	const team = await findTeamRow(db, teamId);
	if (!team) throw notFound('Team');
	await db.batch([
		deleteTeamRow(db, teamId),
		insertAuditEntry(db, {
			actorId,
			action: 'team.deleted',
			entityType: 'team',
			entityId: teamId,
			detail: { name: team.name, leadId: team.leadId },
			at: now
		})
	]);
}
