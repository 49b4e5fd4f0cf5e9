CREATE TABLE `quarantined_records` (
	`pen_serial` text NOT NULL,
	`sequence` integer NOT NULL,
	`fault` text NOT NULL,
	`detail` text NOT NULL,
	`bytes` blob NOT NULL,
	`session_id` text,
	`received_at` text NOT NULL,
	PRIMARY KEY(`pen_serial`, `sequence`),
	FOREIGN KEY (`session_id`) REFERENCES `dock_sessions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `quarantined_records_received` ON `quarantined_records` (`received_at`);--> statement-breakpoint
ALTER TABLE `dock_sessions` ADD `error_params` text;--> statement-breakpoint
ALTER TABLE `dock_sessions` ADD `clock_reset` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `dock_sessions` ADD `quarantined_count` integer DEFAULT 0 NOT NULL;