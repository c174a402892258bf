import type { Database } from '../../db/database';
import { accounts, contacts } from '../../db/schema/accounts';
import { surveyInvitations, surveys } from '../../db/schema/surveys';
import { defaultDefinition } from '../../api/domain/survey-definition';
import { hashToken } from '../../api/tokens';

/** Enough distinct invitations that every response POST in a bench run is a first answer. */
export const invitationCount = Number(process.env.BENCH_INVITATIONS || 60_000);

/** The link token of the bench's n-th invitation. */
export const benchToken = (n: number) => `bench-${n.toString(36).padStart(10, '0')}`;

/**
 * One account, contact and active NPS survey, and `count` open invitations
 * (one per cadence cycle, so the unique (survey, contact, cycle) holds).
 */
export async function seedInvitations(db: Database, count: number) {
	const now = new Date();
	const accountId = '00000000-0000-4000-a000-000000000001';
	const contactId = '00000000-0000-4000-a000-000000000002';
	const surveyId = '00000000-0000-4000-a000-000000000003';
	await db.insert(accounts).values({ id: accountId, name: 'Bench Respondents', wonAt: now, createdAt: now, updatedAt: now });
	await db.insert(contacts).values({ id: contactId, accountId, email: 'respondent@example.test', name: 'Respondent', createdAt: now, updatedAt: now });
	await db.insert(surveys).values({
		id: surveyId,
		name: 'Bench NPS',
		kind: 'nps',
		status: 'active',
		definition: defaultDefinition('nps'),
		audience: { tiers: [], ownerIds: [], accountStatuses: [], tags: [] },
		sendWindow: { days: [1, 2, 3, 4, 5, 6, 7], startHour: 0, endHour: 24 },
		detractorThreshold: 6,
		activatedAt: now,
		createdAt: now,
		updatedAt: now
	});
	for (let start = 0; start < count; start += 1000) {
		const rows = Array.from({ length: Math.min(1000, count - start) }, (_, offset) => ({
			id: crypto.randomUUID(),
			surveyId,
			contactId,
			cycle: start + offset,
			tokenHash: hashToken(benchToken(start + offset)),
			locale: 'en',
			createdAt: now
		}));
		const statements = [];
		for (let i = 0; i < rows.length; i += 10) statements.push(db.insert(surveyInvitations).values(rows.slice(i, i + 10)));
		await db.batch(statements as [(typeof statements)[number], ...(typeof statements)[number][]]);
	}
}
