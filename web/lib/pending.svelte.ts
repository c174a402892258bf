import type { SubmitFunction } from '@sveltejs/kit';

/**
 * The one "form is on its way" state: `use:enhance={form.submit}` marks it busy
 * until the server answers; buttons read `form.busy`. Values typed into the form
 * stay after a failed save unless `reset` is asked for.
 */
export function createPendingForm(options: { reset?: boolean } = {}) {
	let busy = $state(false);
	const submit: SubmitFunction = () => {
		busy = true;
		return async ({ update }) => {
			await update({ reset: options.reset ?? false });
			busy = false;
		};
	};
	return {
		get busy() {
			return busy;
		},
		submit
	};
}
