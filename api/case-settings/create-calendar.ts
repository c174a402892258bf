import type { SessionUser } from '../auth/session';
import { insertAuditEntry } from '../audit/store';
import type { Deps } from '../deps';
import { newId } from '../tokens';
import { nameTaken, requireAnOpening } from './require-valid';
import type { BusinessCalendarView, CalendarInput } from './schemas';
import { findCalendar, insertCalendar, isCalendarNameTaken } from './store';

/** Adds a business calendar; names are unique regardless of case (409). */
export async function createCalendar({
	deps,
	actor,
	input
}: {
	deps: Deps;
	actor: SessionUser;
	input: CalendarInput;
}): Promise<BusinessCalendarView> {
	const { db } = deps;
	const now = deps.clock.now();
	if (await isCalendarNameTaken(db, input.name)) throw nameTaken('a calendar', input.name);
	requireAnOpening(input, now);

	const id = newId();
	await db.batch([
		insertCalendar(db, {
			id,
			name: input.name,
			timeZone: input.timeZone,
			week: input.week,
			holidays: input.holidays,
			createdAt: now,
			updatedAt: now
		}),
		insertAuditEntry(db, {
			actorId: actor.id,
			action: 'business_calendar.created',
			entityType: 'business_calendar',
			entityId: id,
			detail: { name: input.name, timeZone: input.timeZone },
			at: now
		})
	]);
	const calendar = await findCalendar(db, id);
	if (!calendar) throw new Error(`business calendar ${id} vanished after being created`);
	return calendar;
}
