import type { SessionUser } from '../auth/session';
import { insertAuditEntry } from '../audit/store';
import type { Deps } from '../deps';
import { requireNoFieldErrors } from './require-valid';
import type { SlaPolicyView } from './schemas';
import { listPolicies, listPolicyPositions, setPolicyPosition } from './store';

/**
 * Sets the order policies are matched in: `ids` holds every policy exactly
 * once (else a 422 saying which are missing, unknown or repeated), and each
 * policy's position becomes its index. Versions stay: a policy's own promise
 * does not change, only which cases it wins.
 */
export async function reorderPolicies({
	deps,
	actor,
	ids
}: {
	deps: Deps;
	actor: SessionUser;
	ids: string[];
}): Promise<SlaPolicyView[]> {
	const { db } = deps;
	const now = deps.clock.now();
	const current = await listPolicyPositions(db);
	const byId = new Map(current.map((policy) => [policy.id, policy]));
	const sent = new Set(ids);
	const repeated = [...new Set(ids.filter((id, index) => ids.indexOf(id) !== index))];
	const unknown = [...sent].filter((id) => !byId.has(id));
	const missing = current.filter((policy) => !sent.has(policy.id)).map((policy) => policy.id);
	const problems = [
		...(missing.length ? [`Include every policy; missing: ${missing.join(', ')}.`] : []),
		...(unknown.length ? [`No policy has the id ${unknown.join(', ')}.`] : []),
		...(repeated.length ? [`Name each policy once; repeated: ${repeated.join(', ')}.`] : [])
	];
	requireNoFieldErrors(problems.length ? { ids: problems } : {});

	const moves = ids.flatMap((id, position) => {
		const policy = byId.get(id)!;
		return policy.position === position ? [] : [{ ...policy, to: position }];
	});
	const [first, ...rest] = moves.flatMap((move) => [
		setPolicyPosition(db, move.id, move.to),
		insertAuditEntry(db, {
			actorId: actor.id,
			action: 'sla_policy.moved',
			entityType: 'sla_policy',
			entityId: move.id,
			detail: { name: move.name, from: move.position, to: move.to },
			at: now
		})
	]);
	if (first) await db.batch([first, ...rest]);
	return listPolicies(db);
}
