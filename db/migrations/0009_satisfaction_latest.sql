CREATE TABLE `satisfaction_latest` (
	`granularity` text NOT NULL,
	`period_start` integer NOT NULL,
	`survey_id` text NOT NULL,
	`contact_id` text NOT NULL,
	`response_id` text NOT NULL,
	`kind` text NOT NULL,
	`score` integer NOT NULL,
	`answered_at` integer NOT NULL,
	`tier` text NOT NULL,
	`owner_id` text NOT NULL,
	`counted_at` integer NOT NULL,
	PRIMARY KEY(`granularity`, `period_start`, `survey_id`, `contact_id`)
);
--> statement-breakpoint
-- Rollups are now kept current as answers arrive; rebuild every period once (with the counted answers) from the raw rows.
DELETE FROM `rollup_state` WHERE `name` = 'satisfaction';
