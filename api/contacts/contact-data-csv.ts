import { toCsv, type CsvColumn } from '../domain/csv';
import type { ContactDataExport } from './schemas';

type Cell = { section: string; record: string; field: string; value: unknown };

const columns: CsvColumn<Cell>[] = [
	{ header: 'section', value: (cell) => cell.section },
	{ header: 'record', value: (cell) => cell.record },
	{ header: 'field', value: (cell) => cell.field },
	{ header: 'value', value: (cell) => cell.value as string | number | boolean | null }
];

/**
 * A contact's data export as one sheet of four columns: the JSON document's
 * section, the record in it (its id, or its place when it has none), the
 * field (dotted for nested ones: `survey.name`, `answers.1.question`) and the
 * value. One shape for every kind of data, so it opens cleanly in any
 * spreadsheet and filters by section. Starts with a byte order mark, so
 * spreadsheets read it as UTF-8 (names with accents stay intact).
 */
export function contactDataCsv(document: ContactDataExport): string {
	const cells: Cell[] = [
		{ section: 'export', record: '1', field: 'exportedAt', value: document.exportedAt }
	];
	const { exportedAt: _exportedAt, contact, ...lists } = document;
	cells.push(...recordCells('contact', contact.id, contact));
	for (const [section, records] of Object.entries(lists)) {
		records.forEach((record: Record<string, unknown>, index: number) => {
			const key = typeof record.id === 'string' ? record.id : String(index + 1);
			cells.push(...recordCells(section, key, record));
		});
	}
	return `\uFEFF${toCsv(columns, cells)}`;
}

function recordCells(section: string, record: string, value: Record<string, unknown>): Cell[] {
	return flatten(value, '').map(([field, cell]) => ({ section, record, field, value: cell }));
}

function flatten(value: unknown, path: string): [string, unknown][] {
	if (Array.isArray(value))
		return value.flatMap((item, index) => flatten(item, join(path, String(index + 1))));
	if (value !== null && typeof value === 'object')
		return Object.entries(value).flatMap(([key, item]) => flatten(item, join(path, key)));
	return [[path, value]];
}

const join = (path: string, key: string) => (path ? `${path}.${key}` : key);
