import type { SessionUser } from '../auth/session';
import type { Deps } from '../deps';
import { AppError, notFound } from '../errors';
import { insertAuditEntryIfChanged } from '../surveys/store';
import type { SlaPolicyView } from './schemas';
import { findPolicy, findPolicyRow, setPolicyActive } from './store';

/**
 * Turns a policy on (it is matched again, in its place) or off (new cases
 * skip it; open cases keep their snapshot). The version stays: the promise
 * itself does not change. A policy already in that state is a 409.
 */
export async function setPolicyStatus({
	deps,
	actor,
	id,
	isActive
}: {
	deps: Deps;
	actor: SessionUser;
	id: string;
	isActive: boolean;
}): Promise<SlaPolicyView> {
	const { db } = deps;
	const now = deps.clock.now();
	const current = await findPolicyRow(db, id);
	if (!current) throw notFound('SLA policy');
	const [changed] = await db.batch([
		setPolicyActive(db, id, isActive, now),
		insertAuditEntryIfChanged(db, {
			actorId: actor.id,
			action: isActive ? 'sla_policy.activated' : 'sla_policy.deactivated',
			entityType: 'sla_policy',
			entityId: id,
			detail: { name: current.name },
			at: now
		})
	]);
	if (changed.length === 0) {
		throw new AppError(
			'conflict',
			`${current.name} is already ${isActive ? 'active' : 'inactive'}.`
		);
	}
	const policy = await findPolicy(db, id);
	if (!policy) throw notFound('SLA policy');
	return policy;
}
