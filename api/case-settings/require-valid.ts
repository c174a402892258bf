import type { Database } from '../../db/database';
import { nextOpening, type BusinessCalendar } from '../domain/business-calendar';
import { AppError, type FieldErrors } from '../errors';
import { findUsersByIds } from '../users/store';
import type { PolicyInput } from './schemas';
import { findCalendarRow, findCategoriesByIds, findTeamsByIds } from './store';

/** A 422 with `fields` unless there are none: the one shape for input the schema could not judge alone. */
export function requireNoFieldErrors(fields: FieldErrors): void {
	if (Object.keys(fields).length === 0) return;
	throw new AppError('validation_failed', 'Some fields are missing or invalid.', fields);
}

/** A 409 naming the field, for a name another entry of the same kind already has. */
export function nameTaken(what: string, name: string): AppError {
	return new AppError('conflict', `There is already ${what} called ${name}.`, {
		name: [`Another ${what.replace(/^an? /, '')} already has this name.`]
	});
}

/**
 * A 422 unless the calendar opens within the next three years from `now`.
 * The schema already refuses a week without an open minute; this catches
 * holidays that close every open day, which would leave no promise to make.
 */
export function requireAnOpening(calendar: BusinessCalendar, now: Date): void {
	try {
		nextOpening(calendar, now);
	} catch (error) {
		if (!(error instanceof RangeError)) throw error;
		requireNoFieldErrors({
			holidays: ['These holidays close every open day: no case could ever be answered.']
		});
	}
}

/**
 * The field errors of a policy's references: its calendar, the categories its
 * conditions name, and the people and teams of each escalation level (unknown
 * ones, and disabled people, who would never hear of a breach).
 */
export async function policyReferenceErrors(
	db: Database,
	input: PolicyInput
): Promise<FieldErrors> {
	const fields: FieldErrors = {};
	const userIds = input.escalation.flatMap((level) => level.userIds);
	const teamIds = input.escalation.flatMap((level) => level.teamIds);
	const [calendar, categories, users, teams] = await Promise.all([
		input.calendarId ? findCalendarRow(db, input.calendarId) : null,
		findCategoriesByIds(db, input.conditions.categoryIds),
		findUsersByIds(db, userIds),
		findTeamsByIds(db, teamIds)
	]);
	if (input.calendarId && !calendar) {
		fields.calendarId = [`No business calendar has the id ${input.calendarId}.`];
	}
	const knownCategories = new Set(categories.map((category) => category.id));
	const unknownCategories = input.conditions.categoryIds.filter((id) => !knownCategories.has(id));
	if (unknownCategories.length > 0) {
		fields['conditions.categoryIds'] = [`No category has the id ${unknownCategories.join(', ')}.`];
	}
	const usersById = new Map(users.map((user) => [user.id, user]));
	const knownTeams = new Set(teams.map((team) => team.id));
	input.escalation.forEach((level, index) => {
		const unknownUsers = level.userIds.filter((id) => !usersById.has(id));
		const disabled = level.userIds.flatMap((id) => {
			const user = usersById.get(id);
			return user && !user.active ? [user.name] : [];
		});
		const userErrors = [
			...(unknownUsers.length ? [`No staff user has the id ${unknownUsers.join(', ')}.`] : []),
			...(disabled.length
				? [
						`${disabled.join(', ')} ${disabled.length === 1 ? 'is' : 'are'} disabled and would never be told.`
					]
				: [])
		];
		if (userErrors.length) fields[`escalation.${index}.userIds`] = userErrors;
		const unknownTeams = level.teamIds.filter((id) => !knownTeams.has(id));
		if (unknownTeams.length) {
			fields[`escalation.${index}.teamIds`] = [`No team has the id ${unknownTeams.join(', ')}.`];
		}
	});
	return fields;
}

/** The field error of a category's team, if it names one that does not exist. */
export async function teamReferenceErrors(
	db: Database,
	teamId: string | null
): Promise<FieldErrors> {
	if (!teamId) return {};
	const [team] = await findTeamsByIds(db, [teamId]);
	return team ? {} : { teamId: [`No team has the id ${teamId}.`] };
}
