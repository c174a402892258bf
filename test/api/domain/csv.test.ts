import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { toCsv } from '../../../api/domain/csv';

type Row = { name: string; count: number; at: Date | null };
const columns = [
	{ header: 'name', value: (row: Row) => row.name },
	{ header: 'count', value: (row: Row) => row.count },
	{ header: 'at', value: (row: Row) => row.at }
];

describe('toCsv', () => {
	it('writes a header row and quotes commas, quotes and line breaks so they parse back', () => {
		const rows: Row[] = [
			{ name: 'Smith, Jones', count: 2, at: new Date('2026-03-02T09:00:00Z') },
			{ name: 'Say "hi"', count: -1, at: null },
			{ name: 'Two\nlines', count: 0, at: null }
		];
		const csv = toCsv(columns, rows);
		expect(csv.split('\r\n')[0]).toBe('name,count,at');
		const parsed = Papa.parse<string[]>(csv).data;
		expect(parsed).toEqual([
			['name', 'count', 'at'],
			['Smith, Jones', '2', '2026-03-02T09:00:00.000Z'],
			['Say "hi"', '-1', ''],
			['Two\nlines', '0', '']
		]);
	});

	it('defuses cells a spreadsheet would run as a formula', () => {
		const csv = toCsv(columns, [
			{ name: '=1+1', count: 1, at: null },
			{ name: '@SUM(A1)', count: 1, at: null }
		]);
		expect(
			Papa.parse<string[]>(csv)
				.data.slice(1)
				.map((row) => row[0])
		).toEqual(["'=1+1", "'@SUM(A1)"]);
	});

	it('writes only the header when there are no rows', () => {
		expect(toCsv(columns, [])).toBe('name,count,at\r\n');
	});
});
