import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

/** What workerd cannot run: Node's own modules, the libSQL client and the Node server adapter. */
const nodeOnly = [
	{
		group: ['node:*', 'fs', 'path', 'os', 'child_process', 'http', 'net', '@libsql/*', '@hono/node-server', '**/db/client'],
		message: 'api/ and emails/ also run on Workers: keep Node-only code in api/node.ts or api/cli/.'
	}
];

export default ts.config(
	{ ignores: ['build/', '.svelte-kit/', '.wrangler/', 'node_modules/', 'data/', 'scratch/', 'db/migrations/'] },
	js.configs.recommended,
	...ts.configs.recommended,
	...svelte.configs.recommended,
	{
		languageOptions: { globals: { ...globals.browser, ...globals.node } },
		rules: {
			'no-undef': 'off',
			'@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
			'@typescript-eslint/no-explicit-any': 'off',
			// Plain hrefs: the app has no base path.
			'svelte/no-navigation-without-resolve': 'off'
		}
	},
	{
		files: ['**/*.svelte', '**/*.svelte.ts'],
		languageOptions: { parserOptions: { projectService: true, extraFileExtensions: ['.svelte'], parser: ts.parser, svelteConfig } }
	},
	{
		// The API and the emails run on Workers too: nothing Node-only outside the Node host and the CLI.
		files: ['api/**/*.ts', 'emails/**/*.ts'],
		ignores: ['api/cli/**', 'api/node.ts'],
		rules: {
			'no-restricted-imports': ['error', { patterns: nodeOnly }],
			// D1 has no interactive transactions: write with db.batch, which both drivers run atomically.
			'no-restricted-syntax': ['error', { selector: "CallExpression[callee.property.name='transaction']", message: 'D1 has no interactive transactions: use db.batch.' }]
		}
	},
	{
		// SQL lives in the data layer: stores, the database package and CLI/bench tooling.
		files: ['api/**/*.ts'],
		ignores: ['api/**/store.ts', 'api/**/*-store.ts', 'api/health/**', 'api/cli/**', 'api/node.ts', 'api/worker.ts'],
		rules: {
			'no-restricted-imports': ['error', { paths: [{ name: 'drizzle-orm', message: 'Queries belong in a store.ts.' }], patterns: nodeOnly }]
		}
	},
	{
		// The functional core is pure: no I/O, no database, no clock.
		files: ['api/domain/**/*.ts'],
		rules: {
			'no-restricted-imports': ['error', { patterns: [{ group: ['drizzle-orm', 'drizzle-orm/*', '../../db/*', 'node:*', 'hono', 'hono/*'], message: 'api/domain is pure: no I/O.' }] }],
			'no-restricted-syntax': ['error', { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'Take `now` as an argument.' }, { selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']", message: 'Take `now` as an argument.' }]
		}
	},
	{
		// The web app reaches data only through the API.
		files: ['web/**/*.ts', 'web/**/*.svelte'],
		rules: {
			'no-restricted-imports': ['error', { patterns: [{ group: ['drizzle-orm', 'drizzle-orm/*', '@libsql/*', '**/db/client'], message: 'web/ talks to the API, never the database.' }] }]
		}
	}
);
