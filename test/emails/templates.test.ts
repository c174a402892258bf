import { describe, expect, it } from 'vitest';
import { emailTemplates, renderPreview, type EmailTemplateName } from '../../emails/catalog';
import { brandColor, escapeHtml, fallbackBrandColor, renderEmail, safeHref, textColorOn, type Brand } from '../../emails/render';
import { renderStaffWelcome } from '../../emails/templates/staff-welcome';

const brand: Brand = { name: 'Acme', color: '#0e7490', publicUrl: 'https://closeloop.example.com' };

describe('every template', () => {
	for (const name of Object.keys(emailTemplates) as EmailTemplateName[]) {
		it(`${name}: its preview fixture passes its props schema and renders branded HTML with a text alternative`, () => {
			const template = emailTemplates[name];
			expect(template.props.safeParse(template.preview.props).success).toBe(true);
			const email = renderPreview(name);
			expect(email.subject.length).toBeGreaterThan(0);
			expect(email.html).toMatch(/^<!DOCTYPE html>/);
			expect(email.html).toContain(`background-color:${template.preview.brand.color}`);
			expect(email.html).toContain(escapeHtml(template.preview.brand.name));
			// Fixtures carry markup characters on purpose: each must come out escaped.
			const values = [template.preview.brand.name, ...Object.values(template.preview.props).filter((v) => typeof v === 'string')];
			for (const value of values.filter((v) => /[<>"]/.test(v))) {
				expect(email.html).not.toContain(value);
				expect(email.html).toContain(escapeHtml(value));
			}
			expect(email.text).toContain(template.preview.brand.name);
			for (const href of email.html.matchAll(/href="([^"]*)"/g)) {
				const link = href[1]!.replaceAll('&amp;', '&');
				expect(email.text).toContain(link);
			}
			// Layout tables and inline styles only: no <style> block, no scripts.
			expect(email.html).not.toMatch(/<style|<script/i);
		});
	}
});

describe('staff welcome', () => {
	const props = {
		name: 'Ada <script>alert(1)</script>',
		email: 'ada@example.com',
		invitedBy: 'Grace "Admin" & Co',
		signInUrl: 'https://closeloop.example.com/sign-in?email=ada%40example.com&next=/'
	};

	it('escapes every prop in the HTML and keeps them readable in the text', () => {
		const email = renderStaffWelcome(props, brand);
		expect(email.html).not.toContain('<script>');
		expect(email.html).toContain('Welcome, Ada &lt;script&gt;alert(1)&lt;/script&gt;');
		expect(email.html).toContain('Grace &quot;Admin&quot; &amp; Co');
		expect(email.html).toContain('href="https://closeloop.example.com/sign-in?email=ada%40example.com&amp;next=/"');
		expect(email.text).toContain('Welcome, Ada <script>alert(1)</script>');
		expect(email.text).toContain('Grace "Admin" & Co added you to Acme');
		expect(email.text).toContain(`Sign in to Closeloop: ${props.signInUrl}`);
	});

	it('names the organisation in the subject and carries the brand colour on the button', () => {
		const email = renderStaffWelcome(props, brand);
		expect(email.subject).toBe('You have been added to Acme on Closeloop');
		expect(email.html).toMatch(/bgcolor="#0e7490"/);
		expect(email.html).toContain('<title>You have been added to Acme on Closeloop</title>');
	});

	it('does not say "Closeloop on Closeloop" before the organisation has its own name', () => {
		const email = renderStaffWelcome(props, { ...brand, name: 'Closeloop' });
		expect(email.subject).toBe('You have been added to Closeloop');
		expect(email.text).toContain('added you to Closeloop, where');
	});

	it('escapes a brand name in the subject line of the HTML title', () => {
		const email = renderStaffWelcome(props, { ...brand, name: 'Tom & <Jerry>' });
		expect(email.subject).toBe('You have been added to Tom & <Jerry> on Closeloop');
		expect(email.html).toContain('<title>You have been added to Tom &amp; &lt;Jerry&gt; on Closeloop</title>');
		expect(email.html).not.toContain('<Jerry>');
	});
});

describe('the layout', () => {
	it.each([
		['#0E7490', '#0e7490'],
		['#4f46e5', '#4f46e5'],
		['red', fallbackBrandColor],
		['#fff', fallbackBrandColor],
		['#000000;background:url(https://evil.example)', fallbackBrandColor]
	])('uses brand colour %s as %s', (color, expected) => {
		expect(brandColor({ ...brand, color })).toBe(expected);
	});

	it.each([
		['#ffffff', '#111827'],
		['#fde047', '#111827'],
		['#4f46e5', '#ffffff'],
		['#0e7490', '#ffffff'],
		['#000000', '#ffffff']
	])('puts readable text on a %s button: %s', (background, expected) => {
		expect(textColorOn(background)).toBe(expected);
	});

	it.each([
		['https://example.com/a?b=1', 'https://example.com/a?b=1'],
		['mailto:help@example.com', 'mailto:help@example.com'],
		['javascript:alert(1)', '#'],
		['  JAVASCRIPT:alert(1)', '#'],
		['data:text/html,hi', '#']
	])('lets %s into an href as %s', (href, expected) => {
		expect(safeHref(href)).toBe(expected);
	});

	it('renders every block to HTML and text, with the same words in both', () => {
		const email = renderEmail(
			{
				subject: 'Your case',
				preheader: 'We are on it',
				blocks: [
					{ kind: 'heading', text: 'Case C-12' },
					{ kind: 'paragraph', content: ['Thanks, ', { strong: 'Bo' }, '. See ', { text: 'the status page', href: 'https://x.example/s' }, '.'] },
					{ kind: 'details', rows: [['Reference', 'C-12'], ['Due', 'Tuesday 14:00']] },
					{ kind: 'divider' },
					{ kind: 'button', label: 'Open', href: 'javascript:alert(1)' },
					{ kind: 'note', content: ['Small print'] }
				],
				footer: [['Unsubscribe: ', { text: 'here', href: 'https://x.example/u' }]],
				headers: { 'List-Unsubscribe': '<https://x.example/u>' }
			},
			brand
		);
		expect(email.headers).toEqual({ 'List-Unsubscribe': '<https://x.example/u>' });
		expect(email.html).toContain('We are on it');
		expect(email.html).toContain('<strong style="font-weight:600;">Bo</strong>');
		expect(email.html).toContain('href="#"');
		expect(email.text).toBe(
			[
				'ACME',
				'',
				'Case C-12',
				'=========',
				'',
				'Thanks, Bo. See the status page (https://x.example/s).',
				'',
				'Reference: C-12',
				'Due: Tuesday 14:00',
				'',
				'------------------------',
				'',
				'Open: #',
				'',
				'Small print',
				'',
				'--',
				'Sent by Acme',
				'Unsubscribe: here (https://x.example/u)',
				''
			].join('\n')
		);
	});
});
