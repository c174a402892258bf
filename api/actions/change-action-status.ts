import type { BatchItem } from 'drizzle-orm/batch';
import { actionNotices } from '../../db/schema/actions';
import { emailTemplates } from '../../emails/catalog';
import type { SessionUser } from '../auth/session';
import { insertAuditEntry } from '../audit/store';
import { insertDomainEvent, isStaleStateError } from '../cases/store';
import type { Deps } from '../deps';
import { actionStatusLabels, moveAction } from '../domain/action-workflow';
import { AppError, notFound } from '../errors';
import { brandOf, getOrganization } from '../organization/store';
import { insertOutboxEmailWhen } from '../outbox/store';
import { createToken, hashToken, newId } from '../tokens';
import type { ActionStatusInput } from './schemas';
import {
	findActionRow,
	insertNewsLinks,
	insertNotices,
	listCustomersToTell,
	requireActionStatus,
	updateAction
} from './store';

/** D1 binds at most 100 parameters a statement: five columns a notice, three a link. */
const noticesPerStatement = 20;
const linksPerStatement = 33;

function chunks<T>(rows: T[], size: number): T[][] {
	const out: T[][] = [];
	for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
	return out;
}

/** The public page's address, the news unsubscribe pages' addresses. */
export function newsUrls(publicUrl: string, token: string) {
	const base = publicUrl.replace(/\/+$/, '');
	return {
		unsubscribeUrl: `${base}/n/${token}`,
		oneClickUnsubscribeUrl: `${base}/api/public/news/${token}/unsubscribe`,
		updatesUrl: `${base}/you-said-we-did`
	};
}

/**
 * Moves an action along its workflow. Done (and a declined one the manager
 * chooses to explain) tells every customer whose suggestion it answers, in one
 * batch with the change: one "you said, we did" email each, through the
 * outbox, in their language, never to an unsubscribed or bounced address, and
 * never twice for the same action (a unique notice per action and contact
 * decides, and each email is written only with the notice that won).
 */
export async function changeActionStatus({
	deps,
	actor,
	id,
	input
}: {
	deps: Deps;
	actor: SessionUser;
	id: string;
	input: ActionStatusInput;
}) {
	const { db } = deps;
	const now = deps.clock.now();
	const action = await findActionRow(db, id);
	if (!action) throw notFound('Action');
	const move = moveAction(action.status, input.status, { shareDecline: input.shareDecline });
	if (!move.ok) throw new AppError('conflict', move.reason);
	const reason = input.declineReason?.trim() ?? '';
	if (move.to === 'declined' && reason.length < 3)
		throw new AppError('validation_failed', 'Some fields are missing or invalid.', {
			declineReason: ['Say why it is declined: the customers may read it.']
		});

	const statements: BatchItem<'sqlite'>[] = [
		updateAction(db, id, {
			status: move.to,
			updatedAt: now,
			...(move.to === 'done' ? { doneAt: now } : {}),
			...(move.to === 'declined' ? { declinedAt: now, declineReason: reason } : {}),
			...(move.to === 'planned' ? { declinedAt: null, declineReason: null } : {})
		}),
		insertAuditEntry(db, {
			actorId: actor.id,
			action: 'action.status_changed',
			entityType: 'action',
			entityId: id,
			detail: { from: action.status, to: move.to, ...(move.to === 'declined' ? { reason } : {}) },
			at: now
		})
	];
	if (move.to === 'done')
		statements.push(
			insertDomainEvent(db, {
				type: 'action.done',
				subjectId: id,
				payload: { actionId: id, title: action.title },
				now
			})
		);

	let told = 0;
	if (move.tellCustomers) {
		const organization = await getOrganization(db, deps.config);
		const brand = brandOf(organization, deps.config);
		const outcome = move.to === 'done' ? 'done' : 'declined';
		// One email a customer, quoting their first suggestion among those the action answers.
		const customers = new Map<string, Awaited<ReturnType<typeof listCustomersToTell>>[number]>();
		for (const row of await listCustomersToTell(db, id))
			if (!customers.has(row.contactId)) customers.set(row.contactId, row);
		const notices = [...customers.values()].map((customer) => ({
			customer,
			noticeId: newId(),
			token: createToken(16)
		}));
		for (const rows of chunks(notices, noticesPerStatement))
			statements.push(
				insertNotices(
					db,
					rows.map(({ customer, noticeId }) => ({
						id: noticeId,
						actionId: id,
						contactId: customer.contactId,
						outcome,
						createdAt: now
					}))
				)
			);
		for (const rows of chunks(notices, linksPerStatement))
			statements.push(
				insertNewsLinks(
					db,
					rows.map(({ customer, token }) => ({
						tokenHash: hashToken(token),
						contactId: customer.contactId,
						createdAt: now
					}))
				)
			);
		for (const { customer, noticeId, token } of notices) {
			const urls = newsUrls(deps.config.publicUrl, token);
			const email = emailTemplates['you-said-we-did'].render(
				{
					locale: customer.locale,
					contactName: customer.name,
					suggestion: customer.text,
					outcome,
					actionTitle: action.title,
					details: outcome === 'done' ? action.description : reason,
					updatesUrl: organization.publicUpdates && outcome === 'done' ? urls.updatesUrl : null,
					unsubscribeUrl: urls.unsubscribeUrl,
					oneClickUnsubscribeUrl: urls.oneClickUnsubscribeUrl
				},
				brand
			);
			statements.push(
				insertOutboxEmailWhen(
					db,
					{
						template: 'you-said-we-did',
						to: customer.email,
						from: organization.emailFrom,
						email,
						contactId: customer.contactId,
						now
					},
					{ table: actionNotices, id: actionNotices.id, value: noticeId }
				)
			);
		}
		told = notices.length;
	}

	try {
		await db.batch([requireActionStatus(db, id, action.status), ...statements]);
	} catch (error) {
		if (isStaleStateError(error))
			throw new AppError(
				'conflict',
				`Someone else changed this action a moment ago; it is no longer ${actionStatusLabels[action.status].toLowerCase()}.`
			);
		throw error;
	}
	return { status: move.to, told };
}
