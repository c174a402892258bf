import { describe, expect, it } from 'vitest';
import { parseSender } from '../../../api/organization/schemas';

describe('reading a sender address', () => {
	it.each([
		['feedback@acme.example', 'feedback@acme.example'],
		['  Feedback@ACME.example ', 'feedback@acme.example'],
		['Acme <feedback@acme.example>', 'Acme <feedback@acme.example>'],
		['Acme Support<feedback@acme.example>', 'Acme Support <feedback@acme.example>'],
		['"Acme Support" <feedback@acme.example>', 'Acme Support <feedback@acme.example>'],
		['Acme, Inc. <feedback@acme.example>', '"Acme, Inc." <feedback@acme.example>'],
		['"Acme, Inc." <feedback@acme.example>', '"Acme, Inc." <feedback@acme.example>'],
		['<feedback@acme.example>', 'feedback@acme.example'],
		['Café Müller <hallo@cafe.example>', 'Café Müller <hallo@cafe.example>']
	])('accepts %j as %j', (input, expected) => {
		expect(parseSender(input)).toBe(expected);
	});

	it.each([
		[''],
		['Acme'],
		['acme.example'],
		['Acme <feedback>'],
		['Acme <feedback@acme.example'],
		['Acme feedback@acme.example>'],
		['Ac"me <feedback@acme.example>'],
		['Acme <a@acme.example> <b@acme.example>'],
		['Acme\n <feedback@acme.example>'],
		['Acme <feed back@acme.example>']
	])('refuses %j', (input) => {
		expect(parseSender(input)).toBeNull();
	});
});
