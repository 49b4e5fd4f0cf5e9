CREATE TABLE `attestations` (
	`id` text PRIMARY KEY NOT NULL,
	`period_start` text NOT NULL,
	`period_end` text NOT NULL,
	`recipient_id` text,
	`attested_at` text NOT NULL,
	`attested_by` text NOT NULL,
	`registration_count` integer NOT NULL,
	`note` text,
	`reopened_at` text,
	`reopened_by` text,
	`reopen_reason` text
);
--> statement-breakpoint
CREATE INDEX `attestations_period` ON `attestations` (`period_start`,`period_end`);--> statement-breakpoint
CREATE TABLE `corrections` (
	`id` text PRIMARY KEY NOT NULL,
	`corrects_id` text,
	`reason` text NOT NULL,
	`changes` text NOT NULL,
	`created_at` text NOT NULL,
	`created_by` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `corrections_target` ON `corrections` (`corrects_id`);--> statement-breakpoint
CREATE TABLE `order_services` (
	`order_id` text NOT NULL,
	`code` text NOT NULL,
	`name` text NOT NULL,
	`granted_minutes_per_month` integer NOT NULL,
	PRIMARY KEY(`order_id`, `code`),
	FOREIGN KEY (`order_id`) REFERENCES `orders`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `orders` (
	`id` text PRIMARY KEY NOT NULL,
	`recipient_id` text NOT NULL,
	`valid_from` text NOT NULL,
	`valid_to` text,
	`source` text DEFAULT 'server' NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL
);
--> statement-breakpoint
CREATE INDEX `orders_recipient` ON `orders` (`recipient_id`);--> statement-breakpoint
CREATE TABLE `sync_state` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `visit_plan_edits` (
	`id` text PRIMARY KEY NOT NULL,
	`plan_id` text NOT NULL,
	`payload` text NOT NULL,
	`edited_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `visit_plan_edits_plan` ON `visit_plan_edits` (`plan_id`);--> statement-breakpoint
CREATE TABLE `visit_plans` (
	`id` text PRIMARY KEY NOT NULL,
	`recipient_id` text NOT NULL,
	`order_id` text,
	`staff_ids` text NOT NULL,
	`planned_start` text NOT NULL,
	`planned_end` text NOT NULL,
	`tasks` text DEFAULT '[]' NOT NULL,
	`status` text DEFAULT 'planned' NOT NULL,
	`edited_at` text NOT NULL,
	`edited_by` text NOT NULL,
	`source` text DEFAULT 'local' NOT NULL
);
--> statement-breakpoint
CREATE INDEX `visit_plans_start` ON `visit_plans` (`planned_start`);--> statement-breakpoint
CREATE INDEX `visit_plans_recipient` ON `visit_plans` (`recipient_id`);--> statement-breakpoint
ALTER TABLE `recipients` ADD `personal_id` text;--> statement-breakpoint
ALTER TABLE `recipients` ADD `address` text;