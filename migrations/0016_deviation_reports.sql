CREATE TABLE `deviation_reports` (
	`id` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`recipient_id` text,
	`payload` text NOT NULL,
	`filed_at` text NOT NULL,
	`filed_by` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `deviation_reports_filed` ON `deviation_reports` (`filed_at`);