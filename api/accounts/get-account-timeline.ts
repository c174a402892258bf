import { listAuditTimeline } from '../contacts/audit-timeline';
import type { Deps } from '../deps';
import { mergeTimelines, type TimelineEvent } from '../domain/timeline';
import { notFound } from '../errors';
import { findAccountRow } from './store';

/** What happened to an account, newest first. Later: cases and survey results join here. */
export async function getAccountTimeline({
	deps,
	id,
	limit
}: {
	deps: Deps;
	id: string;
	limit: number;
}): Promise<TimelineEvent[]> {
	if (!(await findAccountRow(deps.db, id))) throw notFound('Account');
	const changes = await listAuditTimeline(deps.db, { entityType: 'account', entityId: id, limit });
	return mergeTimelines([changes], limit);
}
