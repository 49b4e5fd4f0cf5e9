CREATE TABLE `dock_session_bytes` (
	`session_id` text NOT NULL,
	`chunk` integer NOT NULL,
	`bytes` blob NOT NULL,
	PRIMARY KEY(`session_id`, `chunk`),
	FOREIGN KEY (`session_id`) REFERENCES `dock_sessions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `dock_sessions` (
	`id` text PRIMARY KEY NOT NULL,
	`pen_serial` text,
	`dock` text NOT NULL,
	`started_at` text NOT NULL,
	`finished_at` text,
	`status` text NOT NULL,
	`new_count` integer DEFAULT 0 NOT NULL,
	`duplicate_count` integer DEFAULT 0 NOT NULL,
	`flagged_count` integer DEFAULT 0 NOT NULL,
	`error_code` text,
	`clock_offset_ms` integer,
	`clock_set` integer DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE INDEX `dock_sessions_pen` ON `dock_sessions` (`pen_serial`,`started_at`);--> statement-breakpoint
CREATE TABLE `outbox` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`item_id` text NOT NULL,
	`state` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`last_error` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `outbox_item` ON `outbox` (`kind`,`item_id`);--> statement-breakpoint
CREATE INDEX `outbox_state` ON `outbox` (`state`,`id`);--> statement-breakpoint
CREATE TABLE `pen_assignments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`pen_serial` text NOT NULL,
	`staff_id` text NOT NULL,
	`valid_from` text NOT NULL,
	`valid_to` text,
	`assigned_by` text,
	FOREIGN KEY (`pen_serial`) REFERENCES `pens`(`serial`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`staff_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `pen_assignments_pen` ON `pen_assignments` (`pen_serial`,`valid_from`);--> statement-breakpoint
CREATE TABLE `pens` (
	`serial` text PRIMARY KEY NOT NULL,
	`model` text NOT NULL,
	`firmware` text NOT NULL,
	`label` text DEFAULT '' NOT NULL,
	`first_seen_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`last_seen_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`battery_percent` integer,
	`last_acknowledged_seq` integer DEFAULT 0 NOT NULL,
	`highest_seq` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE `recipients` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`protected_identity` integer DEFAULT false NOT NULL,
	`source` text DEFAULT 'local' NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL
);
--> statement-breakpoint
CREATE TABLE `registrations` (
	`id` text PRIMARY KEY NOT NULL,
	`pen_serial` text NOT NULL,
	`sequence` integer NOT NULL,
	`tag_uid` text NOT NULL,
	`pen_time` text NOT NULL,
	`corrected_time` text NOT NULL,
	`kind` text NOT NULL,
	`task_code` integer,
	`flags` text DEFAULT '[]' NOT NULL,
	`staff_id` text,
	`recipient_id` text,
	`session_id` text,
	`received_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `registrations_pen_seq` ON `registrations` (`pen_serial`,`sequence`);--> statement-breakpoint
CREATE INDEX `registrations_time` ON `registrations` (`corrected_time`);--> statement-breakpoint
CREATE TABLE `serial_docks` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`path` text NOT NULL,
	`label` text DEFAULT '' NOT NULL,
	`baud_rate` integer DEFAULT 115200 NOT NULL,
	`kind` text DEFAULT 'pen-dock' NOT NULL,
	`enabled` integer DEFAULT true NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `serial_docks_path_unique` ON `serial_docks` (`path`);--> statement-breakpoint
CREATE TABLE `staff` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`source` text DEFAULT 'local' NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL
);
--> statement-breakpoint
CREATE TABLE `tags` (
	`uid` text PRIMARY KEY NOT NULL,
	`recipient_id` text,
	`label` text DEFAULT '' NOT NULL,
	`enrolled_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`enrolled_by` text,
	`source` text DEFAULT 'local' NOT NULL
);
