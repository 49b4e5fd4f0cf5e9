CREATE TABLE `calendar_items` (
	`plan_id` text NOT NULL,
	`mailbox` text NOT NULL,
	`item_id` text NOT NULL,
	`change_key` text,
	`digest` text NOT NULL,
	`written_at` integer NOT NULL,
	PRIMARY KEY(`plan_id`, `mailbox`)
);
--> statement-breakpoint
ALTER TABLE `staff` ADD `calendar_address` text;--> statement-breakpoint
CREATE INDEX `jobs_coalesce_latest` ON `jobs` (`coalesce_key`,`id`) WHERE coalesce_key is not null;