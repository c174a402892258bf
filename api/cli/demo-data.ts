import { createRandom } from './demo-random';
/**
 * The demo organisation, generated from a fixed seed: the same `now` always
 * gives the same rows, so figures and screenshots repeat.
 */

export const demoSignIn = { email: 'admin@northwind.example', password: 'closeloop-demo' };

const dayMs = 24 * 3600_000;

/** mulberry32: small, fast, and good enough for demo data. */

const firstNames = [
	'Anna',
	'Ben',
	'Chloé',
	'David',
	'Elena',
	'Farid',
	'Greta',
	'Hugo',
	'Ines',
	'Jonas',
	'Kira',
	'Lars',
	'Mara',
	'Noah',
	'Olivia',
	'Pablo',
	'Quinn',
	'Rosa',
	'Sami',
	'Tessa',
	'Umar',
	'Vera',
	'Wim',
	'Xenia',
	'Yusuf',
	'Zoe',
	'Amelie',
	'Bruno',
	'Carmen',
	'Dario',
	'Emma',
	'Felix',
	'Hana',
	'Ivan',
	'Julia',
	'Kofi',
	'Lena',
	'Marco',
	'Nadia',
	'Oskar',
	'Priya',
	'Rafael',
	'Sofia',
	'Tomás',
	'Ute',
	'Viktor',
	'Wanda',
	'Yara'
];
const lastNames = [
	'Andersen',
	'Becker',
	'Costa',
	'Dubois',
	'Eriksen',
	'Fischer',
	'García',
	'Hansen',
	'Ito',
	'Jansen',
	'Keller',
	'Lambert',
	'Moreau',
	'Nowak',
	'Olsen',
	'Petit',
	'Quintero',
	'Rossi',
	'Schmidt',
	'Torres',
	'Ullmann',
	'Vogel',
	'Weber',
	'Young',
	'Zimmermann',
	'Bauer',
	'Conti',
	'Dahl',
	'Engel',
	'Ferreira',
	'Gruber',
	'Horvat',
	'Iglesias',
	'Kowalski',
	'Lindqvist',
	'Meyer',
	'Novak',
	'Ortega',
	'Pereira',
	'Richter'
];
const companyStems = [
	'Alder',
	'Beacon',
	'Cedar',
	'Delta',
	'Ember',
	'Fjord',
	'Granite',
	'Harbor',
	'Iris',
	'Juniper',
	'Kestrel',
	'Linden',
	'Meridian',
	'Nimbus',
	'Orchard',
	'Pioneer',
	'Quarry',
	'Riverside',
	'Summit',
	'Tidewater',
	'Upland',
	'Vantage',
	'Willow',
	'Yarrow',
	'Zephyr',
	'Aurora',
	'Bramble',
	'Cobalt',
	'Drift',
	'Evergreen',
	'Foxglove',
	'Gable',
	'Heron',
	'Indigo',
	'Jasper',
	'Keystone',
	'Lumen',
	'Maple',
	'Northstar',
	'Oakridge'
];
const companyKinds = [
	'Bakery',
	'Clinic',
	'Logistics',
	'Hotels',
	'Pharmacy',
	'Builders',
	'Dental',
	'Foods',
	'Motors',
	'Studios',
	'Outfitters',
	'Labs',
	'Markets',
	'Partners',
	'Analytics',
	'Garden Centre',
	'Veterinary',
	'Cycles',
	'Print Works',
	'Coffee Roasters'
];
const industries = [
	'retail',
	'healthcare',
	'logistics',
	'hospitality',
	'manufacturing',
	'services',
	'food'
];
const regions = [
	{
		tag: 'dach',
		locales: ['de', 'de', 'de-CH', 'en'],
		zones: ['Europe/Berlin', 'Europe/Vienna', 'Europe/Zurich']
	},
	{ tag: 'france', locales: ['fr', 'fr', 'en'], zones: ['Europe/Paris'] },
	{ tag: 'iberia', locales: ['es', 'es', 'pt', 'en'], zones: ['Europe/Madrid', 'Europe/Lisbon'] },
	{ tag: 'uk', locales: ['en-GB', 'en'], zones: ['Europe/London'] },
	{
		tag: 'nordics',
		locales: ['en', 'sv', 'da'],
		zones: ['Europe/Stockholm', 'Europe/Copenhagen', 'Europe/Oslo']
	},
	{
		tag: 'north-america',
		locales: ['en', 'en-US', 'es'],
		zones: ['America/New_York', 'America/Chicago', 'America/Los_Angeles', 'America/Toronto']
	}
] as const;
const tierWeights: [string, number][] = [
	['basic', 0.35],
	['standard', 0.4],
	['premium', 0.18],
	['enterprise', 0.07]
];

function ascii(value: string): string {
	return value
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '');
}

export type DemoSpell = { wonAt: Date; lostAt: Date | null };

/** Whether an account was a customer at `at`, over every spell it had. */
export function isCustomerAt(account: { spells: DemoSpell[] }, at: Date): boolean {
	return account.spells.some(
		(spell) => spell.wonAt <= at && (spell.lostAt === null || spell.lostAt > at)
	);
}

const dateOnly = (at: Date) => at.toISOString().slice(0, 10);

/** The audit detail `markAccountLost` writes. */
const lostDetail = (lostAt: Date) => ({
	lostAt: lostAt.toISOString(),
	note: `Lost on ${dateOnly(lostAt)}`
});

export function buildDemo(now: Date) {
	const random = createRandom(20261123);
	const at = (daysAgo: number) => new Date(now.getTime() - Math.round(daysAgo * dayMs));

	const staffSpec: [string, string, string][] = [
		['Alex Morgan', demoSignIn.email, 'admin'],
		['Priya Natarajan', 'priya@northwind.example', 'manager'],
		['Jonas Becker', 'jonas@northwind.example', 'manager'],
		['Carmen Ortega', 'carmen@northwind.example', 'manager'],
		...[
			'Ben Hansen',
			'Chloé Petit',
			'Farid Haddad',
			'Greta Lindqvist',
			'Hugo Rossi',
			'Ines Costa',
			'Kofi Mensah',
			'Lena Vogel',
			'Marco Conti',
			'Nadia Nowak'
		].map(
			(name) =>
				[name, `${ascii(name.split(' ')[0]!)}@northwind.example`, 'agent'] as [
					string,
					string,
					string
				]
		)
	];
	const staff = staffSpec.map(([name, email, role]) => ({
		id: random.id(),
		name,
		email,
		role,
		createdAt: at(420)
	}));
	const managers = staff.filter((user) => user.role === 'manager');
	const agents = staff.filter((user) => user.role === 'agent');
	const owners = [...managers, ...agents.slice(0, 6)];

	const teamSpec = [
		{ name: 'Customer Care', lead: agents[0]!, members: agents.slice(0, 5) },
		{ name: 'Key Accounts', lead: managers[0]!, members: [managers[0]!, ...agents.slice(5, 8)] },
		{ name: 'Billing & Orders', lead: managers[1]!, members: [managers[1]!, ...agents.slice(8)] }
	];
	const teams = teamSpec.map((team) => ({
		id: random.id(),
		name: team.name,
		leadId: team.lead.id,
		createdAt: at(400),
		updatedAt: at(400)
	}));
	const teamMembers = teamSpec.flatMap((team, index) =>
		team.members.map((member) => ({ teamId: teams[index]!.id, userId: member.id }))
	);

	const usedNames = new Set<string>();
	const accounts: {
		id: string;
		name: string;
		externalRef: string;
		ownerId: string;
		tier: string;
		tags: string[];
		status: 'active' | 'lost';
		wonAt: Date;
		lostAt: Date | null;
		archivedAt: null;
		createdAt: Date;
		updatedAt: Date;
		/** Each time it was a customer, oldest first; the last one is the account's own won/lost. */
		spells: DemoSpell[];
	}[] = [];
	const contacts: {
		id: string;
		accountId: string;
		email: string;
		name: string;
		locale: string;
		timeZone: string;
		consent: boolean;
		unsubscribedAt: Date | null;
		bouncedAt: Date | null;
		complainedAt: null;
		archivedAt: null;
		createdAt: Date;
		updatedAt: Date;
	}[] = [];
	const audit: {
		actorId: string | null;
		action: string;
		entityType: string;
		entityId: string;
		detail: Record<string, unknown>;
		at: Date;
	}[] = [];
	const usedEmails = new Set<string>();
	let lostCount = 0;

	for (let index = 0; accounts.length < 200; index++) {
		let name = `${random.pick(companyStems)} ${random.pick(companyKinds)}`;
		if (usedNames.has(name))
			name = `${name} ${random.pick(['North', 'South', 'East', 'West', 'Central'])}`;
		if (usedNames.has(name)) continue;
		usedNames.add(name);
		const region = random.pick(regions);
		let roll = random.next();
		const tier = tierWeights.find(([, weight]) => (roll -= weight) < 0)?.[0] ?? 'standard';
		// About three in four accounts were customers before the year began; the rest were won during it.
		const wonDaysAgo = random.chance(0.76) ? random.int(370, 2200) : random.int(5, 360);
		const lost = random.chance(0.12) && wonDaysAgo > 30;
		// Losses spread over the months of the year (each loss in the next of a shuffled round of months).
		const lostDaysAgo = lost
			? Math.max(
					3,
					Math.min(360, wonDaysAgo - 20, ((lostCount++ * 7) % 12) * 30 + random.int(3, 32))
				)
			: null;
		const owner =
			tier === 'enterprise' || tier === 'premium' ? random.pick(managers) : random.pick(owners);
		const account = {
			id: random.id(),
			name,
			externalRef: `C-${String(10_000 + accounts.length * 37).padStart(6, '0')}`,
			ownerId: owner.id,
			tier,
			tags: [
				random.pick(industries),
				region.tag,
				...(random.chance(0.2) ? ['reference-customer'] : [])
			],
			status: lost ? ('lost' as const) : ('active' as const),
			wonAt: at(wonDaysAgo),
			lostAt: lostDaysAgo === null ? null : at(lostDaysAgo),
			archivedAt: null,
			createdAt: at(Math.min(wonDaysAgo, 400)),
			updatedAt: at(lostDaysAgo ?? Math.min(wonDaysAgo, 400)),
			spells: [{ wonAt: at(wonDaysAgo), lostAt: lostDaysAgo === null ? null : at(lostDaysAgo) }]
		};
		accounts.push(account);
		audit.push({
			actorId: owner.id,
			action: 'account.created',
			entityType: 'account',
			entityId: account.id,
			detail: { name, tier },
			at: account.createdAt
		});
		if (lostDaysAgo !== null) {
			audit.push({
				actorId: owner.id,
				action: 'account.lost',
				entityType: 'account',
				entityId: account.id,
				detail: lostDetail(account.lostAt!),
				at: account.lostAt!
			});
		}

		const domain = `${ascii(name)}.example`;
		const wanted =
			tier === 'enterprise'
				? random.int(8, 12)
				: tier === 'premium'
					? random.int(5, 8)
					: random.int(2, 5);
		for (let c = 0; c < wanted && contacts.length < 1000; c++) {
			const first = random.pick(firstNames);
			const last = random.pick(lastNames);
			let email = `${ascii(first)}.${ascii(last)}@${domain}`;
			if (usedEmails.has(email)) email = `${ascii(first)}.${ascii(last)}${c}@${domain}`;
			if (usedEmails.has(email)) continue;
			usedEmails.add(email);
			// Contacts are known while the account is a customer, not after it has left.
			const knownFrom = lostDaysAgo === null ? 0 : lostDaysAgo + 1;
			const createdAt = at(random.int(knownFrom, Math.max(knownFrom, Math.min(wonDaysAgo, 400))));
			const contact = {
				id: random.id(),
				accountId: account.id,
				email,
				name: `${first} ${last}`,
				locale: random.pick(region.locales),
				timeZone: random.pick(region.zones),
				consent: !random.chance(0.03),
				unsubscribedAt: random.chance(0.025) ? at(random.int(1, 200)) : null,
				bouncedAt: random.chance(0.012) ? at(random.int(1, 200)) : null,
				complainedAt: null,
				archivedAt: null,
				createdAt,
				updatedAt: createdAt
			};
			contacts.push(contact);
			audit.push({
				actorId: owner.id,
				action: 'contact.created',
				entityType: 'contact',
				entityId: contact.id,
				detail: { email },
				at: createdAt
			});
		}
	}
	// Top up to exactly 1,000 contacts on the largest accounts.
	for (let i = 0; contacts.length < 1000; i++) {
		const account = accounts[i % accounts.length]!;
		const first = random.pick(firstNames);
		const last = random.pick(lastNames);
		const email = `${ascii(first)}.${ascii(last)}.${i}@${ascii(account.name)}.example`;
		if (usedEmails.has(email)) continue;
		usedEmails.add(email);
		const createdAt = at(
			Math.max(
				random.int(0, 365),
				account.lostAt ? (now.getTime() - account.lostAt.getTime()) / dayMs + 1 : 0
			)
		);
		contacts.push({
			id: random.id(),
			accountId: account.id,
			email,
			name: `${first} ${last}`,
			locale: 'en',
			timeZone: 'Europe/London',
			consent: true,
			unsubscribedAt: null,
			bouncedAt: null,
			complainedAt: null,
			archivedAt: null,
			createdAt,
			updatedAt: createdAt
		});
	}

	// A few long-standing customers left during the year and came back a few weeks or months later,
	// as `winBackAccount` records it: the account's win moves to the return, the earlier spell stays.
	const loyal = accounts.filter(
		(account) => account.status === 'active' && account.wonAt.getTime() < at(400).getTime()
	);
	for (let n = 0; n < 5 && loyal.length; n++) {
		const account = loyal.splice(random.int(0, loyal.length - 1), 1)[0]!;
		const lostDaysAgo = random.int(150, 330);
		const backDaysAgo = lostDaysAgo - random.int(25, 110);
		const lostAt = at(lostDaysAgo);
		const wonBackAt = at(backDaysAgo);
		const previousWonAt = account.wonAt;
		account.spells = [
			{ wonAt: previousWonAt, lostAt },
			{ wonAt: wonBackAt, lostAt: null }
		];
		account.wonAt = wonBackAt;
		account.updatedAt = wonBackAt;
		audit.push(
			{
				actorId: account.ownerId,
				action: 'account.lost',
				entityType: 'account',
				entityId: account.id,
				detail: lostDetail(lostAt),
				at: lostAt
			},
			{
				actorId: account.ownerId,
				action: 'account.won_back',
				entityType: 'account',
				entityId: account.id,
				detail: {
					wonAt: wonBackAt.toISOString(),
					previousWonAt: previousWonAt.toISOString(),
					lostAt: lostAt.toISOString(),
					note: `Customer again from ${dateOnly(wonBackAt)} (lost on ${dateOnly(lostAt)})`
				},
				at: wonBackAt
			}
		);
	}

	const spells = accounts.flatMap((account) =>
		account.spells.map((spell) => ({ id: random.id(), accountId: account.id, ...spell }))
	);

	return {
		organization: {
			name: 'Northwind Supply Co.',
			brandColor: '#0f766e',
			emailFrom: 'Northwind Supply <care@northwind.example>',
			// The public "you said, we did" page lists the done actions.
			publicUpdates: true
		},
		staff,
		teams,
		teamMembers,
		accounts,
		/** One row per spell, as `account_spells` keeps them. */
		spells,
		contacts,
		audit
	};
}
