import { createRoute, z } from '@hono/zod-openapi';
import { requireStaff, staffOnly } from '../auth/guards';
import type { Deps } from '../deps';
import { AppError } from '../errors';
import { errors, jsonBody, jsonResponse } from '../openapi';
import { getOrganization } from '../organization/store';
import { createRouter } from '../router';
import { digestWeek, dueWeek, lastFullWeek } from './format';
import { renderDigest } from './queue-digests';
import { DigestSettings, DigestSettingsInput } from './schemas';
import { buildSections } from './sections';
import { findDigestSetting, saveDigestSetting } from './store';

const tags = ['Weekly digest'];
/** The digest goes to managers and admins (admins pass every role check). */
const recipients = [staffOnly('manager')];
const weekMs = 7 * 86_400_000;

/** The week the next digest covers: the one due now if not yet sent out, else the current week. */
function nextDigest(deps: Deps) {
	const now = deps.clock.now();
	const due = dueWeek(now);
	const upcoming = now < due.dueAt ? due : digestWeek(new Date(due.start.getTime() + weekMs));
	return { week: upcoming.label, dueAt: upcoming.dueAt.toISOString() };
}

async function ownSetting(deps: Deps, userId: string) {
	const row = await findDigestSetting(deps.db, userId);
	if (!row) throw new AppError('unauthenticated', 'Sign in to continue.');
	return row;
}

/** The signed-in manager's or admin's own weekly digest: the setting, and a preview. */
export const digestRoutes = createRouter()
	.openapi(
		createRoute({
			method: 'get',
			path: '/settings',
			tags,
			summary: 'Whether you get the weekly digest email',
			middleware: recipients,
			responses: {
				200: jsonResponse(DigestSettings, 'Your setting'),
				...errors(401, 403)
			}
		}),
		async (c) => {
			const user = requireStaff(c);
			const row = await ownSetting(c.var.deps, user.id);
			return c.json({ weeklyDigest: row.weeklyDigest, next: nextDigest(c.var.deps) }, 200);
		}
	)
	.openapi(
		createRoute({
			method: 'patch',
			path: '/settings',
			tags,
			summary: 'Turn your own weekly digest email on or off',
			description:
				'Changes only the signed-in user’s setting. Every active manager and admin gets the digest unless they turn it off.',
			middleware: recipients,
			request: { body: jsonBody(DigestSettingsInput) },
			responses: {
				200: jsonResponse(DigestSettings, 'Your setting, saved'),
				...errors(400, 401, 403, 422)
			}
		}),
		async (c) => {
			const user = requireStaff(c);
			const { weeklyDigest } = c.req.valid('json');
			const [row] = await saveDigestSetting(
				c.var.deps.db,
				user.id,
				weeklyDigest,
				c.var.deps.clock.now()
			);
			if (!row) throw new AppError('unauthenticated', 'Sign in to continue.');
			return c.json({ weeklyDigest: row.weeklyDigest, next: nextDigest(c.var.deps) }, 200);
		}
	)
	.openapi(
		createRoute({
			method: 'get',
			path: '/preview',
			tags,
			summary: 'The weekly digest you would get for the last full week, as HTML',
			description:
				'The email’s HTML part with the figures of the last full week (Monday to Sunday, UTC), whether or not your digest is on. Sends nothing.',
			middleware: recipients,
			responses: {
				200: {
					description: 'The email as HTML',
					content: { 'text/html': { schema: z.string() } }
				},
				...errors(401, 403)
			}
		}),
		async (c) => {
			const { deps } = c.var;
			const user = requireStaff(c);
			const row = await ownSetting(deps, user.id);
			const now = deps.clock.now();
			const week = lastFullWeek(now);
			const [{ sections, unavailable }, organization] = await Promise.all([
				buildSections(deps, week, now),
				getOrganization(deps.db, deps.config)
			]);
			const email = renderDigest(deps, {
				organization,
				week,
				sections,
				unavailable,
				recipient: row
			});
			return c.body(email.html, 200, {
				'content-type': 'text/html; charset=utf-8',
				'cache-control': 'no-store',
				// The email's HTML only: no scripts, nothing framed, links open in a new tab.
				'content-security-policy':
					"default-src 'none'; img-src https: data:; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'self'"
			});
		}
	);
