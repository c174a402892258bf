import type { Deps } from '../deps';
import {
	collectLookupKeys,
	parseContactCsv,
	planContactImport,
	type ImportMode,
	type ImportPlan
} from '../domain/contact-import';
import { newId } from '../tokens';
import { findImportLookups } from './store';

export type ImportInput = { csv: string; mode: ImportMode };

const noLookups = {
	staffByEmail: new Map(),
	contactsByEmail: new Map(),
	accountsByRef: new Map(),
	accountsByNameKey: new Map()
};

/** Reads the CSV and works out, against the database as it is now, what importing it would do. Writes nothing. */
export async function prepareContactImport({
	deps,
	input
}: {
	deps: Deps;
	input: ImportInput;
}): Promise<ImportPlan> {
	const parsed = parseContactCsv(input.csv);
	const lookups =
		parsed.fileProblems.length > 0
			? noLookups
			: await findImportLookups(deps.db, collectLookupKeys(parsed));
	return planContactImport({ parsed, mode: input.mode, lookups, newId });
}
