/**
 * How a promised time reads, the same in every email and on the customer's
 * status page: "Tuesday 10:00" in the reader's zone and language, with the
 * date ("Tuesday 14 May, 10:00") when it is more than six days from `now`,
 * so a promise is never ambiguous. Formatters are built once per language,
 * zone and shape and kept: building one costs far more than using it.
 */
const sixDaysMs = 6 * 86_400_000;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(locale: string, timeZone: string, withDate: boolean): Intl.DateTimeFormat {
	const key = `${locale}|${timeZone}|${withDate ? 'date' : 'day'}`;
	let found = formatters.get(key);
	if (!found) {
		const options: Intl.DateTimeFormatOptions = {
			weekday: 'long',
			...(withDate ? { day: 'numeric', month: 'long' } : {}),
			hour: '2-digit',
			minute: '2-digit',
			hourCycle: 'h23'
		};
		try {
			found = new Intl.DateTimeFormat(locale, { ...options, timeZone });
		} catch {
			// An unknown zone or language still gets an answer, in UTC.
			found = new Intl.DateTimeFormat('en', { ...options, timeZone: 'UTC' });
		}
		formatters.set(key, found);
	}
	return found;
}

export function formatPromise(at: Date, timeZone: string, locale: string, now: Date): string {
	return formatter(locale, timeZone, Math.abs(at.getTime() - now.getTime()) > sixDaysMs).format(at);
}
