import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { accounts, contacts } from '../../../db/schema/accounts';
import { cases } from '../../../db/schema/cases';
import { domainEvents } from '../../../db/schema/surveys';
import { startTestApp, type TestApp } from '../../support/app';
import { givenInvitation } from '../public-surveys/helpers';

let app: TestApp;

beforeEach(async () => {
	app = await startTestApp({ now: new Date('2026-03-02T09:00:00Z') });
});
afterEach(async () => {
	await app.stop();
});

it('opens one recovery case, linked to the answer and given to the account owner, for a detractor score, even with two ticks racing', async () => {
	const detractor = await givenInvitation(app.db, { now: app.clock.now() });
	// The account owner knows the customer: a detractor's case (it has no category) goes to them.
	const owner = await app.signIn('manager');
	const [asked] = await app.db.select().from(contacts).where(eq(contacts.id, detractor.contactId));
	await app.db
		.update(accounts)
		.set({ ownerId: owner.userId })
		.where(eq(accounts.id, asked!.accountId));
	const promoter = await givenInvitation(app.db, { now: app.clock.now() });
	const customer = app.anonymous();
	expect(
		(await customer.post(`/api/public/invitations/${detractor.token}/response`, { score: 3 }))
			.status
	).toBe(200);
	expect(
		(await customer.post(`/api/public/invitations/${promoter.token}/response`, { score: 10 }))
			.status
	).toBe(200);
	await customer.post(`/api/public/invitations/${detractor.token}/answers`, {
		comment: 'Invoices are always wrong.'
	});

	await Promise.all([app.tick(), app.tick()]);
	await app.tick();

	const opened = await app.db.select().from(cases);
	expect(opened).toHaveLength(1);
	expect(opened[0]).toMatchObject({
		source: 'survey',
		contactId: detractor.contactId,
		state: 'new',
		description: 'Invoices are always wrong.',
		assigneeId: owner.userId
	});
	expect(opened[0]!.responseId).not.toBeNull();
	const [event] = await app.db
		.select()
		.from(domainEvents)
		.where(eq(domainEvents.type, 'response.detractor'));
	expect(event!.processedAt).not.toBeNull();
	const [contact] = await app.db
		.select()
		.from(contacts)
		.where(eq(contacts.id, detractor.contactId));
	// An open complaint now holds back this contact's next survey.
	expect(contact!.openCaseCount).toBe(1);
});
