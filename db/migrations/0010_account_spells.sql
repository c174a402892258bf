CREATE TABLE `account_spells` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`won_at` integer NOT NULL,
	`lost_at` integer,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `account_spells_account` ON `account_spells` (`account_id`,`won_at`);--> statement-breakpoint
CREATE INDEX `account_spells_won` ON `account_spells` (`won_at`);--> statement-breakpoint
CREATE INDEX `account_spells_lost` ON `account_spells` (`lost_at`);
--> statement-breakpoint
-- Backfill: the current (or last) spell of every account, from its won_at and lost_at.
INSERT INTO `account_spells` (`id`, `account_id`, `won_at`, `lost_at`)
SELECT lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6))),
	`id`, `won_at`, `lost_at`
FROM `accounts`;
--> statement-breakpoint
-- Backfill: the earlier spells a win back overwrote, kept in the audit log as ISO instants (always with milliseconds, as toISOString writes them).
INSERT INTO `account_spells` (`id`, `account_id`, `won_at`, `lost_at`)
SELECT lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6))),
	`audit_log`.`entity_id`,
	CAST(strftime('%s', json_extract(`audit_log`.`detail`, '$.previousWonAt')) AS INTEGER) * 1000 + CAST(substr(json_extract(`audit_log`.`detail`, '$.previousWonAt'), 21, 3) AS INTEGER),
	CAST(strftime('%s', json_extract(`audit_log`.`detail`, '$.lostAt')) AS INTEGER) * 1000 + CAST(substr(json_extract(`audit_log`.`detail`, '$.lostAt'), 21, 3) AS INTEGER)
FROM `audit_log`
JOIN `accounts` ON `accounts`.`id` = `audit_log`.`entity_id`
WHERE `audit_log`.`action` = 'account.won_back' AND `audit_log`.`entity_type` = 'account'
	AND strftime('%s', json_extract(`audit_log`.`detail`, '$.previousWonAt')) IS NOT NULL
	AND strftime('%s', json_extract(`audit_log`.`detail`, '$.lostAt')) IS NOT NULL;
