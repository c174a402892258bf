import type { ImportPreview } from '$api/contact-import/schemas';

type Problem = ImportPreview['errors'][number];

export type ProblemRow = {
	line: number;
	values: Problem['values'];
	problems: { column?: Problem['column']; message: string }[];
	/** Columns with a problem, to highlight among the row's values. */
	badColumns: Set<string>;
};

/** Problems arrive one per cell; the table shows one row per file line. */
export function groupByLine(problems: readonly Problem[]): ProblemRow[] {
	const rows: ProblemRow[] = [];
	for (const problem of problems) {
		let row = rows.at(-1);
		if (!row || row.line !== problem.line) {
			row = { line: problem.line, values: problem.values, problems: [], badColumns: new Set() };
			rows.push(row);
		}
		row.problems.push({ column: problem.column, message: problem.message });
		if (problem.column) row.badColumns.add(problem.column);
	}
	return rows;
}

function quote(value: string): string {
	return /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** The problem list as CSV (line, column, problem, then the row's values), to fix a big file from. */
export function problemsCsv(problems: readonly Problem[], columns: readonly string[]): string {
	const lines = [['line', 'column', 'problem', ...columns].join(',')];
	for (const problem of problems) {
		const values = columns.map((column) => problem.values[column] ?? '');
		lines.push(
			[String(problem.line), problem.column ?? '', problem.message, ...values].map(quote).join(',')
		);
	}
	return `${lines.join('\r\n')}\r\n`;
}
