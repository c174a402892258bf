import { createMiddleware } from 'hono/factory';
import { HTTPException } from 'hono/http-exception';
import { bodyLimit } from 'hono/body-limit';
import { secureHeaders } from 'hono/secure-headers';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { accountRoutes } from './accounts/routes';
import { apiTokenRoutes } from './api-tokens/routes';
import { publicCaseRoutes } from './cases/public-routes';
import { caseRoutes } from './cases/routes';
import { caseSettingsRoutes } from './case-settings/routes';
import { actionRoutes } from './actions/routes';
import { reportRoutes } from './reports/routes';
import { publicActionRoutes } from './actions/public-routes';
import { themeList } from './named-lists/named-lists';
import { namedListRoutes } from './named-lists/routes';
import { suggestionRoutes } from './suggestions/routes';
import { suggestionReportRoutes } from './reports/suggestion-actions-routes';
import { slaReportRoutes } from './reports/sla-report-routes';
import { retentionReportRoutes } from './reports/retention-routes';
import { recoveryReportRoutes } from './reports/recovery-routes';
import { loadApiTokenUser } from './auth/api-tokens';
import { loadSessionUser } from './auth/session';
import { authRoutes } from './auth/routes';
import { clockRoutes } from './clock-control/routes';
import { contactImportRoutes } from './contact-import/routes';
import { contactRoutes } from './contacts/routes';
import { digestRoutes } from './digest/routes';
import type { Deps } from './deps';
import { docsPage } from './docs/page';
import { emailEventRoutes } from './email-events/routes';
import { AppError, type ErrorCode } from './errors';
import { healthRoutes } from './health/routes';
import { mailboxRoutes } from './mailbox/routes';
import { organizationRoutes } from './organization/routes';
import { publicSurveyRoutes } from './public-surveys/routes';
import { createRouter, type AppEnv } from './router';
import { surveyRoutes } from './surveys/routes';
import { surveyResultRoutes } from './survey-results/routes';
import { teamRoutes } from './teams/routes';
import { userRoutes } from './users/routes';
import { webhookRoutes } from './webhooks/routes';

/** Bodies above this are refused with 413 before they are read; imports get more room. */
const bodyLimits = { default: 1024 * 1024, import: 32 * 1024 * 1024 };

const statusCodes: Partial<Record<number, ErrorCode>> = {
	400: 'bad_request',
	401: 'unauthenticated',
	403: 'forbidden',
	404: 'not_found',
	409: 'conflict',
	413: 'payload_too_large',
	415: 'unsupported_media_type',
	422: 'validation_failed',
	429: 'rate_limited'
};

/**
 * Builds the whole API, mounted under `/api`, from its dependencies. Both hosts
 * (api/node.ts, api/worker.ts) and the tests call this and nothing else.
 */
export function createApp(deps: Deps) {
	const app = createRouter().basePath('/api');

	app.use(secureHeaders());
	app.use(async (c, next) => {
		c.set('deps', deps);
		await next();
	});
	const limitBody = (maxSize: number) =>
		bodyLimit({
			maxSize,
			onError: () => {
				throw new AppError(
					'payload_too_large',
					`The request body is larger than ${maxSize / 1024 / 1024} MB.`
				);
			}
		});
	const limitDefault = limitBody(bodyLimits.default);
	const limitImport = limitBody(bodyLimits.import);
	app.use((c, next) =>
		(c.req.path.endsWith('/import') || c.req.path.includes('/import/')
			? limitImport
			: limitDefault)(c, next)
	);
	app.use(refuseCrossSiteWrites);
	app.use(async (c, next) => {
		// A Bearer token decides on its own: a bad one is a 401, never the cookie's user.
		c.set('user', (await loadApiTokenUser(c, deps)) ?? (await loadSessionUser(c, deps)));
		await next();
	});

	app.route('/health', healthRoutes);
	app.route('/auth', authRoutes);
	app.route('/users', userRoutes);
	app.route('/teams', teamRoutes);
	app.route('/api-tokens', apiTokenRoutes);
	// Full paths inside: /surveys/{id}/summary…, /contacts/{id}/surveys.
	app.route('/', surveyResultRoutes);
	app.route('/accounts', accountRoutes);
	app.route('/contacts/import', contactImportRoutes);
	app.route('/contacts', contactRoutes);
	app.route('/surveys', surveyRoutes);
	app.route('/mailbox', mailboxRoutes);
	app.route('/organization', organizationRoutes);
	app.route('/clock', clockRoutes);
	app.route('/cases', caseRoutes);
	app.route('/case-settings', caseSettingsRoutes);
	app.route('/suggestions', suggestionRoutes);
	app.route('/themes', namedListRoutes(themeList, ['Suggestion themes']));
	app.route('/actions', actionRoutes);
	app.route('/digest', digestRoutes);
	app.route('/reports', reportRoutes);
	app.route('/reports', suggestionReportRoutes);
	app.route('/reports', slaReportRoutes);
	app.route('/reports', retentionReportRoutes);
	app.route('/reports', recoveryReportRoutes);
	app.route('/public', publicSurveyRoutes);
	app.route('/public', publicCaseRoutes);
	app.route('/public', publicActionRoutes);
	app.route('/webhooks', emailEventRoutes);
	// Outgoing webhooks' admin routes: /webhooks/endpoints…, /webhooks/deliveries… (beside /webhooks/resend).
	app.route('/webhooks', webhookRoutes);

	app.openAPIRegistry.registerComponent('securitySchemes', 'session', {
		type: 'apiKey',
		in: 'cookie',
		name: 'closeloop_session'
	});
	app.openAPIRegistry.registerComponent('securitySchemes', 'apiToken', {
		type: 'http',
		scheme: 'bearer',
		description:
			'An API token made by an admin (POST /api/api-tokens or `npm run admin -- token create`).'
	});
	const documentConfig = {
		openapi: '3.1.0',
		info: {
			title: 'Closeloop API',
			version: deps.config.version,
			description:
				'Surveys, complaint recovery and reports. Every error has the shape `{ "error": { "code", "message", "fields"? } }`.'
		},
		security: [{ session: [] }, { apiToken: [] }] as Record<string, string[]>[]
	};
	app.doc31('/openapi.json', documentConfig);
	app.get('/docs', (c) => c.html(docsPage(app.getOpenAPI31Document(documentConfig))));

	app.notFound((c) =>
		c.json(new AppError('not_found', `No route for ${c.req.method} ${c.req.path}.`).toBody(), 404)
	);
	app.onError((error, c) => {
		if (error instanceof AppError) return c.json(error.toBody(), error.status);
		if (error instanceof HTTPException) {
			const code = statusCodes[error.status] ?? 'bad_request';
			const status = (
				error.status >= 400 && error.status < 500 ? error.status : 400
			) as ContentfulStatusCode;
			return c.json(
				new AppError(code, error.message || 'The request could not be read.').toBody(),
				status
			);
		}
		console.error(error);
		return c.json(
			new AppError('internal', 'Something went wrong on our side. It has been logged.').toBody(),
			500
		);
	});

	return app;
}

export type App = ReturnType<typeof createApp>;

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * State changes must come from our own origin. Browsers send `Origin` (and
 * `Sec-Fetch-Site`) on every cross-site POST, so a mismatch is refused. Requests
 * without them (server-to-server, mail providers' one-click unsubscribe) pass.
 */
const refuseCrossSiteWrites = createMiddleware<AppEnv>(async (c, next) => {
	if (!safeMethods.has(c.req.method)) {
		const origin = c.req.header('origin');
		const site = c.req.header('sec-fetch-site');
		const ownOrigin = new URL(c.req.url).origin;
		const allowed = new Set([ownOrigin, new URL(c.var.deps.config.publicUrl).origin]);
		if ((origin !== undefined && !allowed.has(origin)) || site === 'cross-site') {
			throw new AppError('forbidden', 'Cross-site requests may not change anything.');
		}
	}
	await next();
});
