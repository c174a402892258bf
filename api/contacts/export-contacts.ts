import { toCsv, type CsvColumn } from '../domain/csv';
import type { Contact } from './schemas';

type ExportedContact = Contact & { accountExternalRef: string | null };

const columns: CsvColumn<ExportedContact>[] = [
	{ header: 'id', value: (c) => c.id },
	{ header: 'email', value: (c) => c.email },
	{ header: 'name', value: (c) => c.name },
	{ header: 'account', value: (c) => c.account.name },
	{ header: 'account_ref', value: (c) => c.accountExternalRef },
	{ header: 'locale', value: (c) => c.locale },
	{ header: 'time_zone', value: (c) => c.timeZone },
	{ header: 'consent', value: (c) => (c.consent ? 'yes' : 'no') },
	{ header: 'status', value: (c) => c.status },
	{ header: 'unsubscribed_at', value: (c) => c.unsubscribedAt },
	{ header: 'bounced_at', value: (c) => c.bouncedAt ?? c.complainedAt },
	{ header: 'archived_at', value: (c) => c.archivedAt },
	{ header: 'created_at', value: (c) => c.createdAt }
];

/**
 * Contacts as CSV, one row each, with their account's name and reference.
 * The column names are the contact import's, so an export can be edited and
 * imported again.
 */
export function contactsCsv(contacts: ExportedContact[]): string {
	return toCsv(columns, contacts);
}
