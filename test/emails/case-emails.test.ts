import { describe, expect, it } from 'vitest';
import { renderPreview } from '../../emails/catalog';
import { escapeHtml, type Brand, type RenderedEmail } from '../../emails/render';
import { renderCaseReceived, type CaseReceivedProps } from '../../emails/templates/case-received';
import { renderCaseReply, type CaseReplyProps } from '../../emails/templates/case-reply';
import { renderCaseResolved, type CaseResolvedProps } from '../../emails/templates/case-resolved';
import { CaseStaffAlertProps, renderCaseStaffAlert } from '../../emails/templates/case-staff-alert';

const brand: Brand = { name: 'Acme', color: '#0e7490', publicUrl: 'https://feedback.acme.example' };
const statusUrl = 'https://feedback.acme.example/c/Hk3vQ9pLx2mN7rT0sW4yZa';
const caseUrl = 'https://feedback.acme.example/cases/01JV0C8W5Q7T2Z3X4Y5A6B7C8D';
const locales = ['en', 'de', 'fr'] as const;

/** Customer text crafted to smuggle a header in, raw and URL-encoded, with markup for good measure. */
const hostile = [
	'Ada\r\nBcc: x@evil.test',
	'Refund%0d%0aBcc: x@evil.test',
	'Refund%0D%0ABcc:%20x@evil.test',
	'<b>Ada</b>\nBcc: x@evil.test',
	'Ada\u2028Bcc: x@evil.test'
];

function received(overrides: Partial<CaseReceivedProps> = {}): CaseReceivedProps {
	return {
		locale: 'en',
		customerName: 'Ada',
		caseNumber: 1042,
		subject: 'Broken on arrival',
		promise: { firstReplyBy: 'Tuesday 10:00', timeZoneLabel: 'Europe/Berlin' },
		statusUrl,
		...overrides
	};
}

function reply(overrides: Partial<CaseReplyProps> = {}): CaseReplyProps {
	return {
		locale: 'en',
		customerName: 'Ada',
		caseNumber: 1042,
		agentName: 'Grace',
		body: 'We have sent a replacement.',
		statusUrl,
		waitingOnCustomer: false,
		...overrides
	};
}

function resolved(overrides: Partial<CaseResolvedProps> = {}): CaseResolvedProps {
	return {
		locale: 'en',
		customerName: 'Ada',
		caseNumber: 1042,
		resolutionNote: 'We refunded the delivery charge.',
		statusUrl,
		confirmUrl: `${statusUrl}?answer=yes`,
		rejectUrl: `${statusUrl}?answer=no`,
		...overrides
	};
}

function alert(overrides: Partial<CaseStaffAlertProps> = {}): CaseStaffAlertProps {
	return {
		kind: 'warning',
		recipientName: 'Grace',
		caseNumber: 1042,
		caseSubject: 'Broken on arrival',
		target: 'first_response',
		dueAt: '14:30',
		level: null,
		caseUrl,
		...overrides
	};
}

/** The hidden preview line that inbox lists show next to the subject. */
const preheaderOf = (email: RenderedEmail) =>
	/<div style="display:none;[^>]*>([^<]*?)(?:&#8199;|<)/.exec(email.html)?.[1] ?? '';

/** What an email's subject and headers must never carry. */
function expectNoInjection(email: RenderedEmail, expectedSubject: string) {
	expect(email.subject).toBe(expectedSubject);
	expect(email.subject).not.toMatch(/[\p{Cc}\u2028\u2029]/u);
	expect(email.subject).not.toMatch(/bcc|evil|%0d|%0a|ada|refund/i);
	expect(email.html).toContain(`<title>${escapeHtml(expectedSubject)}</title>`);
	expect(preheaderOf(email)).toMatch(/\S/);
	expect(preheaderOf(email)).not.toMatch(/bcc|evil|%0d|ada|refund/i);
	for (const [name, value] of Object.entries(email.headers ?? {})) {
		expect(`${name}: ${value}`).not.toMatch(/[\r\n]|bcc|evil/i);
	}
}

describe('the case-received email', () => {
	const subjects = {
		en: 'We have your complaint (case 1042)',
		de: 'Wir haben Ihre Beschwerde erhalten (Fall 1042)',
		fr: 'Nous avons bien reçu votre réclamation (dossier 1042)'
	};
	const promises = {
		en: 'We will reply by Tuesday 10:00 (Europe/Berlin time).',
		de: 'Wir antworten Ihnen bis Dienstag 10:00 (Zeitzone Europe/Berlin).',
		fr: 'Nous vous répondrons d’ici mardi 10:00 (fuseau horaire Europe/Berlin).'
	};
	const byLocale = { en: 'Tuesday 10:00', de: 'Dienstag 10:00', fr: 'mardi 10:00' };

	for (const locale of locales) {
		it(`renders in ${locale} with the case number in the subject, the promised reply time and a private link to follow the case`, () => {
			const email = renderCaseReceived(
				received({
					locale,
					promise: { firstReplyBy: byLocale[locale], timeZoneLabel: 'Europe/Berlin' }
				}),
				brand
			);
			expect(email.subject).toBe(subjects[locale]);
			expect(email.html).toContain(`<html lang="${locale}"`);
			expect(email.text).toContain(promises[locale]);
			expect(email.html).toContain(`<strong style="font-weight:600;">${byLocale[locale]}</strong>`);
			expect(email.html).toContain(`href="${statusUrl}"`);
			expect(email.text).toContain(statusUrl);
			expect(email.text).toContain('Broken on arrival');
			expect(email.text).toContain('1042');
			expect(email.headers).toBeUndefined();
		});
	}

	it('thanks the customer and says the link is private, in English', () => {
		const email = renderCaseReceived(received(), brand);
		expect(email.text).toContain('Thank you for telling us');
		expect(email.text).toContain(`Follow your case: ${statusUrl}`);
		expect(email.text).toContain('This link is private');
	});

	it('falls back to English for an unknown language and uses the base language of a regional tag', () => {
		expect(renderCaseReceived(received({ locale: 'ja' }), brand).subject).toBe(subjects.en);
		expect(renderCaseReceived(received({ locale: 'de-AT' }), brand).subject).toBe(subjects.de);
		expect(renderCaseReceived(received({ locale: 'fr-CA' }), brand).html).toContain(
			'<html lang="fr"'
		);
	});

	it('escapes the customer name and subject in the HTML and keeps them verbatim in the text', () => {
		const email = renderCaseReceived(
			received({ customerName: 'Ada <script>x</script>', subject: 'It <b>broke</b> & "again"' }),
			brand
		);
		expect(email.html).not.toContain('<script>');
		expect(email.html).not.toContain('<b>');
		expect(email.html).toContain('Hello Ada &lt;script&gt;x&lt;/script&gt;,');
		expect(email.html).toContain('It &lt;b&gt;broke&lt;/b&gt; &amp; &quot;again&quot;');
		expect(email.text).toContain('Hello Ada <script>x</script>,');
		expect(email.text).toContain('It <b>broke</b> & "again"');
	});

	it('greets an anonymous customer without a name, in every language', () => {
		const greetings = { en: 'Hello,', de: 'Hallo,', fr: 'Bonjour,' };
		for (const locale of locales) {
			for (const customerName of [null, '', '   ']) {
				const email = renderCaseReceived(received({ locale, customerName }), brand);
				expect(email.text).toContain(`\n\n${greetings[locale]}\n\n`);
			}
		}
		const anonymous = renderCaseReceived(received({ customerName: null }), brand);
		expect(anonymous.text).not.toContain('Ada');
		expect(anonymous.html).not.toContain('Ada');
	});

	it('keeps customer text out of the subject even when it tries to inject a header', () => {
		for (const text of hostile) {
			for (const locale of locales) {
				const email = renderCaseReceived(
					received({ locale, customerName: text, subject: text }),
					brand
				);
				expectNoInjection(email, subjects[locale]);
				expect(email.html).toContain(escapeHtml(text.replace(/\s+/g, ' ')));
			}
		}
	});

	it('renders as the catalog preview', () => {
		expect(renderPreview('case-received').subject).toBe('We have your complaint (case 1042)');
	});
});

describe('the case-reply email', () => {
	const subjects = {
		en: 'Re: your case 1042',
		de: 'Re: Ihr Fall 1042',
		fr: 'Re: votre dossier 1042'
	};
	const waiting = {
		en: 'Please reply on your case page so we can carry on.',
		de: 'Bitte antworten Sie auf der Seite Ihres Falls, damit wir weitermachen können.',
		fr: 'Merci de répondre depuis la page de votre dossier pour que nous puissions avancer.'
	};

	for (const locale of locales) {
		it(`renders in ${locale} with the agent's name, the reply and a link to the case page`, () => {
			const email = renderCaseReply(reply({ locale }), brand);
			expect(email.subject).toBe(subjects[locale]);
			expect(email.html).toContain(`<html lang="${locale}"`);
			expect(email.html).toContain('<strong style="font-weight:600;">Grace</strong>');
			expect(email.text).toContain('We have sent a replacement.');
			expect(email.html).toContain(`href="${statusUrl}"`);
			expect(email.text).toContain(statusUrl);
		});

		it(`asks the customer to reply on the case page only while the case waits on them, in ${locale}`, () => {
			expect(renderCaseReply(reply({ locale, waitingOnCustomer: true }), brand).text).toContain(
				waiting[locale]
			);
			expect(
				renderCaseReply(reply({ locale, waitingOnCustomer: false }), brand).text
			).not.toContain(waiting[locale]);
		});
	}

	it('renders a paragraph per blank-line-separated chunk and keeps the line breaks in the text', () => {
		const body = 'First line\nsecond line\n\n\nSecond chunk\r\n  \r\nThird chunk\n\n';
		const email = renderCaseReply(reply({ body }), brand);
		expect(email.html).toContain('<p style="margin:0 0 16px;">First line\nsecond line</p>');
		expect(email.html).toContain('<p style="margin:0 0 16px;">Second chunk</p>');
		expect(email.html).toContain('<p style="margin:0 0 16px;">Third chunk</p>');
		expect(email.text).toContain('First line\nsecond line\n\nSecond chunk\n\nThird chunk\n\n');
		expect(email.text).not.toContain('\r');
	});

	it('escapes the reply, the agent and the customer name in the HTML and keeps them verbatim in the text', () => {
		const email = renderCaseReply(
			reply({
				customerName: '<i>Ada</i>',
				agentName: 'Grace "Ops" & Co',
				body: 'Click <a href="https://evil.test">here</a>\n\n<script>alert(1)</script>'
			}),
			brand
		);
		expect(email.html).not.toContain('<a href="https://evil.test"');
		expect(email.html).not.toContain('<script>');
		expect(email.html).not.toContain('<i>');
		expect(email.html).toContain(
			'Click &lt;a href=&quot;https://evil.test&quot;&gt;here&lt;/a&gt;'
		);
		expect(email.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
		expect(email.html).toContain('Grace &quot;Ops&quot; &amp; Co');
		expect(email.html).toContain('Hello &lt;i&gt;Ada&lt;/i&gt;,');
		expect(email.text).toContain(
			'Click <a href="https://evil.test">here</a>\n\n<script>alert(1)</script>'
		);
		expect(email.text).toContain('Grace "Ops" & Co replied on your case 1042:');
		expect(email.text).toContain('Hello <i>Ada</i>,');
	});

	it('credits the team when the reply has no agent name', () => {
		expect(renderCaseReply(reply({ agentName: ' ' }), brand).text).toContain(
			'Our team replied on your case 1042:'
		);
		expect(renderCaseReply(reply({ agentName: '', locale: 'de' }), brand).text).toContain(
			'Unser Team hat auf Ihren Fall 1042 geantwortet:'
		);
	});

	it('greets an anonymous customer without a name', () => {
		const email = renderCaseReply(reply({ customerName: null }), brand);
		expect(email.text).toContain('\n\nHello,\n\n');
		expect(email.text).not.toContain('Ada');
	});

	it('keeps customer text out of the subject even when it tries to inject a header', () => {
		for (const text of hostile) {
			for (const locale of locales) {
				expectNoInjection(
					renderCaseReply(reply({ locale, customerName: text, body: text }), brand),
					subjects[locale]
				);
			}
		}
	});

	it('renders as the catalog preview', () => {
		const email = renderPreview('case-reply');
		expect(email.subject).toBe('Re: your case 1042');
		expect(email.text).toContain('it should arrive by Friday.\nThe tracking number');
	});
});

describe('the case-resolved email', () => {
	const subjects = {
		en: 'Is your case 1042 resolved?',
		de: 'Ist Ihr Fall 1042 gelöst?',
		fr: 'Votre dossier 1042 est-il résolu ?'
	};
	const answers = {
		en: ["Yes, it's solved", 'No, still a problem', 'How did we handle it?'],
		de: [
			'Ja, es ist gelöst',
			'Nein, das Problem besteht noch',
			'Wie haben wir uns um Ihr Anliegen gekümmert?'
		],
		fr: [
			'Oui, c’est résolu',
			'Non, le problème persiste',
			'Comment avons-nous traité votre demande ?'
		]
	};

	for (const locale of locales) {
		it(`renders in ${locale} with the resolution, a yes and a no button to the status page and the "how did we handle it" line`, () => {
			const email = renderCaseResolved(resolved({ locale }), brand);
			const [yes, no, how] = answers[locale];
			expect(email.subject).toBe(subjects[locale]);
			expect(email.html).toContain(`<html lang="${locale}"`);
			expect(email.text).toContain('We refunded the delivery charge.');
			expect(email.text).toContain(`${yes}: ${statusUrl}?answer=yes`);
			expect(email.text).toContain(`${no}: ${statusUrl}?answer=no`);
			expect(email.text).toContain(how);
			expect(email.html).toContain(`href="${statusUrl}?answer=yes"`);
			expect(email.html).toContain(`href="${statusUrl}?answer=no"`);
			expect(email.html).toContain(`href="${statusUrl}"`);
			expect(email.html).toContain(`>${escapeHtml(yes!)}</a>`);
			expect(email.html).toContain(`>${escapeHtml(no!)}</a>`);
		});
	}

	it('says what we did only when staff left a note', () => {
		expect(renderCaseResolved(resolved(), brand).text).toContain(
			'We think we have solved your case 1042. Here is what we did:'
		);
		const bare = renderCaseResolved(resolved({ resolutionNote: '  \n ' }), brand);
		expect(bare.text).toContain('We think we have solved your case 1042.\n');
		expect(bare.text).not.toContain('Here is what we did');
	});

	it('escapes the resolution note and the customer name in the HTML and keeps them verbatim in the text', () => {
		const note = 'Fixed <b>"it"</b> & more\nsee <img src=x onerror=alert(1)>';
		const email = renderCaseResolved(
			resolved({ customerName: 'Ada <Lovelace>', resolutionNote: note }),
			brand
		);
		expect(email.html).not.toContain('<b>');
		expect(email.html).not.toContain('<img');
		expect(email.html).toContain(escapeHtml(note));
		expect(email.html).toContain('Hello Ada &lt;Lovelace&gt;,');
		expect(email.text).toContain(note);
		expect(email.text).toContain('Hello Ada <Lovelace>,');
	});

	it('greets an anonymous customer without a name', () => {
		const email = renderCaseResolved(resolved({ customerName: null, locale: 'fr' }), brand);
		expect(email.text).toContain('\n\nBonjour,\n\n');
		expect(email.text).not.toContain('Ada');
	});

	it('keeps customer text out of the subject even when it tries to inject a header', () => {
		for (const text of hostile) {
			for (const locale of locales) {
				expectNoInjection(
					renderCaseResolved(resolved({ locale, customerName: text, resolutionNote: text }), brand),
					subjects[locale]
				);
			}
		}
	});

	it('renders as the catalog preview', () => {
		expect(renderPreview('case-resolved').subject).toBe('Is your case 1042 resolved?');
	});
});

describe('the case staff alert', () => {
	it.each([
		[{ kind: 'assigned' }, 'New case 1042 assigned to you'],
		[
			{ kind: 'warning', target: 'first_response', dueAt: '14:30' },
			'Case 1042: first response due 14:30'
		],
		[
			{ kind: 'warning', target: 'next_response', dueAt: 'Tuesday 09:00' },
			'Case 1042: next response due Tuesday 09:00'
		],
		[{ kind: 'warning', target: null, dueAt: null }, 'Case 1042: SLA target due soon'],
		[{ kind: 'breach', target: 'resolution' }, 'Case 1042 breached its resolution target'],
		[{ kind: 'breach', target: 'first_response' }, 'Case 1042 breached its first response target'],
		[{ kind: 'escalation', level: 2 }, 'Escalation level 2: case 1042'],
		[{ kind: 'escalation', level: null }, 'Escalation: case 1042'],
		[{ kind: 'customer_reply', target: null, dueAt: null }, 'Customer replied on case 1042']
	] as [Partial<CaseStaffAlertProps>, string][])(
		'words the subject for %o as "%s"',
		(overrides, subject) => {
			const email = renderCaseStaffAlert(alert(overrides), brand);
			expect(email.subject).toBe(subject);
			expect(email.html).toContain('<html lang="en"');
			expect(email.text).toContain(`${subject}\n`);
		}
	);

	it('shows the case, its subject, the target and due time, and links to the case', () => {
		const email = renderCaseStaffAlert(
			alert({ kind: 'escalation', level: 2, target: 'resolution', dueAt: 'Friday 17:00' }),
			brand
		);
		expect(email.text).toContain('Hi Grace,');
		expect(email.text).toContain(
			'Case: 1042\nSubject: Broken on arrival\nTarget: resolution\nDue: Friday 17:00\nEscalation level: 2'
		);
		expect(email.text).toContain(`Open case 1042: ${caseUrl}`);
		expect(email.html).toContain(`href="${caseUrl}"`);
	});

	it('escapes the case subject and the recipient in the HTML and keeps them verbatim in the text', () => {
		const email = renderCaseStaffAlert(
			alert({ caseSubject: 'It <b>broke</b> & "again"', recipientName: 'Grace <Hopper>' }),
			brand
		);
		expect(email.html).not.toContain('<b>');
		expect(email.html).toContain('It &lt;b&gt;broke&lt;/b&gt; &amp; &quot;again&quot;');
		expect(email.html).toContain('Hi Grace &lt;Hopper&gt;,');
		expect(email.text).toContain('Subject: It <b>broke</b> & "again"');
		expect(email.text).toContain('Hi Grace <Hopper>,');
	});

	it('keeps the case subject out of the email subject even when it tries to inject a header', () => {
		for (const text of hostile) {
			for (const kind of [
				'assigned',
				'warning',
				'breach',
				'escalation',
				'customer_reply'
			] as const) {
				const email = renderCaseStaffAlert(
					alert({ kind, caseSubject: text, recipientName: text, level: 1 }),
					brand
				);
				expect(email.subject).toMatch(/1042/);
				expect(email.subject).not.toMatch(/[\p{Cc}\u2028\u2029]/u);
				expect(email.subject).not.toMatch(/bcc|evil|%0d|ada|refund/i);
				expect(email.html).toContain(escapeHtml(text.replace(/\s+/g, ' ')));
			}
		}
	});

	it('refuses a due time that spans lines, and flattens one that slips past the schema', () => {
		expect(
			CaseStaffAlertProps.safeParse(alert({ dueAt: '14:30\r\nBcc: x@evil.test' })).success
		).toBe(false);
		expect(CaseStaffAlertProps.safeParse(alert({ dueAt: '14:30' })).success).toBe(true);
		const email = renderCaseStaffAlert(alert({ dueAt: '14:30\r\nBcc: x@evil.test' }), brand);
		expect(email.subject).not.toMatch(/[\r\n]/);
		expect(email.subject).toBe('Case 1042: first response due 14:30 Bcc: x@evil.test');
	});

	it('renders as the catalog preview', () => {
		expect(renderPreview('case-staff-alert').subject).toBe('Case 1042: first response due 14:30');
	});
});
