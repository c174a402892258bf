import { z } from '@hono/zod-openapi';
import { staffRoles } from '../../db/schema/staff';
import { Password } from '../auth/routes';
import { Email } from '../openapi';

export const StaffRoleName = z.enum(staffRoles, { error: 'Choose admin, manager or agent.' });

const Name = z.string().trim().min(1, 'Enter a name.').max(120, 'Keep the name to 120 characters.');

export const CreateUserInput = z
	.object({ email: Email, name: Name, role: StaffRoleName, password: Password })
	.openapi('CreateUserInput');
export type CreateUserInput = z.infer<typeof CreateUserInput>;

export const UpdateUserInput = z
	.object({ name: Name.optional(), role: StaffRoleName.optional() })
	.openapi('UpdateUserInput');
export type UpdateUserInput = z.infer<typeof UpdateUserInput>;

export const ResetPasswordInput = z.object({ password: Password }).openapi('ResetPasswordInput');

/** What every signed-in staff member may see of a colleague: enough to pick an owner or assignee. */
export const UserDirectoryEntry = z
	.object({
		id: z.string(),
		name: z.string(),
		role: StaffRoleName,
		active: z.boolean()
	})
	.openapi('UserDirectoryEntry');
export type UserDirectoryEntry = z.infer<typeof UserDirectoryEntry>;

/** A staff user as admins see them. */
export const User = UserDirectoryEntry.extend({
	email: z.string(),
	teams: z.array(z.object({ id: z.string(), name: z.string() })),
	disabledAt: z.iso.datetime().nullable(),
	createdAt: z.iso.datetime(),
	updatedAt: z.iso.datetime()
}).openapi('User');
export type User = z.infer<typeof User>;
