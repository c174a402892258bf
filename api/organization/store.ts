import { eq } from 'drizzle-orm';
import type { Database } from '../../db/database';
import { organization } from '../../db/schema/organization';
import type { Brand } from '../../emails/render';
import type { Config } from '../config';

export type Organization = { name: string; brandColor: string; emailFrom: string };

export const defaultBrandColor = '#4f46e5';

/** The organisation's settings; until an admin saves them, the defaults from the config. */
export async function getOrganization(db: Database, config: Config): Promise<Organization> {
	const [row] = await db.select().from(organization).where(eq(organization.id, 1));
	return row
		? { name: row.name, brandColor: row.brandColor, emailFrom: row.emailFrom }
		: { name: config.orgName, brandColor: defaultBrandColor, emailFrom: config.emailFrom };
}

export function brandOf(org: Organization, config: Config): Brand {
	return { name: org.name, color: org.brandColor, publicUrl: config.publicUrl };
}
