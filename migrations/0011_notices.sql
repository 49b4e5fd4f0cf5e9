CREATE TABLE `notice_runs` (
	`rule` text NOT NULL,
	`day` text NOT NULL,
	`outcome` text NOT NULL,
	`at` integer NOT NULL,
	PRIMARY KEY(`rule`, `day`)
);
--> statement-breakpoint
CREATE TABLE `notices` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`key` text NOT NULL,
	`rule` text NOT NULL,
	`plan_id` text,
	`channel` text NOT NULL,
	`audience` text NOT NULL,
	`job_id` integer,
	`missed` integer DEFAULT false NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `notices_key` ON `notices` (`key`);--> statement-breakpoint
CREATE INDEX `notices_plan` ON `notices` (`plan_id`);--> statement-breakpoint
ALTER TABLE `recipients` ADD `notice_language` text;--> statement-breakpoint
ALTER TABLE `recipients` ADD `phone` text;--> statement-breakpoint
ALTER TABLE `recipients` ADD `email` text;--> statement-breakpoint
ALTER TABLE `recipients` ADD `consent_by` text;--> statement-breakpoint
ALTER TABLE `recipients` ADD `consent_at` text;--> statement-breakpoint
ALTER TABLE `staff` ADD `phone` text;--> statement-breakpoint
ALTER TABLE `staff` ADD `email` text;