import { describe, expect, it } from 'vitest';
import { readConfig } from '../../api/config';

describe('configuration from the environment', () => {
	it('has a working default for everything', () => {
		const config = readConfig({});
		expect(config).toMatchObject({ publicUrl: 'http://localhost:3000', clockControl: false, production: false, cookieSecure: 'auto' });
		expect(config.resendApiKey).toBeUndefined();
	});

	it('derives the public URL from PORT when PUBLIC_URL is unset', () => {
		expect(readConfig({ PORT: '4000' }).publicUrl).toBe('http://localhost:4000');
	});

	it('refuses clock control in production', () => {
		expect(() => readConfig({ CLOSELOOP_CLOCK_CONTROL: '1', NODE_ENV: 'production' })).toThrow(/refused in production/);
		expect(readConfig({ CLOSELOOP_CLOCK_CONTROL: '1' }).clockControl).toBe(true);
	});
});
