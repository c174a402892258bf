import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { insertAuditEntry } from '../../../api/audit/store';
import {
	assertAnActiveAdminRemains,
	isLastAdminViolation,
	updateUser
} from '../../../api/users/store';
import { auditLog } from '../../../db/schema/audit';
import { staffUsers } from '../../../db/schema/staff';
import { startTestApp, type TestApp } from '../../support/app';

let app: TestApp;
beforeEach(async () => {
	app = await startTestApp();
});
afterEach(async () => {
	await app.stop();
});

/**
 * The route checks before it writes, but two admins acting at once can both
 * pass those checks; this guard, inside the batch, is what keeps the rule.
 */
describe('the last-admin guard inside a batch', () => {
	it('rolls back a batch that would leave no active admin, audit entry and all', async () => {
		const admin = await app.signIn('admin');
		const now = app.clock.now();
		const batch = app.db.batch([
			updateUser(app.db, admin.userId, { role: 'agent', updatedAt: now }),
			insertAuditEntry(app.db, {
				actorId: null,
				action: 'user.role_changed',
				entityType: 'user',
				entityId: admin.userId,
				at: now
			}),
			assertAnActiveAdminRemains(app.db)
		]);
		const error = await batch.then(
			() => null,
			(reason: unknown) => reason
		);
		expect(isLastAdminViolation(error)).toBe(true);
		const [row] = await app.db.select().from(staffUsers).where(eq(staffUsers.id, admin.userId));
		expect(row?.role).toBe('admin');
		expect(await app.db.select().from(auditLog)).toHaveLength(0);
	});

	it('lets the batch through while another active admin remains', async () => {
		const admin = await app.signIn('admin');
		await app.signIn('admin');
		const now = app.clock.now();
		await app.db.batch([
			updateUser(app.db, admin.userId, { disabledAt: now, updatedAt: now }),
			assertAnActiveAdminRemains(app.db)
		]);
		const rows = await app.db.select().from(staffUsers);
		expect(rows.filter((row) => row.role === 'admin' && row.disabledAt === null)).toHaveLength(1);
		expect(rows.every((row) => row.role !== null)).toBe(true);
	});
});
