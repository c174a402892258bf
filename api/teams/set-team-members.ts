import type { Database } from '../../db/database';
import { insertAuditEntry } from '../audit/store';
import { notFound } from '../errors';
import { requireKnownUsers } from './require-known-users';
import type { Team } from './schemas';
import {
	deleteMembers,
	findTeam,
	findTeamRow,
	insertMembers,
	listMemberIds,
	updateTeam
} from './store';

/** Makes `userIds` the team's members: those missing are added, the others removed. */
export async function setTeamMembers({
	db,
	now,
	actorId,
	teamId,
	userIds
}: {
	db: Database;
	now: Date;
	actorId: string;
	teamId: string;
	userIds: string[];
}): Promise<Team> {
	if (!(await findTeamRow(db, teamId))) throw notFound('Team');
	await requireKnownUsers(db, userIds, 'userIds');

	const current = new Set(await listMemberIds(db, teamId));
	const wanted = new Set(userIds);
	const added = userIds.filter((id) => !current.has(id));
	const removed = [...current].filter((id) => !wanted.has(id));
	if (added.length > 0 || removed.length > 0) {
		await db.batch([
			updateTeam(db, teamId, { updatedAt: now }),
			...deleteMembers(db, teamId, removed),
			...insertMembers(db, teamId, added),
			insertAuditEntry(db, {
				actorId,
				action: 'team.members_set',
				entityType: 'team',
				entityId: teamId,
				detail: { added, removed },
				at: now
			})
		]);
	}
	const team = await findTeam(db, teamId);
	if (!team) throw notFound('Team');
	return team;
}
