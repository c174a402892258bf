import { errorStatus, type ErrorCode } from '../errors';

/**
 * The browsable API reference at `/api/docs`, rendered on the server from the
 * OpenAPI 3.1 document: one self-contained HTML page with inline CSS and no
 * script, so it works offline, behind a strict CSP and on Workers alike.
 * Every string from the document is HTML-escaped.
 */

type Schema = {
	$ref?: string;
	type?: string | string[];
	format?: string;
	description?: string;
	enum?: unknown[];
	const?: unknown;
	default?: unknown;
	example?: unknown;
	examples?: unknown[];
	nullable?: boolean;
	properties?: Record<string, Schema>;
	required?: string[];
	additionalProperties?: Schema | boolean;
	items?: Schema;
	allOf?: Schema[];
	anyOf?: Schema[];
	oneOf?: Schema[];
	minLength?: number;
	maxLength?: number;
	minimum?: number;
	maximum?: number;
	exclusiveMinimum?: number;
	exclusiveMaximum?: number;
	minItems?: number;
	maxItems?: number;
	pattern?: string;
};

type Parameter = {
	name: string;
	in: string;
	required?: boolean;
	description?: string;
	schema?: Schema;
	$ref?: string;
};

type MediaTypes = Record<string, { schema?: Schema }>;

type Operation = {
	tags?: string[];
	summary?: string;
	description?: string;
	operationId?: string;
	deprecated?: boolean;
	parameters?: Parameter[];
	requestBody?: { required?: boolean; description?: string; content?: MediaTypes; $ref?: string };
	responses?: Record<string, { description?: string; content?: MediaTypes; $ref?: string }>;
	security?: Record<string, string[]>[];
};

type SecurityScheme = { type?: string; in?: string; name?: string; description?: string };

type Document = {
	openapi?: string;
	info?: { title?: string; version?: string; description?: string };
	security?: Record<string, string[]>[];
	paths?: Record<string, Record<string, Operation>>;
	components?: {
		schemas?: Record<string, Schema>;
		securitySchemes?: Record<string, SecurityScheme>;
		parameters?: Record<string, Parameter>;
		requestBodies?: Record<string, Operation['requestBody']>;
		responses?: Record<string, NonNullable<Operation['responses']>[string]>;
	};
};

const methods = ['get', 'post', 'put', 'patch', 'delete', 'head', 'options'] as const;

/** What each error code means to a client; shown with the error shape. */
const errorMeanings: Record<ErrorCode, string> = {
	bad_request: 'The request could not be read, e.g. malformed JSON.',
	validation_failed: 'Fields are missing or invalid; `fields` says which and why.',
	unauthenticated: 'Not signed in, or the session has ended.',
	forbidden: 'Signed in, but the role does not allow it, or a cross-site write.',
	not_found: 'No such route or record.',
	conflict: 'Conflicts with the current state, e.g. a duplicate email.',
	payload_too_large: 'The body is over the limit (1 MB; 32 MB for imports).',
	unsupported_media_type: 'The body is not in a format the route reads.',
	rate_limited: 'Too many attempts; wait for the time in `Retry-After`.',
	unavailable: 'A dependency such as the database is unreachable; retry later.',
	internal: 'A bug on our side. It has been logged.'
};

export function escapeHtml(value: unknown): string {
	return String(value)
		.replace(/&/g, '&amp;')
		.replace(/</g, '&lt;')
		.replace(/>/g, '&gt;')
		.replace(/"/g, '&quot;')
		.replace(/'/g, '&#39;');
}

/** Escaped text with `code` spans: the only markup the descriptions use. */
function prose(value: string | undefined): string {
	if (!value) return '';
	return escapeHtml(value).replace(/`([^`]+)`/g, '<code>$1</code>');
}

function slug(value: string): string {
	return value
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-|-$/g, '');
}

const operationId = (method: string, path: string) => `op-${method}-${slug(path)}`;
const tagId = (tag: string) => `tag-${slug(tag)}`;

type Context = { doc: Document };

/** `#/components/schemas/User` → its name and schema. */
function resolveRef<T>(ctx: Context, ref: string): { name: string; value: T | undefined } {
	const parts = ref.replace(/^#\//, '').split('/');
	let node: unknown = ctx.doc;
	for (const part of parts) {
		node = (node as Record<string, unknown> | undefined)?.[
			part.replace(/~1/g, '/').replace(/~0/g, '~')
		];
	}
	return { name: parts[parts.length - 1] ?? ref, value: node as T | undefined };
}

function deref<T extends { $ref?: string }>(ctx: Context, value: T): T {
	return value.$ref ? (resolveRef<T>(ctx, value.$ref).value ?? value) : value;
}

const isErrorRef = (schema: Schema | undefined) => schema?.$ref === '#/components/schemas/Error';

/** allOf members merged into one object schema (properties and required lists). */
function flatten(ctx: Context, schema: Schema, seen: Set<string>): Schema {
	if (schema.$ref) {
		if (seen.has(schema.$ref)) return schema;
		const target = resolveRef<Schema>(ctx, schema.$ref).value;
		return target ? flatten(ctx, target, new Set(seen).add(schema.$ref)) : schema;
	}
	if (!schema.allOf) return schema;
	const merged: Schema = {
		...schema,
		allOf: undefined,
		properties: { ...schema.properties },
		required: [...(schema.required ?? [])]
	};
	for (const part of schema.allOf) {
		const flat = flatten(ctx, part, seen);
		merged.type ??= flat.type;
		merged.description ??= flat.description;
		Object.assign(merged.properties!, flat.properties);
		merged.required!.push(...(flat.required ?? []));
	}
	return merged;
}

function types(schema: Schema): string[] {
	if (Array.isArray(schema.type)) return schema.type;
	if (schema.type) return [schema.type];
	if (schema.properties) return ['object'];
	return [];
}

/** Enum values of a schema, including unions of enums (`"a" | "b" | ""`). */
function enumValues(ctx: Context, schema: Schema): unknown[] | undefined {
	const target = schema.$ref ? resolveRef<Schema>(ctx, schema.$ref).value : schema;
	if (!target) return undefined;
	if (target.enum) return target.enum;
	if (target.const !== undefined) return [target.const];
	const variants = target.anyOf ?? target.oneOf;
	if (!variants) return undefined;
	const values: unknown[] = [];
	for (const variant of variants) {
		if (types(variant).join() === 'null') continue;
		const inner = enumValues(ctx, variant);
		if (!inner) return undefined;
		values.push(...inner);
	}
	return values;
}

const nullable = (schema: Schema) =>
	schema.nullable === true ||
	types(schema).includes('null') ||
	(schema.enum ?? []).includes(null) ||
	(schema.anyOf ?? schema.oneOf ?? []).some((variant) => types(variant).join() === 'null');

/** A short, plain type label: `string (date-time)`, `array of User`, `map of string → number`. */
function typeLabel(ctx: Context, schema: Schema): string {
	if (schema.$ref) return resolveRef(ctx, schema.$ref).name;
	const variants = schema.anyOf ?? schema.oneOf;
	if (variants) {
		const labels = variants
			.filter((variant) => types(variant).join() !== 'null')
			.map((v) => typeLabel(ctx, v));
		return [...new Set(labels)].join(' | ') || 'any';
	}
	if (schema.allOf) return schema.allOf.map((part) => typeLabel(ctx, part)).join(' & ');
	const own = types(schema).filter((type) => type !== 'null');
	const type = own.length ? own.join(' | ') : 'any';
	if (type === 'array') return schema.items ? `array of ${typeLabel(ctx, schema.items)}` : 'array';
	if (
		type === 'object' &&
		!schema.properties &&
		schema.additionalProperties &&
		typeof schema.additionalProperties === 'object'
	) {
		return `map of string → ${typeLabel(ctx, schema.additionalProperties)}`;
	}
	return schema.format ? `${type} (${schema.format})` : type;
}

/** Length, range, pattern and default notes, as short phrases. */
function constraints(schema: Schema): string[] {
	const notes: string[] = [];
	const range = (min: number | undefined, max: number | undefined, unit: string) => {
		const suffix = unit ? ` ${unit}` : '';
		if (min !== undefined && max !== undefined) notes.push(`${min}–${max}${suffix}`);
		else if (min !== undefined) notes.push(`at least ${min}${suffix}`);
		else if (max !== undefined) notes.push(`at most ${max}${suffix}`);
	};
	range(schema.minLength, schema.maxLength, 'characters');
	range(schema.minItems, schema.maxItems, 'items');
	range(schema.minimum ?? schema.exclusiveMinimum, schema.maximum ?? schema.exclusiveMaximum, '');
	if (schema.pattern) notes.push(`pattern <code>${escapeHtml(schema.pattern)}</code>`);
	if (schema.default !== undefined)
		notes.push(`default <code>${escapeHtml(JSON.stringify(schema.default))}</code>`);
	const example = schema.example ?? schema.examples?.[0];
	if (example !== undefined) notes.push(`e.g. <code>${escapeHtml(JSON.stringify(example))}</code>`);
	return notes;
}

function enumChips(values: unknown[] | undefined): string {
	// null is shown as "nullable" beside the type.
	const shown = values?.filter((value) => value !== null);
	if (!shown?.length) return '';
	const chips = shown
		.map(
			(value) =>
				`<code class="enum">${value === '' ? '""' : escapeHtml(typeof value === 'string' ? value : JSON.stringify(value))}</code>`
		)
		.join(' ');
	return `<div class="enums"><span class="muted">one of</span> ${chips}</div>`;
}

/** The object schema whose properties should be listed under a field, if any. */
function nestedObject(
	ctx: Context,
	schema: Schema,
	seen: Set<string>
): { schema: Schema; seen: Set<string> } | null {
	let target = schema;
	let refs = seen;
	for (let hops = 0; hops < 4; hops++) {
		if (target.$ref) {
			if (refs.has(target.$ref) || isErrorRef(target)) return null;
			refs = new Set(refs).add(target.$ref);
			const next = resolveRef<Schema>(ctx, target.$ref).value;
			if (!next) return null;
			target = next;
			continue;
		}
		if (target.allOf) {
			target = flatten(ctx, target, refs);
			continue;
		}
		if (types(target).includes('array') && target.items) {
			target = target.items;
			continue;
		}
		const variants = (target.anyOf ?? target.oneOf)?.filter((v) => types(v).join() !== 'null');
		if (variants?.length === 1) {
			target = variants[0]!;
			continue;
		}
		if (
			target.additionalProperties &&
			typeof target.additionalProperties === 'object' &&
			!target.properties
		) {
			target = target.additionalProperties;
			continue;
		}
		break;
	}
	return target.properties && Object.keys(target.properties).length
		? { schema: target, seen: refs }
		: null;
}

function field(
	ctx: Context,
	name: string,
	schema: Schema,
	required: boolean,
	seen: Set<string>,
	depth: number,
	extra = ''
): string {
	const own = schema.$ref ? (resolveRef<Schema>(ctx, schema.$ref).value ?? {}) : schema;
	const description = schema.description ?? own.description;
	const notes = constraints(own);
	const nested = depth < 8 ? nestedObject(ctx, schema, seen) : null;
	return `<li class="field">
<div class="field-head"><code class="field-name">${escapeHtml(name)}</code><span class="type">${escapeHtml(typeLabel(ctx, schema))}</span>${
		nullable(own) ? '<span class="tag-null">nullable</span>' : ''
	}${required ? '<span class="required">required</span>' : '<span class="optional">optional</span>'}${extra}</div>
${description ? `<p class="field-desc">${prose(description)}</p>` : ''}${enumChips(enumValues(ctx, schema))}${
		notes.length ? `<p class="notes">${notes.join(' · ')}</p>` : ''
	}${nested ? properties(ctx, nested.schema, nested.seen, depth + 1) : ''}
</li>`;
}

function properties(ctx: Context, schema: Schema, seen: Set<string>, depth: number): string {
	const flat = flatten(ctx, schema, seen);
	const required = new Set(flat.required ?? []);
	const rows = Object.entries(flat.properties ?? {}).map(([name, property]) =>
		field(ctx, name, property, required.has(name), seen, depth)
	);
	return rows.length ? `<ul class="fields">${rows.join('')}</ul>` : '';
}

/** A body or response schema: its type and content type on one line, then its fields. */
function schemaBlock(ctx: Context, contentType: string, schema: Schema | undefined): string {
	const media = `<span class="content-type">${escapeHtml(contentType)}</span>`;
	if (!schema) return `<p class="schema-line">${media}</p>`;
	if (isErrorRef(schema)) {
		return `<p class="schema-line"><a class="type" href="#errors">Error</a>${media}</p>`;
	}
	const seen = new Set<string>(schema.$ref ? [schema.$ref] : []);
	const nested = nestedObject(ctx, schema, new Set());
	const target = schema.$ref ? resolveRef<Schema>(ctx, schema.$ref).value : schema;
	const line = `<p class="schema-line"><span class="type">${escapeHtml(typeLabel(ctx, schema))}</span>${media}</p>${
		target?.description ? `<p class="field-desc">${prose(target.description)}</p>` : ''
	}${enumChips(enumValues(ctx, schema))}`;
	return (
		line + (nested ? properties(ctx, nested.schema, nested.seen.size ? nested.seen : seen, 0) : '')
	);
}

/** A plausible JSON value for a schema, for request examples. */
function exampleValue(
	ctx: Context,
	schema: Schema,
	name: string,
	seen: Set<string>,
	depth: number
): unknown {
	if (depth > 6) return null;
	if (schema.$ref) {
		if (seen.has(schema.$ref)) return {};
		const target = resolveRef<Schema>(ctx, schema.$ref).value;
		return target ? exampleValue(ctx, target, name, new Set(seen).add(schema.$ref), depth) : null;
	}
	if (schema.example !== undefined) return schema.example;
	if (schema.examples?.length) return schema.examples[0];
	if (schema.default !== undefined) return schema.default;
	const values = enumValues(ctx, schema)?.filter((value) => value !== '');
	if (values?.length) return values[0];
	if (schema.allOf) return exampleValue(ctx, flatten(ctx, schema, seen), name, seen, depth);
	const variants = (schema.anyOf ?? schema.oneOf)?.filter((v) => types(v).join() !== 'null');
	if (variants?.length) return exampleValue(ctx, variants[0]!, name, seen, depth);
	const type = types(schema).find((t) => t !== 'null') ?? 'object';
	switch (type) {
		case 'object': {
			const result: Record<string, unknown> = {};
			for (const [key, property] of Object.entries(schema.properties ?? {})) {
				result[key] = exampleValue(ctx, property, key, seen, depth + 1);
			}
			return result;
		}
		case 'array':
			return schema.items ? [exampleValue(ctx, schema.items, name, seen, depth + 1)] : [];
		case 'integer':
		case 'number':
			return schema.minimum ?? 1;
		case 'boolean':
			return true;
		default:
			return exampleString(name, schema);
	}
}

function exampleString(name: string, schema: Schema): string {
	const key = name.toLowerCase();
	if (schema.format === 'date-time' || key.endsWith('at')) return '2026-03-02T09:00:00Z';
	if (schema.format === 'date') return '2026-03-02';
	if (schema.format === 'email' || key.includes('email')) return 'ada@example.com';
	if (schema.format === 'uri' || schema.format === 'url' || key.endsWith('url'))
		return 'https://example.com';
	if (key === 'password') return 'correct horse battery';
	if (key === 'id' || key.endsWith('id')) return '0b6c3f1e-8a52-4d3b-9f0e-5d7a2c1b4e90';
	if (key === 'name') return 'Ada Lovelace';
	return 'string';
}

function requiresSignIn(doc: Document, operation: Operation): boolean {
	const security = operation.security ?? doc.security ?? [];
	return (
		security.length > 0 && !security.some((requirement) => Object.keys(requirement).length === 0)
	);
}

function pathHtml(path: string): string {
	return escapeHtml(path).replace(/\{([^}]+)\}/g, '<span class="param">{$1}</span>');
}

function statusClass(status: string): string {
	if (status.startsWith('2') || status.startsWith('3')) return 'ok';
	if (status.startsWith('4')) return 'client';
	if (status.startsWith('5')) return 'server';
	return 'other';
}

function parametersSection(ctx: Context, parameters: Parameter[]): string {
	if (!parameters.length) return '';
	const resolved = parameters.map((parameter) => deref(ctx, parameter));
	const rows = resolved.map((parameter) =>
		field(
			ctx,
			parameter.name,
			{
				...(parameter.schema ?? {}),
				description: parameter.description ?? parameter.schema?.description
			},
			parameter.in === 'path' || parameter.required === true,
			new Set(),
			1,
			`<span class="in">${escapeHtml(parameter.in)}</span>`
		)
	);
	return `<section class="block"><h4>Parameters</h4><ul class="fields">${rows.join('')}</ul></section>`;
}

function requestSection(ctx: Context, operation: Operation): string {
	const body = operation.requestBody ? deref(ctx, operation.requestBody) : undefined;
	if (!body?.content) return '';
	const parts = Object.entries(body.content).map(([type, media]) => {
		const example =
			type.includes('json') && media.schema
				? `<figure class="example"><figcaption>Example</figcaption><pre>${escapeHtml(
						JSON.stringify(exampleValue(ctx, media.schema, '', new Set(), 0), null, 2)
					)}</pre></figure>`
				: '';
		return `<div class="body-grid"><div>${schemaBlock(ctx, type, media.schema)}</div>${example}</div>`;
	});
	const optional = body.required ? '' : ' <span class="optional">optional</span>';
	return `<section class="block"><h4>Request body${optional}</h4>${body.description ? `<p>${prose(body.description)}</p>` : ''}${parts.join('')}</section>`;
}

function responsesSection(ctx: Context, operation: Operation): string {
	const entries = Object.entries(operation.responses ?? {});
	if (!entries.length) return '';
	const success = entries.filter(([status]) => !/^[45]/.test(status));
	const failures = entries.filter(([status]) => /^[45]/.test(status));
	const render = ([status, raw]: [string, NonNullable<Operation['responses']>[string]]) => {
		const response = deref(ctx, raw);
		const content = Object.entries(response.content ?? {})
			.map(([type, media]) => schemaBlock(ctx, type, media.schema))
			.join('');
		return `<li class="response"><div class="response-head"><span class="status ${statusClass(status)}">${escapeHtml(
			status
		)}</span><span>${prose(response.description)}</span></div>${content ? `<div class="response-body">${content}</div>` : ''}</li>`;
	};
	const errorItem = ([status, raw]: (typeof failures)[number]) => {
		const description = deref(ctx, raw).description;
		return `<span class="error-item"><span class="status ${statusClass(status)}">${escapeHtml(status)}</span> <span class="error-desc">${prose(description)}</span></span>`;
	};
	const errorsList = failures.length
		? `<div class="error-statuses"><span class="muted">Errors</span> ${failures.map(errorItem).join('')}</div>`
		: '';
	return `<section class="block"><h4>Responses</h4><ul class="responses">${success.map(render).join('')}</ul>${errorsList}</section>`;
}

type Entry = { method: string; path: string; operation: Operation };

function operationHtml(ctx: Context, { method, path, operation }: Entry): string {
	const signIn = requiresSignIn(ctx.doc, operation);
	return `<article class="operation" id="${operationId(method, path)}">
<header class="op-head">
<h3><span class="method ${method}">${method.toUpperCase()}</span> <span class="path">${pathHtml(path)}</span></h3>
<span class="auth ${signIn ? 'private' : 'public'}">${signIn ? lockIcon + 'Sign-in required' : 'No sign-in'}</span>
</header>
${operation.summary ? `<p class="summary">${prose(operation.summary)}</p>` : ''}${
		operation.description ? `<p class="description">${prose(operation.description)}</p>` : ''
	}${operation.deprecated ? '<p class="deprecated">Deprecated</p>' : ''}
${parametersSection(ctx, operation.parameters ?? [])}${requestSection(ctx, operation)}${responsesSection(ctx, operation)}
</article>`;
}

const lockIcon =
	'<svg aria-hidden="true" viewBox="0 0 16 16" width="12" height="12"><path fill="currentColor" d="M8 1a3.5 3.5 0 0 0-3.5 3.5V7H4a1 1 0 0 0-1 1v6a1 1 0 0 0 1 1h8a1 1 0 0 0 1-1V8a1 1 0 0 0-1-1h-.5V4.5A3.5 3.5 0 0 0 8 1Zm2 6H6V4.5a2 2 0 1 1 4 0V7Z"/></svg>';

function errorsSection(ctx: Context): string {
	const codeSchema = resolveRef<Schema>(ctx, '#/components/schemas/Error').value?.properties?.error
		?.properties?.code;
	const codes = ((codeSchema?.enum as string[] | undefined) ??
		Object.keys(errorStatus)) as ErrorCode[];
	const rows = codes
		.map(
			(code) =>
				`<tr><td><code>${escapeHtml(code)}</code></td><td><span class="status ${statusClass(String(errorStatus[code] ?? ''))}">${escapeHtml(
					errorStatus[code] ?? ''
				)}</span></td><td>${prose(errorMeanings[code] ?? '')}</td></tr>`
		)
		.join('');
	const example = `{
  "error": {
    "code": "validation_failed",
    "message": "Some fields are missing or invalid.",
    "fields": {
      "email": ["Enter a valid email address."],
      "password": ["Use at least 10 characters."]
    }
  }
}`;
	return `<section class="intro-section" id="errors">
<h2>Errors</h2>
<p>Every error, from every route, has one JSON shape: a stable machine-readable <code>code</code>, a <code>message</code> written for people, and, when input was invalid, <code>fields</code>: each offending field (dotted path for nested ones, <code>_</code> for the whole body) with its messages. Bad input is always a 4xx, never a 500, and never leaves a change half-written.</p>
<div class="body-grid"><pre class="code">${escapeHtml(example)}</pre>
<table class="codes"><thead><tr><th>code</th><th>status</th><th>meaning</th></tr></thead><tbody>${rows}</tbody></table></div>
</section>`;
}

function authSection(ctx: Context): string {
	const schemes = Object.values(ctx.doc.components?.securitySchemes ?? {});
	const cookie = schemes.find((scheme) => scheme.in === 'cookie')?.name;
	return `<section class="intro-section" id="authentication">
<h2>Signing in</h2>
<p>Staff routes need a session. <a href="#${operationId('post', '/api/auth/sign-in')}"><code>POST /api/auth/sign-in</code></a> with an email and password sets ${
		cookie ? `the <code>${escapeHtml(cookie)}</code> cookie` : 'a session cookie'
	} (HttpOnly, SameSite=Lax); send it back with every request. Routes marked <span class="auth private">${lockIcon}Sign-in required</span> answer <code>401</code> without it and <code>403</code> when the user's role does not allow the action. Writes from another site's pages are refused.</p>
<p>Request bodies are JSON (<code>content-type: application/json</code>) up to 1 MB; imports take up to 32 MB. Times are ISO 8601 in UTC.</p>
</section>`;
}

function navHtml(groups: Map<string, Entry[]>): string {
	const sections = [...groups]
		.map(
			([tag, entries]) =>
				`<div class="nav-group"><a class="nav-tag" href="#${tagId(tag)}">${escapeHtml(tag)}</a><ul>${entries
					.map(
						({ method, path, operation }) =>
							`<li><a href="#${operationId(method, path)}" title="${escapeHtml(operation.summary ?? '')}"><span class="nav-method ${method}">${
								method === 'delete' ? 'DEL' : method.toUpperCase()
							}</span><span class="nav-path">${escapeHtml(path.replace(/^\/api/, ''))}</span></a></li>`
					)
					.join('')}</ul></div>`
		)
		.join('');
	return `<nav class="sidebar" aria-label="API reference">
<div class="nav-group"><span class="nav-tag">Overview</span><ul class="nav-plain"><li><a href="#authentication">Signing in</a></li><li><a href="#errors">Errors</a></li><li><a href="/api/openapi.json">OpenAPI document</a></li></ul></div>
${sections}
</nav>`;
}

export function docsPage(document: unknown): string {
	const doc = (document ?? {}) as Document;
	const ctx: Context = { doc };
	const groups = new Map<string, Entry[]>();
	for (const [path, item] of Object.entries(doc.paths ?? {})) {
		for (const method of methods) {
			const operation = item[method];
			if (!operation) continue;
			const tag = operation.tags?.[0] ?? 'Other';
			if (!groups.has(tag)) groups.set(tag, []);
			groups.get(tag)!.push({ method, path, operation });
		}
	}
	const title = doc.info?.title ?? 'API reference';
	const count = [...groups.values()].reduce((sum, entries) => sum + entries.length, 0);
	const body = [...groups]
		.map(
			([tag, entries]) =>
				`<section class="tag-section" id="${tagId(tag)}"><h2>${escapeHtml(tag)}</h2>${entries
					.map((entry) => operationHtml(ctx, entry))
					.join('')}</section>`
		)
		.join('');

	return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light">
<link rel="icon" href="data:,">
<title>${escapeHtml(title)} reference</title>
<style>${styles}</style>
</head>
<body>
<header class="topbar">
<a class="brand" href="#top"><span class="logo" aria-hidden="true"></span>${escapeHtml(title)}</a>
<span class="version">v${escapeHtml(doc.info?.version ?? '')}</span>
<span class="spacer"></span>
<a class="spec-link" href="/api/openapi.json">openapi.json <span class="muted">OpenAPI ${escapeHtml(doc.openapi ?? '')}</span></a>
</header>
<div class="layout">
${navHtml(groups)}
<main id="top">
<section class="intro-section hero">
<h1>${escapeHtml(title)}</h1>
<p class="lead">${prose(doc.info?.description)}</p>
<p class="muted">${count} operations under <code>/api</code>. The machine-readable description is at <a href="/api/openapi.json"><code>/api/openapi.json</code></a> (OpenAPI ${escapeHtml(doc.openapi ?? '')}).</p>
</section>
${authSection(ctx)}
${errorsSection(ctx)}
${body}
</main>
</div>
</body>
</html>`;
}

const styles = `
:root{--bg:#fff;--panel:#f7f8fa;--line:#e4e7ec;--text:#1d2433;--muted:#667085;--accent:#4f46e5;--code:#f2f4f7;
--get:#0e9f6e;--post:#2563eb;--put:#7c3aed;--patch:#d97706;--delete:#dc2626;--head:#64748b;--options:#64748b;
--mono:ui-monospace,SFMono-Regular,Menlo,Consolas,"Liberation Mono",monospace}
*{box-sizing:border-box}
html{scroll-behavior:smooth;scroll-padding-top:72px}
@media (prefers-reduced-motion:reduce){html{scroll-behavior:auto}}
body{margin:0;background:var(--bg);color:var(--text);font:15px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
a{color:var(--accent);text-decoration:none}a:hover{text-decoration:underline}
code,pre{font-family:var(--mono);font-size:.86em}
code{background:var(--code);border-radius:4px;padding:.1em .35em}
pre{margin:0;white-space:pre;overflow:auto}
.muted{color:var(--muted)}
.topbar{position:sticky;top:0;z-index:10;display:flex;align-items:center;gap:12px;height:56px;padding:0 24px;background:#101828;color:#fff}
.brand{display:flex;align-items:center;gap:10px;color:#fff;font-weight:650;font-size:16px}
.brand:hover{text-decoration:none}
.logo{width:22px;height:22px;border-radius:50%;border:4px solid #818cf8;border-right-color:transparent;transform:rotate(-45deg)}
.version{font:12px var(--mono);color:#c7d2fe;background:#1e2a44;border-radius:999px;padding:2px 8px}
.spacer{flex:1}
.spec-link{color:#e0e7ff;font-size:13px;border:1px solid #344054;border-radius:6px;padding:5px 10px}
.spec-link .muted{color:#98a2b3;margin-left:4px}
.spec-link:hover{text-decoration:none;border-color:#818cf8}
.layout{display:grid;grid-template-columns:280px minmax(0,1fr)}
.sidebar{position:sticky;top:56px;height:calc(100vh - 56px);overflow:auto;padding:18px 12px 40px;background:var(--panel);border-right:1px solid var(--line);font-size:13px}
.nav-group{margin-bottom:14px}
.nav-tag{display:block;padding:4px 10px;font-size:11px;font-weight:700;letter-spacing:.06em;text-transform:uppercase;color:var(--muted)}
.sidebar ul{list-style:none;margin:2px 0 0;padding:0}
.sidebar li a{display:flex;align-items:center;gap:8px;padding:4px 10px;border-radius:6px;color:var(--text)}
.sidebar li a:hover{background:#eaecf5;text-decoration:none}
.nav-plain li a{padding-left:10px}
.nav-method{flex:none;width:42px;font:700 10px var(--mono);letter-spacing:.02em}
.nav-path{font-family:var(--mono);font-size:12px;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.nav-method.get{color:var(--get)}.nav-method.post{color:var(--post)}.nav-method.put{color:var(--put)}.nav-method.patch{color:var(--patch)}.nav-method.delete{color:var(--delete)}
main{padding:32px 48px 96px;max-width:1120px}
h1{font-size:30px;line-height:1.2;margin:0 0 10px;letter-spacing:-.01em}
h2{font-size:22px;margin:0 0 14px;letter-spacing:-.01em}
.lead{font-size:16px;margin:0 0 8px}
.intro-section{padding:8px 0 28px;border-bottom:1px solid var(--line);margin-bottom:28px}
.intro-section p{max-width:760px}
.tag-section{margin-bottom:36px}
.tag-section>h2{padding-top:8px}
.operation{border:1px solid var(--line);border-radius:10px;padding:18px 20px;margin:0 0 18px;background:#fff;box-shadow:0 1px 2px rgba(16,24,40,.04)}
.operation:target{border-color:var(--accent);box-shadow:0 0 0 3px rgba(79,70,229,.15)}
.op-head{display:flex;align-items:center;gap:12px;flex-wrap:wrap}
.op-head h3{margin:0;font-size:16px;font-weight:600;display:flex;align-items:center;gap:10px;flex:1 1 260px;min-width:0}
.method{display:inline-block;min-width:62px;text-align:center;font:700 12px var(--mono);color:#fff;border-radius:6px;padding:4px 8px;letter-spacing:.03em}
.method.get{background:var(--get)}.method.post{background:var(--post)}.method.put{background:var(--put)}.method.patch{background:var(--patch)}.method.delete{background:var(--delete)}.method.head,.method.options{background:var(--head)}
.path{font-family:var(--mono);font-size:15px;overflow-wrap:anywhere}
.path .param{color:var(--accent)}
.auth{display:inline-flex;align-items:center;gap:5px;font-size:12px;font-weight:600;border-radius:999px;padding:2px 10px;white-space:nowrap}
.auth.private{background:#fef3f2;color:#b42318}
.auth.public{background:#ecfdf3;color:#067647}
.summary{margin:10px 0 0;font-size:15px}
.description{margin:6px 0 0;color:var(--muted)}
.deprecated{color:var(--delete);font-weight:600}
.block{margin-top:16px}
.block h4{margin:0 0 8px;font-size:11px;font-weight:700;letter-spacing:.07em;text-transform:uppercase;color:var(--muted)}
.block h4 .optional{text-transform:none;letter-spacing:0;font-weight:500;margin-left:6px}
.block>p{margin:0 0 10px;color:#344054;font-size:14px}
.content-type{font:12px var(--mono);color:var(--muted);margin-left:auto}
.body-grid{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,300px);gap:18px;align-items:start}
.body-grid>:only-child{grid-column:1/-1}
.example{margin:0;border-radius:8px;overflow:hidden;background:#101828}
.example figcaption{font-size:11px;font-weight:600;letter-spacing:.06em;text-transform:uppercase;color:#98a2b3;padding:8px 12px 0}
.example pre,pre.code{color:#e4e7ec;padding:10px 12px 12px;font-size:12px;line-height:1.5}
pre.code{background:#101828;border-radius:8px}
.schema-line{display:flex;align-items:center;gap:8px;margin:0 0 8px}
.schema-line a.type:hover{text-decoration:none;background:#ebe9fe}
.type{font:12px var(--mono);color:#5925dc;background:#f4f3ff;border-radius:4px;padding:1px 6px}
.fields{list-style:none;margin:0;padding:0;border-top:1px solid var(--line)}
.fields .fields{margin:8px 0 2px 6px;padding-left:14px;border-top:0;border-left:2px solid var(--line)}
.field{padding:8px 0;border-bottom:1px solid var(--line)}
.fields .fields .field:last-child{border-bottom:0;padding-bottom:2px}
.field-head{display:flex;align-items:center;flex-wrap:wrap;gap:8px}
.field-name{background:none;padding:0;font-weight:600;font-size:13px;color:var(--text)}
.required{font-size:11px;font-weight:600;color:#b54708}
.optional{font-size:11px;color:var(--muted)}
.tag-null,.in{font-size:11px;color:var(--muted);border:1px solid var(--line);border-radius:4px;padding:0 5px}
.field-desc{margin:3px 0 0;color:#344054;font-size:14px}
.notes{margin:3px 0 0;font-size:12px;color:var(--muted)}
.enums{margin-top:4px;font-size:12px;display:flex;flex-wrap:wrap;gap:4px;align-items:center}
.enum{font-size:11.5px;background:#eef4ff;color:#3538cd}
.responses{list-style:none;margin:0;padding:0}
.response{margin-bottom:10px}
.response-head{display:flex;align-items:center;gap:10px;margin-bottom:6px}
.status{display:inline-block;font:700 12px var(--mono);border-radius:5px;padding:1px 7px}
.status.ok{background:#ecfdf3;color:#067647}.status.client{background:#fffaeb;color:#b54708}.status.server{background:#fef3f2;color:#b42318}.status.other{background:var(--code)}
.error-statuses{display:flex;flex-wrap:wrap;align-items:center;gap:6px 8px;font-size:13px;margin-top:4px;padding-top:10px;border-top:1px dashed var(--line)}
.error-item{display:inline-flex;align-items:center;gap:6px;margin-right:10px}
.error-desc{color:var(--muted)}
.codes{border-collapse:collapse;font-size:13px;width:100%}
.codes th{text-align:left;font-size:11px;letter-spacing:.06em;text-transform:uppercase;color:var(--muted);padding:6px 8px;border-bottom:1px solid var(--line)}
.codes td{padding:6px 8px;border-bottom:1px solid var(--line);vertical-align:top}
#errors .body-grid{grid-template-columns:minmax(0,400px) minmax(0,1fr)}
@media (max-width:900px){.layout{grid-template-columns:1fr}.sidebar{position:static;height:auto;max-height:45vh;border-right:0;border-bottom:1px solid var(--line)}.spec-link .muted{display:none}.brand{white-space:nowrap}main{padding:24px 18px 64px}.body-grid,#errors .body-grid{grid-template-columns:1fr}}
`;
