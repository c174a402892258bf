import { importColumnGuide } from '$api/domain/contact-import';
import type { PageServerLoad } from './$types';

/**
 * The column guide comes from the parser's own rules, so the help cannot
 * drift from what the import accepts. It is loaded here rather than imported
 * by the page so the parser never ships to the browser.
 */
export const load: PageServerLoad = () => ({
	// first_name and last_name are explained under name.
	columnGuide: importColumnGuide
		.filter((guide) => guide.column !== 'first_name' && guide.column !== 'last_name')
		.map(({ column, required, description }) => ({ column, required, description }))
});
