import type { Database } from '../../db/database';
import { listAuditEntries } from '../audit/store';
import { listStaffNames } from '../accounts/store';
import { describeAuditEntry, type TimelineEvent } from '../domain/timeline';

/** An entity's audit entries as timeline events, newest first, with the names of who did what. */
export async function listAuditTimeline(
	db: Database,
	filter: { entityType: string; entityId: string; limit: number }
): Promise<TimelineEvent[]> {
	const entries = await listAuditEntries(db, filter);
	const actorIds = [...new Set(entries.flatMap((entry) => (entry.actorId ? [entry.actorId] : [])))];
	const names = await listStaffNames(db, actorIds);
	return entries.map((entry) =>
		describeAuditEntry({
			action: entry.action,
			actorName: entry.actorId ? (names.get(entry.actorId) ?? null) : null,
			detail: entry.detail,
			at: entry.at
		})
	);
}

/** Timeline events as the API sends them. */
export function serializeTimeline(events: TimelineEvent[]) {
	return {
		events: events.map((event) => ({
			at: event.at.toISOString(),
			kind: event.kind,
			title: event.title,
			...(event.detail ? { detail: event.detail } : {})
		}))
	};
}
