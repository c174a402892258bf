CREATE TABLE `rollup_state` (
	`name` text PRIMARY KEY NOT NULL,
	`backfilled_until` integer,
	`refreshed_at` integer
);
--> statement-breakpoint
CREATE TABLE `satisfaction_rollups` (
	`granularity` text NOT NULL,
	`period_start` integer NOT NULL,
	`survey_id` text NOT NULL,
	`kind` text NOT NULL,
	`tier` text NOT NULL,
	`owner_id` text NOT NULL,
	`c0` integer DEFAULT 0 NOT NULL,
	`c1` integer DEFAULT 0 NOT NULL,
	`c2` integer DEFAULT 0 NOT NULL,
	`c3` integer DEFAULT 0 NOT NULL,
	`c4` integer DEFAULT 0 NOT NULL,
	`c5` integer DEFAULT 0 NOT NULL,
	`c6` integer DEFAULT 0 NOT NULL,
	`c7` integer DEFAULT 0 NOT NULL,
	`c8` integer DEFAULT 0 NOT NULL,
	`c9` integer DEFAULT 0 NOT NULL,
	`c10` integer DEFAULT 0 NOT NULL,
	`responses` integer DEFAULT 0 NOT NULL,
	`invitations` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`granularity`, `period_start`, `survey_id`, `tier`, `owner_id`)
);
--> statement-breakpoint
CREATE INDEX `survey_invitations_created` ON `survey_invitations` (`created_at`);--> statement-breakpoint
CREATE INDEX `survey_responses_created` ON `survey_responses` (`created_at`);