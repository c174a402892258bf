/** A browsable API reference rendered from the OpenAPI document (placeholder until the docs page lands). */
export function docsPage(document: unknown): string {
	return `<!doctype html><title>Closeloop API</title><pre>${JSON.stringify(document, null, 2).replace(/</g, '&lt;')}</pre>`;
}
