/**
 * The single source for which time zones Closeloop accepts, so the contact
 * form, the API and the CSV import agree. IANA names as the runtime knows
 * them, plus `UTC`, which `Intl.supportedValuesOf` leaves out.
 */
const timeZones: readonly string[] = [...Intl.supportedValuesOf('timeZone'), 'UTC'].sort();
const timeZoneSet = new Set(timeZones);

/** Every accepted IANA time zone name, sorted. */
export function listTimeZones(): readonly string[] {
	return timeZones;
}

/** Whether `value` is an accepted IANA time zone name (exact spelling, e.g. `Europe/Berlin`). */
export function isValidTimeZone(value: string): boolean {
	return timeZoneSet.has(value);
}
