import type { Database } from '../../db/database';
import { insertAuditEntry } from '../audit/store';
import { newId } from '../tokens';
import { isUniqueViolation } from '../users/store';
import { requireActiveLead, requireKnownUsers, teamNameTaken } from './require-known-users';
import type { CreateTeamInput, Team } from './schemas';
import { findTeam, insertMembers, insertTeam, isTeamNameTaken } from './store';

/** Creates a team; its name must be unique regardless of case (409). */
export async function createTeam({
	db,
	now,
	actorId,
	input
}: {
	db: Database;
	now: Date;
	actorId: string;
	input: CreateTeamInput;
}): Promise<Team> {
	if (await isTeamNameTaken(db, input.name)) throw teamNameTaken(input.name);
	const leadId = input.leadId ?? null;
	const memberIds = input.memberIds ?? [];
	await requireActiveLead(db, leadId);
	await requireKnownUsers(db, memberIds, 'memberIds');

	const id = newId();
	try {
		await db.batch([
			insertTeam(db, { id, name: input.name, leadId, now }),
			...insertMembers(db, id, memberIds),
			insertAuditEntry(db, {
				actorId,
				action: 'team.created',
				entityType: 'team',
				entityId: id,
				detail: { name: input.name, leadId, memberIds },
				at: now
			})
		]);
	} catch (error) {
		if (isUniqueViolation(error, 'teams_name_unique')) throw teamNameTaken(input.name);
		throw error;
	}
	const team = await findTeam(db, id);
	if (!team) throw new Error(`team ${id} vanished after being created`);
	return team;
}
