import type { Deps } from '../deps';
import { surveyScales } from '../domain/survey-definition';
import { openCase } from './open-case';
import {
	findCaseIdByResponse,
	findPendingDetractorEvents,
	markDomainEventProcessed
} from './store';

export type DetractorReport = { opened: number };

/**
 * Takes up `response.detractor` events (raised once per response by the
 * survey answer): each opens a recovery case linked to the response, and
 * marks the event processed in the same batch. The unique response link on
 * cases decides between two ticks racing; the loser only marks the event.
 */
export async function openDetractorCases(deps: Deps, limit = 50): Promise<DetractorReport> {
	const report: DetractorReport = { opened: 0 };
	for (const event of await findPendingDetractorEvents(deps.db, limit)) {
		const now = deps.clock.now();
		const scale = surveyScales[event.kind];
		const comment = event.comment?.trim();
		try {
			await openCase({
				deps,
				input: {
					source: 'survey',
					subject: `Low score on “${event.surveyName}”: ${event.score} of ${scale.max}`,
					description:
						comment ||
						`The customer answered ${event.score} on the ${scale.min}–${scale.max} scale and left no comment yet.`,
					email: null,
					name: null,
					contactId: event.contactId,
					responseId: event.responseId,
					locale: event.locale,
					alongside: [markDomainEventProcessed(deps.db, event.eventId, now)]
				}
			});
			report.opened++;
		} catch (error) {
			if (!(await findCaseIdByResponse(deps.db, event.responseId))) throw error;
			await markDomainEventProcessed(deps.db, event.eventId, now);
		}
	}
	return report;
}
