import { and, desc, eq } from 'drizzle-orm';
import type { Database } from '../../db/database';
import { auditLog } from '../../db/schema/audit';

export type AuditEntry = {
	actorId: string | null;
	action: string;
	entityType: string;
	entityId: string;
	detail?: Record<string, unknown>;
	at: Date;
};

/** The insert for one audit entry, to put in the same `db.batch` as the change it records. */
export function insertAuditEntry(db: Database, entry: AuditEntry) {
	return db.insert(auditLog).values({ ...entry, detail: entry.detail ?? null });
}

export async function listAuditEntries(
	db: Database,
	filter: { entityType: string; entityId: string; limit?: number }
) {
	return db
		.select()
		.from(auditLog)
		.where(and(eq(auditLog.entityType, filter.entityType), eq(auditLog.entityId, filter.entityId)))
		.orderBy(desc(auditLog.at), desc(auditLog.id))
		.limit(filter.limit ?? 100);
}
