CREATE TABLE `action_notices` (
	`id` text PRIMARY KEY NOT NULL,
	`action_id` text NOT NULL,
	`contact_id` text NOT NULL,
	`outcome` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`action_id`) REFERENCES `actions`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`contact_id`) REFERENCES `contacts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `action_notices_once` ON `action_notices` (`action_id`,`contact_id`);--> statement-breakpoint
CREATE TABLE `action_suggestions` (
	`action_id` text NOT NULL,
	`suggestion_id` text NOT NULL,
	`linked_at` integer NOT NULL,
	PRIMARY KEY(`action_id`, `suggestion_id`),
	FOREIGN KEY (`action_id`) REFERENCES `actions`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`suggestion_id`) REFERENCES `suggestions`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `action_suggestions_suggestion` ON `action_suggestions` (`suggestion_id`);--> statement-breakpoint
CREATE TABLE `actions` (
	`id` text PRIMARY KEY NOT NULL,
	`title` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`owner_id` text,
	`due_on` text,
	`status` text DEFAULT 'planned' NOT NULL,
	`decline_reason` text,
	`done_at` integer,
	`declined_at` integer,
	`created_by_id` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`owner_id`) REFERENCES `staff_users`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`created_by_id`) REFERENCES `staff_users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `actions_status` ON `actions` (`status`,`updated_at`);--> statement-breakpoint
CREATE TABLE `news_links` (
	`token_hash` text PRIMARY KEY NOT NULL,
	`contact_id` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`contact_id`) REFERENCES `contacts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `suggestion_themes` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`archived_at` integer,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE `organization` ADD `public_updates` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `suggestions` ADD `theme_id` text REFERENCES suggestion_themes(id) ON DELETE set null;--> statement-breakpoint
ALTER TABLE `suggestions` ADD `case_id` text;--> statement-breakpoint
ALTER TABLE `suggestions` ADD `merged_into_id` text REFERENCES suggestions(id) ON DELETE set null;--> statement-breakpoint
ALTER TABLE `suggestions` ADD `created_by_id` text REFERENCES staff_users(id) ON DELETE set null;--> statement-breakpoint
CREATE UNIQUE INDEX `suggestions_case` ON `suggestions` (`case_id`);--> statement-breakpoint
CREATE INDEX `suggestions_merged_into` ON `suggestions` (`merged_into_id`);--> statement-breakpoint
CREATE INDEX `suggestions_theme` ON `suggestions` (`theme_id`,`created_at`);