CREATE TABLE `sla_breached_rounds` (
	`case_id` text NOT NULL,
	`target` text NOT NULL,
	`round` integer NOT NULL,
	`number` integer NOT NULL,
	`settled_at` integer NOT NULL,
	`due_at` integer NOT NULL,
	`breached_at` integer,
	`fulfilled_at` integer,
	`priority` text NOT NULL,
	`team_id` text NOT NULL,
	`assignee_id` text NOT NULL,
	`category_id` text NOT NULL,
	PRIMARY KEY(`case_id`, `target`, `round`)
);
--> statement-breakpoint
CREATE INDEX `sla_breached_rounds_settled` ON `sla_breached_rounds` (`settled_at`);--> statement-breakpoint
CREATE TABLE `sla_minutes` (
	`day` integer NOT NULL,
	`target` text NOT NULL,
	`priority` text NOT NULL,
	`team_id` text NOT NULL,
	`assignee_id` text NOT NULL,
	`category_id` text NOT NULL,
	`minutes` integer NOT NULL,
	`rounds` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`day`, `target`, `priority`, `team_id`, `assignee_id`, `category_id`, `minutes`)
);
--> statement-breakpoint
CREATE TABLE `sla_rollup_state` (
	`name` text PRIMARY KEY NOT NULL,
	`position` integer DEFAULT 0 NOT NULL,
	`batch` text
);
--> statement-breakpoint
CREATE TABLE `sla_rollups` (
	`day` integer NOT NULL,
	`target` text NOT NULL,
	`priority` text NOT NULL,
	`team_id` text NOT NULL,
	`assignee_id` text NOT NULL,
	`category_id` text NOT NULL,
	`settled` integer DEFAULT 0 NOT NULL,
	`met` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`day`, `target`, `priority`, `team_id`, `assignee_id`, `category_id`)
);
