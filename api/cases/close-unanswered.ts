import type { Deps } from '../deps';
import { AppError } from '../errors';
import { applyCaseEvent } from './apply-case-event';
import { findResolvedBefore } from './store';

export type AutoCloseReport = { closed: number };

/**
 * Closes resolved cases whose customer has not answered "Is this solved?"
 * within `caseAutoCloseDays`. Each close is the workflow's `close` by the
 * system, compare-and-set on `resolved`: a customer answering at the same
 * moment wins, and this one is skipped. A slice per tick; the next continues.
 */
export async function closeUnansweredCases(deps: Deps, limit = 100): Promise<AutoCloseReport> {
	const report: AutoCloseReport = { closed: 0 };
	const cutoff = new Date(deps.clock.now().getTime() - deps.config.caseAutoCloseDays * 86_400_000);
	for (const row of await findResolvedBefore(deps.db, cutoff, limit)) {
		try {
			await applyCaseEvent({
				deps,
				row,
				input: { event: 'close', actor: { type: 'system' } }
			});
			report.closed++;
		} catch (error) {
			if (!(error instanceof AppError && error.code === 'conflict')) throw error;
		}
	}
	return report;
}
