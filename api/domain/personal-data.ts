/**
 * What an erased contact looks like, and how private links are cut out of text
 * we hand over: the single source for the erasure's marker values, so the
 * eraser, the contact API, the console and the export agree on them.
 */

/** The name an erased contact keeps. */
export const erasedContactName = 'Erased contact';

/** What erased free text (comments, suggestions, complaint text, email bodies) becomes. */
export const erasedText = '[erased]';

/** The reserved domain (RFC 2606) of erased contacts' addresses. */
export const erasedAddressDomain = '@erased.invalid';

/**
 * The address an erased contact keeps: unique (the contact's own id), and in
 * the reserved `.invalid` domain, so no mail can ever reach anyone through it.
 */
export function erasedEmail(contactId: string): string {
	return `erased-${contactId}${erasedAddressDomain}`;
}

/** Whether an address is an erased contact's: mail to it must never be (re)sent. */
export function isErasedAddress(address: string): boolean {
	return address.endsWith(erasedAddressDomain);
}

/** Whether a contact has been erased: its address is its own erased address. */
export function isErasedContact(contact: { id: string; email: string }): boolean {
	return contact.email === erasedEmail(contact.id);
}

/** Survey (`/s/`, `/u/`), case status (`/c/`) and news (`/n/`) links carry a private token after the prefix. */
const privateLink = /(\/[scnu]\/)[A-Za-z0-9_-]{16,}/g;

/**
 * Text with every private link token replaced by `…`, for copies handed over
 * (an export): a token grants access to a survey answer or a case, so it
 * never leaves the database in the clear.
 */
export function redactLinkTokens(text: string): string {
	return text.replace(privateLink, '$1…');
}

/**
 * A file name for a download about a contact: ASCII, lower case, dashes,
 * accents folded ("Mira König" → `mira-konig`).
 */
export function contactFileName(name: string, day: string, extension: string): string {
	const slug = name
		.normalize('NFKD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-|-$/g, '')
		.slice(0, 60);
	return `contact-data-${slug || 'contact'}-${day}.${extension}`;
}
