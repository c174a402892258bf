import type { ImportPlan } from '../domain/contact-import';
import type { FieldErrors } from '../errors';
import type { ImportPreview, ImportResult } from './schemas';

/** Problems listed in one answer; the count says how many there are in all. */
const maxListedProblems = 1000;

export function toImportPreview(plan: ImportPlan): ImportPreview {
	return {
		mode: plan.mode,
		rows: plan.rowCount,
		valid: plan.validCount,
		invalid: plan.rowCount - plan.validCount,
		errorCount: plan.problems.length,
		errors: plan.problems.slice(0, maxListedProblems),
		errorsTruncated: plan.problems.length > maxListedProblems,
		columns: plan.columns,
		ignoredColumns: plan.ignoredColumns,
		creates: { accounts: plan.counts.accountsCreated, contacts: plan.counts.contactsCreated },
		updates: { contacts: plan.counts.contactsUpdated, unchanged: plan.counts.contactsUnchanged },
		sample: plan.sample
	};
}

/** The listed problems as field errors of the one error shape, keyed `rows.<line>.<column>`. */
export function toProblemFields(preview: ImportPreview): FieldErrors {
	const fields: FieldErrors = {};
	for (const problem of preview.errors) {
		const key = `rows.${problem.line}${problem.column ? `.${problem.column}` : ''}`;
		(fields[key] ??= []).push(problem.message);
	}
	return fields;
}

export function toImportResult(plan: ImportPlan, importId: string): ImportResult {
	return {
		importId,
		mode: plan.mode,
		rows: plan.rowCount,
		creates: { accounts: plan.counts.accountsCreated, contacts: plan.counts.contactsCreated },
		updates: { contacts: plan.counts.contactsUpdated, unchanged: plan.counts.contactsUnchanged }
	};
}
