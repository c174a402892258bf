CREATE TABLE `domain_events` (
	`id` text PRIMARY KEY NOT NULL,
	`type` text NOT NULL,
	`subject_id` text NOT NULL,
	`payload` text NOT NULL,
	`created_at` integer NOT NULL,
	`processed_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `domain_events_once` ON `domain_events` (`type`,`subject_id`);--> statement-breakpoint
CREATE INDEX `domain_events_pending` ON `domain_events` (`type`,`created_at`) WHERE "domain_events"."processed_at" is null;--> statement-breakpoint
CREATE TABLE `suggestions` (
	`id` text PRIMARY KEY NOT NULL,
	`source` text NOT NULL,
	`response_id` text,
	`contact_id` text,
	`account_id` text,
	`text` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`response_id`) REFERENCES `survey_responses`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`contact_id`) REFERENCES `contacts`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `suggestions_response` ON `suggestions` (`response_id`);--> statement-breakpoint
CREATE INDEX `suggestions_created` ON `suggestions` (`created_at`);--> statement-breakpoint
CREATE TABLE `survey_invitations` (
	`id` text PRIMARY KEY NOT NULL,
	`survey_id` text NOT NULL,
	`contact_id` text NOT NULL,
	`cycle` integer NOT NULL,
	`token_hash` text NOT NULL,
	`reminder_token_hash` text,
	`locale` text NOT NULL,
	`created_at` integer NOT NULL,
	`reminded_at` integer,
	`responded_at` integer,
	FOREIGN KEY (`survey_id`) REFERENCES `surveys`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`contact_id`) REFERENCES `contacts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `survey_invitations_cycle` ON `survey_invitations` (`survey_id`,`contact_id`,`cycle`);--> statement-breakpoint
CREATE UNIQUE INDEX `survey_invitations_token` ON `survey_invitations` (`token_hash`);--> statement-breakpoint
CREATE UNIQUE INDEX `survey_invitations_reminder_token` ON `survey_invitations` (`reminder_token_hash`);--> statement-breakpoint
CREATE INDEX `survey_invitations_survey` ON `survey_invitations` (`survey_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `survey_invitations_contact` ON `survey_invitations` (`contact_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `survey_invitations_unanswered` ON `survey_invitations` (`created_at`) WHERE "survey_invitations"."responded_at" is null and "survey_invitations"."reminded_at" is null;--> statement-breakpoint
CREATE TABLE `survey_responses` (
	`id` text PRIMARY KEY NOT NULL,
	`invitation_id` text NOT NULL,
	`survey_id` text NOT NULL,
	`contact_id` text NOT NULL,
	`account_id` text NOT NULL,
	`score` integer NOT NULL,
	`comment` text,
	`answers` text DEFAULT '{}' NOT NULL,
	`locale` text NOT NULL,
	`detractor` integer NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`editable_until` integer NOT NULL,
	FOREIGN KEY (`invitation_id`) REFERENCES `survey_invitations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`survey_id`) REFERENCES `surveys`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`contact_id`) REFERENCES `contacts`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `survey_responses_invitation` ON `survey_responses` (`invitation_id`);--> statement-breakpoint
CREATE INDEX `survey_responses_survey` ON `survey_responses` (`survey_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `survey_responses_contact` ON `survey_responses` (`contact_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `survey_skips` (
	`survey_id` text NOT NULL,
	`contact_id` text NOT NULL,
	`cycle` integer NOT NULL,
	`reason` text NOT NULL,
	`next_possible_at` integer,
	`recheck_at` integer NOT NULL,
	`at` integer NOT NULL,
	PRIMARY KEY(`survey_id`, `contact_id`),
	FOREIGN KEY (`survey_id`) REFERENCES `surveys`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`contact_id`) REFERENCES `contacts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `survey_skips_reason` ON `survey_skips` (`survey_id`,`reason`);--> statement-breakpoint
CREATE INDEX `survey_skips_contact` ON `survey_skips` (`contact_id`);--> statement-breakpoint
CREATE TABLE `surveys` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`status` text DEFAULT 'draft' NOT NULL,
	`definition` text NOT NULL,
	`audience` text NOT NULL,
	`cadence_days` integer DEFAULT 90 NOT NULL,
	`reminder_after_days` integer,
	`send_window` text NOT NULL,
	`detractor_threshold` integer NOT NULL,
	`activated_at` integer,
	`paused_at` integer,
	`created_by_id` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`created_by_id`) REFERENCES `staff_users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `surveys_status` ON `surveys` (`status`);--> statement-breakpoint
CREATE TABLE `webhook_receipts` (
	`id` text PRIMARY KEY NOT NULL,
	`source` text NOT NULL,
	`received_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `webhook_receipts_received` ON `webhook_receipts` (`received_at`);--> statement-breakpoint
ALTER TABLE `contacts` ADD `last_surveyed_at` integer;--> statement-breakpoint
ALTER TABLE `contacts` ADD `open_case_count` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `contacts` ADD `last_case_closed_at` integer;--> statement-breakpoint
ALTER TABLE `organization` ADD `fatigue_days` integer DEFAULT 30 NOT NULL;--> statement-breakpoint
ALTER TABLE `organization` ADD `complaint_cooldown_days` integer DEFAULT 14 NOT NULL;--> statement-breakpoint
ALTER TABLE `outbox` ADD `secret` text;