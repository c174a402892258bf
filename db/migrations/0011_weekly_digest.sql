CREATE TABLE `digest_sends` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`week_start` integer NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `staff_users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `digest_sends_once` ON `digest_sends` (`user_id`,`week_start`);--> statement-breakpoint
CREATE INDEX `digest_sends_week` ON `digest_sends` (`week_start`);--> statement-breakpoint
ALTER TABLE `staff_users` ADD `weekly_digest` integer DEFAULT true NOT NULL;