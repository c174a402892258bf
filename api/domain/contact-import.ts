/**
 * Contact import: reading a CSV of contacts and deciding, row by row, what an
 * import would do before anything is written. This module is the single
 * source of those rules, so the preview, the import itself and the console's
 * column guide cannot drift apart. It is pure: the staff, contacts and
 * accounts that already exist come in as lookups, new ids from `newId`.
 */
import Papa from 'papaparse';
import { normalizeLocale } from './locales';
import { isValidTimeZone } from './time-zones';

export const importModes = ['upsert', 'create-only'] as const;
/** `upsert`: a row whose email is already a contact updates it. `create-only`: such a row is an error. */
export type ImportMode = (typeof importModes)[number];

/** The account tiers (mirrors db/schema/accounts.ts; the store checks they agree). */
export const importTiers = ['basic', 'standard', 'premium', 'enterprise'] as const;
export type ImportTier = (typeof importTiers)[number];

export const importColumns = [
	'email',
	'name',
	'first_name',
	'last_name',
	'account',
	'account_ref',
	'tier',
	'owner_email',
	'locale',
	'time_zone',
	'tags',
	'consent'
] as const;
export type ImportColumn = (typeof importColumns)[number];

/** A row's cells by column, trimmed. */
export type RowValues = Partial<Record<ImportColumn, string>>;

export type ColumnGuide = {
	column: ImportColumn;
	/** Other header names read as this column (compared after `normalizeHeader`). */
	aliases: readonly string[];
	required: boolean;
	description: string;
	example: string;
};

/** What each column means, for the parser and for the console's help. */
export const importColumnGuide: readonly ColumnGuide[] = [
	{
		column: 'email',
		aliases: ['e_mail', 'email_address', 'e_mail_address', 'mail', 'contact_email', 'work_email'],
		required: true,
		description: 'The contact’s address; one contact per address.',
		example: 'ana@acme.example'
	},
	{
		column: 'name',
		aliases: ['full_name', 'contact_name', 'contact', 'display_name'],
		required: true,
		description: 'Full name. Or give first_name and last_name instead.',
		example: 'Ana Lima'
	},
	{
		column: 'first_name',
		aliases: ['firstname', 'given_name', 'forename'],
		required: false,
		description: 'Used with last_name when there is no name column.',
		example: 'Ana'
	},
	{
		column: 'last_name',
		aliases: ['lastname', 'surname', 'family_name'],
		required: false,
		description: 'Used with first_name when there is no name column.',
		example: 'Lima'
	},
	{
		column: 'account',
		aliases: [
			'account_name',
			'company',
			'company_name',
			'organization',
			'organisation',
			'organization_name',
			'organisation_name',
			'customer',
			'customer_name'
		],
		required: true,
		description:
			'Account name, matched case-insensitively; a new account is made if none has it. Optional when account_ref is given.',
		example: 'Acme Ltd'
	},
	{
		column: 'account_ref',
		aliases: [
			'account_reference',
			'account_external_ref',
			'external_ref',
			'external_reference',
			'account_id',
			'account_number',
			'customer_id',
			'customer_number',
			'customer_ref'
		],
		required: false,
		description: 'Your own customer number; matched before the name.',
		example: 'C-1042'
	},
	{
		column: 'tier',
		aliases: ['account_tier', 'plan'],
		required: false,
		description: 'basic, standard, premium or enterprise. For new accounts (default standard).',
		example: 'premium'
	},
	{
		column: 'owner_email',
		aliases: ['owner', 'account_owner', 'account_owner_email', 'owner_email_address'],
		required: false,
		description: 'Email of the staff user who owns a new account.',
		example: 'sam@yourcompany.example'
	},
	{
		column: 'locale',
		aliases: ['language', 'lang', 'language_code'],
		required: false,
		description: 'Language tag such as en or de-CH (default en).',
		example: 'en-GB'
	},
	{
		column: 'time_zone',
		aliases: ['timezone', 'tz', 'zone', 'iana_time_zone'],
		required: false,
		description: 'IANA time zone such as Europe/Berlin (default UTC).',
		example: 'Europe/London'
	},
	{
		column: 'tags',
		aliases: ['tag', 'labels', 'label'],
		required: false,
		description: 'Account tags separated by ; or | (for new accounts).',
		example: 'retail|emea'
	},
	{
		column: 'consent',
		aliases: ['survey_consent', 'opt_in', 'optin', 'consented'],
		required: false,
		description: 'Whether the contact agreed to surveys: yes/no, true/false or 1/0 (default yes).',
		example: 'yes'
	}
];

/** Rows per import; larger files are split so one write never holds the database for long. */
export const maxImportRows = 100_000;

export const importLimits = {
	email: 254,
	name: 200,
	accountName: 200,
	accountRef: 100,
	tag: 40,
	tags: 20
} as const;

/** One reason a row (or the file) cannot be imported. `line` is the file line the row starts on. */
export type ImportProblem = {
	line: number;
	column?: ImportColumn;
	message: string;
	values: RowValues;
};

export type CsvRecord = {
	line: number;
	values: RowValues;
	/** Problems with the row's shape (quotes, extra cells), found while reading it. */
	problems: { column?: ImportColumn; message: string }[];
};

export type ParsedContactCsv = {
	delimiter: ',' | ';' | '\t';
	/** The recognised columns, in file order. */
	columns: ImportColumn[];
	/** Header names that match no column; their cells are ignored. */
	ignoredColumns: string[];
	records: CsvRecord[];
	/** Problems with the file as a whole (no header, missing columns, too many rows). */
	fileProblems: ImportProblem[];
};

/** `E-mail Address ` → `e_mail_address`: how headers are compared with the column names and aliases. */
export function normalizeHeader(header: string): string {
	return header
		.replace(/^\uFEFF/, '')
		.trim()
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '_')
		.replace(/^_+|_+$/g, '');
}

const columnByHeader = new Map<string, ImportColumn>(
	importColumnGuide.flatMap((guide) =>
		[guide.column, ...guide.aliases].map((name) => [name, guide.column] as const)
	)
);

/**
 * Reads the CSV text: UTF-8 with or without a BOM, comma-, semicolon- or
 * tab-separated (whichever the header line uses most), quoted values may hold
 * delimiters, quotes ("") and line breaks. Blank rows are skipped.
 */
export function parseContactCsv(text: string): ParsedContactCsv {
	const source = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
	const delimiter = detectDelimiter(source);
	const parsed: ParsedContactCsv = {
		delimiter,
		columns: [],
		ignoredColumns: [],
		records: [],
		fileProblems: []
	};
	let mapping: (ImportColumn | null)[] | null = null;
	let headerLine = 1;
	let consumed = 0;
	let lineAtConsumed = 1;

	Papa.parse<string[]>(source, {
		delimiter,
		newline: '\n',
		quoteChar: '"',
		step(result, parser) {
			const line = lineAtConsumed;
			const end = result.meta.cursor;
			lineAtConsumed += countLineBreaks(source, consumed, end);
			consumed = end;
			const cells = result.data;
			if (cells.every((cell) => cell.trim() === '')) return;

			if (!mapping) {
				headerLine = line;
				mapping = readHeader(cells, line, parsed);
				return;
			}
			if (parsed.records.length === maxImportRows) {
				parsed.fileProblems.push({
					line,
					message: `The file has more than ${maxImportRows.toLocaleString('en')} rows. Split it and import the parts one after another.`,
					values: {}
				});
				parser.abort();
				return;
			}
			parsed.records.push(readRecord(cells, mapping, line, result.errors));
		}
	});

	if (!mapping) {
		parsed.fileProblems.push({
			line: 1,
			message: 'The file is empty. Start with a header row such as email,name,account.',
			values: {}
		});
	} else if (parsed.records.length === 0 && parsed.fileProblems.length === 0) {
		parsed.fileProblems.push({
			line: headerLine + 1,
			message: 'There are no rows below the header.',
			values: {}
		});
	}
	return parsed;
}

function detectDelimiter(source: string): ParsedContactCsv['delimiter'] {
	const counts = { ',': 0, ';': 0, '\t': 0 };
	let quoted = false;
	for (let i = 0; i < source.length; i++) {
		const char = source[i];
		if (char === '"') quoted = !quoted;
		else if (!quoted && char === '\n') {
			if (counts[','] + counts[';'] + counts['\t'] > 0) break;
		} else if (!quoted && (char === ',' || char === ';' || char === '\t')) counts[char]++;
	}
	if (counts['\t'] > counts[','] && counts['\t'] > counts[';']) return '\t';
	return counts[';'] > counts[','] ? ';' : ',';
}

function countLineBreaks(source: string, from: number, to: number): number {
	let count = 0;
	for (
		let at = source.indexOf('\n', from);
		at !== -1 && at < to;
		at = source.indexOf('\n', at + 1)
	) {
		count++;
	}
	return count;
}

function readHeader(
	cells: string[],
	line: number,
	parsed: ParsedContactCsv
): (ImportColumn | null)[] {
	const firstHeader = new Map<ImportColumn, string>();
	const mapping = cells.map((cell) => {
		const header = cell.trim();
		const column = columnByHeader.get(normalizeHeader(header));
		if (!column) {
			if (header) parsed.ignoredColumns.push(header);
			return null;
		}
		const earlier = firstHeader.get(column);
		if (earlier !== undefined) {
			parsed.fileProblems.push({
				line,
				column,
				message: `The columns “${earlier}” and “${header}” both hold ${column}. Keep one of them.`,
				values: {}
			});
			return null;
		}
		firstHeader.set(column, header);
		parsed.columns.push(column);
		return column;
	});
	const has = (column: ImportColumn) => firstHeader.has(column);
	const missing = (column: ImportColumn, message: string) =>
		parsed.fileProblems.push({ line, column, message, values: {} });
	if (!has('email')) {
		missing('email', 'There is no email column. Name one column “email” in the header row.');
	}
	if (!has('name') && !has('first_name') && !has('last_name')) {
		missing(
			'name',
			'There is no name column. Add “name” (or “first_name” and “last_name”) to the header row.'
		);
	}
	if (!has('account') && !has('account_ref')) {
		missing(
			'account',
			'There is no account column. Add “account” (the account’s name) or “account_ref” to the header row.'
		);
	}
	return mapping;
}

function readRecord(
	cells: string[],
	mapping: (ImportColumn | null)[],
	line: number,
	errors: Papa.ParseError[]
): CsvRecord {
	const values: RowValues = {};
	mapping.forEach((column, index) => {
		if (column) values[column] = (cells[index] ?? '').trim();
	});
	const problems: CsvRecord['problems'] = [];
	for (const error of errors) {
		problems.push({
			message:
				error.code === 'MissingQuotes'
					? 'A quoted value on this row is never closed, so the rest of the file was read as part of it. Add the closing quote (").'
					: 'A value has a stray quote ("). Put the whole value in quotes and double any quote inside it.'
		});
	}
	const extra = cells.slice(mapping.length).filter((cell) => cell.trim() !== '');
	if (extra.length > 0) {
		problems.push({
			message: `This row has ${cells.length} values but the header has ${mapping.length} columns. A value that contains the delimiter needs quotes around it.`
		});
	}
	return { line, values, problems };
}

// ---------------------------------------------------------------------------
// Planning: what each row would do, given what already exists.

export type ExistingStaff = { id: string; isActive: boolean };
export type ExistingContact = {
	id: string;
	accountId: string;
	name: string;
	locale: string;
	timeZone: string;
	consent: boolean;
};
export type ExistingAccount = {
	id: string;
	name: string;
	externalRef: string | null;
	isArchived: boolean;
};

/** What already exists, for the keys `collectLookupKeys` lists. */
export type ImportLookups = {
	/** Staff users by lower-case email. */
	staffByEmail: ReadonlyMap<string, ExistingStaff>;
	/** Contacts by (lower-case) email. */
	contactsByEmail: ReadonlyMap<string, ExistingContact>;
	accountsByRef: ReadonlyMap<string, ExistingAccount>;
	/** Accounts that are not archived, by `accountNameKey(name)`; several may share a name. */
	accountsByNameKey: ReadonlyMap<string, readonly ExistingAccount[]>;
};

export type LookupKeys = {
	emails: string[];
	ownerEmails: string[];
	accountRefs: string[];
	accountNameKeys: string[];
};

/**
 * The key account names are matched by: trimmed, inner spaces collapsed, and
 * ASCII letters lower-cased exactly as SQLite's `lower()` does, so the store
 * can look names up through the `lower(name)` index.
 */
export function accountNameKey(name: string): string {
	return collapseSpaces(name).replace(/[A-Z]+/g, (letters) => letters.toLowerCase());
}

/** The emails, references and names whose existing records `planContactImport` needs. */
export function collectLookupKeys(parsed: ParsedContactCsv): LookupKeys {
	const emails = new Set<string>();
	const ownerEmails = new Set<string>();
	const accountRefs = new Set<string>();
	const accountNameKeys = new Set<string>();
	for (const { values } of parsed.records) {
		if (values.email) emails.add(values.email.toLowerCase());
		if (values.owner_email) ownerEmails.add(values.owner_email.toLowerCase());
		if (values.account_ref) accountRefs.add(values.account_ref);
		if (values.account) accountNameKeys.add(accountNameKey(values.account));
	}
	return {
		emails: [...emails],
		ownerEmails: [...ownerEmails],
		accountRefs: [...accountRefs],
		accountNameKeys: [...accountNameKeys]
	};
}

export type NewAccount = {
	id: string;
	name: string;
	externalRef: string | null;
	tier: ImportTier;
	ownerId: string | null;
	tags: string[];
};

/** A contact to insert (`isNew`) or to update in place (matched by email). */
export type ContactWrite = {
	id: string;
	email: string;
	name: string;
	accountId: string;
	locale: string;
	timeZone: string;
	consent: boolean;
	isNew: boolean;
};

export type RowAction = 'create' | 'update' | 'unchanged';

export type SampleRow = {
	line: number;
	action: RowAction;
	email: string;
	name: string;
	account: { name: string; ref: string | null; isNew: boolean };
	locale: string;
	timeZone: string;
	consent: boolean;
	/** Only for a new account: what it is created with. */
	tier: ImportTier | null;
	ownerEmail: string | null;
	tags: string[];
};

export type ImportCounts = {
	accountsCreated: number;
	contactsCreated: number;
	contactsUpdated: number;
	contactsUnchanged: number;
};

export type ImportPlan = {
	mode: ImportMode;
	/** Non-blank rows below the header. */
	rowCount: number;
	/** Rows without a problem. */
	validCount: number;
	/** Every problem, by line; the import may run only when this is empty. */
	problems: ImportProblem[];
	columns: ImportColumn[];
	ignoredColumns: string[];
	/** Accounts to create, used by valid rows. */
	accounts: NewAccount[];
	/** Contacts to create or change; unchanged ones are left out. */
	contacts: ContactWrite[];
	counts: ImportCounts;
	/** The first valid rows, as they would be imported. */
	sample: SampleRow[];
};

type RowDraft = {
	line: number;
	values: RowValues;
	problems: { column?: ImportColumn; message: string }[];
	email: string;
	name: string;
	accountName: string | null;
	accountRef: string | null;
	tier: ImportTier | null;
	ownerId: string | null;
	ownerEmail: string | null;
	locale: string | null;
	timeZone: string | null;
	tags: string[];
	consent: boolean | null;
	target: { existing: ExistingAccount } | { draft: AccountDraft } | null;
};

type AccountDraft = {
	id: string;
	name: string;
	externalRef: string | null;
	tier: { value: ImportTier; line: number } | null;
	owner: { id: string; email: string; line: number } | null;
	tags: Set<string>;
	isUsed: boolean;
};

/**
 * Decides what importing the parsed rows would do: which accounts are created
 * (once per distinct reference or name), which contacts are created, updated
 * or left unchanged, and every problem that stops the import, each tied to its
 * line and column. Rows map to an existing account by `account_ref`, else by
 * name (case-insensitive), else to a new account. Account columns (tier,
 * owner, tags) shape only accounts the import creates. On update, empty
 * optional cells keep the contact's current value.
 */
export function planContactImport(input: {
	parsed: ParsedContactCsv;
	mode: ImportMode;
	lookups: ImportLookups;
	newId: () => string;
	sampleSize?: number;
}): ImportPlan {
	const { parsed, mode, lookups, newId } = input;
	const plan: ImportPlan = {
		mode,
		rowCount: parsed.records.length,
		validCount: 0,
		problems: [],
		columns: parsed.columns,
		ignoredColumns: parsed.ignoredColumns,
		accounts: [],
		contacts: [],
		counts: { accountsCreated: 0, contactsCreated: 0, contactsUpdated: 0, contactsUnchanged: 0 },
		sample: []
	};
	if (parsed.fileProblems.length > 0) {
		plan.problems = parsed.fileProblems;
		return plan;
	}

	const firstLineByEmail = new Map<string, number>();
	const rows = parsed.records.map((record) => {
		const row = readRow(record, lookups);
		if (row.email) {
			const firstLine = firstLineByEmail.get(row.email);
			if (firstLine === undefined) firstLineByEmail.set(row.email, row.line);
			else
				row.problems.push({
					column: 'email',
					message: `This email is already on line ${firstLine}. Keep one row per contact.`
				});
			if (mode === 'create-only' && lookups.contactsByEmail.has(row.email)) {
				row.problems.push({
					column: 'email',
					message:
						'A contact with this email already exists. In create-only mode that is an error: remove the row, or import in add-and-update mode.'
				});
			}
		}
		return row;
	});

	resolveAccounts(rows, lookups, newId);

	for (const row of rows) {
		for (const problem of row.problems)
			plan.problems.push({ line: row.line, values: row.values, ...problem });
		if (row.problems.length > 0 || !row.target) continue;
		plan.validCount++;
		const draft = 'draft' in row.target ? row.target.draft : null;
		const accountId = draft ? draft.id : (row.target as { existing: ExistingAccount }).existing.id;
		if (draft && !draft.isUsed) {
			draft.isUsed = true;
			plan.accounts.push({
				id: draft.id,
				name: draft.name,
				externalRef: draft.externalRef,
				tier: draft.tier?.value ?? 'standard',
				ownerId: draft.owner?.id ?? null,
				tags: [...draft.tags].sort()
			});
		}
		const existing = lookups.contactsByEmail.get(row.email);
		const contact: ContactWrite = {
			id: existing?.id ?? newId(),
			email: row.email,
			name: row.name,
			accountId,
			locale: row.locale ?? existing?.locale ?? 'en',
			timeZone: row.timeZone ?? existing?.timeZone ?? 'UTC',
			consent: row.consent ?? existing?.consent ?? true,
			isNew: !existing
		};
		const action: RowAction = !existing
			? 'create'
			: existing.name === contact.name &&
				  existing.accountId === contact.accountId &&
				  existing.locale === contact.locale &&
				  existing.timeZone === contact.timeZone &&
				  existing.consent === contact.consent
				? 'unchanged'
				: 'update';
		if (action === 'create') plan.counts.contactsCreated++;
		else if (action === 'update') plan.counts.contactsUpdated++;
		else plan.counts.contactsUnchanged++;
		if (action !== 'unchanged') plan.contacts.push(contact);

		if (plan.sample.length < (input.sampleSize ?? 20)) {
			plan.sample.push({
				line: row.line,
				action,
				email: contact.email,
				name: contact.name,
				account: draft
					? { name: draft.name, ref: draft.externalRef, isNew: true }
					: {
							name: (row.target as { existing: ExistingAccount }).existing.name,
							ref: (row.target as { existing: ExistingAccount }).existing.externalRef,
							isNew: false
						},
				locale: contact.locale,
				timeZone: contact.timeZone,
				consent: contact.consent,
				tier: draft ? (draft.tier?.value ?? 'standard') : null,
				ownerEmail: draft ? (draft.owner?.email ?? null) : null,
				tags: draft ? [...draft.tags].sort() : []
			});
		}
	}
	plan.counts.accountsCreated = plan.accounts.length;
	const columnOrder = (column?: ImportColumn) => (column ? importColumns.indexOf(column) : -1);
	plan.problems.sort((a, b) => a.line - b.line || columnOrder(a.column) - columnOrder(b.column));
	return plan;
}

function readRow(record: CsvRecord, lookups: ImportLookups): RowDraft {
	const { values } = record;
	const problems = [...record.problems];
	const problem = (column: ImportColumn, message: string) => problems.push({ column, message });

	const email = (values.email ?? '').toLowerCase();
	if (!email) problem('email', 'Email is missing.');
	else if (email.length > importLimits.email)
		problem('email', `Email is longer than ${importLimits.email} characters.`);
	else if (!isEmail(email)) problem('email', `“${values.email}” is not an email address.`);

	const name = collapseSpaces(
		values.name || [values.first_name ?? '', values.last_name ?? ''].join(' ')
	);
	const nameColumn: ImportColumn =
		values.name !== undefined || values.first_name === undefined ? 'name' : 'first_name';
	if (!name) problem(nameColumn, 'Name is missing.');
	else if (name.length > importLimits.name)
		problem(nameColumn, `Name is longer than ${importLimits.name} characters.`);

	const accountName = collapseSpaces(values.account ?? '') || null;
	const accountRef = values.account_ref || null;
	if (!accountName && !accountRef) {
		problem('account', 'Account is missing. Give the account’s name (or its account_ref).');
	}
	if (accountName && accountName.length > importLimits.accountName) {
		problem('account', `Account name is longer than ${importLimits.accountName} characters.`);
	}
	if (accountRef && accountRef.length > importLimits.accountRef) {
		problem(
			'account_ref',
			`Account reference is longer than ${importLimits.accountRef} characters.`
		);
	}

	let tier: ImportTier | null = null;
	if (values.tier) {
		const lower = values.tier.toLowerCase();
		if ((importTiers as readonly string[]).includes(lower)) tier = lower as ImportTier;
		else
			problem(
				'tier',
				`Tier “${values.tier}” is not one of basic, standard, premium or enterprise.`
			);
	}

	let ownerId: string | null = null;
	let ownerEmail: string | null = null;
	if (values.owner_email) {
		ownerEmail = values.owner_email.toLowerCase();
		const staff = lookups.staffByEmail.get(ownerEmail);
		if (!isEmail(ownerEmail))
			problem('owner_email', `“${values.owner_email}” is not an email address.`);
		else if (!staff) problem('owner_email', `No staff user has the email ${ownerEmail}.`);
		else if (!staff.isActive)
			problem('owner_email', `${ownerEmail} is disabled. Choose an active staff user as owner.`);
		else ownerId = staff.id;
	}

	let locale: string | null = null;
	if (values.locale) {
		locale = canonicalLocale(values.locale);
		if (!locale)
			problem('locale', `“${values.locale}” is not a language tag such as en, pt-BR or de-CH.`);
	}

	let timeZone: string | null = null;
	if (values.time_zone) {
		timeZone = canonicalTimeZone(values.time_zone);
		if (!timeZone)
			problem(
				'time_zone',
				`“${values.time_zone}” is not an IANA time zone such as Europe/Berlin or America/New_York.`
			);
	}

	const tags = values.tags ? parseTags(values.tags) : [];
	const longTag = tags.find((tag) => tag.length > importLimits.tag);
	if (longTag) problem('tags', `Tag “${longTag}” is longer than ${importLimits.tag} characters.`);
	if (tags.some((tag) => tag.includes(',')))
		problem('tags', 'Tags cannot contain commas. Separate tags with ; or |.');
	if (tags.length > importLimits.tags)
		problem(
			'tags',
			`${tags.length} tags is too many; an account has at most ${importLimits.tags}.`
		);

	let consent: boolean | null = null;
	if (values.consent) {
		consent = parseConsent(values.consent);
		if (consent === null)
			problem('consent', `Consent “${values.consent}” must be yes or no (or true/false, 1/0).`);
	}

	return {
		line: record.line,
		values,
		problems,
		email,
		name,
		accountName,
		accountRef,
		tier,
		ownerId,
		ownerEmail,
		locale,
		timeZone,
		tags,
		consent,
		target: null
	};
}

/**
 * Gives each row its account. Rows with a reference go first, so a row that
 * names an account the same file creates by reference joins it whatever the
 * row order. Then attributes of new accounts are gathered in line order: the
 * first tier and owner given win and a different one later is a problem; tags
 * are combined.
 */
function resolveAccounts(rows: RowDraft[], lookups: ImportLookups, newId: () => string) {
	const draftsByRef = new Map<string, AccountDraft>();
	const draftsByNameKey = new Map<string, AccountDraft>();
	const newDraft = (name: string, externalRef: string | null): AccountDraft => ({
		id: newId(),
		name,
		externalRef,
		tier: null,
		owner: null,
		tags: new Set(),
		isUsed: false
	});
	const ambiguous = (row: RowDraft, name: string, count: number) =>
		row.problems.push({
			column: 'account',
			message: `${count} accounts are named “${name}”. Add an account_ref column to say which one.`
		});

	const rowsByRef = new Map<string, RowDraft[]>();
	for (const row of rows) {
		if (!row.accountRef) continue;
		const group = rowsByRef.get(row.accountRef);
		if (group) group.push(row);
		else rowsByRef.set(row.accountRef, [row]);
	}
	for (const [ref, refRows] of rowsByRef) {
		const existing = lookups.accountsByRef.get(ref);
		if (existing?.isArchived) {
			for (const row of refRows) {
				row.problems.push({
					column: 'account_ref',
					message: `${existing.name} (${ref}) is archived. Restore it before importing contacts into it.`
				});
			}
			continue;
		}
		if (existing) {
			for (const row of refRows) row.target = { existing };
			continue;
		}
		const named = refRows.find((row) => row.accountName);
		if (!named?.accountName) {
			for (const row of refRows) {
				row.problems.push({
					column: 'account_ref',
					message: `No account has the reference “${ref}”. Add the account’s name to create it.`
				});
			}
			continue;
		}
		const name = named.accountName;
		const unreferenced = (lookups.accountsByNameKey.get(accountNameKey(name)) ?? []).filter(
			(account) => account.externalRef === null
		);
		if (unreferenced.length > 1) {
			for (const row of refRows) ambiguous(row, name, unreferenced.length);
			continue;
		}
		let target: RowDraft['target'];
		if (unreferenced[0]) target = { existing: unreferenced[0] };
		else {
			const draft = newDraft(name, ref);
			draftsByRef.set(ref, draft);
			target = { draft };
		}
		for (const row of refRows) {
			row.target = target;
			if (row.accountName && accountNameKey(row.accountName) !== accountNameKey(name)) {
				row.problems.push({
					column: 'account',
					message: `Reference “${ref}” is named “${name}” on line ${named.line}. Use one name per account.`
				});
			}
		}
	}

	const refDraftsByNameKey = new Map<string, AccountDraft[]>();
	for (const draft of draftsByRef.values()) {
		const key = accountNameKey(draft.name);
		const group = refDraftsByNameKey.get(key);
		if (group) group.push(draft);
		else refDraftsByNameKey.set(key, [draft]);
	}
	for (const row of rows) {
		if (row.accountRef || !row.accountName) continue;
		const key = accountNameKey(row.accountName);
		const existing = lookups.accountsByNameKey.get(key) ?? [];
		if (existing.length === 1) {
			row.target = { existing: existing[0]! };
			continue;
		}
		if (existing.length > 1) {
			ambiguous(row, row.accountName, existing.length);
			continue;
		}
		const inFile = refDraftsByNameKey.get(key) ?? [];
		if (inFile.length > 1) {
			row.problems.push({
				column: 'account',
				message: `Several new accounts in this file are named “${row.accountName}”. Add the account_ref to say which one.`
			});
			continue;
		}
		let draft = inFile[0] ?? draftsByNameKey.get(key);
		if (!draft) {
			draft = newDraft(row.accountName, null);
			draftsByNameKey.set(key, draft);
		}
		row.target = { draft };
	}

	for (const row of rows) {
		if (!row.target || !('draft' in row.target)) continue;
		const draft = row.target.draft;
		const label = `“${draft.name}”`;
		if (row.tier) {
			if (!draft.tier) draft.tier = { value: row.tier, line: row.line };
			else if (draft.tier.value !== row.tier)
				row.problems.push({
					column: 'tier',
					message: `Account ${label} has tier ${draft.tier.value} on line ${draft.tier.line}. Use one tier per account.`
				});
		}
		if (row.ownerId && row.ownerEmail) {
			if (!draft.owner) draft.owner = { id: row.ownerId, email: row.ownerEmail, line: row.line };
			else if (draft.owner.id !== row.ownerId)
				row.problems.push({
					column: 'owner_email',
					message: `Account ${label} is owned by ${draft.owner.email} on line ${draft.owner.line}. Use one owner per account.`
				});
		}
		for (const tag of row.tags) draft.tags.add(tag);
	}
}

// ---------------------------------------------------------------------------
// Cell readers.

/** The pattern zod's `z.email()` uses, so imported addresses pass the API's own Email schema. */
const emailPattern =
	/^(?:[A-Za-z0-9_'+-]+\.)*[A-Za-z0-9_'+-]*[A-Za-z0-9_+-]@(?:[A-Za-z0-9][A-Za-z0-9-]*\.)+[A-Za-z]{2,}$/;

export function isEmail(value: string): boolean {
	return emailPattern.test(value);
}

function collapseSpaces(value: string): string {
	return value.trim().replace(/\s+/g, ' ');
}

const consentWords = new Map<string, boolean>([
	['yes', true],
	['y', true],
	['true', true],
	['1', true],
	['no', false],
	['n', false],
	['false', false],
	['0', false]
]);

/** yes/no, y/n, true/false, 1/0 in any case; anything else is `null`. */
export function parseConsent(value: string): boolean | null {
	return consentWords.get(value.trim().toLowerCase()) ?? null;
}

/** `Retail; EMEA|retail` → `['retail', 'emea']`: lower-cased, trimmed, without repeats. */
export function parseTags(value: string): string[] {
	const tags = value
		.split(/[;|]/)
		.map((tag) => collapseSpaces(tag).toLowerCase())
		.filter(Boolean);
	return [...new Set(tags)];
}

/** Caches for the Intl checks, which are slow per call; emptied when full so odd input cannot grow them. */
function remember<V>(cache: Map<string, V>, key: string, value: V) {
	if (cache.size >= 2000) cache.clear();
	cache.set(key, value);
}

const localeCache = new Map<string, string | null>();
/** `en_us` → `en-US`; `null` unless it is a language tag the contact API accepts. */
export function canonicalLocale(value: string): string | null {
	let canonical = localeCache.get(value);
	if (canonical === undefined) {
		canonical = normalizeLocale(value.replace(/_/g, '-'));
		remember(localeCache, value, canonical);
	}
	return canonical;
}

const timeZoneCache = new Map<string, string | null>();
/**
 * The zone as the contact API accepts it (see time-zones.ts), forgiving case:
 * `Europe/Berlin` as it is, `europe/berlin` → `Europe/Berlin`, `utc` → `UTC`;
 * `null` for anything else, such as offsets (`+01:00`) or abbreviations (`CET`).
 */
export function canonicalTimeZone(value: string): string | null {
	if (isValidTimeZone(value)) return value;
	let canonical = timeZoneCache.get(value);
	if (canonical === undefined) {
		canonical = null;
		if (/^(utc|gmt|[a-z][a-z0-9_+-]*(\/[a-z0-9_+-]+)+)$/i.test(value)) {
			try {
				const resolved = new Intl.DateTimeFormat('en-US', { timeZone: value }).resolvedOptions()
					.timeZone;
				if (isValidTimeZone(resolved)) canonical = resolved;
			} catch {
				canonical = null;
			}
		}
		remember(timeZoneCache, value, canonical);
	}
	return canonical;
}
