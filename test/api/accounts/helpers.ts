import { expect } from 'vitest';
import type { TestClient } from '../../support/app';

let counter = 0;

/** Creates an account through the API as `client` and returns it. */
export async function givenAccount(client: TestClient, input: Record<string, unknown> = {}) {
	counter += 1;
	const response = await client.post('/api/accounts', { name: `Account ${counter}`, ...input });
	expect(response.status, response.text).toBe(201);
	return response.json.account as { id: string; name: string; [key: string]: unknown };
}

/** Creates a contact through the API as `client` and returns it. */
export async function givenContact(
	client: TestClient,
	accountId: string,
	input: Record<string, unknown> = {}
) {
	counter += 1;
	const response = await client.post('/api/contacts', {
		accountId,
		name: `Person ${counter}`,
		email: `person${counter}@example.test`,
		...input
	});
	expect(response.status, response.text).toBe(201);
	return response.json.contact as {
		id: string;
		email: string;
		name: string;
		[key: string]: unknown;
	};
}
