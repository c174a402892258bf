import { z } from '@hono/zod-openapi';
import { StaffRoleName } from '../users/schemas';

const Name = z
	.string()
	.trim()
	.min(1, 'Enter a team name.')
	.max(80, 'Keep the team name to 80 characters.');
/** A user id, or null/empty for none. */
const LeadId = z
	.string()
	.trim()
	.max(64)
	.transform((value) => value || null)
	.nullable();
const UserIds = z
	.array(z.string().trim().min(1).max(64), { error: 'Send a list of user ids.' })
	.max(1000, 'A team can have at most 1000 members.')
	.transform((ids) => [...new Set(ids)]);

export const CreateTeamInput = z
	.object({ name: Name, leadId: LeadId.optional(), memberIds: UserIds.optional() })
	.openapi('CreateTeamInput');
export type CreateTeamInput = z.infer<typeof CreateTeamInput>;

export const UpdateTeamInput = z
	.object({ name: Name.optional(), leadId: LeadId.optional() })
	.openapi('UpdateTeamInput');
export type UpdateTeamInput = z.infer<typeof UpdateTeamInput>;

export const SetTeamMembersInput = z.object({ userIds: UserIds }).openapi('SetTeamMembersInput');

const TeamMember = z.object({
	id: z.string(),
	name: z.string(),
	role: StaffRoleName,
	active: z.boolean()
});

export const Team = z
	.object({
		id: z.string(),
		name: z.string(),
		lead: z.object({ id: z.string(), name: z.string(), active: z.boolean() }).nullable(),
		members: z.array(TeamMember),
		createdAt: z.iso.datetime(),
		updatedAt: z.iso.datetime()
	})
	.openapi('Team');
export type Team = z.infer<typeof Team>;
