import type { BatchItem } from 'drizzle-orm/batch';
import { emailTemplates, type EmailTemplateName } from '../../emails/catalog';
import type { Brand, RenderedEmail } from '../../emails/render';
import type { Deps } from '../deps';
import { copyLocale } from '../domain/survey-copy';
import { formatPromise as formatPromiseIn } from '../domain/promise-time';
import { insertOutboxEmail, insertOutboxEmailWhen } from '../outbox/store';
import { brandOf, getOrganization, type Organization } from '../organization/store';

/** The customer's private status page, and the two answers to the recovery question. */
export function caseUrls(publicUrl: string, token: string) {
	const base = `${publicUrl.replace(/\/+$/, '')}/c/${token}`;
	return { statusUrl: base, confirmUrl: `${base}?answer=yes`, rejectUrl: `${base}?answer=no` };
}

export function staffCaseUrl(publicUrl: string, caseId: string) {
	return `${publicUrl.replace(/\/+$/, '')}/cases/${caseId}`;
}

/** A promised time for an email, in one of our shipped languages. */
export function formatPromise(at: Date, timeZone: string, locale: string, now: Date): string {
	return formatPromiseIn(at, timeZone, copyLocale(locale), now);
}

type Props<Name extends EmailTemplateName> = Parameters<(typeof emailTemplates)[Name]['render']>[0];

/**
 * Renders a template and returns the outbox insert, for the caller's batch.
 * Wrapped in an object: a query builder is a thenable, and returning one from
 * an async function would run it on the spot, outside the batch.
 */
export async function caseEmail<Name extends EmailTemplateName>(
	deps: Deps,
	input: {
		template: Name;
		props: Props<Name>;
		to: string;
		contactId?: string | null;
		now: Date;
		organization?: Organization;
	},
	/** Write the email only if this holds when the batch runs. */
	condition?: Parameters<typeof insertOutboxEmailWhen>[2]
) {
	const organization = input.organization ?? (await getOrganization(deps.db, deps.config));
	const template = emailTemplates[input.template] as unknown as {
		render(props: Props<Name>, brand: Brand): RenderedEmail;
	};
	const email = template.render(input.props, brandOf(organization, deps.config));
	const values = {
		template: input.template,
		to: input.to,
		from: organization.emailFrom,
		email,
		contactId: input.contactId ?? null,
		now: input.now
	};
	const statement: BatchItem<'sqlite'> = condition
		? insertOutboxEmailWhen(deps.db, values, condition)
		: insertOutboxEmail(deps.db, values);
	return { statement };
}

/** The email telling a staff member a case is now theirs, with its next deadline. */
export function assignedAlert(
	deps: Deps,
	input: {
		assignee: { name: string; email: string };
		caseId: string;
		caseNumber: number;
		subject: string;
		/** The next deadline and its target, when a clock runs. */
		due: { at: Date; target: 'first_response' | 'next_response' | 'resolution' } | null;
		timeZone: string;
		now: Date;
		organization?: Organization;
	}
) {
	return caseEmail(deps, {
		...(input.organization ? { organization: input.organization } : {}),
		template: 'case-staff-alert',
		to: input.assignee.email,
		now: input.now,
		props: {
			kind: 'assigned',
			recipientName: input.assignee.name,
			caseNumber: input.caseNumber,
			caseSubject: input.subject,
			target: input.due?.target ?? null,
			dueAt: input.due ? formatPromise(input.due.at, input.timeZone, 'en', input.now) : null,
			level: null,
			caseUrl: staffCaseUrl(deps.config.publicUrl, input.caseId)
		}
	});
}
