import type { SessionUser } from '../auth/session';
import { insertAuditEntry } from '../audit/store';
import { nameTaken } from '../case-settings/require-valid';
import type { Deps } from '../deps';
import { AppError, notFound } from '../errors';
import { insertAuditEntryIfChanged } from '../surveys/store';
import { newId } from '../tokens';
import type { NamedList } from './named-lists';
import {
	archiveNamedItem,
	findNamedItem,
	insertNamedItem,
	isNameTaken,
	renameNamedItem,
	type NamedItemRow
} from './store';

export type NamedItem = { id: string; name: string; archivedAt: string | null; createdAt: string };

export function describeNamedItem(row: NamedItemRow): NamedItem {
	return {
		id: row.id,
		name: row.name,
		archivedAt: row.archivedAt?.toISOString() ?? null,
		createdAt: row.createdAt.toISOString()
	};
}

type Edit = { deps: Deps; actor: SessionUser; list: NamedList };

/** Adds an entry; names in use are unique regardless of case (409). Audited. */
export async function addNamedItem({ deps, actor, list, name }: Edit & { name: string }) {
	const { db } = deps;
	const now = deps.clock.now();
	if (await isNameTaken(db, list.table, name)) throw nameTaken(list.article, name);
	const id = newId();
	await db.batch([
		insertNamedItem(db, list.table, { id, name, archivedAt: null, createdAt: now }),
		insertAuditEntry(db, {
			actorId: actor.id,
			action: `${list.entityType}.created`,
			entityType: list.entityType,
			entityId: id,
			detail: { name },
			at: now
		})
	]);
	return describeNamedItem(await requireItem(deps, list, id));
}

/** Renames an entry; what uses it shows the new name. An archived one is a 409. Audited when it changes. */
export async function renameItem({
	deps,
	actor,
	list,
	id,
	name
}: Edit & { id: string; name: string }) {
	const { db } = deps;
	const current = await requireItem(deps, list, id);
	if (current.archivedAt) throw archived(current.name);
	if (await isNameTaken(db, list.table, name, id)) throw nameTaken(list.article, name);
	if (current.name !== name) {
		const [updated] = await db.batch([
			renameNamedItem(db, list.table, id, name),
			insertAuditEntryIfChanged(db, {
				actorId: actor.id,
				action: `${list.entityType}.updated`,
				entityType: list.entityType,
				entityId: id,
				detail: { name: { from: current.name, to: name } },
				at: deps.clock.now()
			})
		]);
		if (updated.length === 0) throw archived(current.name);
	}
	return describeNamedItem(await requireItem(deps, list, id));
}

/** Takes an entry out of what is offered; what already uses it keeps it. Already archived is a 409. */
export async function archiveItem({ deps, actor, list, id }: Edit & { id: string }) {
	const { db } = deps;
	const current = await requireItem(deps, list, id);
	const [done] = await db.batch([
		archiveNamedItem(db, list.table, id, deps.clock.now()),
		insertAuditEntryIfChanged(db, {
			actorId: actor.id,
			action: `${list.entityType}.archived`,
			entityType: list.entityType,
			entityId: id,
			detail: { name: current.name },
			at: deps.clock.now()
		})
	]);
	if (done.length === 0) throw new AppError('conflict', `${current.name} is already archived.`);
	return describeNamedItem(await requireItem(deps, list, id));
}

async function requireItem(deps: Deps, list: NamedList, id: string) {
	const row = await findNamedItem(deps.db, list.table, id);
	if (!row) throw notFound(capitalise(list.noun));
	return row;
}

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

function archived(name: string): AppError {
	return new AppError('conflict', `${name} is archived and can no longer be changed.`);
}
