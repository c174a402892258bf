import { afterAll, beforeAll, expect, it } from 'vitest';
import { countContactsAndAccounts } from '../../../api/contact-import/store';
import { startTestApp, type TestApp } from '../../support/app';

let app: TestApp;
beforeAll(async () => {
	app = await startTestApp();
});
afterAll(async () => {
	await app.stop();
});

/** 50,000 contacts in 5,000 accounts, half of them with a reference. */
function largeCsv(rows: number) {
	const lines = ['email,name,account,account_ref,tier,owner_email,locale,time_zone,tags,consent'];
	for (let i = 0; i < rows; i++) {
		const account = i % 5000;
		const ref = account % 2 === 0 ? `C-${account}` : '';
		lines.push(
			`person.${i}@customer${account}.example,Person ${i},Customer ${account},${ref},premium,owner@example.test,en-GB,Europe/London,retail|emea,${i % 3 ? 'yes' : 'no'}`
		);
	}
	return lines.join('\r\n');
}

it(
	'imports 50,000 rows well within a minute, all in one transaction',
	{ timeout: 120_000 },
	async () => {
		const manager = await app.signIn('manager', 'owner@example.test');
		const csv = largeCsv(50_000);
		const headers = { 'content-type': 'text/csv' };

		let started = performance.now();
		const preview = await manager.post('/api/contacts/import/preview', csv, headers);
		const previewMs = performance.now() - started;
		expect(preview.status).toBe(200);
		expect(preview.json).toMatchObject({
			rows: 50_000,
			valid: 50_000,
			errorCount: 0,
			creates: { accounts: 5000, contacts: 50_000 }
		});

		started = performance.now();
		const imported = await manager.post('/api/contacts/import', csv, headers);
		const importMs = performance.now() - started;
		expect(imported.status).toBe(200);
		expect(imported.json).toMatchObject({
			rows: 50_000,
			creates: { accounts: 5000, contacts: 50_000 }
		});
		expect(await countContactsAndAccounts(app.db)).toEqual({ contacts: 50_000, accounts: 5000 });

		started = performance.now();
		const again = await manager.post(
			'/api/contacts/import',
			csv.replace(/Person (\d+)/g, 'Person $1 Jr.'),
			headers
		);
		const upsertMs = performance.now() - started;
		expect(again.json).toMatchObject({
			creates: { accounts: 0, contacts: 0 },
			updates: { contacts: 50_000 }
		});

		console.info(
			`50,000-row contact import (${(csv.length / 1024 / 1024).toFixed(1)} MB): preview ${Math.round(previewMs)} ms, import ${Math.round(importMs)} ms, re-import as updates ${Math.round(upsertMs)} ms`
		);
	}
);
