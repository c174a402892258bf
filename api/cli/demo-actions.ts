/**
 * A year of suggestions turned into actions for the demo organisation, from a
 * fixed seed, written by the product's own code as demo-cases.ts does for
 * complaints: the themes are added to the managed list (`addNamedItem`),
 * staff add suggestions from some complaints and from calls
 * (`addSuggestion`), and the year is replayed in time order on a simulated
 * clock. Every Monday a manager goes through the week's suggestions: tags
 * most of them with a theme (as the inbox does), merges duplicates
 * (`mergeSuggestions`: chains collapse, every suggester is kept) and links new
 * ones to the action already answering their request (as the action page
 * does). Actions are planned, linked, started, re-dated, done or declined
 * through `createAction`, `editAction` and `changeActionStatus`, so the
 * "you said, we did" notices and their emails are exactly what the product
 * would have written. The emails are then marked as sent.
 */
import { and, count, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import type { Database } from '../../db/database';
import { actionNotices, actions } from '../../db/schema/actions';
import { caseCategories, cases } from '../../db/schema/cases';
import { outbox } from '../../db/schema/outbox';
import { suggestions } from '../../db/schema/surveys';
import { createLocalMailer, localProviderId } from '../../emails/local-mailer';
import { changeActionStatus } from '../actions/change-action-status';
import { createAction, editAction } from '../actions/edit-action';
import { linkSuggestions } from '../actions/store';
import { insertAuditEntry } from '../audit/store';
import type { SessionUser } from '../auth/session';
import { createFixedClock } from '../clock';
import { Config } from '../config';
import type { Deps } from '../deps';
import type { StaffRole } from '../../db/schema/staff';
import { addNamedItem } from '../named-lists/edit-named-list';
import { themeList } from '../named-lists/named-lists';
import { addSuggestion } from '../suggestions/add-suggestion';
import { mergeSuggestions } from '../suggestions/merge-suggestions';
import { setSuggestionTheme } from '../suggestions/store';
import { categorySpecs } from './demo-cases';
import { isCustomerAt, type buildDemo } from './demo-data';
import { createRandom, type Random } from './demo-random';
import type { DemoSurveys } from './demo-surveys';
import {
	actionPlan,
	demoRequest,
	demoRequests,
	demoThemes,
	type DemoRequest,
	type DemoTheme,
	type PlannedAction
} from './demo-suggestions';

type Demo = ReturnType<typeof buildDemo>;

const minuteMs = 60_000;
const hourMs = 60 * minuteMs;
const dayMs = 24 * hourMs;

/** The requests a complaint of each category may lead staff to note down. */
const requestsByCategory: Record<string, string[]> = {
	delivery: ['delayNotice', 'delayNotice', 'tracking', 'slots', 'palletLabels'],
	damaged: ['sturdyPackaging', 'sturdyPackaging', 'lessPlastic'],
	billing: ['clearInvoice', 'creditNotes', 'priceNotice', 'monthlyInvoice'],
	quality: ['shelfLife'],
	service: ['fasterSupport', 'fasterSupport', 'namedContact', 'phoneHours'],
	website: ['largeOrders', 'largeOrders', 'stockLevels', 'search'],
	other: ['namedContact', 'priceNotice']
};

type Tracked = {
	id: string;
	request: DemoRequest | null;
	createdAt: Date;
	/** Written in English (a manager picks one of these as the primary a group is merged into). */
	english: boolean;
	themed: boolean;
	/** Seen by a Monday triage. */
	seen: boolean;
	mergedInto: string | null;
	/** Linked to an action itself (not through the one it is merged into). */
	linked: boolean;
};

type Live = {
	plan: PlannedAction;
	id: string;
	/** The suggestion its request's duplicates are merged into. */
	primaryId: string | null;
	status: 'planned' | 'in_progress' | 'done' | 'declined';
};

export type DemoActionsReport = {
	themes: number;
	suggestions: number;
	bySource: Record<'survey' | 'complaint' | 'staff', number>;
	untagged: number;
	merged: number;
	actions: number;
	byStatus: Record<Live['status'], number>;
	notices: number;
};

export async function buildDemoActions({
	db,
	now,
	demo,
	year,
	publicUrl
}: {
	db: Database;
	now: Date;
	demo: Demo;
	year: DemoSurveys;
	publicUrl: string;
}): Promise<DemoActionsReport> {
	const random = createRandom(7_2026);
	const start = new Date(now.getTime() - 372 * dayMs);
	const clock = createFixedClock(start);
	const deps: Deps = {
		db,
		clock,
		mailer: createLocalMailer(),
		config: Config.parse({ publicUrl, version: 'demo' })
	};
	const at = (when: Date) => {
		clock.set(when);
		return deps;
	};

	const staffByName = new Map(demo.staff.map((user) => [user.name, user]));
	const staffById = new Map(demo.staff.map((user) => [user.id, user]));
	const asActor = (user: Demo['staff'][number]): SessionUser => ({
		id: user.id,
		email: user.email,
		name: user.name,
		role: user.role as StaffRole
	});
	const person = (name: string) => {
		const found = staffByName.get(name);
		if (!found) throw new Error(`The demo has no staff member ${name}.`);
		return found;
	};
	const headOfService = asActor(person('Carmen Ortega'));
	const managers = demo.staff.filter((user) => user.role === 'manager').map(asActor);

	// --- The themes, before the year begins.
	const themeIds = new Map<DemoTheme, string>();
	for (const name of demoThemes) {
		const item = await addNamedItem({
			deps: at(start),
			actor: headOfService,
			list: themeList,
			name
		});
		themeIds.set(name, item.id);
	}
	const themeOf = (request: DemoRequest) => themeIds.get(request.theme)!;

	// --- Every suggestion of the year: the survey answers' (already written), and staff's.
	const tracked: Tracked[] = [];
	const responseLocale = new Map(year.responses.map((response) => [response.id, response.locale]));
	for (const row of year.suggestions) {
		const key = year.requestOf.get(row.responseId);
		tracked.push({
			id: row.id,
			request: key ? demoRequest(key) : null,
			createdAt: row.createdAt,
			english: responseLocale.get(row.responseId) === 'en',
			themed: false,
			seen: false,
			mergedInto: null,
			linked: false
		});
	}
	const weighted = (random: Random, keys: string[]) => demoRequest(random.pick(keys));
	const staffAdds: {
		at: Date;
		actor: SessionUser;
		request: DemoRequest;
		caseId?: string;
		contactId?: string;
	}[] = [];

	// (a) From complaints: now and then the agent who handled one notes the wish behind it.
	const categoryKeyByName = new Map(categorySpecs.map((spec) => [spec.name, spec.key]));
	const settled = await db
		.select({
			id: cases.id,
			source: cases.source,
			category: caseCategories.name,
			assigneeId: cases.assigneeId,
			createdAt: cases.createdAt,
			resolvedAt: cases.resolvedAt
		})
		.from(cases)
		.innerJoin(caseCategories, eq(caseCategories.id, cases.categoryId))
		.where(and(inArray(cases.source, ['form', 'staff']), isNotNull(cases.resolvedAt)))
		.orderBy(cases.number);
	for (const row of settled) {
		const key = categoryKeyByName.get(row.category);
		const assignee = row.assigneeId ? staffById.get(row.assigneeId) : undefined;
		if (!key || !assignee || !random.chance(0.16)) continue;
		const when = new Date(row.resolvedAt!.getTime() + random.int(10, 300) * minuteMs);
		if (when >= now) continue;
		staffAdds.push({
			at: when,
			actor: asActor(assignee),
			request: weighted(random, requestsByCategory[key] ?? ['namedContact']),
			caseId: row.id
		});
	}
	// (b) Taken down on a call or at a quarterly review, on a customer's behalf; a few are staff's own ideas.
	const midWeights = demoRequests.map((request) => request.weights.mid);
	const midTotal = midWeights.reduce((sum, weight) => sum + weight, 0);
	const anyRequest = () => {
		let roll = random.next() * midTotal;
		return demoRequests.find((_, index) => (roll -= midWeights[index]!) < 0) ?? demoRequests[0]!;
	};
	const agents = demo.staff.filter((user) => user.role === 'agent');
	for (let i = 0; i < 30; i++) {
		const day = new Date(now.getTime() - random.int(2, 360) * dayMs);
		while (day.getUTCDay() === 0 || day.getUTCDay() === 6) day.setTime(day.getTime() - dayMs);
		day.setUTCHours(random.int(8, 15), random.int(0, 59), random.int(0, 59), 0);
		if (i < 4) {
			staffAdds.push({ at: day, actor: asActor(random.pick(agents)), request: anyRequest() });
			continue;
		}
		const contact = pickCustomer(random, demo, day);
		if (!contact) continue;
		const owner = staffById.get(contact.ownerId)!;
		staffAdds.push({
			at: day,
			actor: asActor(owner),
			request: anyRequest(),
			contactId: contact.contactId
		});
	}
	staffAdds.sort((a, b) => a.at.getTime() - b.at.getTime());
	for (const add of staffAdds) {
		// Staff often pick the theme as they add it; the Monday triage tags the rest.
		const themed = random.chance(0.6);
		const suggestion = await addSuggestion({
			deps: at(add.at),
			actor: add.actor,
			input: {
				text: add.request.staff,
				caseId: add.caseId ?? null,
				contactId: add.contactId ?? null,
				themeId: themed ? themeOf(add.request) : null
			}
		});
		tracked.push({
			id: suggestion.id,
			request: add.request,
			createdAt: add.at,
			english: true,
			themed,
			seen: false,
			mergedInto: null,
			linked: false
		});
	}
	tracked.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
	const byId = new Map(tracked.map((row) => [row.id, row]));

	// --- The year, in time order.
	type Step =
		| { at: Date; do: 'triage' }
		| { at: Date; do: 'create' | 'start' | 'finish' | 'redate'; plan: PlannedAction };
	const steps: Step[] = [];
	const daysAgo = (days: number, hour: number) => {
		const when = new Date(now.getTime() - days * dayMs);
		while (when.getUTCDay() === 0 || when.getUTCDay() === 6) when.setTime(when.getTime() + dayMs);
		when.setUTCHours(hour, random.int(0, 59), random.int(0, 59), 0);
		return when.getTime() >= now.getTime() ? new Date(now.getTime() - hourMs) : when;
	};
	for (let day = new Date(start.getTime()); day < now; day = new Date(day.getTime() + dayMs)) {
		// Mondays and Thursdays.
		if (day.getUTCDay() !== 1 && day.getUTCDay() !== 4) continue;
		const when = new Date(day.getTime());
		when.setUTCHours(9, 30, 0, 0);
		if (when < now) steps.push({ at: when, do: 'triage' });
	}
	for (const plan of actionPlan) {
		steps.push({ at: daysAgo(plan.createdDaysAgo, 11), do: 'create', plan });
		if (plan.startedDaysAgo !== undefined)
			steps.push({ at: daysAgo(plan.startedDaysAgo, 13), do: 'start', plan });
		if (plan.finishedDaysAgo !== undefined)
			steps.push({ at: daysAgo(plan.finishedDaysAgo, 15), do: 'finish', plan });
		if (plan.dueMovedTo)
			steps.push({ at: daysAgo(plan.dueMovedTo.daysAgo, 10), do: 'redate', plan });
	}
	const order = { triage: 0, create: 1, start: 2, redate: 3, finish: 4 };
	steps.sort((a, b) => a.at.getTime() - b.at.getTime() || order[a.do] - order[b.do]);

	const live = new Map<string, Live>();
	/** Per request, the suggestion duplicates are merged into before any action answers it. */
	const tidyPrimary = new Map<string, string>();
	const dueOn = (daysAgoValue: number | undefined) =>
		daysAgoValue === undefined
			? null
			: new Date(now.getTime() - daysAgoValue * dayMs).toISOString().slice(0, 10);
	const ownerOf = (plan: PlannedAction) => person(plan.owner);
	/** Who moves an action along: its owner when a manager, else the head of service. */
	const moverOf = (plan: PlannedAction) => {
		const owner = ownerOf(plan);
		return owner.role === 'manager' ? asActor(owner) : headOfService;
	};

	const merge = async (when: Date, actor: SessionUser, primaryId: string, ids: string[]) => {
		if (ids.length === 0) return;
		await mergeSuggestions({ deps: at(when), actor, primaryId, duplicateIds: ids });
		// Whatever was merged into a duplicate moves along: chains collapse.
		for (const row of tracked)
			if (ids.includes(row.id) || (row.mergedInto && ids.includes(row.mergedInto)))
				row.mergedInto = primaryId;
		for (const id of ids) byId.get(id)!.linked = false;
	};
	const link = async (when: Date, actor: SessionUser, actionId: string, ids: string[]) => {
		if (ids.length === 0) return;
		clock.set(when);
		await db.batch([
			linkSuggestions(db, actionId, ids, when),
			insertAuditEntry(db, {
				actorId: actor.id,
				action: 'action.linked',
				entityType: 'action',
				entityId: actionId,
				detail: { suggestionIds: ids },
				at: when
			})
		]);
		for (const id of ids) byId.get(id)!.linked = true;
	};

	let triageCount = 0;
	for (const step of steps) {
		if (step.do === 'triage') {
			const actor = managers[triageCount++ % managers.length]!;
			const fresh = tracked.filter((row) => !row.seen && row.createdAt <= step.at);
			for (const row of fresh) row.seen = true;
			// Tag most of the week's suggestions; thanks and vague words stay untagged.
			const tag = fresh.filter((row) => row.request && !row.themed && random.chance(0.9));
			for (let i = 0; i < tag.length; i += 40) {
				const statements = tag.slice(i, i + 40).flatMap((row) => {
					const themeId = themeOf(row.request!);
					return [
						setSuggestionTheme(db, row.id, themeId, step.at),
						insertAuditEntry(db, {
							actorId: actor.id,
							action: 'suggestion.themed',
							entityType: 'suggestion',
							entityId: row.id,
							detail: { themeId: { from: null, to: themeId } },
							at: step.at
						})
					];
				});
				const [first, ...rest] = statements;
				await db.batch([first!, ...rest]);
			}
			for (const row of tag) row.themed = true;
			// Duplicates of a request an action answers go onto it: merged into its primary, or linked.
			const merges = new Map<string, string[]>();
			const links = new Map<string, string[]>();
			for (const row of fresh) {
				if (!row.request || !row.themed) continue;
				const action = live.get(row.request.key);
				if (action && (action.status === 'planned' || action.status === 'in_progress')) {
					const roll = random.next();
					if (roll < 0.45 && action.primaryId)
						merges.set(action.primaryId, [...(merges.get(action.primaryId) ?? []), row.id]);
					else if (roll < 0.85) links.set(action.id, [...(links.get(action.id) ?? []), row.id]);
				} else if (!action) {
					// No action yet: now and then the manager tidies a duplicate away.
					const tidy = tidyPrimary.get(row.request.key);
					if (!tidy) tidyPrimary.set(row.request.key, row.id);
					else if (random.chance(0.3)) merges.set(tidy, [...(merges.get(tidy) ?? []), row.id]);
				}
			}
			for (const [primaryId, ids] of merges) await merge(step.at, actor, primaryId, ids);
			for (const [actionId, ids] of links) await link(step.at, actor, actionId, ids);
			continue;
		}

		const { plan } = step;
		const actor = moverOf(plan);
		if (step.do === 'create') {
			// The manager finds the request's open suggestions by theme; a few are missed.
			const open = tracked.filter(
				(row) =>
					row.request?.key === plan.request &&
					row.themed &&
					row.createdAt <= step.at &&
					!row.mergedInto &&
					!row.linked &&
					random.chance(0.9)
			);
			// None found by theme: the manager searches for the words, or notes down who asked on the phone.
			if (open.length === 0) {
				const found = tracked
					.filter(
						(row) =>
							row.request?.key === plan.request &&
							row.createdAt <= step.at &&
							!row.mergedInto &&
							!row.linked
					)
					.slice(-1);
				open.push(...found);
			}
			if (open.length === 0) {
				const asked = new Date(step.at.getTime() - random.int(60, 600) * minuteMs);
				const contact = pickCustomer(random, demo, asked);
				const request = demoRequest(plan.request);
				const suggestion = await addSuggestion({
					deps: at(asked),
					actor,
					input: {
						text: request.staff,
						contactId: contact?.contactId ?? null,
						themeId: themeOf(request)
					}
				});
				const row: Tracked = {
					id: suggestion.id,
					request,
					createdAt: asked,
					english: true,
					themed: true,
					seen: true,
					mergedInto: null,
					linked: false
				};
				tracked.push(row);
				byId.set(row.id, row);
				open.push(row);
			}
			const english = open.filter((row) => row.english);
			const primary = (english.length ? english : open).at(-1) ?? null;
			const others = open.filter((row) => row !== primary);
			const duplicates = others.filter(() => random.chance(0.5)).map((row) => row.id);
			if (primary) await merge(step.at, actor, primary.id, duplicates);
			const toLink = [
				...(primary ? [primary.id] : []),
				...others.filter((row) => !row.mergedInto).map((row) => row.id)
			];
			const id = await createAction({
				deps: at(step.at),
				actor,
				input: {
					title: plan.title,
					description: plan.description,
					ownerId: ownerOf(plan).id,
					dueOn: dueOn(plan.dueDaysAgo),
					suggestionIds: toLink.slice(0, 100)
				}
			});
			for (const linked of toLink.slice(0, 100)) byId.get(linked)!.linked = true;
			if (toLink.length > 100) await link(step.at, actor, id, toLink.slice(100));
			live.set(plan.request, { plan, id, primaryId: primary?.id ?? null, status: 'planned' });
			continue;
		}
		const action = live.get(plan.request)!;
		if (step.do === 'redate') {
			await editAction({
				deps: at(step.at),
				actor,
				id: action.id,
				input: { dueOn: dueOn(plan.dueMovedTo!.dueDaysAgo) }
			});
			continue;
		}
		const status = step.do === 'start' ? 'in_progress' : plan.status;
		await changeActionStatus({
			deps: at(step.at),
			actor,
			id: action.id,
			input: {
				status,
				...(status === 'declined' ? { declineReason: plan.declineReason } : {}),
				shareDecline: plan.shareDecline ?? false
			}
		});
		action.status = status;
	}

	// The product would have sent all of this long ago: nothing waits in the outbox for fake customers.
	await db
		.update(outbox)
		.set({
			status: 'sent',
			sentAt: sql`${outbox.createdAt}`,
			providerId: localProviderId,
			attempts: 1,
			claimedUntil: null
		})
		.where(eq(outbox.status, 'pending'));

	const sources = await db
		.select({ source: suggestions.source, n: count() })
		.from(suggestions)
		.groupBy(suggestions.source);
	const bySource = { survey: 0, complaint: 0, staff: 0 };
	for (const row of sources) bySource[row.source] = row.n;
	const statuses = await db
		.select({ status: actions.status, n: count() })
		.from(actions)
		.groupBy(actions.status);
	const byStatus = { planned: 0, in_progress: 0, done: 0, declined: 0 };
	for (const row of statuses) byStatus[row.status] = row.n;
	const [notices] = await db.select({ n: count() }).from(actionNotices);
	const [untagged] = await db
		.select({ n: count() })
		.from(suggestions)
		.where(sql`${suggestions.themeId} is null and ${suggestions.mergedIntoId} is null`);
	const [merged] = await db
		.select({ n: count() })
		.from(suggestions)
		.where(isNotNull(suggestions.mergedIntoId));
	return {
		themes: themeIds.size,
		suggestions: bySource.survey + bySource.complaint + bySource.staff,
		bySource,
		untagged: untagged?.n ?? 0,
		merged: merged?.n ?? 0,
		actions: statuses.reduce((sum, row) => sum + row.n, 0),
		byStatus,
		notices: notices?.n ?? 0
	};
}

/** A contact of an account that was a customer on `at`, and already known then. */
function pickCustomer(random: Random, demo: Demo, at: Date) {
	const accountById = new Map(demo.accounts.map((account) => [account.id, account]));
	for (let tries = 0; tries < 50; tries++) {
		const contact = random.pick(demo.contacts);
		const account = accountById.get(contact.accountId)!;
		if (contact.createdAt > at || !isCustomerAt(account, at)) continue;
		return { contactId: contact.id, ownerId: account.ownerId };
	}
	return null;
}
