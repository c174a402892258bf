import type { BatchItem } from 'drizzle-orm/batch';
import { digestSends } from '../../db/schema/digest';
import { emailTemplates } from '../../emails/catalog';
import type { RenderedEmail } from '../../emails/render';
import type { Deps } from '../deps';
import { insertOutboxEmailWhen } from '../outbox/store';
import { brandOf, getOrganization, type Organization } from '../organization/store';
import { newId } from '../tokens';
import { consoleLink, dueWeek, weekSpan, type DigestSection, type DigestWeek } from './format';
import { buildSections } from './sections';
import { insertDigestSend, listDigestRecipients, type DigestRecipient } from './store';

export type DigestReport = {
	/** The week due, `2026-W10`. */
	week: string;
	queued: number;
};

/** Recipients per batch: two statements each (the row, then the email that needs it). */
const recipientsPerBatch = 25;

/** Where a staff user turns the digest off. */
export const digestSettingsPath = '/account';

/** The digest one recipient gets for a week, rendered in the organisation's brand. */
export function renderDigest(
	deps: Deps,
	input: {
		organization: Organization;
		week: DigestWeek;
		sections: DigestSection[];
		/** Sections whose report could not be read. */
		unavailable: string[];
		recipient: Pick<DigestRecipient, 'name'>;
	}
): RenderedEmail {
	const { publicUrl } = deps.config;
	return emailTemplates['weekly-digest'].render(
		{
			recipientName: input.recipient.name,
			weekLabel: input.week.label,
			weekSpan: weekSpan(input.week),
			headline: input.sections.flatMap((section) => (section.headline ? [section.headline] : [])),
			sections: input.sections.map(({ headline: _headline, ...section }) => section),
			unavailable: input.unavailable,
			reportsUrl: consoleLink(publicUrl, '/reports'),
			settingsUrl: consoleLink(publicUrl, digestSettingsPath)
		},
		brandOf(input.organization, deps.config)
	);
}

/**
 * The tick's weekly digest step: from Monday 07:00 UTC, queues the week just
 * ended's digest for every active manager and admin who has it on and has not
 * had it. Exactly once per user and week, however often or concurrently the
 * tick runs: each email is written in the batch that writes its user's
 * `digest_sends` row, and only if that row is the one that got in. A tick
 * that was down for weeks queues the latest week only. The figures are read
 * once per tick, and only when someone is still due.
 */
export async function queueDigests(deps: Deps): Promise<DigestReport> {
	const now = deps.clock.now();
	const week = dueWeek(now);
	const recipients = await listDigestRecipients(deps.db, week.start, week.dueAt);
	if (recipients.length === 0) return { week: week.label, queued: 0 };
	const { sections, unavailable } = await buildSections(deps, week, now);
	const organization = await getOrganization(deps.db, deps.config);
	let queued = 0;
	for (let i = 0; i < recipients.length; i += recipientsPerBatch) {
		const statements: BatchItem<'sqlite'>[] = [];
		for (const recipient of recipients.slice(i, i + recipientsPerBatch)) {
			const sendId = newId();
			const email = renderDigest(deps, { organization, week, sections, unavailable, recipient });
			statements.push(
				insertDigestSend(deps.db, {
					id: sendId,
					userId: recipient.id,
					weekStart: week.start,
					createdAt: now
				}),
				insertOutboxEmailWhen(
					deps.db,
					{
						template: 'weekly-digest',
						to: recipient.email,
						from: organization.emailFrom,
						email,
						now
					},
					{ table: digestSends, id: digestSends.id, value: sendId }
				)
			);
		}
		const [first, ...rest] = statements;
		const results = await deps.db.batch([first!, ...rest]);
		// The row inserts return the rows they wrote: an email went with each of those.
		for (let index = 0; index < results.length; index += 2)
			queued += (results[index] as unknown[]).length;
	}
	return { week: week.label, queued };
}
