import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { requireStaff } from '../auth/guards';
import { errors, jsonResponse } from '../openapi';
import { createRouter, type AppEnv } from '../router';
import { importContacts } from './import-contacts';
import { prepareContactImport, type ImportInput } from './prepare-import';
import { toImportPreview, toImportResult, toProblemFields } from './report';
import {
	ImportJsonInput,
	ImportPreview,
	ImportQuery,
	ImportRejected,
	ImportResult,
	type ImportRejected as ImportRejectedBody
} from './schemas';

const csvExample =
	'email,name,account,account_ref,tier,owner_email,locale,time_zone,tags,consent\nana@acme.example,Ana Lima,Acme Ltd,C-1042,premium,,pt-BR,America/Sao_Paulo,retail|emea,yes';

const importBody = {
	description:
		'The CSV (comma-, semicolon- or tab-separated, UTF-8, header row first) as `text/csv` with `?mode=`, or as JSON `{ csv, mode }`.',
	content: {
		'text/csv': { schema: z.string().openapi({ example: csvExample }) },
		'text/plain': { schema: z.string() },
		'application/json': { schema: ImportJsonInput }
	}
};

/**
 * The CSV and mode from either body form. Only a JSON body is validated (and
 * typed as such); a text body is read as it is and takes its mode from the query.
 */
async function readImportInput(
	c: Context<AppEnv>,
	validated: string | { csv: string; mode?: ImportInput['mode'] },
	query: { mode?: ImportInput['mode'] }
): Promise<ImportInput> {
	if (typeof validated === 'object' && typeof validated.csv === 'string') {
		return { csv: validated.csv, mode: validated.mode ?? query.mode ?? 'upsert' };
	}
	return { csv: await c.req.text(), mode: query.mode ?? 'upsert' };
}

export const contactImportRoutes = createRouter()
	.openapi(
		createRoute({
			method: 'post',
			path: '/preview',
			tags: ['Contacts'],
			summary: 'Check a contact CSV and say what importing it would do; writes nothing',
			description:
				'Every row is checked against the database as it is now. Managers and admins only.',
			request: { query: ImportQuery, body: importBody },
			responses: {
				200: jsonResponse(ImportPreview, 'What the import would do, and every problem by line'),
				...errors(400, 401, 403, 413, 422)
			}
		}),
		async (c) => {
			requireStaff(c, 'manager');
			const input = await readImportInput(c, c.req.valid('json'), c.req.valid('query'));
			const plan = await prepareContactImport({ deps: c.var.deps, input });
			return c.json(toImportPreview(plan), 200);
		}
	)
	.openapi(
		createRoute({
			method: 'post',
			path: '/',
			tags: ['Contacts'],
			summary: 'Import contacts (and their accounts) from CSV, all or nothing',
			description:
				'Checks every row again. If any row has a problem nothing is written and the answer is 422 with the same problem list as the preview; otherwise all rows are written in one transaction. Managers and admins only.',
			request: { query: ImportQuery, body: importBody },
			responses: {
				200: jsonResponse(ImportResult, 'Imported: what was created and updated'),
				422: jsonResponse(ImportRejected, 'Some rows have problems; nothing was imported'),
				...errors(400, 401, 403, 409, 413)
			}
		}),
		async (c) => {
			const actor = requireStaff(c, 'manager');
			const input = await readImportInput(c, c.req.valid('json'), c.req.valid('query'));
			const outcome = await importContacts({ deps: c.var.deps, input, actor });
			if (!outcome.ok) {
				const preview = toImportPreview(outcome.plan);
				const body: ImportRejectedBody = {
					error: {
						code: 'validation_failed',
						message: rejectionMessage(preview),
						fields: toProblemFields(preview)
					},
					...preview
				};
				return c.json(body, 422);
			}
			return c.json(toImportResult(outcome.plan, outcome.importId), 200);
		}
	);

function rejectionMessage(preview: { rows: number; invalid: number; errorCount: number }): string {
	if (preview.invalid === 0) return 'The file cannot be imported. Nothing was imported.';
	const rows =
		preview.invalid === 1 ? '1 row has' : `${preview.invalid.toLocaleString('en')} rows have`;
	return `${rows} problems. Nothing was imported; fix them and try again.`;
}
