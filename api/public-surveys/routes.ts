import { createRoute, z } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import { negotiateCopyLocale, surveyCopy } from '../domain/survey-copy';
import { AppError } from '../errors';
import { errors, jsonBody, jsonResponse } from '../openapi';
import { getOrganization } from '../organization/store';
import { createRouter } from '../router';
import { getInvitation } from './get-invitation';
import { recordAnswers } from './record-answers';
import { recordScore } from './record-score';
import {
	AnswersInput,
	PageCopy,
	PageCopyQuery,
	PublicInvitation,
	PublicResponse,
	ScoreInput,
	TokenParam,
	unsubscribeRequestBody,
	UnsubscribeResult,
	unsubscribeVia
} from './schemas';
import { unsubscribe } from './unsubscribe';

const tags = ['Public survey pages'];
/** Customers' links carry their own authority (the token); no session is read or needed. */
const security: Record<string, string[]>[] = [];
const maxBodyBytes = 64 * 1024;
/** Public bodies are small: a score, a few answers of at most 2,000 characters each. */
const limitBody = bodyLimit({
	maxSize: maxBodyBytes,
	onError: () => {
		throw new AppError(
			'payload_too_large',
			`The request body is larger than ${maxBodyBytes / 1024} KB.`
		);
	}
});
const noStore = { 'cache-control': 'no-store' };
const ResponseBody = z.object({ response: PublicResponse });

export const publicSurveyRoutes = createRouter()
	.openapi(
		createRoute({
			method: 'get',
			path: '/invitations/{token}',
			tags,
			security,
			summary:
				'What a survey link shows: the questions in the contact’s language, the answer so far, whether it can change',
			description: 'Records nothing: mail scanners open every link in an email.',
			request: { params: TokenParam },
			responses: {
				200: jsonResponse(z.object({ invitation: PublicInvitation }), 'The invitation'),
				...errors(404)
			}
		}),
		async (c) => {
			const invitation = await getInvitation({
				deps: c.var.deps,
				token: c.req.valid('param').token
			});
			return c.json({ invitation }, 200, noStore);
		}
	)
	.openapi(
		createRoute({
			method: 'post',
			path: '/invitations/{token}/response',
			tags,
			security,
			summary:
				'Record the score: the first answer creates the response, a later one within 7 days changes it',
			middleware: [limitBody],
			request: { params: TokenParam, body: jsonBody(ScoreInput) },
			responses: {
				200: jsonResponse(ResponseBody, 'The response as it now stands'),
				...errors(400, 404, 409, 413, 415, 422)
			}
		}),
		async (c) => {
			const response = await recordScore({
				deps: c.var.deps,
				token: c.req.valid('param').token,
				score: c.req.valid('json').score
			});
			return c.json({ response }, 200);
		}
	)
	.openapi(
		createRoute({
			method: 'post',
			path: '/invitations/{token}/answers',
			tags,
			security,
			summary:
				'Record the follow-up answers (the open question and the further ones) of an answered invitation',
			middleware: [limitBody],
			request: { params: TokenParam, body: jsonBody(AnswersInput) },
			responses: {
				200: jsonResponse(ResponseBody, 'The response as it now stands'),
				...errors(400, 404, 409, 413, 415, 422)
			}
		}),
		async (c) => {
			const response = await recordAnswers({
				deps: c.var.deps,
				token: c.req.valid('param').token,
				input: c.req.valid('json')
			});
			return c.json({ response }, 200);
		}
	)
	.openapi(
		createRoute({
			method: 'get',
			path: '/unsubscribe/{token}',
			tags,
			security,
			summary:
				'Opening the one-click address in a browser leads to the confirmation page; changes nothing',
			request: { params: TokenParam },
			responses: {
				303: {
					description: 'To the unsubscribe page `/u/{token}`',
					headers: { Location: { schema: { type: 'string' } } }
				}
			}
		}),
		(c) => c.redirect(`/u/${encodeURIComponent(c.req.valid('param').token)}`, 303)
	)
	.openapi(
		createRoute({
			method: 'post',
			path: '/unsubscribe/{token}',
			tags,
			security,
			summary: 'Unsubscribe at once from all surveys (RFC 8058 one-click; no cookies needed)',
			description:
				'Mail providers post `List-Unsubscribe=One-Click` as a form; the unsubscribe page posts JSON `{ "via": "page" }`; an empty body is accepted too. Idempotent.',
			middleware: [limitBody],
			request: {
				params: TokenParam,
				body: unsubscribeRequestBody
			},
			responses: {
				200: jsonResponse(UnsubscribeResult, 'Unsubscribed'),
				...errors(404, 413, 415, 422)
			}
		}),
		async (c) => {
			const result = await unsubscribe({
				deps: c.var.deps,
				token: c.req.valid('param').token,
				via: unsubscribeVia(c.req.valid('json'))
			});
			return c.json(result, 200);
		}
	)
	.openapi(
		createRoute({
			method: 'get',
			path: '/copy',
			tags,
			security,
			summary:
				'The public pages’ words in the best shipped language, for pages without a valid link',
			request: { query: PageCopyQuery },
			responses: { 200: jsonResponse(PageCopy, 'Page words'), ...errors(422) }
		}),
		async (c) => {
			const { deps } = c.var;
			const org = await getOrganization(deps.db, deps.config);
			const locale = negotiateCopyLocale(c.req.valid('query').locale);
			return c.json(
				{
					locale,
					organization: { name: org.name, brandColor: org.brandColor },
					copy: surveyCopy(locale, org.name)
				},
				200
			);
		}
	);
