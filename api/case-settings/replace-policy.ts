import type { SessionUser } from '../auth/session';
import { insertAuditEntry } from '../audit/store';
import type { Deps } from '../deps';
import { notFound } from '../errors';
import { nameTaken, policyReferenceErrors, requireNoFieldErrors } from './require-valid';
import type { PolicyInput, SlaPolicyView } from './schemas';
import {
	findPolicy,
	findPolicyRow,
	isPolicyNameTaken,
	replacePolicy as replacePolicyRow
} from './store';

const ruleKeys = ['name', 'conditions', 'targets', 'warning', 'escalation', 'calendarId'] as const;

/**
 * Replaces a policy's rules and raises its version. Cases already open keep
 * the version they snapshotted; only cases opened from now on get this one.
 * Its place in the order and whether it is active stay as they are.
 */
export async function replacePolicy({
	deps,
	actor,
	id,
	input
}: {
	deps: Deps;
	actor: SessionUser;
	id: string;
	input: PolicyInput;
}): Promise<SlaPolicyView> {
	const { db } = deps;
	const now = deps.clock.now();
	const current = await findPolicyRow(db, id);
	if (!current) throw notFound('SLA policy');
	if (await isPolicyNameTaken(db, input.name, id)) throw nameTaken('a policy', input.name);
	requireNoFieldErrors(await policyReferenceErrors(db, input));

	const changed = ruleKeys.filter(
		(key) => JSON.stringify(current[key]) !== JSON.stringify(input[key])
	);
	await db.batch([
		replacePolicyRow(db, id, { ...input, updatedAt: now }),
		insertAuditEntry(db, {
			actorId: actor.id,
			action: 'sla_policy.updated',
			entityType: 'sla_policy',
			entityId: id,
			detail: { name: input.name, fromVersion: current.version, changed },
			at: now
		})
	]);
	const policy = await findPolicy(db, id);
	if (!policy) throw notFound('SLA policy');
	return policy;
}
