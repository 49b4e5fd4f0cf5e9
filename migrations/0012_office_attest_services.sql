CREATE TABLE `task_services` (
	`municipality_id` text NOT NULL,
	`task_code` integer NOT NULL,
	`service_code` text NOT NULL,
	PRIMARY KEY(`municipality_id`, `task_code`)
);
--> statement-breakpoint
ALTER TABLE `attestations` ADD `version` integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE `attestations` ADD `snapshot` text;--> statement-breakpoint
ALTER TABLE `attestations` ADD `open_problems` text;--> statement-breakpoint
ALTER TABLE `visit_plans` ADD `services` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE `visit_plans` ADD `series_id` text;