import type { SessionUser } from '../auth/session';
import type { Deps } from '../deps';
import type { ImportPlan } from '../domain/contact-import';
import { AppError } from '../errors';
import { newId } from '../tokens';
import { prepareContactImport, type ImportInput } from './prepare-import';
import { isUniqueViolation, writeContactImport } from './store';

export type ImportOutcome =
	{ ok: true; plan: ImportPlan; importId: string } | { ok: false; plan: ImportPlan };

/**
 * Checks every row again (the preview may be stale) and, only if none has a
 * problem, writes all of them in one transaction.
 */
export async function importContacts({
	deps,
	input,
	actor
}: {
	deps: Deps;
	input: ImportInput;
	actor: SessionUser;
}): Promise<ImportOutcome> {
	const plan = await prepareContactImport({ deps, input });
	if (plan.problems.length > 0) return { ok: false, plan };
	const importId = newId();
	try {
		await writeContactImport(deps.db, { plan, now: deps.clock.now(), actorId: actor.id, importId });
	} catch (error) {
		if (isUniqueViolation(error)) {
			throw new AppError(
				'conflict',
				'Some of these contacts or account references were added while the file was being imported. Nothing was imported; check the file again.'
			);
		}
		throw error;
	}
	return { ok: true, plan, importId };
}
