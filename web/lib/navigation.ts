import type { StaffRole } from '$api/../db/schema/staff';

export type NavItem = { href: string; label: string; icon: string; roles?: StaffRole[] };
export type NavSection = { title?: string; items: NavItem[] };

/** The console's sidebar. Icons are SVG path data (24×24, stroked). */
export const navigation: NavSection[] = [
	{
		items: [
			{ href: '/', label: 'Overview', icon: 'M3 12l9-9 9 9M5 10v10h5v-6h4v6h5V10' },
			{
				href: '/cases',
				label: 'Cases',
				icon: 'M4 13h4l2 3h4l2-3h4M4 13l2.5-7.5A2 2 0 018.4 4h7.2a2 2 0 011.9 1.5L20 13v5a2 2 0 01-2 2H6a2 2 0 01-2-2v-5'
			},
			{
				href: '/accounts',
				label: 'Accounts',
				icon: 'M3 21h18M5 21V7l7-4 7 4v14M9 9h.01M9 13h.01M9 17h.01M15 9h.01M15 13h.01M15 17h.01'
			},
			{
				href: '/contacts',
				label: 'Contacts',
				icon: 'M16 19v-1a4 4 0 00-4-4H6a4 4 0 00-4 4v1M9 10a3 3 0 100-6 3 3 0 000 6M22 19v-1a4 4 0 00-3-3.9M16 4.1a3 3 0 010 5.8'
			},
			{
				href: '/suggestions',
				label: 'Suggestions',
				icon: 'M9 18h6M10 21h4M12 3a6 6 0 00-3.6 10.8c.4.3.6.8.6 1.2v1h6v-1c0-.5.2-.9.6-1.2A6 6 0 0012 3'
			},
			{
				href: '/actions',
				label: 'Actions',
				icon: 'M9 11l3 3 8-8M20 12v6a2 2 0 01-2 2H6a2 2 0 01-2-2V6a2 2 0 012-2h9'
			},
			{
				href: '/reports',
				label: 'Reports',
				icon: 'M4 20V10M10 20V4M16 20v-7M22 20H2'
			},
			{
				href: '/surveys',
				label: 'Surveys',
				icon: 'M21 12a8 8 0 01-11.6 7.1L4 20l1-4.6A8 8 0 1121 12M8.5 12h.01M12 12h.01M15.5 12h.01',
				roles: ['manager']
			}
		]
	},
	{
		title: 'Administration',
		items: [
			{
				href: '/settings/sla',
				label: 'SLA & routing',
				icon: 'M12 7v5l3 2M12 21a9 9 0 100-18 9 9 0 000 18',
				roles: ['manager']
			},
			{
				href: '/mailbox',
				label: 'Mailbox',
				icon: 'M3 7l9 6 9-6M3 7v10h18V7M3 7h18',
				roles: ['admin']
			},
			{
				href: '/settings/users',
				label: 'Users',
				icon: 'M12 12a4 4 0 100-8 4 4 0 000 8M4 21v-1a6 6 0 0112 0v1',
				roles: ['admin']
			},
			{
				href: '/settings/teams',
				label: 'Teams',
				icon: 'M17 20v-1a4 4 0 00-8 0v1M13 11a3 3 0 100-6 3 3 0 000 6M5 20v-1a3 3 0 013-3',
				roles: ['admin']
			},
			{
				href: '/settings/webhooks',
				label: 'Webhooks',
				icon: 'M18 16.98h-5.99c-1.1 0-1.95.94-2.48 1.9A4 4 0 012 17c.01-.7.2-1.4.57-2M6 17l3.13-5.78c.53-.97.1-2.18-.5-3.1a4 4 0 116.89-4.06M12 6l3.13 5.73C15.66 12.7 16.9 13 18 13a4 4 0 010 8',
				roles: ['admin']
			},
			{
				href: '/settings/organization',
				label: 'Organisation',
				icon: 'M12 3v18M3 12h18M5.6 5.6l12.8 12.8',
				roles: ['admin']
			}
		]
	}
];

export function isVisible(item: NavItem, role: StaffRole): boolean {
	return !item.roles || role === 'admin' || item.roles.includes(role);
}
