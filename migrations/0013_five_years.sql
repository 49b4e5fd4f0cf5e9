CREATE TABLE `erasures` (
	`recipient_id` text PRIMARY KEY NOT NULL,
	`personal_id_hash` text NOT NULL,
	`name` text,
	`personal_id` text,
	`confirmed_at` text NOT NULL,
	`erased_at` text
);
--> statement-breakpoint
CREATE INDEX `visit_plans_end` ON `visit_plans` (`planned_end`);