import { afterEach, beforeEach, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../support/app';

let app: TestApp;
beforeEach(async () => {
	app = await startTestApp();
});
afterEach(async () => {
	await app.stop();
});

it('a contact brought in by a CSV import shows when it was added on its timeline', async () => {
	const manager = await app.signIn('manager');
	const imported = await manager.post('/api/contacts/import', 'email,name,account\nrae@example.test,Rae Lin,Lin Family\n', {
		'content-type': 'text/csv'
	});
	expect(imported.status).toBe(200);
	const [contact] = (await manager.get('/api/contacts?q=rae')).json.items;
	const timeline = await manager.get(`/api/contacts/${contact.id}/timeline`);
	expect(timeline.status).toBe(200);
	const titles = timeline.json.events.map((event: { title: string }) => event.title);
	expect(titles).toContain('Contact added');
});
