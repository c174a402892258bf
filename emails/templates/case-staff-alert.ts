import { z } from 'zod';
import { escapeHtml, renderEmail, type Brand, type RenderedEmail } from '../render';

/** Our own formatted values (a due time) that may reach the subject: one line, no control characters. */
const singleLine = /^[^\p{Cc}\u2028\u2029]*$/u;

/**
 * Tells a staff member about a case: assigned to them, an SLA target about to
 * fall due or missed, an escalation, or a customer reply. English only. The
 * subject carries the case number and our words, never the case's subject
 * (that is customer text, shown in the body only).
 */
export const CaseStaffAlertProps = z.object({
	kind: z.enum(['assigned', 'warning', 'breach', 'escalation', 'customer_reply']),
	recipientName: z.string().min(1),
	caseNumber: z.number().int().positive(),
	/** The customer's subject line: body only. */
	caseSubject: z.string(),
	/** The SLA target the alert is about, if any. */
	target: z.enum(['first_response', 'next_response', 'resolution']).nullable(),
	/** When that target is (or was) due, already formatted, e.g. "14:30" or "Tuesday 14:30". */
	dueAt: z.string().min(1).regex(singleLine, 'One line of text').nullable(),
	/** The escalation level that notified the recipient (1 is the first). */
	level: z.number().int().positive().nullable(),
	/** The case in the staff console. */
	caseUrl: z.url()
});
export type CaseStaffAlertProps = z.infer<typeof CaseStaffAlertProps>;

const targetNames: Record<NonNullable<CaseStaffAlertProps['target']>, string> = {
	first_response: 'first response',
	next_response: 'next response',
	resolution: 'resolution'
};

/** Line breaks and control characters become spaces, so a value can never start a new header line. */
function oneLine(value: string): string {
	return value.replace(/[\p{Cc}\u2028\u2029\s]+/gu, ' ').trim();
}

/** The case's subject exactly as an alert quotes it, in the text and the HTML part (an erasure cuts it out). */
export function quotedCaseSubject(caseSubject: string): { text: string; html: string } {
	const text = oneLine(caseSubject);
	return { text, html: escapeHtml(text) };
}

function subjectFor(props: CaseStaffAlertProps, target: string | null, due: string | null): string {
	const number = props.caseNumber;
	switch (props.kind) {
		case 'assigned':
			return `New case ${number} assigned to you`;
		case 'warning':
			return `Case ${number}: ${target ?? 'SLA target'} due ${due ?? 'soon'}`;
		case 'breach':
			return `Case ${number} breached its ${target ?? 'SLA'} target`;
		case 'escalation':
			return props.level === null
				? `Escalation: case ${number}`
				: `Escalation level ${props.level}: case ${number}`;
		case 'customer_reply':
			return `Customer replied on case ${number}`;
	}
}

function explanationFor(
	props: CaseStaffAlertProps,
	target: string | null,
	due: string | null
): string {
	switch (props.kind) {
		case 'assigned':
			return target && due
				? `You have been assigned a new case. Its ${target} is due ${due}.`
				: 'You have been assigned a new case.';
		case 'warning':
			return `The ${target ?? 'SLA target'} for this case is due ${due ?? 'soon'}. Act before then to keep within the target.`;
		case 'breach':
			return `This case has missed its ${target ?? 'SLA'} target${due ? ` (due ${due})` : ''}. Please pick it up as soon as you can.`;
		case 'escalation':
			return `This case has been escalated to you${props.level === null ? '' : ` (level ${props.level})`} because it is not being handled in time.`;
		case 'customer_reply':
			return 'The customer has replied on this case. Their message is on the case page.';
	}
}

export function renderCaseStaffAlert(props: CaseStaffAlertProps, brand: Brand): RenderedEmail {
	const target = props.target ? targetNames[props.target] : null;
	const due = props.dueAt === null ? null : oneLine(props.dueAt) || null;
	const subject = subjectFor(props, target, due);
	const caseSubject = oneLine(props.caseSubject);
	const rows: [string, string][] = [['Case', String(props.caseNumber)]];
	if (caseSubject) rows.push(['Subject', caseSubject]);
	if (target) rows.push(['Target', target]);
	if (due) rows.push(['Due', due]);
	if (props.level !== null) rows.push(['Escalation level', String(props.level)]);
	return renderEmail(
		{
			subject,
			preheader: explanationFor(props, target, due),
			blocks: [
				{ kind: 'heading', text: subject },
				{ kind: 'paragraph', content: [`Hi ${oneLine(props.recipientName)},`] },
				{ kind: 'paragraph', content: [explanationFor(props, target, due)] },
				{ kind: 'details', rows },
				{ kind: 'button', label: `Open case ${props.caseNumber}`, href: props.caseUrl },
				{
					kind: 'note',
					content: [
						'If the button does not work, paste this link into your browser: ',
						{ text: props.caseUrl, href: props.caseUrl }
					]
				}
			],
			footer: [['You received this because the case is assigned or escalated to you.']]
		},
		brand
	);
}

export const preview = {
	props: {
		kind: 'warning',
		recipientName: 'Grace <Hopper>',
		caseNumber: 1042,
		caseSubject: 'My order arrived "broken" <again> & late',
		target: 'first_response',
		dueAt: '14:30',
		level: null,
		caseUrl: 'https://closeloop.example.com/cases/01JV0C8W5Q7T2Z3X4Y5A6B7C8D'
	},
	brand: { name: 'Acme "Support"', color: '#0e7490', publicUrl: 'https://closeloop.example.com' }
} satisfies { props: CaseStaffAlertProps; brand: Brand };
