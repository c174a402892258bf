import { toCsv, type CsvColumn } from '../domain/csv';
import type { Account } from './schemas';

const columns: CsvColumn<Account>[] = [
	{ header: 'id', value: (a) => a.id },
	{ header: 'name', value: (a) => a.name },
	{ header: 'external_ref', value: (a) => a.externalRef },
	{ header: 'tier', value: (a) => a.tier },
	{ header: 'owner_name', value: (a) => a.owner?.name },
	{ header: 'owner_email', value: (a) => a.owner?.email },
	{ header: 'tags', value: (a) => a.tags.join(';') },
	{ header: 'status', value: (a) => a.status },
	{ header: 'won_at', value: (a) => a.wonAt },
	{ header: 'lost_at', value: (a) => a.lostAt },
	{ header: 'archived_at', value: (a) => a.archivedAt },
	{ header: 'contacts', value: (a) => a.contactCount },
	{ header: 'created_at', value: (a) => a.createdAt }
];

/** Accounts as CSV, one row each, tags joined with `;`. */
export function accountsCsv(accounts: Account[]): string {
	return toCsv(columns, accounts);
}
