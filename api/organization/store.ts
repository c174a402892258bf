import { eq } from 'drizzle-orm';
import type { Database } from '../../db/database';
import { organization } from '../../db/schema/organization';
import type { Brand } from '../../emails/render';
import type { Config } from '../config';

export type Organization = {
	name: string;
	brandColor: string;
	emailFrom: string;
	/** Fatigue rules every survey obeys (see db/schema/organization.ts). */
	fatigueDays: number;
	complaintCooldownDays: number;
	/** Publish done actions on the public "you said, we did" page. */
	publicUpdates: boolean;
};

/** The fatigue rules until an admin saves others: the schema's column defaults. */
export const defaultFatigueRules = {
	fatigueDays: organization.fatigueDays.default as number,
	complaintCooldownDays: organization.complaintCooldownDays.default as number,
	publicUpdates: false
};

export const defaultBrandColor = '#4f46e5';

/** The organisation's settings; until an admin saves them, the defaults from the config. */
export async function getOrganization(db: Database, config: Config): Promise<Organization> {
	const [row] = await db.select().from(organization).where(eq(organization.id, 1));
	return row
		? {
				name: row.name,
				brandColor: row.brandColor,
				emailFrom: row.emailFrom,
				fatigueDays: row.fatigueDays,
				complaintCooldownDays: row.complaintCooldownDays,
				publicUpdates: row.publicUpdates
			}
		: {
				name: config.orgName,
				brandColor: defaultBrandColor,
				emailFrom: config.emailFrom,
				...defaultFatigueRules
			};
}

export function brandOf(org: Organization, config: Config): Brand {
	return { name: org.name, color: org.brandColor, publicUrl: config.publicUrl };
}

/** When an admin last saved the settings, or null while the defaults apply. */
export async function findOrganizationUpdatedAt(db: Database): Promise<Date | null> {
	const [row] = await db
		.select({ updatedAt: organization.updatedAt })
		.from(organization)
		.where(eq(organization.id, 1));
	return row?.updatedAt ?? null;
}

/** The upsert of the single settings row, to put in a `db.batch` with its audit entry. */
export function saveOrganization(db: Database, settings: Organization & { now: Date }) {
	const values = {
		name: settings.name,
		brandColor: settings.brandColor,
		emailFrom: settings.emailFrom,
		fatigueDays: settings.fatigueDays,
		complaintCooldownDays: settings.complaintCooldownDays,
		publicUpdates: settings.publicUpdates,
		updatedAt: settings.now
	};
	return db
		.insert(organization)
		.values({ id: 1, ...values })
		.onConflictDoUpdate({ target: organization.id, set: values });
}
