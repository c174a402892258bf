import type { SessionUser } from '../auth/session';
import { insertAuditEntry } from '../audit/store';
import type { Deps } from '../deps';
import { notFound } from '../errors';
import { nameTaken, requireAnOpening } from './require-valid';
import type { BusinessCalendarView, CalendarInput } from './schemas';
import {
	bumpPoliciesOnCalendar,
	findCalendar,
	findCalendarRow,
	isCalendarNameTaken,
	updateCalendar
} from './store';

/**
 * Replaces a calendar's zone, hours and holidays. When the hours change, every
 * policy on the calendar gets a new version in the same batch: the calendar is
 * part of the promise cases snapshot, and cases already open keep theirs.
 */
export async function replaceCalendar({
	deps,
	actor,
	id,
	input
}: {
	deps: Deps;
	actor: SessionUser;
	id: string;
	input: CalendarInput;
}): Promise<BusinessCalendarView> {
	const { db } = deps;
	const now = deps.clock.now();
	const current = await findCalendarRow(db, id);
	if (!current) throw notFound('Business calendar');
	if (await isCalendarNameTaken(db, input.name, id)) throw nameTaken('a calendar', input.name);
	requireAnOpening(input, now);

	const changed = (['name', 'timeZone', 'week', 'holidays'] as const).filter(
		(key) => JSON.stringify(current[key]) !== JSON.stringify(input[key])
	);
	const hoursChanged = changed.some((key) => key !== 'name');
	if (changed.length > 0) {
		await db.batch([
			updateCalendar(db, id, {
				name: input.name,
				timeZone: input.timeZone,
				week: input.week,
				holidays: input.holidays,
				updatedAt: now
			}),
			...(hoursChanged ? [bumpPoliciesOnCalendar(db, id, now)] : []),
			insertAuditEntry(db, {
				actorId: actor.id,
				action: 'business_calendar.updated',
				entityType: 'business_calendar',
				entityId: id,
				detail: { name: input.name, changed },
				at: now
			})
		]);
	}
	const calendar = await findCalendar(db, id);
	if (!calendar) throw notFound('Business calendar');
	return calendar;
}
