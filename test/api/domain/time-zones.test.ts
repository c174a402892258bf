import { describe, expect, it } from 'vitest';
import { isValidTimeZone, listTimeZones } from '../../../api/domain/time-zones';

describe('isValidTimeZone', () => {
	it.each([
		['Europe/Berlin', true],
		['America/Argentina/Buenos_Aires', true],
		['UTC', true],
		['Asia/Calcutta', true],
		['Etc/GMT+1', true],
		['europe/berlin', false],
		['Mars/Olympus', false],
		['Europe', false],
		['+01:00', false],
		['', false]
	])('%s is %s', (zone, valid) => {
		expect(isValidTimeZone(zone)).toBe(valid);
	});

	it('lists every accepted zone once, sorted, including UTC', () => {
		const zones = listTimeZones();
		expect(zones).toContain('UTC');
		expect([...zones].sort()).toEqual(zones);
		expect(new Set(zones).size).toBe(zones.length);
	});
});
