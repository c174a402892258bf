import Papa from 'papaparse';

/**
 * The one way Closeloop writes CSV, so every export quotes alike: a header
 * row, RFC 4180 quoting, CRLF line ends, ISO 8601 instants, and cells that a
 * spreadsheet would run as a formula (`=`, `+`, `-`, `@`) prefixed with `'`.
 */
export type CsvColumn<Row> = {
	header: string;
	value: (row: Row) => string | number | boolean | Date | null | undefined;
};

export function toCsv<Row>(columns: CsvColumn<Row>[], rows: readonly Row[]): string {
	const data = rows.map((row) =>
		columns.map((column) => {
			const value = column.value(row);
			if (value === null || value === undefined) return '';
			if (value instanceof Date) return value.toISOString();
			return value;
		})
	);
	return Papa.unparse(
		{ fields: columns.map((column) => column.header), data },
		{ newline: '\r\n', escapeFormulae: true }
	);
}
