import { z } from 'zod';
import { renderEmail, type Brand, type RenderedEmail } from '../render';

/** Sent when an admin adds a staff user: who added them and where to sign in. */
export const StaffWelcomeProps = z.object({
	name: z.string().min(1),
	email: z.email(),
	invitedBy: z.string().min(1),
	signInUrl: z.url()
});
export type StaffWelcomeProps = z.infer<typeof StaffWelcomeProps>;

export function renderStaffWelcome(props: StaffWelcomeProps, brand: Brand): RenderedEmail {
	// "added you to Closeloop on Closeloop" reads badly before the organisation is named.
	const workspace = brand.name === 'Closeloop' ? 'Closeloop' : `${brand.name} on Closeloop`;
	return renderEmail(
		{
			subject: `You have been added to ${workspace}`,
			preheader: `${props.invitedBy} gave you access to ${brand.name}'s customer feedback and recovery cases.`,
			blocks: [
				{ kind: 'heading', text: `Welcome, ${props.name}` },
				{
					kind: 'paragraph',
					content: [
						{ strong: props.invitedBy },
						` added you to ${workspace}, where the team reads what customers say and follows every complaint through to a fix.`
					]
				},
				{ kind: 'details', rows: [['Sign in with', props.email]] },
				{ kind: 'button', label: 'Sign in to Closeloop', href: props.signInUrl },
				{
					kind: 'note',
					content: ['If the button does not work, paste this link into your browser: ', { text: props.signInUrl, href: props.signInUrl }]
				}
			],
			footer: [['You received this because an admin added you as staff. If that was a mistake, you can ignore this email.']]
		},
		brand
	);
}

export const preview = {
	props: {
		name: 'Ada Lovelace',
		email: 'ada@example.com',
		invitedBy: 'Grace <Hopper> & Co',
		signInUrl: 'https://closeloop.example.com/sign-in?email=ada%40example.com&next=/'
	},
	brand: { name: 'Acme "Support"', color: '#0e7490', publicUrl: 'https://closeloop.example.com' }
} satisfies { props: StaffWelcomeProps; brand: Brand };
