import type { Brand, RenderedEmail } from '../render';

export type StaffWelcomeProps = { name: string; email: string; invitedBy: string; signInUrl: string };

/** Placeholder until the email templates land: plain but complete. */
export function renderStaffWelcome(props: StaffWelcomeProps, brand: Brand): RenderedEmail {
	const text = `Hello ${props.name},\n\n${props.invitedBy} added you to ${brand.name} on Closeloop.\nSign in at ${props.signInUrl} with ${props.email}.\n`;
	return { subject: `You have been added to ${brand.name} on Closeloop`, html: `<p>${text}</p>`, text };
}
