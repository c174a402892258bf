import { error, fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { api as apiClient, attempt } from '$lib/server/api';

export type Owner = { id: string; name: string; email: string; role: string };
export type TagCount = { tag: string; count: number };
export type LanguageCount = { language: string; count: number };

/** What the editor offers to pick from: staff who own accounts, tags in use, and the languages contacts speak. */
export async function loadEditorOptions(client: ReturnType<typeof apiClient>) {
	const [{ owners }, { tags }, { locales }, { organization }] = await Promise.all([
		client.get<{ owners: Owner[] }>('/accounts/owners'),
		client.get<{ tags: TagCount[] }>('/accounts/tags'),
		client.get<{ locales: { locale: string; count: number }[] }>('/contacts/locales'),
		client.get<{ organization: { name: string } }>('/organization')
	]);
	// `de-CH` and `de-DE` speak one survey language.
	const byLanguage = new Map<string, number>();
	for (const { locale, count } of locales) {
		const language = locale.toLowerCase().split('-')[0]!;
		byLanguage.set(language, (byLanguage.get(language) ?? 0) + count);
	}
	const contactLanguages: LanguageCount[] = [...byLanguage]
		.map(([language, count]) => ({ language, count }))
		.sort((a, b) => b.count - a.count);
	return { owners, tags, contactLanguages, orgName: organization.name };
}

/** The editor posts its working copy as JSON in one field; anything else is not from our page. */
export async function readSurveyPayload(event: RequestEvent) {
	const data = await event.request.formData();
	try {
		const payload = JSON.parse(String(data.get('survey') ?? '')) as unknown;
		if (payload && typeof payload === 'object') return { ok: true as const, payload };
	} catch {
		// Falls through to the failure below.
	}
	return {
		ok: false as const,
		failure: fail(400, {
			message: 'The form arrived incomplete. Reload the page and try again.',
			fields: {}
		})
	};
}

/**
 * Surveys are defined by managers (and admins). The API enforces the same
 * rule; this gives an agent who follows a link a page instead of an error.
 */
export function requireManager(event: Pick<RequestEvent, 'locals' | 'url'>) {
	const user = event.locals.user;
	if (!user) redirect(303, `/sign-in?next=${encodeURIComponent(event.url.pathname)}`);
	if (user.role === 'agent') {
		error(403, {
			message: 'Only managers and admins can create or change surveys.',
			code: 'forbidden'
		});
	}
	return user;
}

type SavedBody = { survey: { id: string } };

/**
 * The editor's save: creates the survey (no `id`) or changes it, and with
 * `activate` starts it too. Returns the form failure to show, or the id.
 */
export async function saveSurvey(event: RequestEvent, id: string | null, activate: boolean) {
	requireManager(event);
	const read = await readSurveyPayload(event);
	if (!read.ok) return { ok: false as const, failure: read.failure };
	const client = apiClient(event);
	const saved = await attempt({}, () =>
		id
			? client.patch<SavedBody>(`/surveys/${encodeURIComponent(id)}`, read.payload)
			: client.post<SavedBody>('/surveys', read.payload)
	);
	if (!saved.ok) return saved;
	const surveyId = saved.value.survey.id;
	if (activate) {
		const started = await attempt({}, () =>
			client.post<SavedBody>(`/surveys/${encodeURIComponent(surveyId)}/activate`)
		);
		// A new survey that saved but could not start is still worth keeping open in the editor.
		if (!started.ok && !id) redirect(303, `/surveys/${surveyId}/edit?saved=draft`);
		if (!started.ok) return started;
	}
	return { ok: true as const, id: surveyId };
}
