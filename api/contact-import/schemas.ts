import { z } from '@hono/zod-openapi';
import { importColumns, importModes, importTiers } from '../domain/contact-import';
import { ErrorBody } from '../openapi';

export const ImportMode = z.enum(importModes).openapi('ContactImportMode', {
	description:
		'`upsert` (default): a row whose email is already a contact updates it. `create-only`: such a row is an error.'
});

export const ImportQuery = z.object({
	mode: ImportMode.optional().openapi({ param: { name: 'mode', in: 'query' } })
});

export const ImportJsonInput = z
	.object({
		csv: z.string().openapi({ description: 'The CSV text, header row first.' }),
		mode: ImportMode.optional()
	})
	.openapi('ContactImportInput');

const ImportColumn = z.enum(importColumns);

export const ImportProblem = z
	.object({
		line: z
			.number()
			.int()
			.openapi({ description: 'File line the row starts on (the header is line 1).' }),
		column: ImportColumn.optional(),
		message: z.string(),
		values: z.record(z.string(), z.string()).openapi({ description: "The row's cells by column." })
	})
	.openapi('ContactImportProblem');

export const ImportSampleRow = z
	.object({
		line: z.number().int(),
		action: z.enum(['create', 'update', 'unchanged']),
		email: z.string(),
		name: z.string(),
		account: z.object({ name: z.string(), ref: z.string().nullable(), isNew: z.boolean() }),
		locale: z.string(),
		timeZone: z.string(),
		consent: z.boolean(),
		tier: z.enum(importTiers).nullable(),
		ownerEmail: z.string().nullable(),
		tags: z.array(z.string())
	})
	.openapi('ContactImportSampleRow');

const ImportCounts = {
	creates: z.object({ accounts: z.number().int(), contacts: z.number().int() }),
	updates: z.object({
		contacts: z.number().int(),
		unchanged: z
			.number()
			.int()
			.openapi({ description: 'Existing contacts the file leaves as they are.' })
	})
};

export const ImportPreview = z
	.object({
		mode: ImportMode,
		rows: z.number().int().openapi({ description: 'Non-blank rows below the header.' }),
		valid: z.number().int(),
		invalid: z.number().int(),
		errorCount: z
			.number()
			.int()
			.openapi({ description: 'All problems, also those left out of `errors`.' }),
		errors: z
			.array(ImportProblem)
			.openapi({ description: 'The problems, by line; at most 1,000.' }),
		errorsTruncated: z.boolean(),
		columns: z.array(ImportColumn).openapi({ description: 'Recognised columns, in file order.' }),
		ignoredColumns: z
			.array(z.string())
			.openapi({ description: 'Header names that match no column.' }),
		...ImportCounts,
		sample: z
			.array(ImportSampleRow)
			.openapi({ description: 'The first 20 valid rows, as they would be imported.' })
	})
	.openapi('ContactImportPreview');
export type ImportPreview = z.infer<typeof ImportPreview>;

export const ImportRejected = z
	.object({ ...ErrorBody.shape, ...ImportPreview.shape })
	.openapi('ContactImportRejected');
export type ImportRejected = z.infer<typeof ImportRejected>;

export const ImportResult = z
	.object({
		importId: z.string(),
		mode: ImportMode,
		rows: z.number().int(),
		...ImportCounts
	})
	.openapi('ContactImportResult');
export type ImportResult = z.infer<typeof ImportResult>;
