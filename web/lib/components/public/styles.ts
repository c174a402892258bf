/** Class lists shared by the public pages, in the organisation's colours (see PublicPage's CSS variables). */
export const buttonClass =
	'inline-flex min-h-12 items-center justify-center rounded-md bg-(--brand) px-6 py-3 text-base font-semibold text-(--on-brand) shadow-sm ring-1 ring-(--ink)/20 transition hover:brightness-95 focus-visible:outline-3 focus-visible:outline-offset-2 focus-visible:outline-(--ink)';

export const linkClass =
	'font-medium text-(--ink) underline underline-offset-2 hover:no-underline focus-visible:rounded-sm focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-(--ink)';

export const inputClass =
	'block w-full rounded-md border-0 bg-white px-3 py-2.5 text-base text-gray-900 shadow-sm ring-1 ring-gray-400 ring-inset placeholder:text-gray-500 focus:ring-2 focus:ring-(--ink) focus:ring-inset focus:outline-none';
