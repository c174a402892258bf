import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docsPage } from '../../../api/docs/page';
import { startTestApp, type TestApp } from '../../support/app';

/** The page's text as a reader sees it: tags dropped (path parameters kept inline), entities decoded, spaces collapsed. */
function visibleText(html: string): string {
	return html
		.replace(/<style[\s\S]*?<\/style>/g, ' ')
		.replace(/<span class="param">([^<]*)<\/span>/g, '$1')
		.replace(/<[^>]+>/g, ' ')
		.replace(/&quot;/g, '"')
		.replace(/&#39;/g, "'")
		.replace(/&lt;/g, '<')
		.replace(/&gt;/g, '>')
		.replace(/&amp;/g, '&')
		.replace(/\s+/g, ' ');
}

describe('the API reference', () => {
	let app: TestApp;
	beforeAll(async () => {
		app = await startTestApp();
	});
	afterAll(async () => {
		await app.stop();
	});

	it('serves the OpenAPI 3.1 document as JSON', async () => {
		const response = await app.anonymous().get('/api/openapi.json');
		expect(response.status).toBe(200);
		expect(response.headers.get('content-type')).toMatch(/application\/json/);
		const document = JSON.parse(response.text);
		expect(document.openapi).toBe('3.1.0');
		expect(document.paths['/api/health'].get).toBeDefined();
		expect(document.paths['/api/auth/sign-in'].post).toBeDefined();
	});

	it('renders every operation, grouped by tag, as one self-contained page', async () => {
		const response = await app.anonymous().get('/api/docs');
		expect(response.status).toBe(200);
		expect(response.headers.get('content-type')).toMatch(/text\/html/);
		const html = response.text;
		const text = visibleText(html);

		expect(text).toContain('POST /api/auth/sign-in');
		expect(text).toContain('GET /api/health');
		expect(html).toContain('href="#op-post-api-auth-sign-in"');
		expect(html).toContain('href="/api/openapi.json"');

		// Every operation in the document has a section.
		const document = (await app.anonymous().get('/api/openapi.json')).json;
		for (const [path, item] of Object.entries<Record<string, unknown>>(document.paths)) {
			for (const method of Object.keys(item)) {
				expect(text, `${method} ${path}`).toContain(`${method.toUpperCase()} ${path}`);
			}
		}

		// Health needs no sign-in; the current user does.
		const section = (id: string) =>
			html.slice(
				html.indexOf(`id="${id}"`),
				html.indexOf('</article>', html.indexOf(`id="${id}"`))
			);
		expect(visibleText(section('op-get-api-health'))).toContain('No sign-in');
		expect(visibleText(section('op-get-api-auth-me'))).toContain('Sign-in required');

		// Request bodies and responses are listed field by field, following $ref.
		const signIn = visibleText(section('op-post-api-auth-sign-in'));
		expect(signIn).toMatch(/email string \(email\) required/);
		expect(signIn).toMatch(/role string required one of admin manager agent/);
		expect(signIn).toContain('429');

		// The error shape is explained once, with every code.
		expect(text).toContain('validation_failed');
		expect(text).toContain('rate_limited');

		// Offline: no scripts and nothing loaded from elsewhere.
		expect(html).not.toMatch(/<script/i);
		expect(html).not.toMatch(/(src|href)="(https?:)?\/\//i);
	});
});

describe('docsPage', () => {
	it('escapes everything taken from the document', () => {
		const html = docsPage({
			openapi: '3.1.0',
			info: { title: '<img src=x onerror=alert(1)>', version: '1"><b>' },
			paths: {
				'/api/<x>': {
					get: {
						tags: ['<Tag>'],
						summary: '<script>alert(1)</script>',
						parameters: [{ name: '"q"', in: 'query', schema: { type: 'string', enum: ['<a>'] } }],
						responses: { '200': { description: '<i>ok</i>' } }
					}
				}
			}
		});
		expect(html).not.toContain('<script>alert');
		expect(html).not.toContain('<img src=x');
		expect(html).not.toContain('<i>ok</i>');
		expect(html).not.toContain('<a>');
		expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
	});

	it('survives schemas that refer to themselves', () => {
		const html = docsPage({
			openapi: '3.1.0',
			components: {
				schemas: {
					Node: {
						type: 'object',
						properties: {
							name: { type: 'string' },
							children: { type: 'array', items: { $ref: '#/components/schemas/Node' } }
						},
						required: ['name']
					}
				}
			},
			paths: {
				'/api/tree': {
					get: {
						responses: {
							'200': {
								description: 'A tree',
								content: { 'application/json': { schema: { $ref: '#/components/schemas/Node' } } }
							}
						}
					}
				}
			}
		});
		const text = visibleText(html);
		expect(text).toContain('children array of Node optional');
		expect(text).toContain('name string required');
	});
});
