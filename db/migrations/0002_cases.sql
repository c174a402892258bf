CREATE TABLE `business_calendars` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`time_zone` text NOT NULL,
	`week` text NOT NULL,
	`holidays` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `case_categories` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`priority` text DEFAULT 'normal' NOT NULL,
	`team_id` text,
	`assign_to_owner` integer DEFAULT false NOT NULL,
	`position` integer DEFAULT 0 NOT NULL,
	`archived_at` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`team_id`) REFERENCES `teams`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE TABLE `case_events` (
	`id` text PRIMARY KEY NOT NULL,
	`case_id` text NOT NULL,
	`type` text NOT NULL,
	`actor_type` text NOT NULL,
	`actor_id` text,
	`body` text,
	`is_public` integer DEFAULT false NOT NULL,
	`data` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`actor_id`) REFERENCES `staff_users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `case_events_case` ON `case_events` (`case_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `case_links` (
	`token_hash` text PRIMARY KEY NOT NULL,
	`case_id` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `case_links_case` ON `case_links` (`case_id`);--> statement-breakpoint
CREATE TABLE `cases` (
	`id` text PRIMARY KEY NOT NULL,
	`number` integer NOT NULL,
	`state` text DEFAULT 'new' NOT NULL,
	`source` text NOT NULL,
	`priority` text NOT NULL,
	`category_id` text,
	`subject` text NOT NULL,
	`description` text NOT NULL,
	`reporter_name` text,
	`reporter_email` text,
	`is_anonymous` integer DEFAULT false NOT NULL,
	`contact_id` text,
	`account_id` text,
	`account_reference` text,
	`response_id` text,
	`team_id` text,
	`assignee_id` text,
	`policy` text NOT NULL,
	`locale` text DEFAULT 'en' NOT NULL,
	`resolution_note` text,
	`root_cause_id` text,
	`resolved_at` integer,
	`closed_at` integer,
	`reopen_count` integer DEFAULT 0 NOT NULL,
	`next_deadline_at` integer,
	`created_by_id` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`category_id`) REFERENCES `case_categories`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`contact_id`) REFERENCES `contacts`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`response_id`) REFERENCES `survey_responses`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`team_id`) REFERENCES `teams`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`assignee_id`) REFERENCES `staff_users`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`root_cause_id`) REFERENCES `root_causes`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`created_by_id`) REFERENCES `staff_users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `cases_number` ON `cases` (`number`);--> statement-breakpoint
CREATE UNIQUE INDEX `cases_response` ON `cases` (`response_id`);--> statement-breakpoint
CREATE INDEX `cases_queue` ON `cases` (`state`,`next_deadline_at`);--> statement-breakpoint
CREATE INDEX `cases_assignee` ON `cases` (`assignee_id`,`state`);--> statement-breakpoint
CREATE INDEX `cases_contact` ON `cases` (`contact_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `rate_limits` (
	`key` text NOT NULL,
	`window_start` integer NOT NULL,
	`count` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`key`, `window_start`)
);
--> statement-breakpoint
CREATE TABLE `root_causes` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`archived_at` integer,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `sla_clocks` (
	`case_id` text NOT NULL,
	`target` text NOT NULL,
	`round` integer DEFAULT 1 NOT NULL,
	`minutes` integer NOT NULL,
	`started_at` integer NOT NULL,
	`warn_at` integer,
	`due_at` integer NOT NULL,
	`paused_at` integer,
	`fulfilled_at` integer,
	`warned_at` integer,
	`breached_at` integer,
	`escalated` integer DEFAULT 0 NOT NULL,
	`next_check_at` integer,
	PRIMARY KEY(`case_id`, `target`),
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `sla_clocks_next_check` ON `sla_clocks` (`next_check_at`) WHERE "sla_clocks"."next_check_at" is not null;--> statement-breakpoint
CREATE TABLE `sla_events` (
	`id` text PRIMARY KEY NOT NULL,
	`case_id` text NOT NULL,
	`target` text NOT NULL,
	`round` integer NOT NULL,
	`kind` text NOT NULL,
	`level` integer DEFAULT 0 NOT NULL,
	`at` integer NOT NULL,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `sla_events_case` ON `sla_events` (`case_id`,`at`);--> statement-breakpoint
CREATE UNIQUE INDEX `sla_events_once` ON `sla_events` (`case_id`,`target`,`round`,`kind`,`level`) WHERE "sla_events"."kind" in ('warn', 'breach', 'escalate');--> statement-breakpoint
CREATE TABLE `sla_policies` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`position` integer NOT NULL,
	`conditions` text NOT NULL,
	`targets` text NOT NULL,
	`warning` text NOT NULL,
	`escalation` text NOT NULL,
	`calendar_id` text,
	`version` integer DEFAULT 1 NOT NULL,
	`is_active` integer DEFAULT true NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`calendar_id`) REFERENCES `business_calendars`(`id`) ON UPDATE no action ON DELETE restrict
);
--> statement-breakpoint
CREATE INDEX `sla_policies_position` ON `sla_policies` (`position`);