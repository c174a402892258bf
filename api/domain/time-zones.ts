/**
 * The single source for which time zones Closeloop accepts, so the contact
 * form, the API and the CSV import agree: the IANA names the runtime lists,
 * `UTC` (which `Intl.supportedValuesOf` leaves out), and the older IANA
 * aliases the runtime still resolves (`Asia/Calcutta`,
 * `America/Argentina/Buenos_Aires`), written with their usual capitals.
 */
const timeZones: readonly string[] = [...Intl.supportedValuesOf('timeZone'), 'UTC'].sort();
const timeZoneSet = new Set(timeZones);
const aliasShape = /^[A-Z][A-Za-z_-]*(\/[A-Z0-9][A-Za-z0-9_+-]*)+$/;

/** Every listed IANA time zone, sorted: what pickers offer. */
export function listTimeZones(): readonly string[] {
	return timeZones;
}

/** Whether `value` is an IANA time zone name such as `Europe/Berlin` (offsets like `+01:00` are not). */
export function isValidTimeZone(value: string): boolean {
	if (timeZoneSet.has(value)) return true;
	if (!aliasShape.test(value)) return false;
	try {
		new Intl.DateTimeFormat('en', { timeZone: value });
		return true;
	} catch {
		return false;
	}
}
