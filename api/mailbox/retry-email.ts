import type { Database } from '../../db/database';
import { isErasedAddress } from '../domain/personal-data';
import { AppError, notFound } from '../errors';
import type { MailboxEmail } from './schemas';
import { findMailboxEmail, requeueFailedEmail } from './store';

/** Puts a failed email back in the queue for the next tick. Only failed emails can be retried. */
export async function retryEmail({ db, now, actorId, id }: { db: Database; now: Date; actorId: string; id: string }): Promise<MailboxEmail> {
	const email = await requeueFailedEmail(db, { id, now, actorId });
	if (email) return email;
	const existing = await findMailboxEmail(db, id);
	if (!existing) throw notFound('Email');
	if (isErasedAddress(existing.to))
		throw new AppError(
			'conflict',
			'This email was to a contact whose data was erased; it cannot be sent.'
		);
	throw new AppError('conflict', `Only failed emails can be retried; this one is ${existing.status}.`);
}
