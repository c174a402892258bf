import { and, asc, eq, inArray, ne, sql } from 'drizzle-orm';
import type { Database } from '../../db/database';
import { staffUsers, teamMembers, teams } from '../../db/schema/staff';
import { chunk, idChunkSize } from '../users/store';
import type { Team } from './schemas';

export type TeamRow = typeof teams.$inferSelect;

/** Teams by name, or only the one with `id`, with their lead and members. */
export async function listTeams(db: Database, id?: string): Promise<Team[]> {
	const [rows, members] = await Promise.all([
		db
			.select({
				team: teams,
				leadName: staffUsers.name,
				leadDisabledAt: staffUsers.disabledAt
			})
			.from(teams)
			.leftJoin(staffUsers, eq(staffUsers.id, teams.leadId))
			.where(id ? eq(teams.id, id) : undefined)
			.orderBy(asc(sql`lower(${teams.name})`)),
		db
			.select({
				teamId: teamMembers.teamId,
				id: staffUsers.id,
				name: staffUsers.name,
				role: staffUsers.role,
				disabledAt: staffUsers.disabledAt
			})
			.from(teamMembers)
			.innerJoin(staffUsers, eq(staffUsers.id, teamMembers.userId))
			.where(id ? eq(teamMembers.teamId, id) : undefined)
			.orderBy(asc(sql`lower(${staffUsers.name})`))
	]);
	const membersByTeam = new Map<string, Team['members']>();
	for (const member of members) {
		const list = membersByTeam.get(member.teamId) ?? [];
		list.push({
			id: member.id,
			name: member.name,
			role: member.role,
			active: member.disabledAt === null
		});
		membersByTeam.set(member.teamId, list);
	}
	return rows.map(({ team, leadName, leadDisabledAt }) => ({
		id: team.id,
		name: team.name,
		lead:
			team.leadId && leadName !== null
				? { id: team.leadId, name: leadName, active: leadDisabledAt === null }
				: null,
		members: membersByTeam.get(team.id) ?? [],
		createdAt: team.createdAt.toISOString(),
		updatedAt: team.updatedAt.toISOString()
	}));
}

export async function findTeam(db: Database, id: string): Promise<Team | null> {
	const [team] = await listTeams(db, id);
	return team ?? null;
}

export async function findTeamRow(db: Database, id: string): Promise<TeamRow | null> {
	const [row] = await db.select().from(teams).where(eq(teams.id, id));
	return row ?? null;
}

/** Whether another team already has this name, compared as the unique index does (ASCII case-insensitive). */
export async function isTeamNameTaken(
	db: Database,
	name: string,
	exceptId?: string
): Promise<boolean> {
	const [row] = await db
		.select({ id: teams.id })
		.from(teams)
		.where(
			and(sql`lower(${teams.name}) = lower(${name})`, exceptId ? ne(teams.id, exceptId) : undefined)
		);
	return row !== undefined;
}

export async function listMemberIds(db: Database, teamId: string): Promise<string[]> {
	const rows = await db
		.select({ userId: teamMembers.userId })
		.from(teamMembers)
		.where(eq(teamMembers.teamId, teamId));
	return rows.map((row) => row.userId);
}

export function insertTeam(
	db: Database,
	team: { id: string; name: string; leadId: string | null; now: Date }
) {
	return db.insert(teams).values({
		id: team.id,
		name: team.name,
		leadId: team.leadId,
		createdAt: team.now,
		updatedAt: team.now
	});
}

export function updateTeam(
	db: Database,
	id: string,
	changes: { name?: string; leadId?: string | null; updatedAt: Date }
) {
	return db.update(teams).set(changes).where(eq(teams.id, id));
}

export function deleteTeam(db: Database, id: string) {
	return db.delete(teams).where(eq(teams.id, id));
}

/** Inserts of members, chunked to stay under D1's bound-parameter limit (two per row). */
export function insertMembers(db: Database, teamId: string, userIds: readonly string[]) {
	return chunk(userIds, idChunkSize / 2).map((part) =>
		db
			.insert(teamMembers)
			.values(part.map((userId) => ({ teamId, userId })))
			.onConflictDoNothing()
	);
}

export function deleteMembers(db: Database, teamId: string, userIds: readonly string[]) {
	return chunk(userIds, idChunkSize).map((part) =>
		db
			.delete(teamMembers)
			.where(and(eq(teamMembers.teamId, teamId), inArray(teamMembers.userId, part)))
	);
}
