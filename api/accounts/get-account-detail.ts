import type { Deps } from '../deps';
import { notFound } from '../errors';
import { contactStatus } from '../contacts/contact-status';
import type { AccountDetail } from './schemas';
import { countAccountContacts, findAccount, listAccountContacts } from './store';

const contactsShown = 100;

export async function getAccountDetail({
	deps,
	id
}: {
	deps: Deps;
	id: string;
}): Promise<AccountDetail> {
	const account = await findAccount(deps.db, id);
	if (!account) throw notFound('Account');
	const [contacts, counts] = await Promise.all([
		listAccountContacts(deps.db, id, contactsShown),
		countAccountContacts(deps.db, id)
	]);
	return {
		account,
		contacts: contacts.map((contact) => ({
			id: contact.id,
			name: contact.name,
			email: contact.email,
			locale: contact.locale,
			status: contactStatus(contact)
		})),
		counts
	};
}
