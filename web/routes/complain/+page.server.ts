import { fail, redirect } from '@sveltejs/kit';
import { api, ApiError } from '$lib/server/api';
import {
	complaintCopy,
	pageLocale,
	type ComplaintField
} from '$lib/components/public/complaint-copy';
import type { Actions, PageServerLoad } from './$types';

type ComplaintForm = {
	categories: { id: string; name: string }[];
	organization: { name: string };
};

/** The page's brand colour: the complaint form's own answer does not carry it, the public copy does. */
type PublicCopy = { organization: { name: string; brandColor: string | null } };

const fields: ComplaintField[] = [
	'name',
	'email',
	'accountReference',
	'categoryId',
	'subject',
	'description'
];

/** The public complaint form: anyone may file one; the case's private link is emailed at once. */
export const load: PageServerLoad = async (event) => {
	const locale = pageLocale(event.url, event.request);
	const [form, brand] = await Promise.all([
		api(event).get<ComplaintForm>('/public/complaint-form'),
		api(event).get<PublicCopy>(`/public/copy?locale=${locale}`)
	]);
	// Only the form's words: the page is hydrated, and its data travels with it.
	const { status: _status, ...copy } = complaintCopy(locale);
	return {
		locale,
		copy,
		categories: form.categories,
		organization: {
			name: form.organization.name,
			brandColor: brand.organization.brandColor ?? ''
		}
	};
};

function text(data: FormData, key: string): string {
	const value = data.get(key);
	return typeof value === 'string' ? value : '';
}

export const actions: Actions = {
	default: async (event) => {
		const data = await event.request.formData();
		const locale = pageLocale(event.url, event.request);
		const requested = text(data, 'locale');
		const copy = complaintCopy(
			requested === 'de' || requested === 'fr' || requested === 'en' ? requested : locale
		);
		const values = {
			name: text(data, 'name'),
			email: text(data, 'email'),
			accountReference: text(data, 'accountReference'),
			categoryId: text(data, 'categoryId'),
			subject: text(data, 'subject'),
			description: text(data, 'description'),
			anonymous: data.get('anonymous') === 'on'
		};
		let created: { case: { number: number; token: string; firstReplyBy: string } };
		try {
			created = await api(event).post('/public/complaints', {
				...values,
				locale: copy.locale,
				website: text(data, 'website')
			});
		} catch (error) {
			if (!(error instanceof ApiError) || error.status >= 500) throw error;
			if (error.status === 422) {
				const messages: Partial<Record<ComplaintField, string>> = {};
				for (const field of fields) {
					if (!error.body.fields?.[field]?.length) continue;
					messages[field] =
						field === 'description' && values.description.trim().length > 10_000
							? copy.form.errors.descriptionTooLong
							: copy.form.errors[field];
				}
				// A problem with a field this form does not show (or none named): say so generally.
				const general = Object.keys(messages).length === 0 ? 'failed' : null;
				return fail(422, { values, fields: messages, problem: general });
			}
			const problem =
				error.status === 429 ? 'rateLimited' : error.status === 400 ? 'notAccepted' : 'failed';
			return fail(error.status, { values, fields: {}, problem });
		}
		redirect(303, `/c/${encodeURIComponent(created.case.token)}?new=1`);
	}
};
