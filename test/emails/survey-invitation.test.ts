import { describe, expect, it } from 'vitest';
import { renderPreview } from '../../emails/catalog';
import type { Brand } from '../../emails/render';
import {
	compileSurveyInvitation,
	renderSurveyInvitation,
	surveyInvitationUrls,
	type SurveyInvitationProps
} from '../../emails/templates/survey-invitation';

const brand: Brand = { name: 'Acme', color: '#0e7490', publicUrl: 'https://feedback.acme.example' };
const token = 'q8V2kXb0Zr4mT1sLw9YcHg';
const scales = { nps: [0, 10], csat: [1, 5], ces: [1, 7] } as const;

function props(overrides: Partial<SurveyInvitationProps> = {}): SurveyInvitationProps {
	return {
		locale: 'en',
		contactName: 'Ada',
		question: 'How likely are you to recommend Acme to a friend or colleague?',
		kind: 'nps',
		min: 0,
		max: 10,
		...surveyInvitationUrls(brand.publicUrl, token),
		reminder: false,
		...overrides
	};
}

const scoreLinks = (html: string) =>
	[...html.matchAll(/href="https:\/\/feedback\.acme\.example\/s\/q8V2kXb0Zr4mT1sLw9YcHg\/(\d+)"/g)].map((match) => Number(match[1]));

describe('the survey invitation', () => {
	for (const locale of ['en', 'de', 'fr']) {
		for (const kind of ['nps', 'csat', 'ces'] as const) {
			for (const reminder of [false, true]) {
				it(`renders ${kind} in ${locale}${reminder ? ' as a reminder' : ''}: one link per score, compact, with a text twin`, () => {
					const [min, max] = scales[kind];
					const email = renderSurveyInvitation(props({ locale, kind, min, max, reminder }), brand);
					const expected = Array.from({ length: max - min + 1 }, (_, index) => min + index);
					expect(scoreLinks(email.html)).toEqual(expected);
					for (const score of expected) {
						expect(email.text).toContain(`${score}: ${brand.publicUrl}/s/${token}/${score}\n`);
					}
					expect(email.html).toContain(`<html lang="${locale}"`);
					expect(Buffer.byteLength(email.html)).toBeLessThan(8 * 1024);
					expect(email.html).toContain(`href="${brand.publicUrl}/u/${token}"`);
					expect(email.text).toContain(`${brand.publicUrl}/u/${token}`);
					expect(email.headers).toEqual({
						'List-Unsubscribe': `<${brand.publicUrl}/api/public/unsubscribe/${token}>`,
						'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click'
					});
				});
			}
		}
	}

	it('speaks the contact language, falling back to English for a regional tag or an unknown language', () => {
		expect(renderSurveyInvitation(props({ locale: 'de-CH' }), brand).subject).toBe('Eine kurze Frage von Acme');
		expect(renderSurveyInvitation(props({ locale: 'fr' }), brand).subject).toBe('Une petite question de la part de Acme');
		expect(renderSurveyInvitation(props({ locale: 'ja' }), brand).subject).toBe('A quick question from Acme');
		const german = renderSurveyInvitation(props({ locale: 'de' }), brand);
		expect(german.text).toContain('Hallo Ada,');
		expect(german.text).toContain('0 – Sehr unwahrscheinlich … 10 – Äußerst wahrscheinlich');
		expect(german.text).toContain('Gesendet von Acme');
		expect(german.text).toContain('Abmelden');
	});

	it('states why we ask and labels both ends of the scale', () => {
		const email = renderSurveyInvitation(props(), brand);
		expect(email.text).toContain('We read every answer; it takes one click and decides what we fix next.');
		expect(email.html).toContain('0 – Not at all likely');
		expect(email.html).toContain('10 – Extremely likely');
		const csat = renderSurveyInvitation(props({ kind: 'csat', min: 1, max: 5 }), brand);
		expect(csat.text).toContain('1 – Very dissatisfied … 5 – Very satisfied');
		const ces = renderSurveyInvitation(props({ kind: 'ces', min: 1, max: 7 }), brand);
		expect(ces.text).toContain('1 – Strongly disagree … 7 – Strongly agree');
	});

	it('words the reminder differently, in its subject and its opening line', () => {
		const first = renderSurveyInvitation(props(), brand);
		const reminder = renderSurveyInvitation(props({ reminder: true }), brand);
		expect(first.subject).toBe('A quick question from Acme');
		expect(reminder.subject).toBe('A reminder: a quick question from Acme');
		expect(reminder.text).toContain('A reminder: we asked you this a few days ago');
		expect(first.text).not.toContain('A reminder');
	});

	it('escapes the question and the name in the HTML and keeps them readable in the text', () => {
		const email = renderSurveyInvitation(
			props({ question: 'Would you recommend <b>"Tom & Jerry"</b>?', contactName: '<script>x</script>' }),
			{ ...brand, name: 'Tom & <Jerry>' }
		);
		expect(email.html).not.toContain('<b>');
		expect(email.html).not.toContain('<script>');
		expect(email.html).toContain('Would you recommend &lt;b&gt;&quot;Tom &amp; Jerry&quot;&lt;/b&gt;?');
		expect(email.html).toContain('Hello &lt;script&gt;x&lt;/script&gt;,');
		expect(email.text).toContain('Would you recommend <b>"Tom & Jerry"</b>?');
		expect(email.subject).toBe('A quick question from Tom & <Jerry>');
	});

	it('greets without a name when the contact has none', () => {
		expect(renderSurveyInvitation(props({ contactName: '  ' }), brand).text).toContain('\n\nHello,\n\n');
	});

	it('renders as the catalog preview', () => {
		const email = renderPreview('survey-invitation');
		expect(email.headers?.['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
	});
});

describe('a compiled invitation', () => {
	it('fills in token and name to give exactly what rendering would, in every language and kind', () => {
		for (const locale of ['en', 'de', 'fr', 'pt']) {
			for (const kind of ['nps', 'csat', 'ces'] as const) {
				const [min, max] = scales[kind];
				const layout = { locale, kind, min, max, question: 'Q <&> "quoted"', reminder: kind === 'ces' };
				const fill = compileSurveyInvitation(layout, brand);
				for (const contactName of ['Ada', 'Grace <Hopper> & "Co"', '', ' Bo ', '$& $1 $$']) {
					const other = 'Zz9_-abcdefghijklmnopqr';
					const expected = renderSurveyInvitation(
						{ ...layout, contactName, ...surveyInvitationUrls(brand.publicUrl, other) },
						brand
					);
					expect(fill({ token: other, contactName })).toEqual(expected);
				}
			}
		}
	});
});
