import fc from 'fast-check';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import {
	accountNameKey,
	canonicalLocale,
	canonicalTimeZone,
	normalizeHeader,
	parseConsent,
	parseContactCsv,
	parseTags,
	planContactImport,
	type ExistingAccount,
	type ExistingContact,
	type ImportLookups,
	type ImportMode
} from '../../../api/domain/contact-import';

function lookups(overrides: Partial<ImportLookups> = {}): ImportLookups {
	return {
		staffByEmail: new Map([
			['sam@example.test', { id: 'staff-sam', isActive: true }],
			['old@example.test', { id: 'staff-old', isActive: false }]
		]),
		contactsByEmail: new Map(),
		accountsByRef: new Map(),
		accountsByNameKey: new Map(),
		...overrides
	};
}

function plan(csv: string, options: { mode?: ImportMode; lookups?: ImportLookups } = {}) {
	let next = 0;
	return planContactImport({
		parsed: parseContactCsv(csv),
		mode: options.mode ?? 'upsert',
		lookups: options.lookups ?? lookups(),
		newId: () => `id-${++next}`
	});
}

const problemsOf = (csv: string, options?: Parameters<typeof plan>[1]) =>
	plan(csv, options).problems.map(({ line, column, message }) => ({ line, column, message }));

describe('reading the file', () => {
	it.each([
		['plain names', 'email,name,account', ['email', 'name', 'account']],
		[
			'aliases in any case and spacing',
			'E-mail, Full Name ,Company,Customer Number,Time Zone,Owner',
			['email', 'name', 'account', 'account_ref', 'time_zone', 'owner_email']
		],
		[
			'more aliases',
			'Email Address;Contact Name;Organisation;External Ref;Plan;Language;TZ;Labels;Opt-in',
			['email', 'name', 'account', 'account_ref', 'tier', 'locale', 'time_zone', 'tags', 'consent']
		],
		[
			'first and last name',
			'email,First Name,Surname,account',
			['email', 'first_name', 'last_name', 'account']
		]
	])('recognises %s', (_, header, columns) => {
		expect(parseContactCsv(`${header}\nx`).columns).toEqual(columns);
	});

	it.each([
		['commas', 'email,name,account\r\na@x.io,"Lima, Ana",Acme\r\n', ','],
		['semicolons with a BOM', '\uFEFFemail;name;account\na@x.io;"Lima, Ana";Acme\n', ';'],
		['tabs (pasted from a spreadsheet)', 'email\tname\taccount\na@x.io\tLima, Ana\tAcme', '\t']
	])('reads %s', (_, csv, delimiter) => {
		const parsed = parseContactCsv(csv);
		expect(parsed.delimiter).toBe(delimiter);
		expect(parsed.fileProblems).toEqual([]);
		expect(parsed.records).toEqual([
			{ line: 2, values: { email: 'a@x.io', name: 'Lima, Ana', account: 'Acme' }, problems: [] }
		]);
	});

	it('numbers rows by the file line they start on, across quoted line breaks and blank lines', () => {
		const parsed = parseContactCsv(
			'email,name,account\n\na@x.io,"Ana\nLima",Acme\r\n\r\nb@x.io,"Say ""hi""",Acme\nc@x.io,C,Acme'
		);
		expect(parsed.records.map((record) => [record.line, record.values.name])).toEqual([
			[3, 'Ana\nLima'],
			[6, 'Say "hi"'],
			[7, 'C']
		]);
	});

	it('lists headers it does not know, and ignores their cells', () => {
		const parsed = parseContactCsv('email,shoe size,name,account\na@x.io,38,Ana,Acme');
		expect(parsed.ignoredColumns).toEqual(['shoe size']);
		expect(parsed.records[0]!.values).toEqual({ email: 'a@x.io', name: 'Ana', account: 'Acme' });
	});

	it.each([
		['an empty file', '', 1, undefined, 'The file is empty.'],
		['only blank lines', '\n \n', 1, undefined, 'The file is empty.'],
		[
			'a header without rows',
			'email,name,account\n',
			2,
			undefined,
			'There are no rows below the header.'
		],
		['no email column', 'name,account\nAna,Acme', 1, 'email', 'There is no email column.'],
		['no name column', 'email,account\na@x.io,Acme', 1, 'name', 'There is no name column.'],
		['no account column', 'email,name\na@x.io,Ana', 1, 'account', 'There is no account column.'],
		[
			'one column twice',
			'email,E-mail,name,account\na@x.io,b@x.io,Ana,Acme',
			1,
			'email',
			'The columns “email” and “E-mail” both hold email.'
		]
	])('refuses %s as a whole', (_, csv, line, column, message) => {
		const [problem, ...rest] = plan(csv).problems;
		expect(rest).toEqual([]);
		expect(problem!.line).toBe(line);
		expect(problem!.column).toBe(column);
		expect(problem!.message).toContain(message);
	});

	it('flags a row with more values than the header, and an unclosed quote', () => {
		expect(
			problemsOf('email,name,account\na@x.io,Lima, Ana,Acme\nb@x.io,"Bo,Acme\nc@x.io,C,Acme')
		).toEqual([
			{
				line: 2,
				column: undefined,
				message: expect.stringContaining('has 4 values but the header has 3 columns')
			},
			{ line: 3, column: undefined, message: expect.stringContaining('never closed') },
			{ line: 3, column: 'account', message: expect.stringContaining('Account is missing') }
		]);
	});

	it('property: any values written as CSV by a spreadsheet come back as they were, on their lines', () => {
		const cell = fc
			.string({
				unit: fc.constantFrom('a', 'Z', ' ', '"', ',', ';', '\t', '\n', 'é', '@'),
				maxLength: 12
			})
			.map((value) => value.trim());
		fc.assert(
			fc.property(
				fc.array(fc.tuple(cell, cell, cell), { minLength: 1, maxLength: 20 }),
				fc.constantFrom(',', ';'),
				(rows, delimiter) => {
					const data = rows.map(([email, name, account]) => [`x${email}`, name, account]);
					const csv = Papa.unparse(
						{ fields: ['email', 'name', 'account'], data },
						{ delimiter, quotes: true }
					);
					const parsed = parseContactCsv(csv);
					const nonBlank = data.filter((cells) => cells.some((value) => value.trim() !== ''));
					expect(
						parsed.records.map((record) => [
							record.values.email,
							record.values.name,
							record.values.account
						])
					).toEqual(nonBlank.map((cells) => cells.map((value) => value.trim())));
					let line = 1;
					const expectedLines = data.map(([email, name, account]) => {
						line += 1;
						const start = line;
						line += `${email}${name}${account}`.split(/\r\n|\r|\n/).length - 1;
						return start;
					});
					expect(parsed.records.map((record) => record.line)).toEqual(expectedLines);
				}
			)
		);
	});
});

describe('checking each row', () => {
	const header = 'email,name,account,tier,owner_email,locale,time_zone,tags,consent';
	it.each([
		['a bad email', 'ana@,Ana,Acme,,,,,,', 'email', '“ana@” is not an email address.'],
		['a missing email', ',Ana,Acme,,,,,,', 'email', 'Email is missing.'],
		['a missing name', 'a@x.io,,Acme,,,,,,', 'name', 'Name is missing.'],
		['a missing account', 'a@x.io,Ana,,,,,,,', 'account', 'Account is missing.'],
		[
			'an unknown tier',
			'a@x.io,Ana,Acme,gold,,,,,',
			'tier',
			'Tier “gold” is not one of basic, standard, premium or enterprise.'
		],
		[
			'an unknown owner',
			'a@x.io,Ana,Acme,,nobody@example.test,,,,',
			'owner_email',
			'No staff user has the email nobody@example.test.'
		],
		[
			'a disabled owner',
			'a@x.io,Ana,Acme,,old@example.test,,,,',
			'owner_email',
			'old@example.test is disabled.'
		],
		[
			'a bad locale',
			'a@x.io,Ana,Acme,,,english please,,,',
			'locale',
			'“english please” is not a language tag'
		],
		[
			'a bad time zone',
			'a@x.io,Ana,Acme,,,,Mars/Olympus_Mons,,',
			'time_zone',
			'“Mars/Olympus_Mons” is not an IANA time zone'
		],
		[
			'a UTC offset for a time zone',
			'a@x.io,Ana,Acme,,,,+01:00,,',
			'time_zone',
			'is not an IANA time zone'
		],
		[
			'a long tag',
			`a@x.io,Ana,Acme,,,,,${'t'.repeat(41)},`,
			'tags',
			'is longer than 40 characters'
		],
		[
			'unclear consent',
			'a@x.io,Ana,Acme,,,,,,maybe',
			'consent',
			'Consent “maybe” must be yes or no'
		]
	])('reports %s', (_, row, column, message) => {
		const problems = problemsOf(`${header}\n${row}`);
		expect(problems).toEqual([{ line: 2, column, message: expect.stringContaining(message) }]);
	});

	it('reports every problem of a row, in column order', () => {
		expect(problemsOf(`${header}\nnope,,,gold,,,Nowhere/City,,maybe`).map((p) => p.column)).toEqual(
			['email', 'name', 'account', 'tier', 'time_zone', 'consent']
		);
	});

	it('reports an email that is already on an earlier line, in any case', () => {
		expect(
			problemsOf('email,name,account\na@x.io,Ana,Acme\nb@x.io,Bo,Acme\nA@X.io,Ana again,Acme')
		).toEqual([
			{
				line: 4,
				column: 'email',
				message: 'This email is already on line 2. Keep one row per contact.'
			}
		]);
	});

	it('cleans up values: lower-case email, single spaces, canonical locale and zone, tags', () => {
		const result = plan(
			`${header}\n  Ana@Example.TEST , Ana   Lima ,Acme,PREMIUM,SAM@example.test,pt_br,america/sao_paulo,Retail; EMEA|retail,Yes`
		);
		expect(result.problems).toEqual([]);
		expect(result.contacts).toEqual([
			{
				id: 'id-2',
				email: 'ana@example.test',
				name: 'Ana Lima',
				accountId: 'id-1',
				locale: 'pt-BR',
				timeZone: 'America/Sao_Paulo',
				consent: true,
				isNew: true
			}
		]);
		expect(result.accounts).toEqual([
			{
				id: 'id-1',
				name: 'Acme',
				externalRef: null,
				tier: 'premium',
				ownerId: 'staff-sam',
				tags: ['emea', 'retail']
			}
		]);
	});

	it('joins first and last name when there is no name column', () => {
		const result = plan('email,first_name,last_name,account\na@x.io,Ana,Lima,Acme\nb@x.io,,,Acme');
		expect(result.contacts[0]!.name).toBe('Ana Lima');
		expect(result.problems).toEqual([
			expect.objectContaining({ line: 3, column: 'first_name', message: 'Name is missing.' })
		]);
	});

	it.each([
		['yes', true],
		['Y', true],
		['TRUE', true],
		['1', true],
		['no', false],
		['n', false],
		['False', false],
		['0', false],
		['sometimes', null]
	])('reads consent %s as %s', (value, expected) => {
		expect(parseConsent(value)).toBe(expected);
	});

	it.each([
		['Europe/Berlin', 'Europe/Berlin'],
		['europe/berlin', 'Europe/Berlin'],
		['UTC', 'UTC'],
		['utc', 'UTC'],
		['Asia/Calcutta', 'Asia/Calcutta'],
		['America/Argentina/Buenos_Aires', 'America/Argentina/Buenos_Aires'],
		['+01:00', null],
		['CET', null],
		['Europe/Atlantis', null]
	])('reads time zone %s as %s', (value, expected) => {
		expect(canonicalTimeZone(value)).toBe(expected);
	});

	it.each([
		['en', 'en'],
		['de-ch', 'de-CH'],
		['en_GB', 'en-GB'],
		['zh-Hant-TW', 'zh-Hant-TW'],
		['klingon!', null]
	])('reads locale %s as %s', (value, expected) => {
		expect(canonicalLocale(value)).toBe(expected);
	});

	it('splits tags on ; and |, lower-cased and without repeats', () => {
		expect(parseTags(' Retail ;EMEA| retail||')).toEqual(['retail', 'emea']);
	});

	it('compares headers and account names loosely', () => {
		expect(normalizeHeader('\uFEFF E-Mail Address ')).toBe('e_mail_address');
		expect(accountNameKey('  ACME   Ltd ')).toBe('acme ltd');
		// Like SQLite's lower(): only ASCII letters fold, so the index can be used.
		expect(accountNameKey('ÄRZTE GmbH')).toBe('Ärzte gmbh');
	});
});

describe('accounts', () => {
	const acme: ExistingAccount = {
		id: 'acct-acme',
		name: 'Acme',
		externalRef: 'C-1',
		isArchived: false
	};
	const initech: ExistingAccount = {
		id: 'acct-initech',
		name: 'Initech',
		externalRef: null,
		isArchived: false
	};
	const withAccounts = (...accounts: ExistingAccount[]) =>
		lookups({
			accountsByRef: new Map(accounts.filter((a) => a.externalRef).map((a) => [a.externalRef!, a])),
			accountsByNameKey: accounts
				.filter((a) => !a.isArchived)
				.reduce((byName, a) => {
					const key = accountNameKey(a.name);
					return byName.set(key, [...(byName.get(key) ?? []), a]);
				}, new Map<string, ExistingAccount[]>())
		});

	it('matches by reference first, then by name in any case, else creates one account per name', () => {
		const result = plan(
			[
				'email,name,account,account_ref',
				'a@x.io,A,Renamed Acme,C-1',
				'b@x.io,B,INITECH,',
				'c@x.io,C,Globex,',
				'd@x.io,D,globex,',
				'e@x.io,E,Hooli,H-9',
				'f@x.io,F,hooli,'
			].join('\n'),
			{ lookups: withAccounts(acme, initech) }
		);
		expect(result.problems).toEqual([]);
		expect(result.contacts.map((c) => c.accountId)).toEqual([
			'acct-acme',
			'acct-initech',
			'id-2',
			'id-2',
			'id-1',
			'id-1'
		]);
		expect(result.accounts.map((a) => [a.id, a.name, a.externalRef])).toEqual([
			['id-2', 'Globex', null],
			['id-1', 'Hooli', 'H-9']
		]);
		expect(result.counts).toMatchObject({ accountsCreated: 2, contactsCreated: 6 });
	});

	it('joins a row by name to an account the same file creates by reference, whatever the order', () => {
		const result = plan('email,name,account,account_ref\nf@x.io,F,hooli,\ne@x.io,E,Hooli,H-9');
		expect(result.accounts).toHaveLength(1);
		expect(result.contacts.map((c) => c.accountId)).toEqual(['id-1', 'id-1']);
	});

	it('asks for a reference when several accounts share the name', () => {
		const twin = { ...initech, id: 'acct-initech-2' };
		expect(
			problemsOf('email,name,account\na@x.io,A,Initech', { lookups: withAccounts(initech, twin) })
		).toEqual([
			{
				line: 2,
				column: 'account',
				message: '2 accounts are named “Initech”. Add an account_ref column to say which one.'
			}
		]);
	});

	it('refuses an unknown reference without a name, an archived account, and two names for one reference', () => {
		const archived = { ...acme, isArchived: true };
		expect(
			problemsOf(
				'email,name,account,account_ref\na@x.io,A,,X-1\nb@x.io,B,,C-1\nc@x.io,C,Hooli,H-9\nd@x.io,D,Globex,H-9',
				{
					lookups: withAccounts(archived)
				}
			)
		).toEqual([
			{
				line: 2,
				column: 'account_ref',
				message: 'No account has the reference “X-1”. Add the account’s name to create it.'
			},
			{
				line: 3,
				column: 'account_ref',
				message: 'Acme (C-1) is archived. Restore it before importing contacts into it.'
			},
			{
				line: 5,
				column: 'account',
				message: 'Reference “H-9” is named “Hooli” on line 4. Use one name per account.'
			}
		]);
	});

	it('takes the first tier and owner for a new account and flags a different one later; combines tags', () => {
		const result = plan(
			'email,name,account,tier,owner_email,tags\na@x.io,A,Acme,premium,,x\nb@x.io,B,Acme,,sam@example.test,y\nc@x.io,C,acme,basic,,z'
		);
		expect(result.problems).toEqual([
			expect.objectContaining({
				line: 4,
				column: 'tier',
				message: 'Account “Acme” has tier premium on line 2. Use one tier per account.'
			})
		]);
		expect(result.validCount).toBe(2);
	});
});

describe('existing contacts', () => {
	const ana: ExistingContact = {
		id: 'contact-ana',
		accountId: 'acct-acme',
		name: 'Ana Lima',
		locale: 'pt-BR',
		timeZone: 'America/Sao_Paulo',
		consent: false
	};
	const known = lookups({
		contactsByEmail: new Map([['ana@x.io', ana]]),
		accountsByNameKey: new Map([
			['acme', [{ id: 'acct-acme', name: 'Acme', externalRef: null, isArchived: false }]]
		])
	});

	it('updates them in upsert mode, keeping values the row leaves empty', () => {
		const result = plan('email,name,account,locale,time_zone,consent\nANA@x.io,Ana Souza,Acme,,,', {
			lookups: known
		});
		expect(result.problems).toEqual([]);
		expect(result.contacts).toEqual([
			{ ...ana, email: 'ana@x.io', name: 'Ana Souza', isNew: false }
		]);
		expect(result.counts).toEqual({
			accountsCreated: 0,
			contactsCreated: 0,
			contactsUpdated: 1,
			contactsUnchanged: 0
		});
		expect(result.sample[0]).toMatchObject({ action: 'update', locale: 'pt-BR', consent: false });
	});

	it('leaves them out of the write when nothing changes', () => {
		const result = plan('email,name,account\nana@x.io,Ana Lima,acme', { lookups: known });
		expect(result.contacts).toEqual([]);
		expect(result.counts.contactsUnchanged).toBe(1);
		expect(result.sample[0]!.action).toBe('unchanged');
	});

	it('refuses them in create-only mode', () => {
		expect(
			problemsOf('email,name,account\nana@x.io,Ana,Acme\nbo@x.io,Bo,Acme', {
				mode: 'create-only',
				lookups: known
			})
		).toEqual([
			{
				line: 2,
				column: 'email',
				message: expect.stringContaining(
					'A contact with this email already exists. In create-only mode'
				)
			}
		]);
	});
});
