import type { SessionUser } from '../auth/session';
import { insertAuditEntry } from '../audit/store';
import type { Deps } from '../deps';
import { newId } from '../tokens';
import { nameTaken, policyReferenceErrors, requireNoFieldErrors } from './require-valid';
import type { PolicyInput, SlaPolicyView } from './schemas';
import { findPolicy, insertPolicy, isPolicyNameTaken } from './store';

/** Adds an active SLA policy at version 1, last in the matching order; names are unique regardless of case (409). */
export async function createPolicy({
	deps,
	actor,
	input
}: {
	deps: Deps;
	actor: SessionUser;
	input: PolicyInput;
}): Promise<SlaPolicyView> {
	const { db } = deps;
	const now = deps.clock.now();
	if (await isPolicyNameTaken(db, input.name)) throw nameTaken('a policy', input.name);
	requireNoFieldErrors(await policyReferenceErrors(db, input));

	const id = newId();
	await db.batch([
		insertPolicy(db, { id, ...input, isActive: true, createdAt: now, updatedAt: now }),
		insertAuditEntry(db, {
			actorId: actor.id,
			action: 'sla_policy.created',
			entityType: 'sla_policy',
			entityId: id,
			detail: { name: input.name, version: 1 },
			at: now
		})
	]);
	const policy = await findPolicy(db, id);
	if (!policy) throw new Error(`SLA policy ${id} vanished after being created`);
	return policy;
}
