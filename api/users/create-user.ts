import type { Database } from '../../db/database';
import type { StaffRole } from '../../db/schema/staff';
import { renderStaffWelcome } from '../../emails/templates/staff-welcome';
import { insertAuditEntry } from '../audit/store';
import { hashPassword } from '../auth/password';
import type { Config } from '../config';
import { AppError } from '../errors';
import { brandOf, getOrganization } from '../organization/store';
import { insertOutboxEmail } from '../outbox/store';
import { newId } from '../tokens';
import type { User } from './schemas';
import { findUser, findUserRowByEmail, insertUser, isUniqueViolation } from './store';

export type CreateUserArgs = {
	db: Database;
	config: Config;
	now: Date;
	/** Who is adding the user; null for the command line. */
	actor: { id: string; name: string } | null;
	input: { email: string; name: string; role: StaffRole; password: string };
	/** Writes the welcome email to the outbox in the same batch. The CLI prints the password instead. */
	sendWelcome: boolean;
};

/** Adds a staff user; the API and the admin CLI both come through here. A taken email is a 409. */
export async function createUser({
	db,
	config,
	now,
	actor,
	input,
	sendWelcome
}: CreateUserArgs): Promise<User> {
	const email = input.email.trim().toLowerCase();
	if (await findUserRowByEmail(db, email)) throw emailTaken(email);

	const id = newId();
	const passwordHash = await hashPassword(input.password);
	const audit = insertAuditEntry(db, {
		actorId: actor?.id ?? null,
		action: 'user.created',
		entityType: 'user',
		entityId: id,
		detail: { email, name: input.name, role: input.role, ...(actor ? {} : { via: 'cli' }) },
		at: now
	});
	const insert = insertUser(db, {
		id,
		email,
		name: input.name,
		role: input.role,
		passwordHash,
		now
	});
	try {
		if (sendWelcome) {
			const organization = await getOrganization(db, config);
			const welcome = insertOutboxEmail(db, {
				template: 'staff-welcome',
				to: email,
				from: organization.emailFrom,
				email: renderStaffWelcome(
					{
						name: input.name,
						email,
						invitedBy: actor?.name ?? organization.name,
						signInUrl: `${config.publicUrl}/sign-in`
					},
					brandOf(organization, config)
				),
				now
			});
			await db.batch([insert, audit, welcome]);
		} else {
			await db.batch([insert, audit]);
		}
	} catch (error) {
		// Two admins adding the same address at once: the unique index decides.
		if (isUniqueViolation(error, 'staff_users.email')) throw emailTaken(email);
		throw error;
	}
	const user = await findUser(db, id);
	if (!user) throw new Error(`user ${id} vanished after being created`);
	return user;
}

function emailTaken(email: string): AppError {
	return new AppError('conflict', `${email} already has an account.`, {
		email: ['This email already has an account.']
	});
}
