import type { Database } from '../../db/database';
import { outbox } from '../../db/schema/outbox';
import type { RenderedEmail } from '../../emails/render';
import { newId } from '../tokens';

export type NewOutboxEmail = {
	template: string;
	to: string;
	from: string;
	email: RenderedEmail;
	contactId?: string | null;
	now: Date;
};

/** The insert for one email, to put in the same `db.batch` as the change that caused it. */
export function insertOutboxEmail(db: Database, input: NewOutboxEmail) {
	return db.insert(outbox).values({
		id: newId(),
		template: input.template,
		toAddress: input.to,
		fromAddress: input.from,
		subject: input.email.subject,
		html: input.email.html,
		text: input.email.text,
		headers: input.email.headers ?? null,
		contactId: input.contactId ?? null,
		status: 'pending',
		nextAttemptAt: input.now,
		createdAt: input.now
	});
}
