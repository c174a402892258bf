import type { SessionUser } from '../auth/session';
import type { Deps } from '../deps';
import { AppError, notFound } from '../errors';
import { getSurvey } from './get-survey';
import type { Survey } from './schemas';
import { findSurveyRow, insertAuditEntryIfChanged, setSurveyActive, setSurveyPaused } from './store';

const statusWords = { draft: 'a draft', active: 'active', paused: 'paused' } as const;

/**
 * Starts (or resumes) a survey: draft or paused → active. The first
 * activation fixes `activatedAt`, which anchors every contact's cadence
 * windows; resuming keeps it, so a pause does not reset anyone's cycle.
 * Anything else is a 409, decided by a compare-and-set on the status.
 */
export async function activateSurvey({ deps, actor, id }: { deps: Deps; actor: SessionUser; id: string }): Promise<Survey> {
	const { db } = deps;
	const now = deps.clock.now();
	const current = await findSurveyRow(db, id);
	if (!current) throw notFound('Survey');
	const [changed] = await db.batch([
		setSurveyActive(db, id, now),
		insertAuditEntryIfChanged(db, {
			actorId: actor.id,
			action: current.activatedAt ? 'survey.resumed' : 'survey.activated',
			entityType: 'survey',
			entityId: id,
			detail: { from: current.status },
			at: now
		})
	]);
	if (changed.length === 0) {
		const status = (await findSurveyRow(db, id))?.status ?? current.status;
		throw new AppError('conflict', `${current.name} is already ${statusWords[status]}; only drafts and paused surveys can be activated.`);
	}
	return getSurvey(db, id);
}

/** Stops an active survey inviting anyone new (answers to invitations already sent still count): active → paused. */
export async function pauseSurvey({ deps, actor, id }: { deps: Deps; actor: SessionUser; id: string }): Promise<Survey> {
	const { db } = deps;
	const now = deps.clock.now();
	const current = await findSurveyRow(db, id);
	if (!current) throw notFound('Survey');
	const [changed] = await db.batch([
		setSurveyPaused(db, id, now),
		insertAuditEntryIfChanged(db, {
			actorId: actor.id,
			action: 'survey.paused',
			entityType: 'survey',
			entityId: id,
			at: now
		})
	]);
	if (changed.length === 0) {
		const status = (await findSurveyRow(db, id))?.status ?? current.status;
		throw new AppError('conflict', `${current.name} is ${statusWords[status]}; only active surveys can be paused.`);
	}
	return getSurvey(db, id);
}
