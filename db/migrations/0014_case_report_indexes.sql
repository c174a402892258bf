CREATE INDEX `cases_account` ON `cases` (`account_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `cases_created` ON `cases` (`created_at`);