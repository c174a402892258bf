import { count } from 'drizzle-orm';
import { migrateDatabase, openDatabase } from '../../db/client';
import { accounts, accountSpells, contacts, type AccountTier } from '../../db/schema/accounts';
import { auditLog } from '../../db/schema/audit';
import { organization } from '../../db/schema/organization';
import { staffUsers, teamMembers, teams, type StaffRole } from '../../db/schema/staff';
import { hashPassword } from '../auth/password';
import { defaultDatabaseUrl } from '../node';
import {
	domainEvents,
	suggestions,
	surveyInvitations,
	surveyResponses,
	surveySkips,
	surveys
} from '../../db/schema/surveys';
import { createLocalMailer } from '../../emails/local-mailer';
import { createFixedClock } from '../clock';
import { Config } from '../config';
import { rebuildRollups } from '../reports/refresh-rollups';
import { rollUpSla } from '../reports/sla-rollup';
import { buildDemoActions } from './demo-actions';
import { buildDemoCases } from './demo-cases';
import { buildDemo, demoSignIn } from './demo-data';
import { buildDemoSurveys } from './demo-surveys';

/**
 * `npm run demo`: fills a fresh database with a realistic organisation from a
 * fixed seed. History is anchored at DEMO_NOW (default: today, 00:00 UTC).
 */
const url = process.env.DATABASE_URL || defaultDatabaseUrl;
const now = process.env.DEMO_NOW
	? new Date(process.env.DEMO_NOW)
	: new Date(new Date().toISOString().slice(0, 10));
if (Number.isNaN(now.getTime())) {
	console.error(`DEMO_NOW is not a date: ${process.env.DEMO_NOW}`);
	process.exit(1);
}

const { db, close } = openDatabase(url);
await migrateDatabase(db);
const [existing] = await db.select({ n: count() }).from(accounts);
if ((existing?.n ?? 0) > 0) {
	console.error(
		`The database at ${url} already has ${existing?.n} accounts. The demo needs a fresh database:\n  DATABASE_URL=file:./data/demo.db npm run demo`
	);
	close();
	process.exit(1);
}

const started = performance.now();
const demo = buildDemo(now);
const year = buildDemoSurveys(now, demo);
for (const contact of demo.contacts)
	Object.assign(contact, { lastSurveyedAt: year.lastSurveyedAt.get(contact.id) ?? null });
const passwordHash = await hashPassword(demoSignIn.password);

/** D1 and SQLite cap bound parameters per statement; chunk rows so each insert stays small. */
function chunk<T>(rows: T[], columns: number): T[][] {
	const size = Math.max(1, Math.floor(100 / columns));
	const chunks: T[][] = [];
	for (let i = 0; i < rows.length; i += size) chunks.push(rows.slice(i, i + size));
	return chunks;
}

const statements = [
	db
		.insert(organization)
		.values({ id: 1, ...demo.organization, updatedAt: now })
		.onConflictDoUpdate({ target: organization.id, set: { ...demo.organization, updatedAt: now } }),
	...chunk(demo.staff, 8).map((rows) =>
		db
			.insert(staffUsers)
			.values(
				rows.map((user) => ({
					...user,
					role: user.role as StaffRole,
					passwordHash,
					createdAt: user.createdAt,
					updatedAt: user.createdAt
				}))
			)
			.onConflictDoNothing()
	),
	...chunk(demo.teams, 5).map((rows) => db.insert(teams).values(rows)),
	...chunk(demo.teamMembers, 2).map((rows) => db.insert(teamMembers).values(rows)),
	...chunk(demo.accounts, 12).map((rows) =>
		db
			.insert(accounts)
			.values(rows.map(({ spells: _, ...row }) => ({ ...row, tier: row.tier as AccountTier })))
	),
	...chunk(demo.spells, 4).map((rows) => db.insert(accountSpells).values(rows)),
	...chunk(demo.contacts, 14).map((rows) => db.insert(contacts).values(rows)),
	...chunk(demo.audit, 7).map((rows) => db.insert(auditLog).values(rows)),
	...chunk(year.surveys, 16).map((rows) => db.insert(surveys).values(rows)),
	...chunk(year.invitations, 10).map((rows) => db.insert(surveyInvitations).values(rows)),
	...chunk(year.responses, 13).map((rows) => db.insert(surveyResponses).values(rows)),
	...chunk(year.suggestions, 8).map((rows) => db.insert(suggestions).values(rows)),
	...chunk(year.events, 6).map((rows) => db.insert(domainEvents).values(rows)),
	...chunk(year.skips, 7).map((rows) => db.insert(surveySkips).values(rows))
];
const [first, ...rest] = statements;
await db.batch([first!, ...rest]);
// Complaint recovery comes next: the product's own code replays the year on a simulated clock.
const publicUrl = process.env.PUBLIC_URL || 'http://localhost:3000';
const recovery = await buildDemoCases({ db, now, demo, publicUrl });
// Then what customers suggested, and what was done about it, the same way.
const loop = await buildDemoActions({ db, now, demo, year, publicUrl });
// The report pages read rollups: build them for the whole year now, as the tick would over a few minutes.
const reportDeps = {
	db,
	clock: createFixedClock(now),
	mailer: createLocalMailer(),
	config: Config.parse({ publicUrl, version: 'demo' })
};
const rollups = await rebuildRollups(reportDeps);
let slaRounds = 0;
for (;;) {
	const slice = await rollUpSla(reportDeps, { slices: 100 });
	slaRounds += slice.settled;
	if (slice.events === 0) break;
}
close();

console.log(
	`Demo organisation "${demo.organization.name}" ready in ${Math.round(performance.now() - started)} ms:`
);
console.log(
	`  ${demo.staff.length} staff in ${demo.teams.length} teams, ${demo.accounts.length} accounts (${demo.accounts.filter((a) => a.status === 'lost').length} lost in the last year, ${demo.accounts.filter((a) => a.spells.length > 1).length} lost and won back), ${demo.spells.length} customer spells, ${demo.contacts.length} contacts`
);
console.log(
	`  ${year.surveys.length} surveys over a year: ${year.invitations.length} invitations, ${year.responses.length} answers, ${year.suggestions.length} comments`
);
console.log(
	`  ${recovery.cases} cases over a year: ${recovery.open} open, ${recovery.settled} resolved or closed, ${recovery.breaches} SLA breaches`
);
console.log(
	`  ${loop.suggestions} suggestions (${loop.bySource.survey} from surveys, ${loop.bySource.complaint} from complaints, ${loop.bySource.staff} by staff; ${loop.merged} merged as duplicates, ${loop.untagged} untagged) in ${loop.themes} themes`
);
console.log(
	`  ${loop.actions} actions: ${loop.byStatus.done} done, ${loop.byStatus.in_progress} in progress, ${loop.byStatus.planned} planned, ${loop.byStatus.declined} declined; ${loop.notices} "you said, we did" notices`
);
console.log(
	`  report rollups: ${rollups} satisfaction periods, ${slaRounds} settled SLA clock rounds`
);
console.log(
	`Sign in at http://localhost:${process.env.PORT || 3000}/sign-in as ${demoSignIn.email} / ${demoSignIn.password}`
);
